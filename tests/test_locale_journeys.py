"""A US clinic (the default) and a Spanish-speaking mother, end to end through the Bot API double:
the crisis lines, low mood, plain-words breathlessness, a whole screening in Spanish, /language."""

from __future__ import annotations

import pytest

from bot.platform.content import load_library
from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness
from tests.test_screening import Mum
from tests.words import Words

US_LIBRARY = load_library(clinic_locale="en-US")
SPANISH = Words(US_LIBRARY.contents["es"], US_LIBRARY.catalogues["es"])
ENGLISH = Words(US_LIBRARY.clinic, US_LIBRARY.catalogues["en"])
US_MATERNAL_LINE = "1-833-852-6262"


@pytest.fixture
def settings_overrides() -> dict:
    return {"clinic_locale": "en-US", "apex_phone": "+1 512 555 0100"}


class USMum(Mum):
    """A mother at a US clinic: she reads and presses the US words."""

    def __init__(self, h: Harness, user_id: int = 1001, **answers: object) -> None:
        super().__init__(h, user_id, **answers)  # type: ignore[arg-type]
        self.c = ENGLISH


class SpanishMum(Mum):
    """A mother whose Telegram app is in Spanish: she reads and presses the Spanish words."""

    def __init__(self, h: Harness, user_id: int = 2001, **answers: object) -> None:
        super().__init__(h, user_id, **answers)  # type: ignore[arg-type]
        self.c = SPANISH
        self.user = h.double.user(user_id, first_name="Ana", username="ana", language_code="es")


def staff_texts(h: Harness) -> list[str]:
    return [m.text or "" for m in h.double.messages(STAFF_CHAT_ID)]


# --- a US mother ------------------------------------------------------------------------------

async def test_thoughts_of_harm_get_911_and_the_crisis_lines_and_the_staff_hear(
        harness: Harness) -> None:
    mum = USMum(harness)
    await mum.consent()
    seen = await mum.say("sometimes I think about hurting my baby")
    text = seen.text
    assert "911" in text and "988" in text and US_MATERNAL_LINE in text
    for word in ("phase", "squat", "run/walk", "hop"):
        assert word not in text.lower()
    assert any("EMERGENCY" in t for t in staff_texts(harness))


async def test_low_mood_gets_a_kind_word_and_the_maternal_line_not_the_command_list(
        harness: Harness) -> None:
    mum = USMum(harness)
    await mum.answer_everything()
    seen = await mum.say("I'm really struggling and feel so low, I can't cope")
    assert len(seen.texts) == 1, "one message, not the advice twice"
    assert US_MATERNAL_LINE in seen.text and "988" in seen.text
    assert "/help" not in seen.text and "/today" not in seen.text
    assert seen.buttons and "call" in seen.buttons[0][0].lower()  # "Ask APEX to call me"
    assert any("Contact APEX" in t for t in staff_texts(harness))


async def test_short_of_breath_in_plain_words_is_an_emergency(harness: Harness) -> None:
    mum = USMum(harness)
    await mum.consent()
    seen = await mum.say("I'm short of breath")
    assert "Please call 911 now" in seen.text


async def test_a_us_date_is_read_month_first_and_echoed_with_its_weeks(harness: Harness) -> None:
    mum = USMum(harness)
    await mum.consent()
    seen = await mum.say("11/08/2026")  # Nov 8 or Aug 11: asked, Nov 8 first at a US clinic
    labels = [label for label, _ in seen.buttons]
    assert labels[0].startswith("Nov 8, 2026") and labels[1].startswith("Aug 11, 2026")
    seen = await mum.say("8/14/2026")  # only one reading is a date
    assert "Aug 14, 2026" in seen.text


# --- a Spanish-speaking mother ----------------------------------------------------------------

async def test_a_whole_screening_in_spanish(harness: Harness) -> None:
    ana = SpanishMum(harness)
    seen = await ana.say("/start")
    assert SPANISH.messages["consent_button"] in [label for label, _ in seen.buttons]
    await ana.press(SPANISH.messages["consent_button"], exact=True)
    await ana.say("14 semanas")
    await ana.tick(())
    seen = await ana.answer_the_rest()
    result = harness.double.last_message(ana.id).text or ""
    assert SPANISH.phase(4).title in result
    assert "recordatorio" in result  # when her first nudge comes, in Spanish
    assert "Your phase" not in result and "weeks" not in result
    user = await ana.stored()
    assert user is not None and user.language == "es"
    assert seen is not None


async def test_a_spanish_warning_sign_gets_spanish_advice_and_an_english_staff_alert(
        harness: Harness) -> None:
    ana = SpanishMum(harness)
    await ana.say("/start")
    seen = await ana.say("no tengo dolor de pecho, solo cansancio")
    assert not staff_texts(harness), "a negated sign is not an emergency"
    seen = await ana.say("me duele mucho el pecho")
    assert "911" in seen.text and "Llama" in seen.text
    alerts = staff_texts(harness)
    assert any("EMERGENCY" in t and "reads Spanish" in t for t in alerts)


async def test_language_switches_her_replies_and_is_kept_once_she_consents(
        harness: Harness) -> None:
    mum = USMum(harness)
    await mum.consent()
    await mum.say("/language")
    seen = await mum.press("Español", exact=True)
    assert seen.text == SPANISH.messages["language_saved"]
    seen = await mum.say("/help")
    assert SPANISH.messages["help"] in seen.text
    user = await mum.stored()
    assert user is not None and user.language == "es"


async def test_a_us_clinic_offers_language_in_its_menus(harness: Harness) -> None:
    mum = USMum(harness)
    await mum.consent()
    assert "language" in {name for name, _ in harness.double.commands("all_private_chats")}
    seen = await mum.say("/help")
    assert "/language:" in seen.text
