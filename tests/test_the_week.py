"""The week as a physio would run it, as she receives it: what each day brings in each phase,
the pelvic floor every day, the pelvic floor reminders she picks, the greeting for her hour,
/today's buttons and logging a day gone by. Through the real bot, both databases, the clock
moved, never slept on."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.storage.models import Delivery, SessionLog
from tests.harness import Harness, seed_mum

MONDAY = datetime(2026, 11, 30, tzinfo=UTC)  # Mon 30 Nov 2026; London is on UTC in winter


GREETINGS = ("Good morning!", "Good afternoon!", "Good evening!", "Hello!")


def texts(h: Harness, user) -> list[str]:
    return [m.text or "" for m in h.double.messages(user.id)]


def nudge(h: Harness, key: str) -> str:
    return h.content.nudge_messages[key]


def what_arrived(h: Harness, text: str) -> str:
    """A day's prompt as one letter: R a run, G a strength day, - a rest day, S a session."""
    if "Run day" in text:
        return "R"
    if "Strength day" in text:
        return "G"
    if "Rest day" in text:
        return "-"
    assert "Today's exercises" in text, text
    return "S"


async def a_week(h: Harness, user_id: int) -> list[str]:
    """Seven daily prompts, each at her time, as she received them."""
    mum = h.double.user(user_id)
    before = len(texts(h, mum))
    for _ in range(7):
        user = await h.store.get_user(user_id)
        await h.tick_at(user.next_nudge_at)
    week = [t for t in texts(h, mum)[before:] if t.startswith(GREETINGS)]  # not the check-ins
    assert len(week) == 7
    return week


# (story, phase, run days, what Mon ... Sun bring)
WEEKS = [
    ("phase 1: gentle reconnecting every day", 1, "0,2,4", "SSSSSSS"),
    ("phase 2: strength on her three days, rest days between", 2, "0,2,4", "S-S-S--"),
    ("phase 3: impact retraining on her three days", 3, "0,2,4", "S-S-S--"),
    ("phase 4: runs Mon, Wed, Fri; strength Tue and Sat; rest Thu and Sun", 4, "0,2,4", "RGR-RG-"),
    ("phase 4 with Tue, Thu, Sat runs: strength Mon and Fri", 4, "1,3,5", "GR-RGR-"),
]


@pytest.mark.parametrize(("story", "phase", "days", "shape"), WEEKS, ids=[w[0] for w in WEEKS])
async def test_a_week_in_each_phase_matches_its_plan(harness: Harness, story: str, phase: int,
                                                     days: str, shape: str) -> None:
    harness.clock.now = MONDAY
    await seed_mum(harness, 1, phase=phase, run_days=days, at="07:30")
    week = await a_week(harness, 1)
    assert "".join(what_arrived(harness, t) for t in week) == shape
    mine = harness.content.phase(phase)
    pelvic = [e.name for e in harness.content.pelvic_floor]
    for day in week:
        assert all(name in day for name in pelvic), "the pelvic floor, every day"
        if "Run day" not in day:
            assert f"phase {phase}, {mine.title}" in day, "labelled with her own phase"
    hops = harness.content.phase(3).exercises[-1].name
    assert sum(hops in day for day in week) <= (2 if phase == 4 else 3), \
        "hops only on strength days, never seven days a week"
    trained = set()
    for day in week:
        trained |= {e.name for p in harness.content.phases for e in p.exercises if e.name in day}
    if phase in (1, 2, 3):
        assert {e.name for e in mine.exercises} <= trained, "every exercise of her phase comes round"


async def test_every_day_has_done_and_skip_and_a_rest_day_can_be_logged(harness: Harness) -> None:
    harness.clock.now = MONDAY + timedelta(days=1)  # a Tuesday: phase 2's rest day
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    user = await harness.store.get_user(1)
    await harness.tick_at(user.next_nudge_at)
    assert "Rest day" in texts(harness, mum)[-1]
    seen = await harness.press(mum, nudge(harness, "button_done"), exact=True)
    assert nudge(harness, "logged_done") in seen.text
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert (row.kind, row.outcome) == ("rest", "done")


async def test_a_leaking_mother_gets_pelvic_floor_work_every_day_and_no_running(
        harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4", at="07:30")
    leaking = harness.content.sign("leaking")
    await harness.store.record_signs(1, level="apex", source="symptoms", signs=[leaking.id])
    week = await a_week(harness, 1)
    pelvic = [e.name for e in harness.content.pelvic_floor]
    for day in week:
        assert all(name in day for name in pelvic)
        assert "Run day" not in day
    hops = [e.name for e in harness.content.phase(3).exercises if "hop" in e.id]
    assert not any(h in day for day in week for h in hops), "no hopping while APEX checks"
    assert "".join(what_arrived(harness, t) for t in week) == "S-S-S--"
    assert texts(harness, mum)[0].count(harness.content.phase(2).title) >= 1


async def test_the_greeting_follows_her_hour(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=2, at="17:50")
    await harness.tick_at(MONDAY.replace(hour=17, minute=50))
    prompt = texts(harness, mum)[-1]
    assert prompt.startswith(nudge(harness, "greeting_evening"))
    assert nudge(harness, "greeting_morning") not in prompt
    harness.clock.now = MONDAY.replace(hour=20, minute=15)
    assert (await harness.say(mum, "/today")).text.startswith(nudge(harness, "greeting_evening"))
    harness.clock.now = MONDAY + timedelta(days=1, hours=7, minutes=10)
    assert (await harness.say(mum, "/today")).text.startswith(nudge(harness, "greeting_morning"))
    harness.clock.now = MONDAY + timedelta(days=1, hours=13)
    assert (await harness.say(mum, "/today")).text.startswith(nudge(harness, "greeting_afternoon"))


async def test_the_greeting_is_her_own_hour_in_new_york(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=1, zone="America/New_York", at="17:50")
    await harness.tick_at(datetime(2026, 11, 30, 22, 50, tzinfo=UTC))  # 17:50 in New York
    assert texts(harness, mum)[-1].startswith(nudge(harness, "greeting_evening"))


async def test_today_on_a_run_day_has_done_and_skip_and_done_asks_how_it_went(
        harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=9)
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4", at="07:30")
    seen = await harness.say(mum, "/today")
    assert "Run day" in seen.text and "button below" in seen.text
    labels = [label for label, _ in seen.buttons]
    assert nudge(harness, "button_done") in labels and nudge(harness, "button_skip") in labels
    assert nudge(harness, "button_other_day") in labels
    seen = await harness.press(mum, nudge(harness, "button_done"), exact=True)
    assert "How did your run go" in seen.text
    await harness.press(mum, nudge(harness, "checkin_fine"), exact=True)
    # Her 07:30 prompt tomorrow is the next one; today's /today is the one she logged.
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert (row.kind, row.outcome, str(row.local_date)) == ("run", "fine", "2026-11-30")


async def test_today_skip_logs_a_skip(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=9)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await harness.say(mum, "/today")
    seen = await harness.press(mum, nudge(harness, "button_skip"), exact=True)
    assert nudge(harness, "logged_skip") in seen.text
    seen = await harness.press_data(mum, harness.buttons(mum)[0][1]) if harness.buttons(mum) else None
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert row.outcome == "skipped"


async def test_i_ran_yesterday_logs_yesterdays_run_and_asks_how_it_went(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4", at="07:30", rung=2)
    await harness.tick_at(MONDAY.replace(hour=7, minute=30))  # Monday's run: no button pressed
    harness.clock.now = MONDAY + timedelta(days=1, hours=9)  # Tuesday morning
    seen = await harness.say(mum, "/log")
    assert nudge(harness, "other_day_prompt") in seen.text
    monday = next(label for label, _ in seen.buttons if "30 Nov" in label)
    assert nudge(harness, "other_day_run") in monday
    seen = await harness.press(mum, monday, exact=True)
    assert "30 Nov 2026" in seen.text and "How did your run go" in seen.text
    await harness.press(mum, nudge(harness, "checkin_fine"), exact=True)
    async with harness.store.session() as s:
        rows = (await s.exec(select(SessionLog).order_by(SessionLog.id))).all()
    monday_row = next(r for r in rows if r.local_date == date(2026, 11, 30))
    assert (monday_row.kind, monday_row.outcome, monday_row.rung) == ("run", "fine", 2)
    # The same day again: already logged, and it is no longer offered.
    seen = await harness.say(mum, "/log")
    assert not any("30 Nov" in label for label, _ in seen.buttons)


async def test_a_run_on_a_day_that_brought_no_run_is_logged_as_a_run(harness: Harness) -> None:
    """She swapped days: Tuesday brought her strength moves, and she ran instead."""
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4", at="07:30", rung=2)
    for _ in range(2):  # Monday's and Tuesday's prompts
        await harness.tick_at((await harness.store.get_user(1)).next_nudge_at)
    harness.clock.now = MONDAY + timedelta(days=2, hours=9)  # Wednesday morning
    seen = await harness.say(mum, "/log")
    tuesday = next(label for label, _ in seen.buttons if "1 Dec" in label)
    assert nudge(harness, "other_day_session") in tuesday
    seen = await harness.press(mum, tuesday, exact=True)
    assert "What did you do on 1 Dec 2026?" in seen.text
    seen = await harness.press(mum, nudge(harness, "other_day_ran"), exact=True)
    assert "How did your run go" in seen.text
    await harness.press(mum, nudge(harness, "checkin_fine"), exact=True)
    async with harness.store.session() as s:
        rows = (await s.exec(select(SessionLog).where(
            SessionLog.local_date == date(2026, 12, 1)).order_by(SessionLog.id))).all()
    assert [(r.kind, r.outcome) for r in rows] == [("exercise", None), ("run", "fine")]
    assert rows[1].rung == 2
    seen = await harness.say(mum, "/log")
    assert not any("1 Dec" in label for label, _ in seen.buttons), "the day is logged"


async def test_a_runner_can_still_log_the_day_as_planned(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=4, run_days="0,2,4", at="07:30")
    harness.clock.now = MONDAY + timedelta(days=2, hours=9)
    await harness.say(mum, "/log")
    await harness.press_data(mum, "od1:20261201")
    seen = await harness.press(mum, "What the plan said", exact=False)
    assert nudge(harness, "logged_done") in seen.text and "How did your run go" not in seen.text
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert (row.local_date, row.kind, row.outcome) == (date(2026, 12, 1), "exercise", "done")


async def test_a_run_cannot_be_logged_by_a_mother_who_does_not_run_yet(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    harness.clock.now = MONDAY + timedelta(days=2, hours=9)
    await harness.say(mum, "/log")
    await harness.press_data(mum, "od1:20261201r")  # forged: she is not running yet
    async with harness.store.session() as s:
        assert (await s.exec(select(SessionLog))).all() == []
    answers = harness.double.calls_to("answerCallbackQuery")
    assert answers[-1]["text"] == harness.content.messages["stale_button"]


async def test_another_day_from_today_logs_a_day_with_no_prompt(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    harness.clock.now = MONDAY + timedelta(days=2, hours=10)  # Wednesday: Monday had no prompt
    await harness.say(mum, "/today")
    seen = await harness.press(mum, nudge(harness, "button_other_day"), exact=True)
    monday = next(label for label, _ in seen.buttons if "30 Nov" in label)
    seen = await harness.press(mum, monday, exact=True)
    assert nudge(harness, "logged_done") in seen.text
    async with harness.store.session() as s:
        row = (await s.exec(select(SessionLog).where(
            SessionLog.local_date == date(2026, 11, 30)))).one()
    assert (row.kind, row.outcome) == ("exercise", "done")


async def test_a_day_outside_the_week_or_tomorrow_cannot_be_logged(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=9)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await harness.say(mum, "/log")
    await harness.press_data(mum, "od1:20261201")  # tomorrow
    await harness.press_data(mum, "od1:20261101")  # a month ago
    async with harness.store.session() as s:
        assert (await s.exec(select(SessionLog))).all() == []
    answers = harness.double.calls_to("answerCallbackQuery")
    assert answers[-1]["text"] == harness.content.messages["stale_button"]


# --- pelvic floor reminders ------------------------------------------------------------------

async def pick_reminders(h: Harness, mum, *labels: str) -> None:
    await h.say(mum, "/settings")
    await h.press(mum, h.content.settings_messages["pelvic_button"], exact=True)
    for label in labels:
        await h.press(mum, label)


def reminders(h: Harness, mum) -> list[str]:
    return [t for t in texts(h, mum) if t == nudge(h, "pelvic_reminder")]


async def test_pelvic_floor_reminders_are_off_until_she_picks_times(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    for hour in range(24):
        await harness.tick_at(MONDAY.replace(hour=hour))
    assert reminders(harness, mum) == []


async def test_pelvic_floor_reminders_at_her_times_once_each_across_a_restart(
        harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00", "20:00")
    menu = await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    assert "08:00, 20:00" in menu.text
    await harness.tick_at(MONDAY.replace(hour=7, minute=59))
    assert reminders(harness, mum) == []
    await harness.tick_at(MONDAY.replace(hour=8))
    await harness.tick_at(MONDAY.replace(hour=8, second=30))
    assert len(reminders(harness, mum)) == 1
    await harness.crash()
    await harness.start()
    await harness.tick_at(MONDAY.replace(hour=8, minute=1))
    assert len(reminders(harness, mum)) == 1, "never twice, even after a restart"
    await harness.tick_at(MONDAY.replace(hour=13))
    assert len(reminders(harness, mum)) == 1, "13:00 is offered, not picked"
    await harness.tick_at(MONDAY.replace(hour=20))
    assert len(reminders(harness, mum)) == 2
    await harness.tick_at(MONDAY.replace(hour=8) + timedelta(days=1))
    assert len(reminders(harness, mum)) == 3
    async with harness.store.session() as s:
        kinds = sorted(d.kind for d in (await s.exec(select(Delivery))).all() if "pelvic" in d.kind)
    assert kinds == ["pelvic-0800", "pelvic-0800", "pelvic-2000"]


async def test_a_fourth_time_is_refused_and_a_typed_time_is_added(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00", "13:00", "20:00")
    seen = await harness.say(mum, "14:15")
    assert harness.content.settings_messages["pelvic_too_many"] in seen.text
    assert (await harness.store.get_user(1)).pelvic_times == "08:00,13:00,20:00"
    await harness.press(mum, "13:00")  # untick one
    await harness.say(mum, "14:15")
    assert (await harness.store.get_user(1)).pelvic_times == "08:00,14:15,20:00"
    seen = await harness.say(mum, "teatime-ish")
    assert harness.content.settings_messages["time_unreadable"] in seen.text
    assert (await harness.store.get_user(1)).pelvic_times == "08:00,14:15,20:00"
    await harness.tick_at(MONDAY.replace(hour=14, minute=15))
    assert len(reminders(harness, mum)) == 1


async def test_turning_reminders_off_stops_them(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00")
    await harness.press(mum, harness.content.settings_messages["pelvic_off_button"], exact=True)
    user = await harness.store.get_user(1)
    assert user.pelvic_times is None and user.next_pelvic_at is None
    await harness.tick_at(MONDAY.replace(hour=8))
    assert reminders(harness, mum) == []


async def test_no_reminders_during_a_hold_and_they_come_back_after(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00")
    escalation, _ = await harness.store.record_signs(1, level="urgent", source="symptoms",
                                                     signs=["fever"])
    await harness.tick_at(MONDAY.replace(hour=8))
    assert reminders(harness, mum) == []
    await harness.store.update_user(1)  # (nothing else changes)
    async with harness.store.session() as s:
        row = await s.get(type(escalation), escalation.id)
        row.status = "closed"
    await harness.tick_at(MONDAY.replace(hour=8) + timedelta(days=1))
    assert len(reminders(harness, mum)) == 1


async def test_a_pelvic_health_sign_does_not_stop_the_reminders(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00")
    await harness.store.record_signs(1, level="apex", source="symptoms", signs=["leaking"])
    await harness.tick_at(MONDAY.replace(hour=8))
    assert len(reminders(harness, mum)) == 1


async def test_reminder_times_are_exported_and_gone_with_delete(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await pick_reminders(harness, mum, "08:00")
    await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    await harness.say(mum, "/export")
    [document] = [f for f in harness.double.files(mum.id) if f.kind == "document"]
    assert json.loads(document.data)["profile"]["pelvic_times"] == "08:00"
    await harness.say(mum, "/delete")
    await harness.press(mum, harness.content.privacy_messages["delete_button"], exact=True)
    assert await harness.store.get_user(1) is None
    await harness.tick_at(MONDAY.replace(hour=8))
    assert reminders(harness, mum) == []


async def test_a_new_time_zone_moves_her_reminders_to_her_new_clock(harness: Harness) -> None:
    harness.clock.now = MONDAY.replace(hour=6)
    mum = await seed_mum(harness, 1, phase=2, at="07:30")  # London
    await pick_reminders(harness, mum, "08:00")
    await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    await harness.press(mum, harness.content.settings_messages["zone_button"], exact=True)
    await harness.say(mum, "New York")
    user = await harness.store.get_user(1)
    assert user.timezone == "America/New_York"
    assert user.next_pelvic_at == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)  # 08:00 in New York
    await harness.tick_at(MONDAY.replace(hour=8))
    assert reminders(harness, mum) == []
    await harness.tick_at(MONDAY.replace(hour=13))
    assert len(reminders(harness, mum)) == 1



class TestAUSClinic:
    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"clinic_locale": "en-US", "apex_phone": "+1 512 555 0100"}

    async def test_a_spanish_speaking_mother_is_greeted_in_spanish_for_her_hour(
            self, harness: Harness) -> None:
        harness.clock.now = MONDAY
        mum = await seed_mum(harness, 1, phase=2, zone="America/Chicago", at="21:30")
        await harness.store.update_user(1, language="es")
        await harness.tick_at(datetime(2026, 11, 30, 3, 30, tzinfo=UTC))  # Sun 21:30, Chicago
        await harness.tick_at(datetime(2026, 12, 1, 3, 30, tzinfo=UTC))  # Mon 21:30, Chicago
        sunday, monday = texts(harness, mum)
        assert sunday.startswith("¡Buenas tardes!") and "Día de descanso" in sunday
        assert monday.startswith("¡Buenas tardes!") and "Tus ejercicios de hoy" in monday
        assert all("piso pélvico" in day for day in (sunday, monday))
