"""The clinic's country as data (content/locales.toml): its numbers, time zone, words, dates and
clock; and each language's plurals."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.access.registry import COMMAND_NAMES
from bot.platform.content import (
    ALWAYS_AVAILABLE,
    CONTENT_DIR,
    STAFF_ONLY_MESSAGES,
    Library,
    code_messages,
    content_messages,
    load_library,
)
from bot.platform.locales import load_locales
from bot.platform.settings import Settings, SettingsError, load_settings
from bot.platform.texts import Birth, Texts

CLINICS = ("en-US", "en-GB")
LOCALE_SETTINGS = ("CLINIC_LOCALE", "EMERGENCY_NUMBER", "CRISIS_LINE", "MATERNAL_LINE",
                   "DEFAULT_TIMEZONE")
US_MATERNAL_LINE = "1-833-852-6262"

SPANISH_SHIPPED = "es" in load_locales().languages
needs_spanish = pytest.mark.skipif(
    not SPANISH_SHIPPED,
    reason="es is not yet under [languages] in content/locales.toml (its catalogue is being "
           "written); these run as soon as it ships")

READERS = [
    pytest.param(("en-US", "en"), id="en-US"),
    pytest.param(("en-GB", "en"), id="en-GB"),
    pytest.param(("en-US", "es"), id="es-at-en-US", marks=needs_spanish),
]


@pytest.fixture(autouse=True)
def _no_locale_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LOCALE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


# --- the settings ---------------------------------------------------------------------------

def test_a_us_clinic_by_default() -> None:
    settings = load_settings(_env_file=None)
    assert settings.clinic_locale == "en-US"
    assert settings.emergency_number == "911"
    assert settings.crisis_line == "988"
    assert settings.maternal_line == US_MATERNAL_LINE
    assert settings.default_timezone == "America/New_York"


def test_a_uk_clinic() -> None:
    settings = load_settings(_env_file=None, clinic_locale="en-GB")
    assert settings.emergency_number == "999"
    assert settings.crisis_line == "116 123"
    assert settings.maternal_line == "111"
    assert settings.default_timezone == "Europe/London"


def test_the_clinic_locale_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_LOCALE", "en-GB")
    settings = load_settings(_env_file=None)
    assert (settings.clinic_locale, settings.emergency_number) == ("en-GB", "999")


@pytest.mark.parametrize(("name", "value"), [
    ("EMERGENCY_NUMBER", "112"), ("CRISIS_LINE", "0800 123 456"),
    ("MATERNAL_LINE", "0300 123 4567"), ("DEFAULT_TIMEZONE", "Europe/Dublin")])
def test_each_value_is_overridden_by_its_own_setting(monkeypatch: pytest.MonkeyPatch, name: str,
                                                     value: str) -> None:
    monkeypatch.setenv("CLINIC_LOCALE", "en-GB")
    monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None)
    uk = {"EMERGENCY_NUMBER": "999", "CRISIS_LINE": "116 123", "MATERNAL_LINE": "111",
          "DEFAULT_TIMEZONE": "Europe/London"}
    for setting, locale_value in uk.items():
        wanted = value if setting == name else locale_value
        assert getattr(settings, setting.lower()) == wanted, setting


def test_an_override_given_directly_wins_too() -> None:
    settings = load_settings(_env_file=None, clinic_locale="en-GB", emergency_number="112")
    assert (settings.emergency_number, settings.crisis_line) == ("112", "116 123")


def test_an_unknown_clinic_locale_is_refused_naming_the_setting() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, clinic_locale="fr-FR")
    message = str(caught.value)
    assert message.startswith("CLINIC_LOCALE")
    assert "fr-FR" in message and "en-GB" in message and "en-US" in message


@pytest.mark.parametrize(("name", "value"), [("EMERGENCY_NUMBER", "call us"),
                                             ("DEFAULT_TIMEZONE", "Mars/Olympus")])
def test_a_wrong_override_is_refused_naming_the_setting(monkeypatch: pytest.MonkeyPatch,
                                                        name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(name)


def test_every_clinic_locale_is_complete() -> None:
    locales = load_locales()
    assert set(CLINICS) <= set(locales.clinics)
    for code, clinic in locales.clinics.items():
        assert clinic.english[0] == "en-US", code  # US English is the source every overlay edits
        for folder in clinic.english:
            assert list((CONTENT_DIR / "locales" / folder).glob("*.ftl")), (code, folder)
        ZoneInfo(clinic.timezone)
        assert len({clinic.emergency_number, clinic.crisis_line, clinic.maternal_line}) == 3, code
    assert "en" in locales.languages


# --- the texts, per clinic and language -------------------------------------------------------

PHONE, EMAIL, BOOKING = "+1 555 0100", "hello@apex.example", "https://apex.example/book"


@cache
def _library(clinic: str) -> Library:
    return load_library(clinic_locale=clinic)


def _settings(clinic: str, **overrides: Any) -> Settings:
    # Empty locale values take the clinic locale's, whatever the environment says.
    values: dict[str, Any] = {
        "clinic_locale": clinic, "emergency_number": "", "crisis_line": "", "maternal_line": "",
        "default_timezone": "", "apex_phone": PHONE, "apex_email": EMAIL,
        "apex_booking_url": BOOKING}
    return load_settings(_env_file=None, **(values | overrides))


def _texts(clinic: str, language: str = "en", **overrides: Any) -> Texts:
    library = _library(clinic)
    return Texts(library.contents[language], _settings(clinic, **overrides),
                 library.catalogues[language], language)


@pytest.fixture(params=READERS)
def texts(request: pytest.FixtureRequest) -> Texts:
    clinic, language = request.param
    return _texts(clinic, language)


def _advice(t: Texts, *signs: str) -> str:
    level = min((t.content.sign(s).level for s in signs),
                key=["emergency", "urgent", "apex"].index)
    return t.escalation(level, list(signs), None)


EXERCISE_WORDS = {
    "en": (r"\b(exercises?|run|runs|running|phases?|squats?|hops?|hopping)\b", "exercise reminders"),
    "es": (r"\b(ejercicios?|correr|carreras?|fases?|sentadillas?|saltos?)\b",
           "recordatorios de ejercicio"),
}


def _exercise_advice(t: Texts, text: str) -> list[str]:
    """Words of exercise advice in the text. Saying her reminders are paused is not advice."""
    pattern, allowed = EXERCISE_WORDS[t.language]
    return re.findall(pattern, text.replace(allowed, ""), re.IGNORECASE)


def test_the_exercise_word_finder_finds_advice() -> None:
    t = _texts("en-US")
    assert _exercise_advice(t, "Stay in your current phase: no hopping") == ["phase", "hopping"]
    assert _exercise_advice(t, "I've paused your exercise reminders.") == []


def test_us_emergency_advice_says_call_911() -> None:
    text = _advice(_texts("en-US"), "chest_pain")
    assert "call 911" in text.lower()
    assert "999" not in text


def test_uk_emergency_advice_says_call_999() -> None:
    text = _advice(_texts("en-GB"), "chest_pain")
    assert "call 999" in text.lower()
    assert "911" not in text


@needs_spanish
def test_spanish_emergency_advice_names_the_clinics_number() -> None:
    assert "911" in _advice(_texts("en-US", "es"), "chest_pain")
    # A UK clinic offers no Spanish until it has a Spanish of its own (content/locales.toml).
    assert "es" not in load_library(clinic_locale="en-GB").catalogues


@pytest.mark.parametrize("language", ["en", pytest.param("es", marks=needs_spanish)])
def test_us_crisis_advice_names_every_line_and_no_exercise(language: str) -> None:
    t = _texts("en-US", language)
    text = _advice(t, "harm_thoughts")
    for number in ("911", "988", US_MATERNAL_LINE):
        assert number in text, number
    assert not _exercise_advice(t, text), text
    assert text == t.msg("escalation_crisis")  # her own words, not the plain emergency advice


def test_uk_crisis_advice_names_999_and_samaritans() -> None:
    t = _texts("en-GB")
    text = _advice(t, "harm_thoughts")
    assert "999" in text and "116 123" in text and "Samaritans" in text
    assert "911" not in text and "988" not in text
    assert not _exercise_advice(t, text), text


@pytest.mark.parametrize(("clinic", "line", "language"), [
    ("en-US", US_MATERNAL_LINE, "en"), ("en-GB", "111", "en"),
    pytest.param("en-US", US_MATERNAL_LINE, "es", marks=needs_spanish)])
def test_low_mood_advice_names_the_maternal_line_and_nothing_else(clinic: str, line: str,
                                                                  language: str) -> None:
    t = _texts(clinic, language)
    text = _advice(t, "low_mood")
    assert line in text
    assert PHONE in text and EMAIL in text  # the clinic, for someone to talk to
    assert not re.search(r"(^|\s)/[a-z]", text), f"a command list in: {text}"
    assert not _exercise_advice(t, text), text


@pytest.mark.parametrize(("clinic", "language"), [
    ("en-GB", "en")])
def test_a_uk_clinic_never_names_us_services(clinic: str, language: str) -> None:
    # The numbers are the clinic's; the words around them must not call 116 123 the US Lifeline.
    t = _texts(clinic, language)
    for signs in (["harm_thoughts"], ["low_mood"], ["chest_pain"], ["fever"]):
        text = _advice(t, *signs)
        for us_service in ("Lifeline", "988", "911", "National Maternal", "Nacional",
                           "urgent care", "OB-GYN"):
            assert us_service not in text, f"{signs}: {us_service!r} in {text!r}"


def _mother_messages(clinic: str, language: str = "en") -> dict[str, str]:
    """Every message a mother can read, rendered with placeholders shown as [name]."""
    library = _library(clinic)
    catalogue, content = library.catalogues[language], library.contents[language]
    used = {k: v for k, v in code_messages().items() if k not in STAFF_ONLY_MESSAGES}
    used |= content_messages(content)
    used |= {f"question-{q.id}.hint": set() for q in content.questions if q.hint}
    rendered = {}
    for key, fields in used.items():
        message_id, _, attribute = key.partition(".")
        values = {f: f"[{f}]" for f in fields | ALWAYS_AVAILABLE}
        rendered[key] = catalogue(message_id, attribute or None, args=values)
    return rendered


BRITISH = [r"\bprogrammes?\b", r"\bGP\b", r"caesarean", r"postnatal", r"\bA&(amp;)?E\b", r"\bwee\b",
           r"\btumm(y|ies)\b", r"\bmums?\b", r"\bphysio\b", r"\bbugg(y|ies)\b", r"\bnapp(y|ies)\b",
           r"\bprams?\b", r"\bNHS\b", r"\bSamaritans\b", r"\b999\b", r"\bpoo\b",
           r"health visitor", r"maternity unit"]
AMERICAN = [r"C-section", r"\bincision", r"OB-GYN", r"\bER\b", r"\bpee\b", r"\bpoop\b",
            r"\bstrollers?\b", r"physical therap", r"\bmoms?\b", r"\bprogram\b", r"\b911\b",
            r"\b988\b", r"postpartum checkup", r"urgent care", r"Lifeline"]


def _words_found(patterns: list[str], messages: dict[str, str]) -> list[str]:
    return [f"{key}: {match.group(0)!r}" for key, text in sorted(messages.items())
            for pattern in patterns for match in [re.search(pattern, text)] if match]


def test_us_words_in_us_english() -> None:
    found = _words_found(BRITISH, _mother_messages("en-US"))
    assert not found, "British words in en-US:\n" + "\n".join(found)


def test_british_words_in_uk_english() -> None:
    found = _words_found(AMERICAN, _mother_messages("en-GB"))
    assert not found, "American words in en-GB:\n" + "\n".join(found)


def test_the_word_lists_find_words() -> None:
    assert _words_found(BRITISH, {"x": "Your GP and your postnatal check"}) == [
        "x: 'GP'", "x: 'postnatal'"]
    assert _words_found(AMERICAN, {"x": "Go to the ER"}) == ["x: 'ER'"]
    assert not _words_found(AMERICAN, {"x": "Your ERcheck, an err"})


def test_the_check_question_uses_each_countrys_word() -> None:
    uk = _library("en-GB").clinic.question("check")
    us = _library("en-US").clinic.question("check")
    assert "postnatal check" in uk.prompt
    assert "postpartum checkup" in us.prompt
    assert "GP" in uk.hint and "OB-GYN" in us.hint
    assert _library("en-GB").clinic.sign("fever").label.startswith("Fever of 38 °C")
    assert _library("en-US").clinic.sign("fever").label.startswith("Fever of 100.4 °F")


# --- dates, times and the staff's clock -----------------------------------------------------

NARROW_NBSP = "\u202f"  # what CLDR (Babel) puts between the time and AM/PM


def test_dates_as_each_country_writes_them() -> None:
    assert _texts("en-US").day(date(2026, 11, 8)) == "Nov 8, 2026"
    assert _texts("en-GB").day(date(2026, 11, 8)) == "8 Nov 2026"


def test_times_as_each_country_reads_them() -> None:
    assert _texts("en-US").clock(time(19, 30)) == f"7:30{NARROW_NBSP}PM"
    assert _texts("en-US").clock(time(7, 5)) == f"7:05{NARROW_NBSP}AM"
    assert _texts("en-GB").clock(time(19, 30)) == "19:30"
    assert _texts("en-GB").clock(time(7, 5)) == "07:05"


@needs_spanish
def test_spanish_dates_and_times_at_a_us_clinic() -> None:
    t = _texts("en-US", "es")
    assert t.day(date(2026, 11, 8)) == "8 nov 2026"
    assert t.clock(time(19, 30)) == f"7:30{NARROW_NBSP}p.m."


def test_the_birth_date_in_her_locale() -> None:
    birth = Birth(date(2026, 8, 14))
    assert _texts("en-US").birth(birth) == "on Aug 14, 2026"
    assert _texts("en-GB").birth(birth) == "on 14 Aug 2026"


def test_staff_moments_are_in_the_clinics_zone() -> None:
    winter, summer = datetime(2026, 12, 1, 12, 30, tzinfo=UTC), datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    us, uk = _texts("en-US"), _texts("en-GB")
    assert us.moment(winter) == f"Dec 1, 7:30{NARROW_NBSP}AM"  # New York, UTC-5
    assert us.moment(summer) == f"Jul 1, 8:30{NARROW_NBSP}AM"  # UTC-4
    assert uk.moment(winter) == "1 Dec, 12:30"  # London, UTC
    assert uk.moment(summer) == "1 Jul, 13:30"  # British Summer Time
    west = _texts("en-US", default_timezone="America/Los_Angeles")
    assert west.moment(winter) == f"Dec 1, 4:30{NARROW_NBSP}AM"


@pytest.mark.parametrize("key", ["state_claimed", "state_contacted", "state_closed",
                                 "broadcasts_line"])
def test_staff_times_are_not_labelled_utc(key: str) -> None:
    # Texts.moment gives the clinic's local time: a "UTC" after it would be five hours wrong.
    t = _texts("en-US")
    fields = code_messages()["staff-" + key]
    values = {f: "x" for f in fields} | {"time": t.moment(datetime(2026, 12, 1, 12, 30, tzinfo=UTC)),
                                         "when": t.moment(datetime(2026, 12, 1, 12, 30, tzinfo=UTC))}
    assert "UTC" not in t.staff(key, **values)


# --- plurals ----------------------------------------------------------------------------------

# Placeholders the code fills in with a number.
NUMBERS = {"weeks", "min_weeks", "years", "count", "total", "done", "skipped", "rung", "rungs",
           "reach", "users", "new_week", "active_week", "sessions_week", "open", "handled_month",
           "broadcasts", "retention_months", "minutes", "hours", "seconds", "sent", "blocked",
           "failed", "unsure", "sets", "number", "repeats", "id", "phase"}
PLURAL_NOUNS = {
    "en": ("weeks|years|months|days|hours|minutes|sessions|runs|mothers|moms|mums|times|tests",
           "week|year|month|day|hour|minute|session|run|mother|mom|mum|time|test"),
    "es": ("semanas|años|meses|días|horas|minutos|sesiones|carreras|madres|mamás|veces|pruebas",
           "semana|año|mes|día|hora|minuto|sesión|carrera|madre|mamá|vez|prueba"),
}

DETERMINERS = "this|that|the|a|an|per|each|every|last|next|esta|este|la|el|los|las|por|cada|un|una"


def _miscounted(language: str, text: str, n: int) -> list[str]:
    """'1 weeks' (or '2 week'), allowing two words between: '1 comfortable, symptom-free runs'."""
    plural, singular = PLURAL_NOUNS[language]
    nouns = plural if n == 1 else singular
    plain = re.sub(r"</?[bi]>", "", text)
    word = rf"(?!(?:{DETERMINERS})\b)[^\W\d][\w-]*,? "  # not "2 new this week"
    found = re.finditer(rf"(?<![\d.,/#])\b{n} (?:{word}){{0,2}}?(?:{nouns})\b", plain, re.I)
    return [m.group(0) for m in found]


def test_the_plural_finder_finds_mistakes() -> None:
    assert _miscounted("en", "after 1 comfortable, symptom-free runs", 1)
    assert _miscounted("en", "It goes to <b>1</b> mothers", 1)
    assert _miscounted("en", "for 2 week", 2)
    assert _miscounted("es", "hace 1 semanas", 1)
    assert not _miscounted("en", "1 week after the birth, 6 weeks", 1)
    assert not _miscounted("en", "1 sent, 1 blocked the bot, step 1 of 12 weeks", 1)
    assert not _miscounted("en", "2 new this week, 2 sent this month", 2)
    assert _miscounted("es", "2 carreras cómodas, hace 2 semana", 2) == ["2 semana"]


def _numbered_messages() -> dict[str, set[str]]:
    return {key: fields & NUMBERS for key, fields in code_messages().items() if fields & NUMBERS}


@pytest.mark.parametrize("n", [1, 2])
def test_numbers_agree_with_their_nouns(texts: Texts, n: int) -> None:
    wrong = []
    for key, numbers in sorted(_numbered_messages().items()):
        if texts.language != "en" and key in STAFF_ONLY_MESSAGES:
            continue  # read in the clinic's English, checked there
        values = {f: f"[{f}]" for f in code_messages()[key]} | dict.fromkeys(numbers, n)
        message_id, _, attribute = key.partition(".")
        text = texts.catalogue(message_id, attribute or None, args=values)
        wrong += [f"{key}: {m!r}" for m in _miscounted(texts.language, text, n)]
    assert not wrong, f"{n} with the wrong noun:\n" + "\n".join(wrong)


def test_born_about_one_week() -> None:
    for clinic in CLINICS:
        t = _texts(clinic)
        one = t.birth(Birth(date(2026, 11, 1), approximate=True, weeks=1))
        assert one == "about 1 week ago", clinic
        assert t.birth(Birth(date(2026, 11, 1), approximate=True, weeks=9)) == "about 9 weeks ago"


@needs_spanish
def test_born_about_one_week_in_spanish() -> None:
    t = _texts("en-US", "es")
    one = t.birth(Birth(date(2026, 11, 1), approximate=True, weeks=1))
    nine = t.birth(Birth(date(2026, 11, 1), approximate=True, weeks=9))
    assert "1 semana" in one and "1 semanas" not in one
    assert "9 semanas" in nine


@pytest.mark.parametrize(("key", "values", "one"), [
    ("reason-early_days", {"weeks": 1, "min_weeks": 2}, "1 week after"),
    ("reason-too_early_for_running", {"weeks": 1, "min_weeks": 12}, "At 1 week after"),
    ("impact_tests_later", {"weeks": 1}, "at least 1 week after"),
    ("date_too_old", {"years": 1}, "more than 1 year ago"),
    ("nudge-run_continuous", {"total": 1}, "for 1 minute,"),
    ("nudge-rung_up", {"count": 1, "session": "x"}, "1 symptom-free run in a row"),
    ("staff-broadcast_preview", {"count": 1, "audience": "x"}, "1 mother:"),
    ("privacy-privacy", {"retention_months": 1, "policy_url": "x"}, "for 1 month,"),
])
def test_one_reads_singular(key: str, values: dict[str, Any], one: str) -> None:
    for clinic in CLINICS:
        message_id, _, attribute = key.partition(".")
        text = _texts(clinic).catalogue(message_id, attribute or None,
                                        args={f: "x" for f in ALWAYS_AVAILABLE} | values)
        assert one in re.sub(r"</?[bi]>", "", text), f"{clinic} {key}: {text}"


# --- Spanish, once it ships -------------------------------------------------------------------

@needs_spanish
def test_spanish_has_every_message_a_mother_reads() -> None:
    for clinic in ("en-US",):  # the clinics that offer Spanish (content/locales.toml)
        library = _library(clinic)  # loading it checks this too
        spanish = library.catalogues["es"]
        assert set(code_messages()) - STAFF_ONLY_MESSAGES <= spanish.ids()
        assert set(content_messages(library.clinic)) <= spanish.ids()
        assert {f"command-{name}" for name in COMMAND_NAMES} - STAFF_ONLY_MESSAGES <= spanish.ids()


@needs_spanish
def test_spanish_reads_as_spanish() -> None:
    t = _texts("en-US", "es")
    assert t.msg("language_saved") != _texts("en-US").msg("language_saved")
    assert t.content.question("birth_date").prompt != _library("en-US").clinic.question(
        "birth_date").prompt
    assert load_locales().languages["es"] == "Español"
    # Staff texts stay in the clinic's English, whoever the update is from.
    assert t.staff("desk_empty") == _texts("en-US").staff("desk_empty")
