"""The ordered path: safety and access hold in every state, by construction (issue 10).

- A warning sign is read first, whatever she is in the middle of: before consent, at each
  question of the screening, in /settings, during /symptoms, as a caption, in an album, after a
  burst. Each time she gets the advice and the staff one alert.
- Every staff command, in every form Telegram parses as that command, is nothing to a mother
  and works for staff: generated from the registry, so a command added later is covered.
- One escalation per episode; unclaimed ones are announced again.
- A staff member removed mid-conversation; conversations that time out; STAFF_IDS required.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.access.registry import BUTTONS, COMMANDS, STAFF_COMMANDS
from bot.platform.content import Content
from bot.platform.settings import SettingsError, load_settings
from bot.storage.models import Broadcast, Escalation
from tests.conftest import STAFF_CHAT_ID, STAFF_ID
from tests.harness import Harness, seed_mum
from tests.test_screening import Mum, label, rows

EMERGENCY = "I have chest pain and I can't breathe"
BLEEDING = "the bleeding is really heavy, soaking a pad every hour and I feel faint"


def staff_sent(h: Harness, since: int) -> list[str]:
    """New messages to the staff chat (edits of an alert are not new alerts)."""
    return [p["text"] for m, p in h.double.calls[since:]
            if m == "sendMessage" and p.get("chat_id") == STAFF_CHAT_ID]


def her_messages(h: Harness, chat_id: int, since: int) -> list[str]:
    return [p["text"] for m, p in h.double.calls[since:]
            if m in ("sendMessage", "editMessageText") and p.get("chat_id") == chat_id]


async def assert_escalated_once(h: Harness, mum_id: int, since: int, level: str = "emergency") -> None:
    to_her = her_messages(h, mum_id, since)
    advice = [t for t in to_her if "Please call 999" in t]
    assert len(advice) == 1, to_her
    alerts = staff_sent(h, since)
    assert len(alerts) == 1 and level.upper() in alerts[0], alerts
    hers = [r for r in await rows(h, Escalation) if mum_id in (r.user_id, r.chat_id)]
    assert [r.level for r in hers] == [level]


# --- the safety net, state by state ----------------------------------------------------------

Step = Callable[[Mum], Awaitable[object]]


async def _nothing(mum: Mum) -> None:
    return None


async def _start(mum: Mum) -> None:
    await mum.say("/start")


def _screening_steps() -> list[tuple[str, list[Step]]]:
    """Each question of the screening, reached by answering the ones before it."""
    c_steps: list[tuple[str, Step]] = [
        ("birth date", lambda m: m.consent()),
        ("warning signs (multi-select)", lambda m: m.say("14 weeks")),
        ("delivery", lambda m: m.press(m.c.messages["signs_none"], exact=True)),
        ("tear", lambda m: m.press(label(m.c, "delivery", "vaginal"), exact=True)),
        ("postnatal check", lambda m: m.press(label(m.c, "tear", "no"), exact=True)),
        ("pelvic signs (multi-select)", lambda m: m.press(label(m.c, "check", "cleared"), exact=True)),
        ("feeding", lambda m: m.press(m.c.messages["signs_none"], exact=True)),
        ("sleep", lambda m: m.press(label(m.c, "feeding", "no"), exact=True)),
        ("mood", lambda m: m.press(label(m.c, "sleep", "ok"), exact=True)),
        ("the first readiness test", lambda m: m.press(label(m.c, "mood", "good"), exact=True)),
    ]
    cases = [(f"screening: at {name}", [step for _, step in c_steps[:n + 1]])
             for n, (name, _) in enumerate(c_steps)]
    tick_one: Step = lambda m: m.press(m.c.sign(m.c.signs_at("urgent")[0].id).label)  # noqa: E731
    cases.append(("screening: a sign ticked, not yet Done",
                  [step for _, step in c_steps[:2]] + [tick_one]))
    return cases


async def _settings(mum: Mum) -> None:
    await mum.answer_everything()
    await mum.say("/settings")


def _in_settings(button: str) -> list[Step]:
    return [_settings, lambda m: m.press(m.c.settings_messages[button], exact=True)]


STATES: list[tuple[str, list[Step]]] = [
    ("before /start", [_nothing]),
    ("before consent (the consent button unpressed)", [_start]),
    *_screening_steps(),
    ("after the screening", [lambda m: m.answer_everything()]),
    ("/settings menu", [_settings]),
    ("/settings: the reminder-time prompt", _in_settings("time_button")),
    ("/settings: the time-zone prompt", _in_settings("zone_button")),
    ("/settings: run days", _in_settings("days_button")),
    ("during /symptoms", [lambda m: m.answer_everything(), lambda m: m.say("/symptoms")]),
]


@pytest.mark.parametrize(("state", "steps"), STATES, ids=[s for s, _ in STATES])
async def test_the_emergency_text_is_answered_in_every_state(
        harness: Harness, state: str, steps: list[Step]) -> None:
    mum = Mum(harness)
    for step in steps:
        await step(mum)
    before = len(harness.double.calls)
    await mum.say(EMERGENCY)
    await assert_escalated_once(harness, mum.id, before)


async def test_a_caption_during_the_questionnaire_is_read(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.consent()
    await mum.say("14 weeks")
    await mum.tick(())
    before = len(harness.double.calls)
    harness.double.send_photo(mum.user, caption=EMERGENCY)
    await harness.settle()
    await assert_escalated_once(harness, mum.id, before)
    assert await mum.draft() is None, "the sign ends the questions"


class TestInAFlood:
    """With the flood guard on, as in production."""

    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"flood_guard": True}

    async def test_the_last_caption_of_an_album_of_eight(self, harness: Harness) -> None:
        await seed_mum(harness, 1001)
        before = len(harness.double.calls)
        harness.double.send_album(harness.double.user(1001), 8, caption=BLEEDING)
        await harness.settle()
        await assert_escalated_once(harness, 1001, before)

    async def test_right_after_a_burst_of_eight_messages(self, harness: Harness) -> None:
        await seed_mum(harness, 1001)
        anna = harness.double.user(1001)
        for n in range(8):
            harness.double.send_text(anna, f"hello {n}")
        before = len(harness.double.calls)
        harness.double.send_text(anna, EMERGENCY)
        await harness.settle()
        advice = [t for t in her_messages(harness, 1001, before) if "Please call 999" in t]
        assert len(advice) == 1
        assert len(staff_sent(harness, before)) == 1

    async def test_a_burst_is_still_quieted(self, harness: Harness) -> None:
        await seed_mum(harness, 1001)
        anna = harness.double.user(1001)
        for n in range(12):
            harness.double.send_text(anna, f"hello {n}")
        await harness.settle()
        assert len(her_messages(harness, 1001, 0)) < 12


async def test_a_staff_announcement_that_names_a_sign_is_an_announcement(harness: Harness) -> None:
    """What the clinic's staff write is not read as a mother's warning sign."""
    await seed_mum(harness, 1001)
    sam = harness.double.user(STAFF_ID, "Sam")
    await harness.say(sam, "/broadcast")
    seen = await harness.say(sam, "Reminder: chest pain or heavy bleeding? Call 999 first.")
    assert seen.buttons and await rows(harness, Escalation) == []
    await harness.say(sam, "/cancel")
    before = len(harness.double.calls)
    await harness.say(harness.double.user(1001), EMERGENCY)  # hers is read as ever
    await assert_escalated_once(harness, 1001, before)


# --- access from the registry ----------------------------------------------------------------

FORMS = ("/{}", "/{},", "/{}.", "/{}:", "/{}!", "/{}?", "/{}@apex_run_ready_bot", "/{} now")


def _forms(name: str) -> list[str]:
    return [f.format(name) for f in FORMS] + [f"/{name.upper()}", f"/{name.title()}!"]


@pytest.mark.parametrize("command", sorted(STAFF_COMMANDS))
async def test_a_staff_command_in_any_form_is_nothing_to_a_mother(harness: Harness,
                                                                  command: str) -> None:
    await seed_mum(harness, 1001)
    anna = harness.double.user(1001)
    unknown = harness.content.messages["unknown_command"]
    for text in _forms(command):
        before = len(harness.double.calls)
        seen = await harness.say(anna, text)
        assert seen.texts == [unknown] and seen.buttons == [], text
        sent = [m for m, _ in harness.double.calls[before:] if m not in ("getUpdates",)]
        assert sent == ["sendMessage"], (text, sent)  # no document, no copy, nothing to staff
    assert await rows(harness, Broadcast) == []
    # Nothing was left open: her next words are not an announcement.
    seen = await harness.say(anna, "hello")
    assert seen.texts == [harness.content.messages["not_understood"].format(emergency_number="999")]


@pytest.mark.parametrize("command", sorted(STAFF_COMMANDS))
async def test_a_staff_command_in_any_form_works_for_staff(harness: Harness, command: str) -> None:
    sam = harness.double.user(STAFF_ID, "Sam")
    unknown = harness.content.messages["unknown_command"]
    for text in _forms(command):
        before = len(harness.double.calls)
        seen = await harness.say(sam, text)
        methods = [m for m, p in harness.double.calls[before:] if p.get("chat_id") == STAFF_ID]
        assert methods and unknown not in seen.texts, (text, seen)
        await harness.say(sam, "/cancel")


def test_every_registered_command_has_a_help_line(content: Content) -> None:
    assert {c.name for c in COMMANDS} == set(content.commands)


async def test_help_and_menus_come_from_the_registry(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    # The suite's UK clinic speaks English only, so it offers no /language.
    mother = {c.name for c in COMMANDS if c.audience == "mother"} - {"language"}
    seen = await harness.say(harness.double.user(1001), "/help")
    for name in mother:
        assert f"/{name}:" in seen.text
    for name in STAFF_COMMANDS:
        assert f"/{name}:" not in seen.text
    seen = await harness.say(harness.double.user(STAFF_ID, "Sam"), "/help")
    for name in mother | STAFF_COMMANDS:
        assert f"/{name}:" in seen.text
    private = {name for name, _ in harness.double.commands("all_private_chats")}
    assert private == mother
    assert {name for name, _ in harness.double.commands(
        {"type": "chat", "chat_id": STAFF_ID})} >= STAFF_COMMANDS


@pytest.mark.parametrize("kind", [k for k in BUTTONS if k.audience == "staff"], ids=repr)
async def test_a_staff_button_pressed_by_a_mother_is_stale(harness: Harness, kind) -> None:
    await seed_mum(harness, 1001)
    anna = harness.double.user(1001)
    await harness.say(anna, "/help")
    sample = kind.pack(*[1 if t is int else t[0] if isinstance(t, tuple) else "x"
                         for _, t in kind.fields])
    before = len(harness.double.calls)
    await harness.press_data(anna, sample)
    calls = [(m, p) for m, p in harness.double.calls[before:] if m != "getUpdates"]
    assert [m for m, _ in calls] == ["answerCallbackQuery"]
    assert calls[0][1].get("text") == harness.content.messages["stale_button"]


# --- one escalation per episode ---------------------------------------------------------------

async def test_one_episode_many_messages_one_escalation_one_alert_raised_once(
        harness: Harness) -> None:
    await seed_mum(harness, 1001)
    anna = harness.double.user(1001)
    before = len(harness.double.calls)
    for text in ("I've had a fever of 38.6 since last night", "still a temperature of 38.7",
                 "my temperature is 38.8 now"):
        seen = await harness.say(anna, text)
        assert "999" in seen.text or "doctor" in seen.text.lower()
    assert len(staff_sent(harness, before)) == 1
    for text in (EMERGENCY, "the chest pain is still there", EMERGENCY):
        seen = await harness.say(anna, text)
        assert "999" in seen.text
    alerts = staff_sent(harness, before)
    assert len(alerts) == 2 and "EMERGENCY" in alerts[1]
    [row] = await rows(harness, Escalation)
    assert row.level == "emergency" and len(row.signs) >= 2


async def test_an_unclaimed_emergency_is_announced_again_until_claimed(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    await harness.say(harness.double.user(1001), EMERGENCY)
    start = harness.clock.now
    before = len(harness.double.calls)
    await harness.tick_at(start + timedelta(minutes=14))
    assert staff_sent(harness, before) == []
    await harness.tick_at(start + timedelta(minutes=15))
    [reminder] = staff_sent(harness, before)
    assert "15 min" in reminder and "EMERGENCY" in reminder
    await harness.tick_at(start + timedelta(minutes=16))
    assert len(staff_sent(harness, before)) == 1, "not again within the interval"
    await harness.tick_at(start + timedelta(minutes=30))
    assert len(staff_sent(harness, before)) == 2
    [row] = await rows(harness, Escalation)
    alert = harness.double.messages(STAFF_CHAT_ID)[-1]
    await harness.press_data(harness.double.user(STAFF_ID, "Sam"), f"es1:{row.id}:claim", alert)
    now = len(harness.double.calls)
    await harness.tick_at(start + timedelta(minutes=60))
    assert staff_sent(harness, now) == []


class TestReminderMinutes:
    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"escalation_reminder_minutes": 5}

    async def test_the_interval_is_a_setting(self, harness: Harness) -> None:
        await seed_mum(harness, 1001)
        await harness.say(harness.double.user(1001), EMERGENCY)
        before = len(harness.double.calls)
        await harness.tick_at(harness.clock.now + timedelta(minutes=5))
        [reminder] = staff_sent(harness, before)
        assert "5 min" in reminder


# --- staff removed, timeouts, settings ---------------------------------------------------------

async def test_a_staff_member_removed_mid_broadcast_cannot_reach_the_preview(
        harness: Harness) -> None:
    await seed_mum(harness, 1001)
    sam = harness.double.user(STAFF_ID, "Sam")
    await harness.say(sam, "/broadcast")
    await harness.say(sam, "Clinic closed on Monday")
    await harness.press(sam, harness.content.staff_messages["audience_source"])
    await harness.stop()
    harness.settings = harness.settings.model_copy(update={"staff_ids": frozenset({901})})
    await harness.start()
    before = len(harness.double.calls)
    seen = await harness.say(sam, "spring")
    assert "copyMessage" not in [m for m, _ in harness.double.calls[before:]]
    assert seen.texts == [harness.content.messages["not_understood"].format(emergency_number="999")]
    assert [b.status for b in await rows(harness, Broadcast)] == ["dropped"]
    seen = await harness.say(sam, "/broadcast")
    assert seen.texts == [harness.content.messages["unknown_command"]]


def _timeout_jobs(h: Harness) -> list:
    return [j for j in h.app.job_queue.jobs() if j.callback.__name__ == "_trigger_timeout"]


async def test_settings_left_open_time_out_and_say_how_to_come_back(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.answer_everything()
    await mum.say("/settings")
    await mum.press(harness.content.settings_messages["time_button"], exact=True)
    [job] = _timeout_jobs(harness)
    before = len(harness.double.calls)
    await job.run(harness.app)
    assert her_messages(harness, mum.id, before) == [harness.content.messages["timed_out_settings"]]
    seen = await mum.say("6:45")
    assert seen.texts == [harness.content.messages["not_understood"]], "no longer read as a time"


async def test_a_screening_left_open_times_out_and_resumes(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.consent()
    await mum.say("14 weeks")
    [job] = _timeout_jobs(harness)
    before = len(harness.double.calls)
    await job.run(harness.app)
    assert her_messages(harness, mum.id, before) == [harness.content.messages["timed_out_screening"]]
    seen = await mum.say("/start")
    assert mum.c.question("red_flags").prompt in seen.text, "her answers were kept"


@pytest.mark.parametrize("env", [{"STAFF_CHAT_ID": "-100123"}, {}])
def test_a_token_needs_staff_ids(env: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STAFF_IDS", "STAFF_CHAT_ID"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None, telegram_bot_token="1:abc", apex_phone="1", apex_email="a@b",
                      apex_booking_url="https://b", privacy_policy_url="https://p",
                      **{k.lower(): v for k, v in env.items()})
    message = str(raised.value)
    assert message.startswith("STAFF_IDS") and "\n" not in message
    if env:
        assert "STAFF_CHAT_ID alone" in message


# --- found by trying it as a mother would ------------------------------------------------------

async def test_a_sign_before_consent_holds_her_plan_once_she_consents(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.say("/start")
    await mum.say(EMERGENCY)
    seen = await mum.press(harness.content.messages["consent_button"], exact=True)
    assert "999" in seen.text, "the advice again, not the questions"
    assert mum.c.question("birth_date").prompt not in seen.text
    [row] = await rows(harness, Escalation)
    assert (row.user_id, row.chat_id, row.name) == (mum.id, None, None), "hers now, by her row"
    seen = await mum.say("/today")
    assert seen.texts == [harness.content.nudge_messages["held"]]


async def test_contacted_is_not_cleared_only_closed_lifts_the_hold(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    anna, sam = harness.double.user(1001), harness.double.user(STAFF_ID, "Sam")
    await harness.say(anna, EMERGENCY)
    [row] = await rows(harness, Escalation)
    alert = harness.double.messages(STAFF_CHAT_ID)[-1]
    await harness.press_data(sam, f"es1:{row.id}:contacted", alert)
    held = harness.content.nudge_messages["held"]
    assert (await harness.say(anna, "/today")).texts == [held]
    before = len(harness.double.calls)
    await harness.press_data(sam, f"es1:{row.id}:closed", alert)
    assert len(her_messages(harness, 1001, before)) == 1, "one follow-up note, on closing"
    assert (await harness.say(anna, "/today")).texts != [held]


async def test_a_sign_mid_screening_ends_the_questions_for_good(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.consent()
    await mum.say("14 weeks")
    question = harness.double.last_message(mum.id)
    await mum.say(EMERGENCY)
    assert _timeout_jobs(harness) == [], "no 'I've put your questions aside' later"
    seen = await harness.press_data(mum.user, question.buttons[0][1], question)
    assert seen.texts == []
    answered = [p for m, p in harness.double.calls if m == "answerCallbackQuery"][-1]
    assert answered.get("text") == harness.content.messages["stale_button"]


async def test_every_sign_named_in_one_message_reaches_the_staff(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    await harness.say(harness.double.user(1001),
                      "I have chest pain and the bleeding is really heavy, soaking a pad an hour")
    [row] = await rows(harness, Escalation)
    assert row.level == "emergency" and len(row.signs) == 2, row.signs


async def test_a_reminder_says_how_long_it_has_really_waited(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    await harness.say(harness.double.user(1001), EMERGENCY)
    start = harness.clock.now
    before = len(harness.double.calls)
    await harness.tick_at(start + timedelta(minutes=40))
    [reminder] = staff_sent(harness, before)
    assert "40 min" in reminder and "16 weeks" in reminder


async def test_two_quick_taps_on_the_symptom_screen_keep_both_ticks(harness: Harness) -> None:
    """Both presses carry the keyboard as it was before either was handled."""
    await seed_mum(harness, 1001)
    anna = harness.double.user(1001)
    await harness.say(anna, "/symptoms")
    screen = harness.double.last_message(1001)
    signs = [d for _, d in screen.buttons if d.count(":") == 3 and d.rsplit(":", 1)[1] not in "=0"]
    harness.double.press(anna, screen, signs[0])
    harness.double.press(anna, screen, signs[1])
    await harness.settle()
    ticked = [t for t, _ in harness.double.last_message(1001).buttons if t.startswith("☑️")]
    assert len(ticked) == 2


# --- when the staff chat or the database fail (part of issue 14) -------------------------------

async def test_a_staff_chat_that_refuses_the_alert_sends_it_to_each_staff_member(
        harness: Harness) -> None:
    await seed_mum(harness, 1001)
    harness.double.fail("sendMessage", chat_id=STAFF_CHAT_ID, error_code=403,
                        description="Forbidden: bot was kicked from the group chat", times=5)
    await harness.say(harness.double.user(1001), EMERGENCY)
    [alert] = [m for m in harness.double.messages(STAFF_ID) if "EMERGENCY" in (m.text or "")]
    assert alert.buttons, "the alert's buttons work from her private chat"
    [row] = await rows(harness, Escalation)
    await harness.press_data(harness.double.user(STAFF_ID, "Sam"), f"es1:{row.id}:claim", alert)
    assert "Sam will call her" in alert.text
    assert len(await rows(harness, Escalation)) == 1, "the alert's own words are not read as hers"


async def test_a_press_answered_too_late_still_does_what_she_pressed(harness: Harness) -> None:
    """After a restart or a slow moment Telegram refuses the press's answer ("query is too
    old"); her answer is still saved and the next question comes, with no error."""
    mum = Mum(harness)
    await mum.consent()
    await mum.say("14 weeks")
    harness.double.fail("answerCallbackQuery", error_code=400, times=1, description=(
        "Bad Request: query is too old and response timeout expired or query id is invalid"))
    seen = await mum.press(harness.content.messages["signs_none"], exact=True)
    assert seen.text.startswith("✓ ") and harness.content.messages["signs_none"] in seen.text
    assert seen.buttons, "the next question, with its buttons"
    assert harness.content.messages["error"] not in seen.texts


class TestADatabaseThatDoesNotAnswer:
    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"database_timeout_seconds": 1}

    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_a_locked_database_still_gives_her_the_advice_and_tells_the_staff(
            self, harness: Harness) -> None:
        """A real fault: another process holds SQLite's write lock."""
        await seed_mum(harness, 1001)
        path = harness.settings.database_url.split("///", 1)[1]
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        try:
            before = len(harness.double.calls)
            await harness.say(harness.double.user(1001), EMERGENCY)
            advice = [t for t in her_messages(harness, 1001, before) if "999" in t]
            assert len(advice) == 1 and "gave birth on" in advice[0], "her date, read at once"
            [alert] = staff_sent(harness, before)
            assert "EMERGENCY" in alert and "Not recorded" in alert
            assert harness.settings.outbox_path.exists(), "the sign waits in the outbox"
            assert EMERGENCY not in harness.settings.outbox_path.read_text(), "not her words"
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        # The database answers again: the next minute tick records it, and the staff get the
        # alert they can work, with its buttons.
        before = len(harness.double.calls)
        await harness.tick()
        [row] = await rows(harness, Escalation)
        assert (row.level, row.user_id, row.source) == ("emergency", 1001, "message")
        [alert] = [m for m in harness.double.messages(STAFF_CHAT_ID)
                   if "Recorded now" in (m.text or "")]
        assert alert.buttons and "EMERGENCY" in alert.text
        assert not harness.settings.outbox_path.exists(), "the outbox is empty again"
        seen = await harness.say(harness.double.user(1001), "/today")
        assert seen.texts == [harness.content.nudge_messages["held"]], "her plan is held"
        await harness.tick()
        assert len(await rows(harness, Escalation)) == 1, "recorded once"
        assert len([m for m in staff_sent(harness, before) if "EMERGENCY" in m]) == 1


    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_signs_ticked_on_symptoms_while_the_database_is_locked_still_count(
            self, harness: Harness) -> None:
        await seed_mum(harness, 1001)
        anna = harness.double.user(1001)
        await harness.say(anna, "/symptoms")
        chest = harness.content.sign("chest_pain").label
        await harness.press(anna, chest)  # in memory: no database needed
        path = harness.settings.database_url.split("///", 1)[1]
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        try:
            before = len(harness.double.calls)
            await harness.press(anna, harness.content.messages["signs_done_button"], exact=True)
            advice = [t for t in her_messages(harness, 1001, before) if "Please call 999" in t]
            assert len(advice) == 1
            [alert] = staff_sent(harness, before)
            assert "Not recorded" in alert
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        await harness.tick()
        [row] = await rows(harness, Escalation)
        assert row.level == "emergency" and row.signs == ["chest_pain"]

    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_a_sign_ticked_in_the_screening_while_the_database_is_locked_still_counts(
            self, harness: Harness) -> None:
        """Her ticks live in her draft, which cannot be read: the button and the keyboard say
        what she ticked, and that is enough to advise her and tell the staff."""
        mum = Mum(harness)
        await mum.consent()
        await mum.say("14 weeks")
        anna = mum.user
        fever = harness.content.sign("fever").label
        await harness.press(anna, fever)  # saved in her draft while the database answers
        path = harness.settings.database_url.split("///", 1)[1]
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        try:
            before = len(harness.double.calls)
            await harness.press(anna, harness.content.sign("chest_pain").label)
            advice = [t for t in her_messages(harness, mum.id, before) if "Please call 999" in t]
            assert len(advice) == 1, "her advice, not the generic error"
            assert harness.content.messages["error"] not in her_messages(harness, mum.id, before)
            [alert] = staff_sent(harness, before)
            assert "Not recorded" in alert and "EMERGENCY" in alert
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        await harness.tick()
        [row] = await rows(harness, Escalation)
        assert row.level == "emergency" and row.signs == ["chest_pain"], "the most serious level"

    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_a_database_file_that_refuses_writes_loses_no_sign(
            self, harness: Harness) -> None:
        """A real fault: the file refuses every write (immutable, as a failing disk or a
        read-only volume would), while the bot holds it open."""
        await seed_mum(harness, 1001)
        anna = harness.double.user(1001)
        await harness.say(anna, "/plan")  # her language and the connection are warm
        path = harness.settings.database_url.split("///", 1)[1]
        refuse_writes(path, True)
        try:
            before = len(harness.double.calls)
            await harness.say(anna, EMERGENCY)
            advice = [t for t in her_messages(harness, 1001, before) if "999" in t]
            assert len(advice) == 1, "her advice, not the generic error"
            [alert] = staff_sent(harness, before)
            assert "EMERGENCY" in alert and "Not recorded" in alert
            assert harness.settings.outbox_path.exists(), "the sign waits in the outbox"
            seen = await harness.say(anna, "/pause")
            assert seen.texts == [harness.content.messages["error"]], "never told it was saved"
        finally:
            refuse_writes(path, False)
        await harness.tick()
        [row] = await rows(harness, Escalation)
        assert (row.level, row.user_id) == ("emergency", 1001)
        assert not harness.settings.outbox_path.exists()
        await harness.tick()
        assert len(await rows(harness, Escalation)) == 1, "recorded once"


def refuse_writes(path: str, refuse: bool) -> None:
    """Make the database's files (its write-ahead log too) refuse writes even to root
    (chattr's immutable flag), or chmod them for anyone else; skip where the file system has
    no such flag."""
    files = [f for f in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal")
             if os.path.exists(f)]
    if os.geteuid() != 0:
        for f in files:
            os.chmod(f, 0o444 if refuse else 0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed")
    done = subprocess.run([chattr, "+i" if refuse else "-i", *files],  # noqa: S603
                          capture_output=True, check=False)
    if done.returncode != 0 and refuse:
        pytest.skip("this file system cannot make a file immutable")


# --- found in review ---------------------------------------------------------------------------

async def test_a_new_serious_sign_while_someone_is_calling_her_is_a_new_alert(
        harness: Harness) -> None:
    """Found trying the bot as staff: thoughts of harm typed after Sam claimed her bleeding
    emergency were only edited into the old alert, which then named Sam by her Telegram id."""
    await seed_mum(harness, 1001)
    anna, sam = harness.double.user(1001), harness.double.user(STAFF_ID, "Sam")
    await harness.say(anna, BLEEDING)
    [row] = await rows(harness, Escalation)
    first = harness.double.messages(STAFF_CHAT_ID)[-1]
    await harness.press_data(sam, f"es1:{row.id}:claim", first)
    assert "Sam will call her" in first.text
    before = len(harness.double.calls)
    await harness.say(anna, "I keep thinking about hurting myself")
    [alert] = staff_sent(harness, before)
    assert alert.startswith(harness.content.staff_messages["new_serious"])
    assert "<b>Sam</b> will call her" in alert and str(STAFF_ID) not in alert
    [row] = await rows(harness, Escalation)
    assert row.claimed_by == STAFF_ID, "still hers to call"
    before = len(harness.double.calls)
    await harness.say(anna, "and I leak a bit when I cough")  # a pelvic sign: edited in
    assert staff_sent(harness, before) == []
    assert "Sam will call her" in harness.double.messages(STAFF_CHAT_ID)[0].text


async def test_a_sign_after_the_clinic_contacted_her_reopens_the_episode(harness: Harness) -> None:
    await seed_mum(harness, 1001)
    anna, sam = harness.double.user(1001), harness.double.user(STAFF_ID, "Sam")
    await harness.say(anna, "I've had a fever of 38.6 since last night")
    [row] = await rows(harness, Escalation)
    await harness.press_data(sam, f"es1:{row.id}:contacted", harness.double.messages(STAFF_CHAT_ID)[-1])
    harness.clock.advance(days=3)
    before = len(harness.double.calls)
    await harness.say(anna, "my calf is red, swollen and hot")
    [alert] = staff_sent(harness, before)
    assert "Reported again" in alert and "EMERGENCY" not in alert
    [row] = await rows(harness, Escalation)
    assert (row.status, row.claimed_by) == ("open", None)
    await harness.tick_at(harness.clock.now + timedelta(minutes=15))
    assert len(staff_sent(harness, before)) == 2, "and reminded until someone claims it"


async def test_a_sign_ticked_but_not_confirmed_still_counts_when_she_types_another(
        harness: Harness) -> None:
    mum = Mum(harness)
    await mum.consent()
    await mum.say("14 weeks")
    chest = next(s for s in mum.c.signs_at("emergency") if "chest" in s.id)
    await mum.press(chest.label)
    await mum.say("I've got a fever of 38.5")
    [row] = await rows(harness, Escalation)
    assert row.level == "emergency" and chest.id in row.signs


async def test_no_word_of_exercise_while_she_is_held(harness: Harness) -> None:
    await seed_mum(harness, 1001, phase=4)
    anna = harness.double.user(1001)
    await harness.say(anna, EMERGENCY)
    held = harness.content.nudge_messages["held"]
    assert (await harness.say(anna, "/plan")).texts == [held]
    seen = await harness.say(anna, "/reassess")
    assert "999" in seen.text and harness.content.question("birth_date").prompt not in seen.text


async def test_the_clinics_own_messages_are_not_read_as_a_mothers(harness: Harness) -> None:
    sam = harness.double.user(STAFF_ID, "Sam")
    seen = await harness.say(sam, "Called Anna: she has chest pain, told her to call 999")
    assert "Please call" not in seen.text and await rows(harness, Escalation) == []


async def test_a_sign_named_before_consent_is_hers_to_export_and_delete(harness: Harness) -> None:
    mum = Mum(harness)
    await mum.say(EMERGENCY)  # no /start, no consent: only the escalation row holds her
    await mum.say("/export")
    [document] = harness.double.files(mum.id)
    exported = json.loads(document.data)
    assert [e["level"] for e in exported["tables"]["escalation"]] == ["emergency"]
    await mum.say("/delete")
    await mum.press(harness.content.privacy_messages["delete_button"], exact=True)
    [row] = await rows(harness, Escalation)
    assert (row.chat_id, row.name, row.signs, row.user_id) == (None, None, [], None)


async def test_a_sign_ticked_on_an_old_symptom_screen_after_delete_still_counts(
        harness: Harness) -> None:
    mum = Mum(harness)
    await mum.answer_everything()
    await mum.say("/symptoms")
    screen = harness.double.last_message(mum.id)
    await mum.say("/delete")
    await mum.press(harness.content.privacy_messages["delete_button"], exact=True)
    chest = next(s for s in mum.c.signs_at("emergency") if "chest" in s.id)
    await harness.press_data(mum.user, next(d for t, d in screen.buttons if chest.label in t), screen)
    before = len(harness.double.calls)
    await harness.press_data(mum.user, next(d for t, d in screen.buttons if d.endswith(":=")), screen)
    await assert_escalated_once(harness, mum.id, before)
