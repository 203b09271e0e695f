"""The run/walk coach through the real bot: a whole coached run with every cue on its second,
pause and resume, stop and the check-in, a symptom mid-run, restarts, two runners in two zones,
and buttons that are not hers. The clock is moved and the session's job step run by hand, never
slept on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.access.registry import RUN_CONTROL, START_RUN
from bot.core.coach import ABANDON_MARGIN_S, Shape, timeline
from bot.journey import coach
from bot.storage.models import Escalation, RunSession, SessionLog
from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness, seed_mum

MONDAY = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)  # a run day; 07:30 in London
EVERY_DAY = "0,1,2,3,4,5,6"
RUNG = 2  # 8 x (1:00 run, 1:00 walk)


def texts(h: Harness, user) -> list[str]:
    return [m.text or "" for m in h.double.messages(user.id)]


def words(h: Harness, key: str) -> str:
    """A message's fixed words, as sent (no placeholders in it)."""
    from bot.platform.context import deps_of

    return deps_of(h.app).texts.msg(key)


async def runner(h: Harness, user_id: int = 1, **kwargs) -> object:
    kwargs.setdefault("run_days", EVERY_DAY)
    kwargs.setdefault("rung", RUNG)
    return await seed_mum(h, user_id, phase=4, **kwargs)


async def session_of(h: Harness, user_id: int = 1) -> RunSession:
    async with h.store.session() as s:
        return (await s.exec(select(RunSession).where(RunSession.user_id == user_id)
                             .order_by(RunSession.id.desc()))).first()


async def step_at(h: Harness, when: datetime, user_id: int = 1) -> None:
    """The session's job, run at `when` (what the JobQueue does at the cue's moment)."""
    h.clock.now = when
    await coach.step(h.app, (await session_of(h, user_id)).id)


def jobs(h: Harness, session_id: int) -> list:
    return h.app.job_queue.get_jobs_by_name(f"coach-{session_id}")


CUES = timeline(Shape(60, 60, 8))


async def test_a_whole_coached_run_every_cue_on_its_second(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    seen = await h.say(mum, "/run")
    status, warmup = seen.texts
    assert "Your run" in status and "8 × (1 min run, 1 min walk)" in status
    assert "07:30" in status and "07:55" in status  # 5 + 8 + 7 + 5 minutes (a UK clinic: 24 h)
    assert [label for label, _ in seen.buttons] == ["⏸ Pause", "⏹ Stop", "Something felt wrong"]
    assert "Walk 5:00" in warmup and "leak" in warmup and "heaviness" in warmup
    session = await session_of(h)
    assert len(jobs(h, session.id)) == 1, "one job per session"
    sent = 2
    for cue in CUES[1:]:
        await step_at(h, MONDAY + timedelta(seconds=cue.at - 1))
        assert len(texts(h, mum)) == sent, f"nothing a second before cue {cue.index}"
        await step_at(h, MONDAY + timedelta(seconds=cue.at))
        sent += 1
        assert len(texts(h, mum)) == sent, f"cue {cue.index} on its second"
        await step_at(h, MONDAY + timedelta(seconds=cue.at + 1))
        assert len(texts(h, mum)) == sent, "never twice"
    said = texts(h, mum)
    assert "Run 1:00" in said[2] and "1 of 8" in said[2] and "strides" in said[2]
    assert "Walk 1:00" in said[3] and "1 of 8 done" in said[3]
    assert "Run 1:00" in said[4] and "2 of 8" in said[4] and "strides" not in said[4]
    assert "Run 1:00" in said[-3] and "8 of 8" in said[-3]
    assert "Walk 5:00" in said[-2] and "Shake it out" in said[-2]
    assert "run done" in said[-1] and "How did your run go" in said[-1]
    assert sum("leak" in t for t in said) == 2, "the stop rule once up front, then the check-in"
    assert len(said) == 2 + len(CUES) - 1  # status, warm-up, 8 runs, 7 walks, cool-down, end
    assert "Finished at 07:55" in h.double.messages(mum.id)[0].text
    assert h.double.messages(mum.id)[0].buttons == []
    assert jobs(h, session.id) == [] or all(j.removed for j in jobs(h, session.id))
    seen = await h.press(mum, h.content.nudge_messages["checkin_fine"], exact=True)
    assert "Next run stays the same" in seen.text
    async with h.store.session() as s:
        [log] = (await s.exec(select(SessionLog))).all()
    assert (log.kind, log.outcome, log.rung) == ("run", "fine", RUNG)
    # The check-in was asked: the day's tick does not ask again hours later.
    await h.tick_at(MONDAY + timedelta(hours=h.content.nudges.checkin_after_hours + 1))
    assert sum("How did your run go" in t for t in texts(h, mum)) == 1


async def test_the_run_day_prompt_and_today_offer_start_my_run(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY - timedelta(hours=1)
    mum = await runner(h, at="07:30")
    await h.tick_at(MONDAY)
    prompt = h.double.last_message(mum)
    assert "Run day" in prompt.text and prompt.buttons[0][1] == START_RUN.pack()
    seen = await h.press(mum, "Start my run")
    assert "Your run" in seen.text and "Walk 5:00" in seen.text
    async with h.store.session() as s:
        [log] = (await s.exec(select(SessionLog))).all()
    assert (await session_of(h)).log_id == log.id, "the prompt's own log gets the check-in"
    assert "You're in the middle of a run" in (await h.say(mum, "/run")).text
    seen = await h.say(mum, "/today")
    assert ("🏃 Start my run", START_RUN.pack()) in seen.buttons
    # Not a run day: no button, and /run says so.
    rest = await runner(h, 2, run_days="1")
    seen = await h.say(rest, "/today")
    assert START_RUN.pack() not in [d for _, d in seen.buttons]
    assert "isn't a run day" in (await h.say(rest, "/run")).text


async def test_pause_and_resume_carry_on_where_she_stopped(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await step_at(h, MONDAY + timedelta(seconds=300))  # run 1
    h.clock.now = MONDAY + timedelta(seconds=330)
    seen = await h.press(mum, "Pause")
    assert "Paused in the run (1 of 8), 0:30 left" in seen.text
    assert seen.buttons[0][0] == "▶️ Resume"
    before = len(texts(h, mum))
    await step_at(h, MONDAY + timedelta(seconds=360))
    await step_at(h, MONDAY + timedelta(seconds=900))
    assert len(texts(h, mum)) == before, "no cues while paused"
    h.clock.now = MONDAY + timedelta(seconds=930)  # ten minutes later
    seen = await h.press(mum, "Resume")
    assert "Back to it" in seen.text and "run (1 of 8)" in seen.text and "0:30 to go" in seen.text
    assert "You'll be done around 08:05" in h.double.messages(mum.id)[0].text  # 10 min later
    await step_at(h, MONDAY + timedelta(seconds=959))
    assert "Back to it" in texts(h, mum)[-1]
    await step_at(h, MONDAY + timedelta(seconds=960))
    assert "Walk 1:00" in texts(h, mum)[-1] and "1 of 8 done" in texts(h, mum)[-1]
    # A second Resume press (an old button) changes nothing.
    status = h.double.messages(mum.id)[0]
    await h.press_data(mum, RUN_CONTROL.pack((await session_of(h)).id, "resume"), status)
    assert (await session_of(h)).paused_s == 600


async def test_stop_leads_straight_to_the_check_in(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await step_at(h, MONDAY + timedelta(seconds=300))
    h.clock.now = MONDAY + timedelta(seconds=320)
    seen = await h.press(mum, "Stop")
    assert "Run stopped" in seen.text and "How did your run go" in seen.text
    assert "Stopped at 07:35" in h.double.messages(mum.id)[0].text
    assert [d for _, d in seen.buttons if d.startswith("ci1")], "the check-in's buttons"
    count = len(texts(h, mum))
    await step_at(h, MONDAY + timedelta(seconds=360))
    assert len(texts(h, mum)) == count, "no cue after Stop"
    seen = await h.press(mum, h.content.nudge_messages["checkin_hard"], exact=True)
    assert "Only full runs count toward your next step" in seen.text
    assert (await session_of(h)).state == "stopped"


async def test_runs_stopped_early_never_step_her_up_but_a_symptom_in_one_steps_her_back(
        harness: Harness) -> None:
    h = harness
    mum = await runner(h)
    needed = h.content.nudges.progress_after_sessions
    for day in range(needed + 1):  # more "fine" runs than a step up needs, each stopped early
        start = MONDAY + timedelta(days=day)
        h.clock.now = start
        await h.say(mum, "/run")
        h.clock.now = start + timedelta(seconds=CUES[3].at + 5)  # in her second run
        await h.press(mum, "Stop")
        seen = await h.press(mum, h.content.nudge_messages["checkin_fine"], exact=True)
        assert "Only full runs count" in seen.text
    assert (await h.store.get_user(1)).interval_level == RUNG
    async with h.store.session() as s:
        logs = (await s.exec(select(SessionLog).where(SessionLog.kind == "run"))).all()
    assert len(logs) == needed + 1 and all(log.partial for log in logs)

    # Stopped in the cool-down: every run interval was run, so it counts.
    start = MONDAY + timedelta(days=needed + 1)
    h.clock.now = start
    await h.say(mum, "/run")
    h.clock.now = start + timedelta(seconds=next(c.at for c in CUES if c.kind == "cooldown") + 5)
    await h.press(mum, "Stop")
    await h.press(mum, h.content.nudge_messages["checkin_fine"], exact=True)
    assert (await h.store.get_user(1)).interval_level == RUNG  # one full run of `needed`

    # A symptom in a stopped run still steps her back.
    start = MONDAY + timedelta(days=needed + 2)
    h.clock.now = start
    await h.say(mum, "/run")
    h.clock.now = start + timedelta(seconds=CUES[1].at + 5)
    await h.press(mum, "Stop")
    await h.press(mum, h.content.nudge_messages["checkin_symptom"], exact=True)
    assert (await h.store.get_user(1)).interval_level == RUNG - 1


async def test_something_felt_wrong_mid_run_stops_it_and_escalates(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await step_at(h, MONDAY + timedelta(seconds=300))
    seen = await h.press(mum, "Something felt wrong")
    assert "What did you notice" in seen.text
    assert "Stopped at" in h.double.messages(mum.id)[0].text
    leaking = h.content.signs_at("apex")[0]
    await h.press(mum, leaking.label)
    seen = await h.press(mum, h.content.messages["signs_done_button"], exact=True)
    assert h.settings.apex_phone in seen.text
    async with h.store.session() as s:
        [row] = (await s.exec(select(Escalation))).all()
        [log] = (await s.exec(select(SessionLog))).all()
    assert (row.level, row.source, row.signs) == ("apex", "checkin", [leaking.id])
    assert log.outcome == "symptom"
    assert "Anna" in h.double.messages(STAFF_CHAT_ID)[-1].text
    count = len(texts(h, mum))
    await step_at(h, MONDAY + timedelta(seconds=360))
    assert len(texts(h, mum)) == count, "no cue after a warning sign"
    assert "No running for now" in (await h.say(mum, "/run")).text, "not until APEX has seen her"


async def test_a_sign_typed_mid_run_stops_the_cues(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    seen = await h.say(mum, "I have chest pain")
    assert "999" in seen.text or h.settings.emergency_number in seen.text
    count = len(texts(h, mum))
    await step_at(h, MONDAY + timedelta(seconds=300))
    assert len(texts(h, mum)) == count, "no 'Run 1:00' after an emergency sign"
    assert (await session_of(h)).state == "stopped"
    assert "Your exercise is paused" in (await h.say(mum, "/run")).text


async def test_a_held_mother_cannot_start_a_run(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.store.record_signs(1, level="urgent", source="symptoms", signs=["fever"])
    seen = await h.say(mum, "/run")
    assert seen.texts == [h.content.nudge_messages["held"]]
    assert await session_of(h) is None
    await h.press_data(mum, START_RUN.pack(), h.double.last_message(mum))
    assert await session_of(h) is None


async def test_a_restart_mid_run_carries_on_none_twice_none_stale(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await step_at(h, MONDAY + timedelta(seconds=300))  # Run 1 of 8
    assert "Run 1:00" in texts(h, mum)[-1]
    # kill -9 two seconds after Run 1; the new process picks the session up: nothing again.
    await h.crash()
    h.clock.now = MONDAY + timedelta(seconds=302)
    await h.start()
    assert len(texts(h, mum)) == 3, "Run 1 is not sent twice"
    # Down again across Walk 1 (due at 360): back 20 s after it, it is not sent stale.
    await h.crash()
    h.clock.now = MONDAY + timedelta(seconds=380)
    await h.start()
    assert len(texts(h, mum)) == 3, "Walk 1 is 20 s late: folded, not sent"
    await step_at(h, MONDAY + timedelta(seconds=420))  # Run 2: on its second
    assert "Run 1:00" in texts(h, mum)[-1] and "2 of 8" in texts(h, mum)[-1]
    # Down across Walk 2 (due at 480), back 3 s after it: it goes out now, once.
    await h.crash()
    h.clock.now = MONDAY + timedelta(seconds=483)
    await h.start()
    assert "Walk 1:00" in texts(h, mum)[-1] and "2 of 8 done" in texts(h, mum)[-1]
    assert len(texts(h, mum)) == 5
    session = await session_of(h)
    assert session.last_cue == 4 and len(jobs(h, session.id)) == 1
    # The buttons still work after the restart.
    h.clock.now = MONDAY + timedelta(seconds=500)
    seen = await h.press(mum, "Stop")
    assert "How did your run go" in seen.text


async def test_a_paused_run_left_for_good_ends_itself(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await step_at(h, MONDAY + timedelta(seconds=300))
    h.clock.now = MONDAY + timedelta(seconds=330)
    await h.press(mum, "Pause")
    planned = CUES[-1].at
    await step_at(h, MONDAY + timedelta(seconds=planned + ABANDON_MARGIN_S - 1))
    assert (await session_of(h)).state == "paused"
    await step_at(h, MONDAY + timedelta(seconds=planned + ABANDON_MARGIN_S))
    assert (await session_of(h)).state == "abandoned"
    assert "closed your run" in texts(h, mum)[-1] and "How did your run go" in texts(h, mum)[-1]


async def test_two_runners_in_two_zones_each_hear_only_their_own(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY  # 07:30 in London
    london = await runner(h, 1, zone="Europe/London", name="Anna")
    new_york = await runner(h, 2, zone="America/New_York", name="Bea")
    await h.say(london, "/run")
    h.clock.now = MONDAY + timedelta(seconds=150)
    await h.say(new_york, "/run")  # 02:32 in New York
    assert "07:30" in texts(h, london)[0]
    assert "02:32" in texts(h, new_york)[0]
    await step_at(h, MONDAY + timedelta(seconds=300), user_id=1)
    await step_at(h, MONDAY + timedelta(seconds=300), user_id=2)
    assert "Run 1:00" in texts(h, london)[-1] and len(texts(h, new_york)) == 2
    await step_at(h, MONDAY + timedelta(seconds=450), user_id=2)
    await step_at(h, MONDAY + timedelta(seconds=450), user_id=1)
    assert "Run 1:00" in texts(h, new_york)[-1] and len(texts(h, london)) == 3


async def test_a_forged_or_another_mothers_pause_does_nothing(harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    anna = await runner(h, 1, name="Anna")
    bea = await runner(h, 2, name="Bea")
    await h.say(anna, "/run")
    hers = (await session_of(h, 1)).id
    await h.say(bea, "/help")
    for data in (RUN_CONTROL.pack(hers, "pause"), RUN_CONTROL.pack(hers, "stop"),
                 f"rw1:{hers}:steal", "rw1:999999:pause"):
        await h.press_data(bea, data, h.double.last_message(bea))
        answers = h.double.calls_to("answerCallbackQuery")
        assert answers[-1].get("text") == h.content.messages["stale_button"]
    session = await session_of(h, 1)
    assert (session.state, session.paused_at) == ("running", None)
    assert texts(h, anna)[-1].startswith("🚶")  # nothing more reached Anna
    await h.press_data(anna, RUN_CONTROL.pack(hers + 1000, "pause"), h.double.messages(anna.id)[0])
    assert (await session_of(h, 1)).state == "running"


async def test_her_runs_are_in_her_export(harness: Harness) -> None:
    import json

    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    await h.say(mum, "/export")
    [sent] = [f for f in h.double.files(mum.id) if f.kind == "document"]
    [row] = json.loads(sent.data)["tables"]["run_session"]
    assert row["rung"] == RUNG and row["state"] == "running"


async def test_the_sessions_one_job_sends_the_cue_and_schedules_itself_again(
        harness: Harness) -> None:
    """What the JobQueue runs at the cue's moment: the job's own callback, not a test shortcut."""
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    session = await session_of(h)
    [job] = jobs(h, session.id)
    assert job.data == session.id
    h.clock.now = MONDAY + timedelta(seconds=300)
    await job.run(h.app)
    assert "Run 1:00" in texts(h, mum)[-1]
    [following] = [j for j in jobs(h, session.id) if not j.removed]
    assert following is not job


async def test_stopped_in_the_warm_up_nothing_is_logged_and_she_can_start_again(
        harness: Harness) -> None:
    h = harness
    h.clock.now = MONDAY
    mum = await runner(h)
    await h.say(mum, "/run")
    h.clock.now = MONDAY + timedelta(seconds=120)
    seen = await h.press(mum, "Stop")
    assert "Run stopped" in seen.text and "nothing is logged" in seen.text
    assert "How did your run go" not in seen.text
    async with h.store.session() as s:
        [log] = (await s.exec(select(SessionLog))).all()
    assert log.outcome is None
    seen = await h.say(mum, "/run")
    assert "Walk 5:00" in seen.text



class TestInSpanish:
    """An American clinic, which ships Spanish."""

    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"clinic_locale": "en-US", "apex_phone": "+1 512 555 0100"}

    async def test_a_spanish_speaking_runner_hears_her_cues_in_spanish(
            self, harness: Harness) -> None:
        h = harness
        h.clock.now = MONDAY
        await runner(h)
        await h.store.set_language(1, "es")  # as consent stores it from her Telegram app
        mum = h.double.user(1, "Anna", language_code="es")
        seen = await h.say(mum, "/run")
        assert "Tu carrera" in seen.text and "Camina 5:00" in seen.text
        assert "a las 7:30" in seen.text  # her London time, on the clinic's 12-hour clock
        await step_at(h, MONDAY + timedelta(seconds=300))
        assert "Corre 1:00" in texts(h, mum)[-1] and "1 de 8" in texts(h, mum)[-1]
