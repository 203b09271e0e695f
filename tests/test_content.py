"""The shipped content (content/*.toml for the structure, content/locales/*/*.ftl for the words)
and the loader's errors when a file is wrong."""

from __future__ import annotations

import json
import logging
import re
import shutil
import tomllib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bot.access.registry import COMMAND_NAMES, COMMANDS
from bot.platform.catalogue import Catalogue
from bot.platform.content import (
    ALWAYS_AVAILABLE,
    CONTENT_DIR,
    FILES,
    REQUIRED_OPTIONS,
    STAFF_ONLY_MESSAGES,
    TEST_ANSWERS,
    Content,
    ContentError,
    Library,
    Rung,
    code_messages,
    content_messages,
    load_content,
    load_library,
)
from bot.platform.locales import load_locales

ASKING_ORDER = ["birth_date", "red_flags", "delivery", "tear", "scar", "check", "pelvic",
                "feeding", "sleep", "mood"]

# The facts' load-and-impact tests (all 7 needed for phase 4) and strength tests.
LOAD_TESTS = {"walk", "balance", "squat"}
IMPACT_TESTS = {"jog", "bounds", "hop", "running_man"}
STRENGTH_TESTS = {"calf_raise", "bridge", "sit_to_stand", "leg_lift"}

# Every row of the facts' warning-sign table. The clinic may add signs, never drop these.
FACTS_SIGNS = {
    "emergency": {"chest_pain", "breathing", "seizure", "harm_thoughts", "collapse",
                  "heavy_bleeding", "bleed_faint", "belly_pain", "confusion"},
    "urgent": {"fever", "discharge", "wound", "leg", "headache", "rib_pain", "swelling",
               "dizzy", "no_urine", "lost_control"},
    "apex": {"leaking", "urgency", "heaviness", "sex_pain", "bowel", "tummy", "pelvic_pain",
             "late_bleeding"},
}

CLINICS = ("en-US", "en-GB")
SPANISH_SHIPPED = "es" in load_locales().languages
needs_spanish = pytest.mark.skipif(
    not SPANISH_SHIPPED,
    reason="es is not yet under [languages] in content/locales.toml (its catalogue is being "
           "written); these run as soon as it ships")

# (clinic locale, reader's language): every language a mother can read, at each kind of clinic.
READERS = [
    pytest.param(("en-US", "en"), id="en-US"),
    pytest.param(("en-GB", "en"), id="en-GB"),
    pytest.param(("en-US", "es"), id="es-at-en-US", marks=needs_spanish),
]

# Messages Telegram shows as plain text (buttons, and pop-ups from answering a button), and
# those the code escapes because it puts them into another message as a value.
BUTTONS = ["consent_button", "skip_tests_button", "signs_none", "signs_done_button",
           "callback_button", "keep_button", "nudge-button_done", "nudge-button_skip",
           "nudge-button_wrong", "nudge-checkin_fine", "nudge-checkin_hard",
           "nudge-checkin_symptom", "staff-audience_all", "staff-audience_phase",
           "staff-audience_idle", "staff-audience_source",
           *sorted(key for key in code_messages()
                   if key.endswith("_button") and key != "stale_button")]  # that one: a pop-up
POP_UPS = ["stale_button", "too_quick", "callback_requested", "nudge-already_logged",
           "settings-saved", "settings-days_consecutive", "staff-already_claimed",
           "staff-broadcast_stopping"]
VALUES = ["consented", "born_about", "born_on", "born_unknown", "settings-on", "settings-off",
          "settings-paused_word", "settings-running_word", "settings-no_days",
          "staff-broadcast_stopped",
          *sorted(key for key in code_messages()
                  if re.match(r"staff-(level|source|state_word|age)_", key))]
PLAIN_MESSAGES = sorted({*BUTTONS, *POP_UPS, *VALUES, *(f"command-{c}" for c in COMMAND_NAMES)})


@pytest.fixture(scope="module")
def libraries() -> dict[str, Library]:
    return {clinic: load_library(clinic_locale=clinic) for clinic in CLINICS}


@pytest.fixture(scope="module")
def content(libraries: dict[str, Library]) -> Content:
    return libraries["en-US"].clinic


@dataclass(frozen=True)
class Reader:
    """One language as a mother reads it, at one clinic."""

    clinic: str
    language: str
    catalogue: Catalogue
    content: Content


@pytest.fixture(params=READERS)
def reader(request: pytest.FixtureRequest, libraries: dict[str, Library]) -> Reader:
    clinic, language = request.param
    library = libraries[clinic]
    return Reader(clinic, language, library.catalogues[language], library.contents[language])


# --- the shipped content -------------------------------------------------------------------

def test_shipped_content_loads(libraries: dict[str, Library], content: Content) -> None:
    assert content.version == "2026-11-26.1"
    assert {p.name for p in CONTENT_DIR.glob("*.toml")} >= {*FILES, "locales.toml"}
    assert load_content() == content
    for clinic, library in libraries.items():
        assert library.clinic_locale == clinic
        assert library.catalogues["en"].locale == clinic
        offered = {"en", *load_locales().clinics[clinic].languages}
        assert set(library.names) == offered == set(library.catalogues)


def test_the_words_no_longer_live_in_toml() -> None:
    for name in ("messages.toml", "privacy.toml", "staff.toml"):
        assert not (CONTENT_DIR / name).exists(), name
    word_keys = {"label", "prompt", "hint", "name", "how", "title", "goal", "moves_on", "reps",
                 "cue"}
    for name in FILES:
        data = tomllib.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))
        found = sorted(_keys(data) & word_keys)
        assert not found, f"content/{name} still has {found}: they belong in content/locales/"


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_time_gates_never_below_the_facts(content: Content) -> None:
    rules = content.rules
    assert rules.running_from_weeks >= 12
    assert rules.caesarean_running_from_weeks >= 12
    assert rules.impact_tests_from_weeks >= 12
    assert rules.caesarean_strength_from_weeks >= 6
    assert rules.strength_from_weeks >= 2


def test_every_phase_has_exercises(reader: Reader) -> None:
    content = reader.content
    assert [p.number for p in content.phases] == [1, 2, 3, 4]
    for phase in content.phases:
        assert phase.exercises, f"phase {phase.number} has no exercises"
        for text in (phase.title, phase.goal, phase.moves_on):
            assert text.strip(), phase.number
        for exercise in phase.exercises:
            assert exercise.name.strip(), phase.number
            assert exercise.reps.strip(), exercise.id
            assert exercise.cue.strip(), exercise.id


def test_questions_come_in_asking_order(content: Content) -> None:
    assert [q.id for q in content.questions] == ASKING_ORDER
    assert content.question("birth_date").kind == "date"


def test_every_choice_question_has_its_options(content: Content) -> None:
    for qid, wanted in REQUIRED_OPTIONS.items():
        question = content.question(qid)
        assert question.kind == "choice", qid
        assert {o.id for o in question.options} >= wanted, qid
    for question in content.questions:
        if question.kind == "choice":
            assert len(question.options) >= 2, question.id
        else:
            assert not question.options, f"{question.id} is not a choice but has options"
    assert {o.id for o in content.test_answers} == TEST_ANSWERS


def test_every_sign_has_a_level_and_every_level_has_signs(content: Content) -> None:
    for level in ("emergency", "urgent", "apex"):
        assert content.signs_at(level), f"no sign has level {level}"
    for sign in content.signs:
        assert sign.level in FACTS_SIGNS, sign.id


def test_the_facts_warning_signs_are_all_there(content: Content) -> None:
    for level, ids in FACTS_SIGNS.items():
        assert {s.id for s in content.signs_at(level)} >= ids, level


def test_thoughts_of_harm_and_low_mood_get_their_own_advice(content: Content) -> None:
    harm = content.sign("harm_thoughts")
    assert (harm.level, harm.advice) == ("emergency", "crisis")
    assert content.sign("low_mood").advice == "low_mood"
    crisis = [s.id for s in content.signs if s.advice == "crisis"]
    assert all(content.sign(s).level == "emergency" for s in crisis), crisis


def test_every_sign_is_asked_on_some_screen(content: Content) -> None:
    assert content.question("red_flags").levels == ("emergency", "urgent")
    assert content.question("pelvic").levels == ("apex",)
    asked = {level for q in content.questions if q.kind == "signs" for level in q.levels}
    assert asked == {s.level for s in content.signs}


def test_the_facts_readiness_tests_are_all_there(content: Content) -> None:
    assert {t.id for t in content.tests_of("load")} == LOAD_TESTS
    assert {t.id for t in content.tests_of("impact")} == IMPACT_TESTS
    assert {t.id for t in content.tests_of("strength")} == STRENGTH_TESTS
    assert set(content.rules.phase3_tests) == LOAD_TESTS


def test_load_tests_are_asked_before_impact_tests(content: Content) -> None:
    kinds = [t.kind for t in content.tests]
    assert kinds == sorted(kinds, key=["load", "impact", "strength"].index)


WORDS = {"label", "prompt", "hint", "name", "how", "title", "goal", "moves_on", "reps", "cue"}


def _structure(value: Any) -> Any:
    """The content without its words: ids, kinds, levels and numbers."""
    if isinstance(value, dict):
        return {k: _structure(v) for k, v in value.items() if k not in WORDS}
    if isinstance(value, list | tuple):
        return [_structure(v) for v in value]
    return value


def test_every_language_has_the_same_programme(reader: Reader, content: Content) -> None:
    # Only the words change with the language or the clinic, never the ids, levels or numbers.
    assert _structure(reader.content.model_dump()) == _structure(content.model_dump())


# --- the run/walk ladder ---------------------------------------------------------------------

def _as_split(rung: Rung, repeats: int) -> tuple[int, int, int]:
    """A rung without walks is one continuous run, however many pieces it is written in."""
    total = rung.run_s * rung.repeats
    if rung.walk_s == 0 and rung.repeats != repeats and total % repeats == 0:
        return total // repeats, 0, repeats
    return rung.run_s, rung.walk_s, rung.repeats


def test_ladder_starts_at_one_minute_run_one_minute_walk(content: Content) -> None:
    first = content.ladder[0]
    assert (first.run_s, first.walk_s) == (60, 60)


def test_ladder_ends_in_continuous_running(content: Content) -> None:
    assert content.ladder[-1].walk_s == 0


def test_ladder_changes_one_thing_per_rung_and_never_gets_easier(content: Content) -> None:
    for i, (before, after) in enumerate(pairwise(content.ladder), start=1):
        run, walk, repeats = before.run_s, before.walk_s, before.repeats
        new_run, new_walk, new_repeats = _as_split(after, repeats)
        changed = [run != new_run, walk != new_walk, repeats != new_repeats]
        assert sum(changed) == 1, f"rung {i} -> {i + 1} changes {sum(changed)} things"
        easier = f"rung {i + 1} is easier than rung {i}"
        assert new_run >= run, easier
        assert new_walk <= walk, easier
        assert new_repeats >= repeats, easier


def test_phase_4_intervals_match_the_first_rung(content: Content) -> None:
    intervals = next(e for e in content.phase(4).exercises if e.id == "run-walk-intervals")
    assert "run/walk" in intervals.name.lower()
    assert intervals.sets == content.ladder[0].repeats


def test_ladder_split_rule_is_strict() -> None:
    assert _as_split(Rung(run_s=1800, walk_s=0, repeats=1), 10) == (180, 0, 10)
    assert _as_split(Rung(run_s=1800, walk_s=15, repeats=1), 10) == (1800, 15, 1)
    assert _as_split(Rung(run_s=1700, walk_s=0, repeats=1), 3) == (1700, 0, 1)


# --- the wording, in every language and clinic locale ----------------------------------------

def _used(reader: Reader) -> dict[str, set[str]]:
    """Every catalogue entry the code shows, with the placeholders the code fills in."""
    used = code_messages() | content_messages(reader.content)
    used |= {f"question-{q.id}.hint": set() for q in reader.content.questions if q.hint}
    return used


def _variables(catalogue: Catalogue, key: str) -> set[str]:
    while key not in catalogue.variables and catalogue.fallback is not None:
        catalogue = catalogue.fallback
    return catalogue.variables[key]


def _render(catalogue: Catalogue, key: str, values: dict[str, Any]) -> str:
    message_id, _, attribute = key.partition(".")
    return catalogue(message_id, attribute or None, args=values)


def _markers(fields: set[str]) -> dict[str, str]:
    return {field: f"[{field}]" for field in fields | ALWAYS_AVAILABLE}


def test_every_message_formats_with_its_fields(reader: Reader,
                                               caplog: pytest.LogCaptureFixture) -> None:
    for key, fields in _used(reader).items():
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.platform.catalogue"):
            filled = _render(reader.catalogue, key, _markers(fields))
        assert not caplog.records, f"{key}: {caplog.records[0].getMessage()}"
        assert filled.strip(), f"{key} is empty"
        for field in _variables(reader.catalogue, key):
            assert field in fields | ALWAYS_AVAILABLE, f"{key} uses ${field}"
            assert f"[{field}]" in filled, f"{key} drops ${field}"


def test_staff_only_messages_are_all_staff_messages() -> None:
    # A translation may leave these to the clinic's language: none may be one a mother reads.
    assert set(code_messages()) >= STAFF_ONLY_MESSAGES
    staff_commands = {f"command-{c.name}" for c in COMMANDS if c.audience == "staff"}
    for key in STAFF_ONLY_MESSAGES:
        assert key.startswith("staff-") or key in {*staff_commands, "help_staff", "staff_callback"}


def _html_problem(text: str) -> str | None:
    """Why Telegram's HTML parser would refuse the text (or show it wrongly), or None."""
    open_tags: list[str] = []
    for closing, tag in re.findall(r"<(/?)([^<>]*)>", text):
        if tag not in ("b", "i"):
            return f"tag <{closing}{tag}> is not <b> or <i>"
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            return f"</{tag}> does not close the tag before it"
    if open_tags:
        return f"<{open_tags[-1]}> is never closed"
    rest = re.sub(r"</?[bi]>", "", text)
    if "<" in rest or ">" in rest:
        return "a bare < or >"
    if "&" in re.sub(r"&(amp|lt|gt|quot);", "", rest):
        return "a bare & (write &amp;)"
    return None


def test_messages_are_valid_telegram_html(reader: Reader) -> None:
    for key, fields in code_messages().items():
        if key in PLAIN_MESSAGES:
            continue
        filled = _render(reader.catalogue, key, _markers(fields))
        assert _html_problem(filled) is None, f"{key}: {_html_problem(filled)}"


def test_html_checker_catches_mistakes() -> None:
    assert _html_problem("<b>fine</b> &amp; <i>fine</i>") is None
    assert _html_problem("Wellness & Rehab") is not None
    assert _html_problem("<b>open") is not None
    assert _html_problem("<u>x</u>") is not None
    assert _html_problem("<b><i>crossed</b></i>") is not None
    assert _html_problem("less < more") is not None


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"</?\w+>|&#?\w+;", text))


def test_html_sniffer_catches_markup() -> None:
    assert _looks_like_html("<b>Done</b>")
    assert _looks_like_html("Wellness &amp; Rehab")
    assert not _looks_like_html("Wellness & Rehab, 1 < 2")


def _plain_texts(reader: Reader) -> list[tuple[str, str]]:
    """Texts the code escapes or shows as buttons: they must not contain HTML."""
    content = reader.content
    texts = [(key, _render(reader.catalogue, key, _markers(code_messages()[key])))
             for key in PLAIN_MESSAGES]
    for q in content.questions:
        texts += [(f"question-{q.id}", q.prompt), (f"question-{q.id}.hint", q.hint)]
        texts += [(f"option-{q.id}-{o.id}", o.label) for o in q.options]
    texts += [(f"test-answer-{o.id}", o.label) for o in content.test_answers]
    texts += [(f"sign-{s.id}", s.label) for s in content.signs]
    texts += [(f"test-{t.id}", t.name) for t in content.tests]
    texts += [(f"test-{t.id}.how", t.how) for t in content.tests]
    for p in content.phases:
        texts += [(f"phase-{p.number}", p.title), (f"phase-{p.number}.goal", p.goal),
                  (f"phase-{p.number}.moves_on", p.moves_on)]
        texts += [(f"exercise-{e.id}", f"{e.name} {e.reps} {e.cue}") for e in p.exercises]
    return texts


def test_plain_texts_carry_no_html(reader: Reader) -> None:
    for where, text in _plain_texts(reader):
        assert not _looks_like_html(text), f"{where} looks like HTML: {text!r}"


def test_plain_messages_are_messages_the_code_uses() -> None:
    assert set(PLAIN_MESSAGES) <= set(code_messages())


def test_buttons_are_short(reader: Reader) -> None:
    content = reader.content
    labels = [(f"option-{q.id}-{o.id}", o.label) for q in content.questions for o in q.options]
    labels += [(f"test-answer-{o.id}", o.label) for o in content.test_answers]
    labels += [(f"sign-{s.id}", s.label) for s in content.signs]
    labels += [(key, _render(reader.catalogue, key, _markers(code_messages()[key])))
               for key in BUTTONS]
    for where, label in labels:
        assert len(label) <= 60, f"{where}: {label!r}"
    for key in POP_UPS:  # Telegram's limit for a button's pop-up
        text = _render(reader.catalogue, key, _markers(code_messages()[key]))
        assert len(text) <= 200, key


def test_test_names_have_no_commas(reader: Reader) -> None:
    # The bot lists the tests she named joined by commas.
    for test in reader.content.tests:
        assert "," not in test.name, test.id


# --- the loader's errors, on a copy of content/ ----------------------------------------------

@pytest.fixture
def copy(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    directory.mkdir()
    for name in (*FILES, "locales.toml"):
        shutil.copy(CONTENT_DIR / name, directory / name)
    shutil.copytree(CONTENT_DIR / "locales", directory / "locales")
    return directory


def _read(directory: Path, name: str) -> dict[str, Any]:
    return tomllib.loads((directory / name).read_text(encoding="utf-8"))


def _write(directory: Path, name: str, data: dict[str, Any]) -> None:
    (directory / name).write_text("\n".join(_dump(data)) + "\n", encoding="utf-8")


def _dump(table: dict[str, Any], prefix: str = "") -> list[str]:
    """Just enough TOML writing for the shapes in content/ (JSON strings are TOML strings)."""
    def is_table_list(value: Any) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in table.items()
             if not isinstance(value, dict) and not is_table_list(value)]
    for key, value in table.items():
        if isinstance(value, dict):
            lines += ["", f"[{prefix}{key}]", *_dump(value, f"{prefix}{key}.")]
        elif is_table_list(value):
            for item in value:
                lines += ["", f"[[{prefix}{key}]]", *_dump(item, f"{prefix}{key}.")]
    return lines


def _error(directory: Path, clinic_locale: str = "en-US") -> str:
    with pytest.raises(ContentError) as caught:
        load_library(directory, clinic_locale)
    return str(caught.value)


def _entry(message_id: str) -> re.Pattern[str]:
    """A whole .ftl entry: its first line and every indented line after it."""
    return re.compile(rf"^{re.escape(message_id)} =.*?(?=^\S|\Z)", re.M | re.S)


def _replace_entry(path: Path, message_id: str, new: str) -> None:
    text, count = _entry(message_id).subn(new.rstrip("\n") + "\n\n", path.read_text(encoding="utf-8"))
    assert count == 1, f"{message_id} is not once in {path}"
    path.write_text(text, encoding="utf-8")


def _add_spanish(copy: Path) -> Path:
    """A complete Spanish catalogue in the copy (the English words, to be changed by a test)."""
    folder = copy / "locales" / "es"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(copy / "locales" / "en-US", folder)
    locales = copy / "locales.toml"
    if "es" not in _read(copy, "locales.toml")["languages"]:
        text = locales.read_text(encoding="utf-8")
        locales.write_text(text.replace("[languages]\n", '[languages]\nes = "Español"\n'),
                           encoding="utf-8")
    return folder


def _english_only(copy: Path) -> None:
    data = _read(copy, "locales.toml")
    data["languages"] = {"en": data["languages"]["en"]}
    for clinic in data["clinics"].values():
        clinic["languages"] = []
    _write(copy, "locales.toml", data)


def _same(one: Library, other: Library) -> None:
    assert one.clinic_locale == other.clinic_locale
    assert dict(one.names) == dict(other.names)
    assert dict(one.contents) == dict(other.contents)
    for code, catalogue in one.catalogues.items():
        assert catalogue.variables == other.catalogues[code].variables, code
        assert catalogue.origin == other.catalogues[code].origin, code


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_copy_loads_like_the_original(copy: Path, libraries: dict[str, Library],
                                          clinic: str) -> None:
    for name in (*FILES, "locales.toml"):
        _write(copy, name, _read(copy, name))
    _same(load_library(copy, clinic), libraries[clinic])


def test_a_complete_translation_loads(copy: Path) -> None:
    _add_spanish(copy)
    library = load_library(copy)
    assert library.catalogues["es"].fallback is library.catalogues["en"]
    assert library.contents["es"] == library.clinic


@pytest.mark.parametrize("name", [*FILES, "locales.toml"])
def test_a_broken_toml_file_is_named(copy: Path, name: str) -> None:
    path = copy / name
    path.write_text(path.read_text(encoding="utf-8") + '\nnote = "no closing quote\n',
                    encoding="utf-8")
    message = _error(copy)
    assert message.startswith(f"content/{name}: ")
    assert "line" in message


@pytest.mark.parametrize("name", [*FILES, "locales.toml"])
def test_a_missing_file_is_named(copy: Path, name: str) -> None:
    (copy / name).unlink()
    assert _error(copy) == f"content/{name}: file is missing"


def test_a_missing_catalogue_folder_is_named(copy: Path) -> None:
    shutil.rmtree(copy / "locales" / "en-GB")
    assert load_library(copy, "en-US").clinic_locale == "en-US"  # en-US needs only its own
    assert _error(copy, "en-GB").startswith("content/locales/en-GB")


def test_an_unknown_clinic_locale_is_named(copy: Path) -> None:
    message = _error(copy, "fr-FR")
    assert message.startswith("content/locales.toml: ")
    assert "fr-FR" in message


@pytest.mark.parametrize("how", ["empty list", "no key"])
def test_a_phase_with_no_exercises_is_named(copy: Path, how: str) -> None:
    data = _read(copy, "phases.toml")
    if how == "empty list":
        data["phases"][2]["exercises"] = []
    else:
        del data["phases"][2]["exercises"]
    _write(copy, "phases.toml", data)
    message = _error(copy)
    assert message.startswith("content/phases.toml: phases.2.exercises: ")


def test_a_sign_with_an_unknown_level_is_named(copy: Path) -> None:
    data = _read(copy, "signs.toml")
    data["signs"][3]["level"] = "severe"
    _write(copy, "signs.toml", data)
    message = _error(copy)
    assert message.startswith("content/signs.toml: signs.3.level: ")
    assert "emergency" in message  # it says which levels are allowed


@pytest.mark.parametrize("name", ["main.ftl", "programme.ftl"])
def test_an_ftl_syntax_error_is_named_with_its_file_and_line(copy: Path, name: str) -> None:
    path = copy / "locales" / "en-US" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = len(lines) // 2
    while lines[at].startswith((" ", "\n", "#")):  # put it before an entry, not inside one
        at += 1
    path.write_text("".join([*lines[:at], "oops = { $weeks\n\n", *lines[at:]]), encoding="utf-8")
    message = _error(copy)
    assert message.startswith(f"content/locales/en-US/{name}:{at + 1}: "), message


@pytest.mark.parametrize(("folder", "name", "message_id", "new", "key"), [
    ("en-US", "main.ftl", "consented", "consented = Thank you, { $nobody }.", "consented"),
    ("en-US", "main.ftl", "nudge-paused", "nudge-paused = Paused, { $nobody }.", "nudge-paused"),
    ("en-US", "staff.ftl", "staff-desk_empty", "staff-desk_empty = { $nobody }",
     "staff-desk_empty"),
    ("en-US", "programme.ftl", "test-walk",
     "test-walk = 30-minute walk\n    .how = Walk for { $nobody } minutes.", "test-walk.how"),
    ("en-GB", "main.ftl", "escalation_urgent",
     "escalation_urgent = Call { $nobody } about { $signs }.", "escalation_urgent"),
])
def test_an_unknown_placeholder_is_named_with_its_file_and_message(
        copy: Path, folder: str, name: str, message_id: str, new: str, key: str) -> None:
    _replace_entry(copy / "locales" / folder / name, message_id, new)
    message = _error(copy, folder)
    assert message == f"content/locales/{folder}/{name}: {key} uses unknown placeholders $nobody"


def test_the_clinic_numbers_are_allowed_in_every_message(copy: Path) -> None:
    _english_only(copy)  # a translation would have to change its placeholders with it
    _replace_entry(copy / "locales" / "en-US" / "main.ftl", "consented",
                   "consented = Thanks. { $emergency_number } { $crisis_line } { $maternal_line }")
    assert load_library(copy).catalogues["en"]("consented", args={
        "emergency_number": "911", "crisis_line": "988", "maternal_line": "1"}) == "Thanks. 911 988 1"


@pytest.mark.parametrize(("name", "message_id", "replacement", "missing"), [
    ("main.ftl", "consented", "", "consented"),
    ("main.ftl", "reason-early_days", "", "reason-early_days"),
    ("staff.ftl", "staff-desk_empty", "", "staff-desk_empty"),
    ("programme.ftl", "sign-fever", "", "sign-fever"),
    ("programme.ftl", "test-walk", "test-walk = 30-minute walk", "test-walk.how"),
    ("programme.ftl", "exercise-squats", "exercise-squats = Squats\n    .reps = 10",
     "exercise-squats.cue"),
])
def test_a_message_missing_from_en_us_is_named(copy: Path, name: str, message_id: str,
                                               replacement: str, missing: str) -> None:
    _replace_entry(copy / "locales" / "en-US" / name, message_id, replacement)
    message = _error(copy)
    assert message.startswith("content/locales/en-US: missing ")
    assert missing in message.removeprefix("content/locales/en-US: missing ").split(", ")


def test_a_spanish_message_whose_placeholders_differ_is_named(copy: Path) -> None:
    spanish = _add_spanish(copy)
    _replace_entry(spanish / "main.ftl", "born_about",
                   "born_about = hace unas { $semanas } semanas")
    assert _error(copy) == ("content/locales/es/main.ftl: born_about uses $semanas, "
                            "the original $weeks")


def test_a_spanish_message_that_drops_a_placeholder_is_named(copy: Path) -> None:
    spanish = _add_spanish(copy)
    _replace_entry(spanish / "main.ftl", "escalation_urgent",
                   "escalation_urgent = Llame hoy a su médico por: { $signs }.")
    assert _error(copy) == ("content/locales/es/main.ftl: escalation_urgent uses $signs, "
                            "the original $emergency_number, $signs")


def test_an_unknown_message_id_in_a_translation_is_named(copy: Path) -> None:
    spanish = _add_spanish(copy)
    path = spanish / "main.ftl"
    path.write_text(path.read_text(encoding="utf-8") + "\nescalation_crisys = Hola\n",
                    encoding="utf-8")
    assert _error(copy) == "content/locales/es: unknown messages escalation_crisys"


def test_an_unknown_message_id_in_the_uk_overrides_is_named(copy: Path) -> None:
    # A misspelt override would leave the US words (and numbers) in front of a UK mother.
    path = copy / "locales" / "en-GB" / "main.ftl"
    path.write_text(path.read_text(encoding="utf-8") + "\nescalation_crisys = Call Samaritans\n",
                    encoding="utf-8")
    message = _error(copy, "en-GB")
    assert message.startswith("content/locales/en-GB")
    assert "escalation_crisys" in message


@pytest.mark.parametrize(("name", "message_id"), [
    ("main.ftl", "welcome"), ("main.ftl", "escalation_crisis"), ("main.ftl", "reason-early_days"),
    ("privacy.ftl", "privacy-privacy"), ("programme.ftl", "sign-harm_thoughts"),
    ("main.ftl", "command-today"),
])
def test_a_message_a_mother_reads_missing_from_a_translation_is_named(
        copy: Path, name: str, message_id: str) -> None:
    spanish = _add_spanish(copy)
    _replace_entry(spanish / name, message_id, "")
    assert _error(copy) == f"content/locales/es: missing {message_id}"


def test_a_translation_may_leave_staff_messages_to_the_clinic(copy: Path) -> None:
    spanish = _add_spanish(copy)
    (spanish / "staff.ftl").unlink()
    for message_id in sorted(STAFF_ONLY_MESSAGES):
        if not message_id.startswith("staff-"):
            _replace_entry(spanish / "main.ftl", message_id, "")
    library = load_library(copy)
    spanish_words = library.catalogues["es"]
    assert not spanish_words.has("staff-desk_empty")
    assert spanish_words("staff-desk_empty") == library.catalogues["en"]("staff-desk_empty")
