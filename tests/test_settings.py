"""/settings through the bot: each change is saved at once and moves her next nudge to match."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.parsing import find_zone, parse_time
from bot.storage.models import User
from tests.harness import Harness, seed_mum

THURSDAY = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


async def open_settings(h: Harness, mum) -> str:
    seen = await h.say(mum, "/settings")
    assert "Your settings" in seen.text
    return seen.text


async def test_the_menu_shows_her_current_settings(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, zone="Europe/London", at="07:30", run_days="0,2,4")
    text = await open_settings(harness, mum)
    assert "07:30, British Time (London)" in text and "Mon, Wed, Fri" in text


async def test_an_offered_time_is_saved_and_moves_the_next_nudge(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    await open_settings(harness, mum)
    await harness.press(mum, harness.content.settings_messages["time_button"], exact=True)
    seen = await harness.press(mum, "12:30", exact=True)
    assert "Reminder: 12:30" in seen.text
    user = await harness.store.get_user(1)
    assert user.reminder_time == "12:30"
    assert user.next_nudge_at == datetime(2026, 11, 26, 12, 30, tzinfo=UTC)


async def test_a_typed_time_and_a_typed_city(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    await open_settings(harness, mum)
    await harness.press(mum, harness.content.settings_messages["time_button"], exact=True)
    seen = await harness.say(mum, "quarter past six")
    assert harness.content.settings_messages["time_unreadable"][:20] in seen.text
    seen = await harness.say(mum, "6:45pm")
    assert "Reminder: 18:45" in seen.text
    await harness.press(mum, harness.content.settings_messages["zone_button"], exact=True)
    seen = await harness.say(mum, "Narnia")
    assert harness.content.settings_messages["zone_unknown"][:20] in seen.text
    seen = await harness.say(mum, "new york")
    assert "Eastern Time (New York)" in seen.text
    user = await harness.store.get_user(1)
    assert user.timezone == "America/New_York"
    assert user.next_nudge_at == datetime(2026, 11, 26, 23, 45, tzinfo=UTC)  # 18:45 EST


async def test_run_days_toggle_suggest_and_warn_when_back_to_back(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4")
    await open_settings(harness, mum)
    await harness.press(mum, harness.content.settings_messages["days_button"], exact=True)
    await harness.press(mum, "Tue", exact=True)
    assert (await harness.store.get_user(1)).run_days == "0,1,2,4"
    await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    warning = harness.double.calls_to("answerCallbackQuery")[-1]
    assert warning["text"] == harness.content.settings_messages["days_consecutive"]
    await harness.press(mum, harness.content.settings_messages["days_button"], exact=True)
    await harness.press(mum, "Mon Wed Fri", exact=True)
    assert (await harness.store.get_user(1)).run_days == "0,2,4"


async def test_pause_and_announcements_from_the_menu(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1)
    await open_settings(harness, mum)
    seen = await harness.press(mum, harness.content.settings_messages["pause_button"], exact=True)
    assert "Nudges: paused" in seen.text
    user = await harness.store.get_user(1)
    assert user.paused and user.next_nudge_at is None
    await harness.press(mum, harness.content.settings_messages["announcements_off_button"], exact=True)
    assert not (await harness.store.get_user(1)).announcements
    seen = await harness.press(mum, harness.content.settings_messages["resume_button"], exact=True)
    user = await harness.store.get_user(1)
    assert not user.paused and user.next_nudge_at is not None


async def test_bad_input_in_settings_changes_nothing(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    await open_settings(harness, mum)
    before = await harness.store.get_user(1)
    seen = await harness.say(mum, "make it earlier please")
    assert harness.content.messages["use_buttons"][:20] in seen.text
    menu = harness.double.last_message(mum)
    for data in ("st1:t:0445", "st1:d:9", "st1:z:Mars", "st1:nonsense", "st1:d:01"):
        await harness.press_data(mum, data, menu)
    after = await harness.store.get_user(1)
    assert (after.reminder_time, after.run_days, after.timezone) == (
        before.reminder_time, before.run_days, before.timezone)


async def test_settings_before_the_screening_points_to_start(harness: Harness) -> None:
    newcomer = harness.double.user(77)
    seen = await harness.say(newcomer, "/settings")
    assert "/start" in seen.text


@pytest.mark.parametrize(("typed", "zone"), [
    ("London", "Europe/London"), ("new york", "America/New_York"), ("UTC+2", "Etc/GMT-2"),
    ("utc-5", "Etc/GMT+5"), ("+5:30", "Asia/Kolkata"), ("Europe/Paris", "Europe/Paris"),
    ("sydney", "Australia/Sydney"), ("UTC", "Etc/UTC"), ("gmt+0", "Etc/UTC"),
    ("Atlantis", None), ("UTC+15", None), ("", None), ("x" * 80, None),
])
def test_zones_she_might_type(typed: str, zone: str | None) -> None:
    assert find_zone(typed) == zone


@pytest.mark.parametrize(("typed", "hm"), [
    ("7", (7, 0)), ("07:30", (7, 30)), ("7.15", (7, 15)), ("7pm", (19, 0)), ("12am", (0, 0)),
    ("12pm", (12, 0)), ("6:45 pm", (18, 45)), ("19h30", (19, 30)),
    ("25:00", None), ("7:60", None), ("13pm", None), ("noon", None), ("", None),
])
def test_times_she_might_type(typed: str, hm: tuple[int, int] | None) -> None:
    parsed = parse_time(typed)
    assert (None if parsed is None else (parsed.hour, parsed.minute)) == hm


async def test_the_buttons_under_her_first_result_keep_the_result(harness: Harness) -> None:
    from tests.test_screening import Mum

    mum = Mum(harness)
    await mum.answer_everything()
    result = harness.double.last_message(mum.id)
    assert harness.content.phase(4).title in result.text
    seen = await harness.press(mum.user, harness.content.settings_messages["time_button"],
                               exact=True)
    assert harness.content.phase(4).title in result.text and not result.buttons, "kept, unbuttoned"
    assert harness.content.settings_messages["time_prompt"][:20] in seen.text
    seen = await harness.press(mum.user, "19:00", exact=True)
    assert "Reminder: 19:00" in seen.text
    assert (await harness.store.get_user(mum.id)).reminder_time == "19:00"



async def test_the_menu_says_nudges_wait_while_she_is_held(harness: Harness) -> None:
    """Found trying the bot: after a warning sign she was told her reminders were paused, while
    /settings still said they were on."""
    mum = await seed_mum(harness, 1001)
    await harness.say(mum, "I have chest pain")
    seen = await harness.say(mum, "/settings")
    assert f"Nudges: {harness.content.settings_messages['held_word']}" in seen.text
    other = await seed_mum(harness, 1002)
    async with harness.store.session() as s:
        (await s.get(User, 1002)).reassess_due_at = harness.clock()  # the clinic closed it
    seen = await harness.say(other, "/settings")
    assert f"Nudges: {harness.content.settings_messages['reassess_word']}" in seen.text
