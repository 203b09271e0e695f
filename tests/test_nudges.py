"""Daily nudges through the real bot: prompts at her own local time, run days, check-ins,
progression, holds, restarts and two processes. The clock is moved, never slept on."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.jobs.nudges import run_tick
from bot.platform.context import deps_of
from bot.storage.migrate import upgrade
from bot.storage.models import Delivery, Escalation, SessionLog
from bot.storage.store import Store
from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness, seed_mum

THURSDAY = datetime(2026, 11, 26, tzinfo=UTC)  # 26 Nov 2026 is a Thursday
MONDAY = datetime(2026, 11, 30, tzinfo=UTC)


def texts(h: Harness, user) -> list[str]:
    return [m.text or "" for m in h.double.messages(user.id)]


async def test_three_zones_whose_reminders_fall_on_the_same_utc_minute(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    london = await seed_mum(harness, 1, zone="Europe/London", at="12:00")
    kolkata = await seed_mum(harness, 2, zone="Asia/Kolkata", at="17:30")
    new_york = await seed_mum(harness, 3, zone="America/New_York", at="07:00")
    noon_utc = THURSDAY.replace(hour=12)
    report = await harness.tick_at(noon_utc - timedelta(minutes=1))
    assert report.sent == 0
    report = await harness.tick_at(noon_utc)
    assert report.sent == 3
    phase = harness.content.phase(2)
    for mum in (london, kolkata, new_york):
        [prompt] = texts(harness, mum)
        assert phase.title in prompt
    assert (await harness.tick_at(noon_utc + timedelta(seconds=30))).sent == 0
    next_day = await harness.store.get_user(1)
    assert next_day.next_nudge_at == noon_utc + timedelta(days=1)


async def test_a_stopping_bot_leaves_the_rest_due_for_the_next_start(harness: Harness) -> None:
    """SIGTERM mid-tick: nothing new starts, and the mothers not yet nudged stay due."""
    from bot.jobs.nudges import run_tick
    from bot.platform.context import deps_of

    harness.clock.now = THURSDAY
    for n in (1, 2, 3):
        await seed_mum(harness, n, zone="Europe/London", at="12:00")
    harness.clock.now = THURSDAY.replace(hour=12)
    report = await run_tick(harness.app.bot, deps_of(harness.app), running=lambda: False)
    assert report.sent == 0
    assert all(texts(harness, harness.double.user(n)) == [] for n in (1, 2, 3))
    assert (await harness.tick()).sent == 3, "the next start nudges them, once each"


async def test_a_week_of_prompts_covers_every_exercise_of_her_phase(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    for _ in range(7):
        user = await harness.store.get_user(1)
        await harness.tick_at(user.next_nudge_at)
    week = "\n".join(texts(harness, mum))
    assert len(texts(harness, mum)) == 7
    for exercise in harness.content.phase(2).exercises:
        assert exercise.name in week


async def test_spring_forward_in_new_york_fires_once_at_the_jump(harness: Harness) -> None:
    # 8 Mar 2026: clocks jump from 02:00 to 03:00 in New York; 02:30 does not exist that day.
    harness.clock.now = datetime(2026, 3, 7, 12, tzinfo=UTC)
    mum = await seed_mum(harness, 1, zone="America/New_York", at="02:30")
    fired = []
    for _ in range(3):
        user = await harness.store.get_user(1)
        fired.append(user.next_nudge_at)
        await harness.tick_at(user.next_nudge_at)
    assert fired == [datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # the jump: 03:00 EDT
                     datetime(2026, 3, 9, 6, 30, tzinfo=UTC),  # 02:30 EDT
                     datetime(2026, 3, 10, 6, 30, tzinfo=UTC)]
    assert len(texts(harness, mum)) == 3


async def test_fall_back_in_london_fires_once(harness: Harness) -> None:
    # 25 Oct 2026: 01:30 happens twice in London; she gets one nudge, at the first.
    harness.clock.now = datetime(2026, 10, 24, 12, tzinfo=UTC)
    mum = await seed_mum(harness, 1, zone="Europe/London", at="01:30")
    user = await harness.store.get_user(1)
    assert user.next_nudge_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    await harness.tick_at(user.next_nudge_at)
    await harness.tick_at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # the repeat hour
    assert len(texts(harness, mum)) == 1
    assert (await harness.store.get_user(1)).next_nudge_at == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


async def test_after_an_outage_a_nudge_within_grace_goes_out_late_older_ones_do_not(
        harness: Harness) -> None:
    harness.clock.now = THURSDAY
    late = await seed_mum(harness, 1, at="07:30")
    await harness.tick_at(THURSDAY.replace(hour=9, minute=45))  # 2 h 15 late
    assert len(texts(harness, late)) == 1
    # Down for a whole day: Friday's 07:30 is 4 h past at 11:30 and is skipped, not sent.
    await harness.tick_at(datetime(2026, 11, 27, 11, 30, tzinfo=UTC))
    assert len(texts(harness, late)) == 1
    assert (await harness.store.get_user(1)).next_nudge_at == datetime(2026, 11, 28, 7, 30, tzinfo=UTC)


async def test_a_restart_between_claim_and_send_sends_once_after_the_lease(
        harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    due = THURSDAY.replace(hour=7, minute=30)
    # The first process claimed today's prompt and died before sending it.
    assert await harness.store.claim(1, "daily", due.date(), due, timedelta(minutes=2)) == "claimed"
    await harness.crash()
    await harness.start()
    await harness.tick_at(due + timedelta(minutes=1))
    assert texts(harness, mum) == [], "the claim is still fresh: nobody else sends"
    await harness.tick_at(due + timedelta(minutes=3))
    await harness.tick_at(due + timedelta(minutes=4))
    assert len(texts(harness, mum)) == 1
    async with harness.store.session() as s:
        [row] = (await s.exec(select(Delivery))).all()
    assert row.status == "sent"


async def test_a_prompt_on_its_way_is_never_taken_over(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    due = THURSDAY.replace(hour=7, minute=30)
    harness.double.delay("sendMessage", 1, chat_id=mum.id, after=True)  # delivered, answer late
    first = asyncio.create_task(harness.tick_at(due))
    await harness.double.wait_for_messages(mum, 1)
    # What a process restarted after the lease would see while the answer is still awaited:
    # a send that may have arrived, so it is not repeated.
    await harness.tick_at(due + timedelta(minutes=3))
    await first
    assert len(texts(harness, mum)) == 1
    [row] = await harness.store.deliveries(1)
    assert row.status == "sent"


async def test_two_processes_ticking_at_once_send_once(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mums = [await seed_mum(harness, i, at="07:30") for i in range(1, 21)]
    second = Store.from_url(harness.settings.database_url)
    await upgrade(second.engine)
    other = deps_of(harness.app).__class__(settings=harness.settings, content=harness.content,
                                           store=second, clock=harness.clock)
    harness.clock.now = THURSDAY.replace(hour=7, minute=30)
    first, again = await asyncio.gather(run_tick(harness.app.bot, deps_of(harness.app)),
                                        run_tick(harness.app.bot, other))
    await second.close()
    assert first.sent + again.sent == 20
    for mum in mums:
        assert len(texts(harness, mum)) == 1


async def test_a_blocked_user_is_marked_inactive_and_gets_nothing_more(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    other = await seed_mum(harness, 2, at="07:30")
    harness.double.block(mum)
    report = await harness.tick_at(THURSDAY.replace(hour=7, minute=30))
    assert (report.blocked, report.sent) == (1, 1)
    user = await harness.store.get_user(1)
    assert not user.active and user.next_nudge_at is None
    calls = len(harness.double.calls_to("sendMessage"))
    await harness.tick_at(datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
    assert len(harness.double.calls_to("sendMessage")) == calls + 1  # only the other mother
    assert len(texts(harness, other)) == 2
    harness.double.unblock(mum)
    await harness.say(mum, "/start")  # she comes back
    user = await harness.store.get_user(1)
    assert user.active and user.next_nudge_at is not None


async def test_no_run_check_in_for_a_mother_who_blocked_the_bot(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=4, at="07:30", run_days="0,1,2,3,4,5,6")
    harness.double.block(mum)
    await harness.tick_at(THURSDAY.replace(hour=7, minute=30))  # her run prompt: 403
    harness.clock.advance(hours=harness.content.nudges.checkin_after_hours)
    await harness.tick()
    await harness.tick()
    assert len(harness.double.calls_for(mum)) == 1, "only the prompt that found the block"


async def test_a_paused_user_gets_nothing_until_she_resumes(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    seen = await harness.say(mum, "/pause")
    assert "/resume" in seen.text
    await harness.tick_at(THURSDAY.replace(hour=7, minute=30))
    assert texts(harness, mum)[-1] == seen.texts[-1]
    harness.clock.now = THURSDAY.replace(hour=9)
    seen = await harness.say(mum, "/resume")
    assert "07:30" in seen.text
    await harness.tick_at(datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
    assert harness.content.phase(2).title in texts(harness, mum)[-1]


async def test_no_nudges_while_an_urgent_escalation_is_open(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, at="07:30")
    await harness.store.record_signs(1, level="urgent", source="symptoms", signs=["fever"])
    report = await harness.tick_at(THURSDAY.replace(hour=7, minute=30))
    assert report.skipped == 1 and texts(harness, mum) == []


async def run_day(h: Harness, user_id: int) -> None:
    user = await h.store.get_user(user_id)
    await h.tick_at(user.next_nudge_at)


async def test_three_fine_runs_step_her_up_one_rung(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=4, at="07:30", run_days="0,1,2,3,4,5,6", rung=2)
    ladder = harness.content.ladder
    for run in range(3):
        await run_day(harness, 1)
        assert "Run day" in texts(harness, mum)[-1]
        await harness.press(mum, harness.content.nudge_messages["button_done"], exact=True)
        seen = await harness.press(mum, harness.content.nudge_messages["checkin_fine"], exact=True)
        user = await harness.store.get_user(1)
        assert user.interval_level == (3 if run == 2 else 2)
    assert "steps up" in seen.text
    await run_day(harness, 1)
    assert f"{ladder[3].repeats} ×" in texts(harness, mum)[-1]


async def test_a_symptom_in_the_check_in_steps_back_and_reaches_apex(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=4, at="07:30", run_days="0,1,2,3,4,5,6", rung=4)
    await run_day(harness, 1)
    # She doesn't answer the buttons; the check-in comes hours later, once.
    harness.clock.advance(hours=harness.content.nudges.checkin_after_hours)
    await harness.tick()
    assert "How did your run go" in texts(harness, mum)[-1]
    await harness.tick()
    assert sum("How did your run go" in t for t in texts(harness, mum)) == 1, "asked once"
    seen = await harness.press(mum, harness.content.nudge_messages["checkin_symptom"], exact=True)
    assert "steps back" in seen.text
    assert (await harness.store.get_user(1)).interval_level == 3
    leaking = harness.content.signs_at("apex")[0]
    await harness.press(mum, leaking.label)
    seen = await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    assert harness.settings.apex_phone in seen.text
    async with harness.store.session() as s:
        [row] = (await s.exec(select(Escalation))).all()
    assert (row.level, row.source, row.signs) == ("apex", "checkin", [leaking.id])
    assert "Anna" in harness.double.messages(STAFF_CHAT_ID)[-1].text
    await run_day(harness, 1)
    held = texts(harness, mum)[-1]
    assert "Run day" not in held and harness.content.phase(2).title in held


async def test_something_felt_wrong_with_an_emergency_sign_gives_the_number(
        harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await run_day(harness, 1)
    await harness.press(mum, harness.content.nudge_messages["button_wrong"], exact=True)
    chest = next(s for s in harness.content.signs_at("emergency") if "chest" in s.label.lower())
    await harness.press(mum, chest.label)
    seen = await harness.press(mum, harness.content.messages["signs_done_button"], exact=True)
    assert "999" in seen.text
    for exercise in harness.content.phase(2).exercises:
        assert exercise.name not in seen.text
    report = await harness.tick_at(datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
    assert report.sent == 0, "no nudges while an emergency is open"


async def test_yesterdays_done_button_pressed_today_logs_yesterday(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    await run_day(harness, 1)
    yesterday = harness.double.last_message(mum)
    done = yesterday.buttons[0][1]
    harness.clock.now = datetime(2026, 11, 27, 10, tzinfo=UTC)
    await harness.press_data(mum, done, yesterday)
    assert "26 Nov 2026" in harness.double.last_message(mum).text
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert row.outcome == "done" and str(row.local_date) == "2026-11-26"
    before = len(harness.double.calls_to("answerCallbackQuery"))
    await harness.press_data(mum, done, yesterday)
    answers = harness.double.calls_to("answerCallbackQuery")
    assert len(answers) == before + 1
    assert answers[-1]["text"] == harness.content.nudge_messages["already_logged"]


async def test_someone_elses_session_button_changes_nothing(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    stranger = await seed_mum(harness, 2, phase=2, at="08:00")
    await run_day(harness, 1)
    mine = harness.double.last_message(mum)
    await harness.say(stranger, "/help")
    await harness.press_data(stranger, mine.buttons[0][1])
    async with harness.store.session() as s:
        [row] = (await s.exec(select(SessionLog))).all()
    assert row.outcome is None


async def test_progress_sends_a_chart_with_the_counts(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    for answer in ("done", "done", "skip", "done"):
        await run_day(harness, 1)
        label = "button_done" if answer == "done" else "button_skip"
        await harness.press(mum, harness.content.nudge_messages[label], exact=True)
    await harness.say(mum, "/progress")
    [photo] = harness.double.files(mum)
    assert photo.data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", photo.data[16:24])
    assert (width, height) == (700, 400)
    assert 5_000 < len(photo.data) < 300_000
    caption = harness.double.last_message(mum).text
    assert "3 sessions done, 1 skipped" in caption


async def test_today_and_plan_on_demand(harness: Harness) -> None:
    harness.clock.now = MONDAY
    mum = await seed_mum(harness, 1, phase=4, at="07:30", run_days="0,2,4")
    assert "Run day" in (await harness.say(mum, "/today")).text
    harness.clock.now = MONDAY + timedelta(days=1)
    strength_day = (await harness.say(mum, "/today")).text
    assert "Run day" not in strength_day and "Strength day" in strength_day
    assert harness.content.phase(4).title in strength_day, "labelled with her own phase"
    assert harness.content.phase(4).moves_on[:30] in (await harness.say(mum, "/plan")).text


async def test_breastfeeding_tip_on_run_days(harness: Harness) -> None:
    harness.clock.now = MONDAY - timedelta(hours=12)
    mum = await seed_mum(harness, 1, phase=4, at="07:30", run_days="0", feeding=True)
    await run_day(harness, 1)
    assert "Feed or express" in texts(harness, mum)[-1]


async def test_every_fourteen_days_the_prompt_suggests_a_reassessment(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    mum = await seed_mum(harness, 1, phase=2, at="07:30")
    for _ in range(15):
        await run_day(harness, 1)
    prompts = texts(harness, mum)
    with_nudge = [i for i, text in enumerate(prompts) if "/reassess" in text]
    assert with_nudge == [14], "day 14 after her assessment, and only then"
