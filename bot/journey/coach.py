"""The run/walk coach: "Start my run" (under a run day's prompt, under /today, or /run) talks her
through her rung of the ladder, a new message at every switch, one status message with Pause,
Resume, Stop and "Something felt wrong", and the check-in at the end.

Timing: the session's start, pauses and last cue live in the database (run_session); the cues are
derived from them by the pure core (bot.core.coach). One JobQueue job per session, named
`coach-<id>`, runs at the next cue's moment and schedules itself again. Why not the minute tick:
a cue must land on its second, and the tick only looks once a minute. Why not a job per cue: a
pause or a stop would have to find and cancel dozens; one job is moved or removed at once.

Restarts: at start-up every open session takes one step at once (post_init): a cue due within a
few seconds goes out, older ones are folded into the next (never sent stale), and the job is
scheduled again. Each cue is claimed in the database before it is sent (last_cue moves from the
value read to the new one, once), so two steps racing (a second process, a job and a press)
never send it twice.

Safety: a mother held by an escalation cannot start; an escalation opened while she runs (a sign
typed to the net, or ticked elsewhere) stops the session before its next cue, quietly: the advice
has already reached her. "Something felt wrong" stops it and opens the warning-sign screen, whose
Done goes through the one escalation path.

Button data:
  rn1           Start my run (today's run, for whoever presses it)
  rw1:<id>:<a>  pause | resume | stop | wrong, on her session <id> (checked: hers, still open)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import overload
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, JobQueue

from bot.access.registry import RUN_CONTROL, START_RUN
from bot.core.coach import (
    ABANDON_MARGIN_S,
    LATE_S,
    Cue,
    Shape,
    abandoned,
    clock_text,
    current,
    due,
    elapsed,
    left_in,
    runs_done,
    timeline,
    total_s,
)
from bot.core.episodes import HOLDING
from bot.core.plan import Plan
from bot.core.schedule import local_date
from bot.journey.day import describe_session
from bot.journey.her_plan import checkin_buttons, exercise_gate, her_zone, tell_gate, todays_plan
from bot.journey.symptoms import send_symptom_screen
from bot.platform.context import (
    Context,
    Deps,
    deps_of,
    message_of,
    person_of,
    query_of,
    reading_as,
)
from bot.platform.rate_limit import Priority, sending_as
from bot.storage.models import RunSession, User, saved_id
from bot.storage.store import RunStore

log = logging.getLogger(__name__)

STOPS_A_RUN = HOLDING | {"apex"}  # any open warning sign: no running until she is seen
JOB_GRACE_S = 600  # a job the loop runs late still runs: the core folds what is stale
MIN_WAIT_S = 0.05  # a cue due on the edge of LATE_S still gets a moment to leave
PICK_UP_PARALLEL = 8  # sessions picked up at once at start-up


# --- the button under a run day's plan ----------------------------------------------------

@overload
def with_start_button(deps: Deps, plan: Plan, markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    ...


@overload
def with_start_button(deps: Deps, plan: Plan,
                      markup: None = None) -> InlineKeyboardMarkup | None:
    ...


def with_start_button(deps: Deps, plan: Plan,
                      markup: InlineKeyboardMarkup | None = None) -> InlineKeyboardMarkup | None:
    """`markup` with "Start my run" on top when today's plan is a run; otherwise unchanged."""
    if plan.kind != "run":
        return markup
    start = [InlineKeyboardButton(deps.texts.msg("coach-start_button"),
                                  callback_data=START_RUN.pack())]
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    return InlineKeyboardMarkup([start, *rows])


# --- starting -------------------------------------------------------------------------------

async def run_command(update: Update, context: Context) -> None:
    await _start(update, context)


async def start_press(update: Update, context: Context) -> None:
    await query_of(update).answer()
    await _start(update, context)


async def _start(update: Update, context: Context) -> None:
    deps, message = context.deps, message_of(update)
    user_id = person_of(update).id
    user = await deps.store.get_user(user_id)
    if (gate := await exercise_gate(deps, user)) is not None:
        await tell_gate(message, deps, gate)
        return
    if user is None or user.phase is None:  # exercise_gate has said why
        return
    levels = (await deps.store.open_levels([user_id])).get(user_id, set())
    runs = RunStore(deps.store)
    if await runs.open_run(user_id) is not None:
        await message.reply_text(deps.texts.msg("coach-already_running"))
        return
    now = deps.clock()
    day = local_date(now, her_zone(deps, user))
    latest = await deps.store.latest_assessment(user_id)
    plan = todays_plan(deps, user, latest.answers if latest else {}, day,
                       run_held="apex" in levels)
    if plan.kind != "run" or plan.rung is None or plan.rung_index is None:
        # A pelvic-health sign open: no running until APEX has seen her, run day or not.
        await message.reply_text(deps.texts.msg(
            "coach-run_held" if "apex" in levels else "coach-not_run_day"))
        return
    day_log = await runs.coach_log(user_id, day, phase=user.phase, rung=plan.rung_index)
    if day_log.outcome not in (None, "done"):
        await message.reply_text(deps.texts.msg("coach-already_logged"))
        return
    shape = Shape(plan.rung.run_s, plan.rung.walk_s, plan.rung.repeats)
    row = await runs.start_run(user_id, log_id=saved_id(day_log), rung=plan.rung_index,
                               shape=shape.as_dict(), now=now)
    status = await message.reply_text(_status_text(deps, row, user, now),
                                      reply_markup=_controls(deps, row))
    row = await runs.change_run(saved_id(row), user_id, states=("running",),
                                status_message_id=status.message_id) or row
    cues = timeline(shape)
    await message.reply_text(_cue_text(deps, cues[0]))
    _schedule(context.application, saved_id(row), cues[1].at)


# --- the job ---------------------------------------------------------------------------------

async def coach_job(context: Context) -> None:
    """The JobQueue callback: one step of session `job.data`."""
    if context.job is None or not isinstance(context.job.data, int):
        return
    await step(context.application, context.job.data)


async def step(application: Application, session_id: int) -> None:
    """Whatever is due now for this session: a cue (or nothing, or a fold), the end, or the end
    of a session left paused; then the job again at the next cue."""
    deps, bot = deps_of(application), application.bot
    runs = RunStore(deps.store)
    row = await runs.run_session(session_id)
    if row is None or row.state not in ("running", "paused"):
        return
    user = await deps.store.get_user(row.user_id)
    if user is None:
        return
    now = deps.clock()
    cues = timeline(Shape.from_dict(row.shape))
    with reading_as(user.language), sending_as(Priority.NUDGE):
        levels = (await deps.store.open_levels([row.user_id])).get(row.user_id, set())
        if levels & STOPS_A_RUN:  # her advice has reached her: no cue after a warning sign
            await _close(application, row, user, "stopped", checkin=False)
            return
        if row.state == "paused":
            if abandoned(row.started_at, now, cues):
                await _close(application, row, user, "abandoned")
            else:
                deadline = row.started_at + timedelta(seconds=total_s(cues) + ABANDON_MARGIN_S)
                _schedule_at(application, session_id, (deadline - now).total_seconds())
            return
        at = elapsed(row.started_at, now, row.paused_s, row.paused_at)
        decision = due(cues, at, row.last_cue)
        if decision.last != row.last_cue:
            if not await runs.claim_cue(session_id, row.last_cue, decision.last):
                return  # another step has it (and schedules the next)
            if decision.folded:
                log.info("coach session %s: %d late cue(s) folded", session_id,
                         len(decision.folded))
            if decision.send is not None and decision.send.kind == "end":
                await _close(application, row, user, "finished")
                return
            if decision.send is not None and not await _send_in_time(
                    bot, deps, row, decision.send):
                return  # she has blocked the bot: the run ends there
        if decision.next_at is not None:  # from the clock after the send, which may have waited
            now_at = elapsed(row.started_at, deps.clock(), row.paused_s, row.paused_at)
            _schedule(application, session_id, decision.next_at - now_at)


async def pick_up_runs(application: Application) -> None:
    """At start-up: every run a restart interrupted carries on at the right point, a few at a
    time (their cues are due now, not one after the other)."""
    limit = asyncio.Semaphore(PICK_UP_PARALLEL)

    async def one(session_id: int) -> None:
        async with limit:
            try:
                await step(application, session_id)
            except Exception as exc:  # noqa: BLE001  (one session must not hold up the others)
                log.error("a coached run could not be picked up: %s", type(exc).__name__)

    rows = await RunStore(deps_of(application).store).open_runs()
    await asyncio.gather(*(one(saved_id(row)) for row in rows))


# --- her buttons -----------------------------------------------------------------------------

async def control_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    session_id, action = RUN_CONTROL.unpack(query.data)
    user_id = person_of(update).id
    runs = RunStore(deps.store)
    row = await runs.run_session(session_id)
    if row is None or row.user_id != user_id:  # forged, or another mother's
        await query.answer(deps.texts.msg("stale_button"))
        return
    user = await deps.store.get_user(user_id)
    if user is None or row.state not in ("running", "paused"):
        await query.answer(deps.texts.msg("coach-over"))
        return
    now = deps.clock()
    cues = timeline(Shape.from_dict(row.shape))
    application, bot = context.application, context.bot
    if action == "pause":
        changed = await runs.change_run(session_id, user_id, states=("running",),
                                        state="paused", paused_at=now)
        await query.answer(deps.texts.msg("coach-paused" if changed else "coach-over"))
        if changed:
            _unschedule(application, session_id)
            deadline = changed.started_at + timedelta(seconds=total_s(cues) + ABANDON_MARGIN_S)
            _schedule_at(application, session_id, (deadline - now).total_seconds())
            await _edit_status(bot, deps, changed, user, now)
        return
    if action == "resume":
        paused_for = (now - row.paused_at).total_seconds() if row.paused_at else 0.0
        changed = await runs.change_run(session_id, user_id, states=("paused",), state="running",
                                        paused_at=None, paused_s=row.paused_s + max(0.0, paused_for))
        await query.answer()
        if changed is None:
            return
        at = elapsed(changed.started_at, now, changed.paused_s, None)
        await _edit_status(bot, deps, changed, user, now)
        await message_of(update).reply_text(deps.texts.msg(
            "coach-resumed", part=_part(deps, current(cues, at)),
            left=clock_text(left_in(cues, at))))
        decision = due(cues, at, changed.last_cue)
        if decision.last != changed.last_cue:  # a cue fell due as she paused: it goes now
            _schedule(application, session_id, 0)
        elif decision.next_at is not None:
            _schedule(application, session_id, decision.next_at - at)
        return
    # stop, or something felt wrong: the run ends here
    await query.answer()
    wrong = action == "wrong"
    await _close(application, row, user, "stopped", checkin=not wrong)
    if wrong:
        await send_symptom_screen(update, deps, source="w", ref=row.log_id or 0)


# --- ending ----------------------------------------------------------------------------------

async def _close(application: Application, row: RunSession, user: User, how: str, *,
                 checkin: bool = True) -> None:
    """End the session (once: a second close finds it closed and does nothing), show it on the
    status, and ask how it went, straight away (the daily tick will not ask again), unless
    she never got past the warm-up."""
    deps, bot = deps_of(application), application.bot
    now = deps.clock()
    closed = await RunStore(deps.store).change_run(saved_id(row), row.user_id,
                                                   states=("running", "paused"), state=how,
                                                   ended_at=now)
    if closed is None:
        return
    _unschedule(application, saved_id(row))
    await _edit_status(bot, deps, closed, user, now)
    if not checkin:
        return
    lead = deps.texts.msg({"finished": "coach-cue_end", "stopped": "coach-stopped",
                           "abandoned": "coach-ended_itself"}[how])
    cues = timeline(Shape.from_dict(closed.shape))
    at = elapsed(closed.started_at, now, closed.paused_s, closed.paused_at)
    if at <= cues[1].at:
        # Stopped in the warm-up: no running to ask about, and nothing logged; today's run
        # is still hers to start again.
        await _send(bot, deps, closed, f"{lead}\n\n{deps.texts.msg('coach-not_started')}")
        return
    day_log = await deps.store.session_log(row.log_id) if row.log_id else None
    if day_log is None or day_log.outcome not in (None, "done"):
        await _send(bot, deps, closed, lead)
        return
    if how == "stopped" and not runs_done(cues, at):  # how it went is asked, but see partial
        await deps.store.mark_partial(saved_id(day_log))
    if day_log.outcome is None:
        await deps.store.record_outcome(saved_id(day_log), row.user_id, "done")
    await deps.store.checkin_sent(saved_id(day_log))
    await _send(bot, deps, closed, f"{lead}\n\n{deps.texts.nudge('checkin_question')}",
                checkin_buttons(deps, saved_id(day_log)))


async def _send_in_time(bot: Bot, deps: Deps, row: RunSession, cue: Cue) -> bool:
    """A cue, if it can leave before it is stale. Past Telegram's ceiling the sender makes it
    wait its turn (replies first); still waiting LATE_S after the cue's moment, it is taken out
    of the queue unsent (the sender skips a cancelled waiter) and so folded into the next one.
    Cancelled after it left, it left in time. False if she has blocked the bot."""
    at = elapsed(row.started_at, deps.clock(), row.paused_s, row.paused_at)
    try:
        async with asyncio.timeout(max(LATE_S - (at - cue.at), MIN_WAIT_S)):
            return await _send(bot, deps, row, _cue_text(deps, cue))
    except TimeoutError:
        log.info("coach session %s: a cue waited past its moment and was folded", row.id)
        return True


async def _send(bot: Bot, deps: Deps, row: RunSession, text: str,
                markup: InlineKeyboardMarkup | None = None) -> bool:
    """A new message to her (so her phone buzzes). False if she has blocked the bot: the run
    ends there."""
    try:
        await bot.send_message(row.user_id, text, reply_markup=markup)
    except Forbidden:
        await deps.store.mark_inactive(row.user_id)
        await RunStore(deps.store).change_run(saved_id(row), row.user_id,
                                              states=("running", "paused"), state="abandoned",
                                              ended_at=deps.clock())
        return False
    except TelegramError as exc:  # claimed already: at most once, never repeated stale
        log.warning("a coach cue was not delivered: %s", type(exc).__name__)
    return True


# --- what she reads --------------------------------------------------------------------------

def _cue_text(deps: Deps, cue: Cue) -> str:
    t = deps.texts
    length = clock_text(cue.length)
    if cue.kind == "warmup":
        return t.msg("coach-cue_warmup", length=length)
    if cue.kind == "run":
        text = t.msg("coach-cue_run", length=length, number=cue.number, of=cue.of)
        return f"{text}\n{t.msg('coach-form_cue')}" if cue.first_run else text
    if cue.kind == "walk":
        return t.msg("coach-cue_walk", length=length, number=cue.number, of=cue.of)
    if cue.kind == "cooldown":
        return t.msg("coach-cue_cooldown", length=length)
    return t.msg("coach-cue_end")


def _part(deps: Deps, cue: Cue) -> str:
    return deps.texts.msg(f"coach-part_{cue.kind}", number=cue.number, of=cue.of)


def _status_text(deps: Deps, row: RunSession, user: User, now: datetime) -> str:
    t = deps.texts
    shape = Shape.from_dict(row.shape)
    cues = timeline(shape)
    zone = ZoneInfo(her_zone(deps, user))

    def when(at: datetime) -> str:
        return t.clock(at.astimezone(zone))

    rung = min(row.rung, len(deps.content.ladder) - 1)
    head = t.msg("coach-status", session=describe_session(deps, rung),
                 warmup=clock_text(shape.warmup_s))
    if row.state == "running":
        ends = row.started_at + timedelta(seconds=row.paused_s + total_s(cues))
        line = t.msg("coach-state_running", started=when(row.started_at), ends=when(ends))
    elif row.state == "paused":
        at = elapsed(row.started_at, now, row.paused_s, row.paused_at)
        line = t.msg("coach-state_paused", part=_part(deps, current(cues, at)),
                     left=clock_text(left_in(cues, at)))
    else:
        line = t.msg(f"coach-state_{row.state}", time=when(row.ended_at or now))
    return f"{head}\n{line}"


def _controls(deps: Deps, row: RunSession) -> InlineKeyboardMarkup | None:
    if row.state not in ("running", "paused"):
        return None
    t, session_id = deps.texts, saved_id(row)
    toggle = "resume" if row.state == "paused" else "pause"
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(t.msg(f"coach-button_{toggle}"),
                              callback_data=RUN_CONTROL.pack(session_id, toggle)),
         InlineKeyboardButton(t.msg("coach-button_stop"),
                              callback_data=RUN_CONTROL.pack(session_id, "stop"))],
        [InlineKeyboardButton(t.nudge("button_wrong"),
                              callback_data=RUN_CONTROL.pack(session_id, "wrong"))],
    ])


async def _edit_status(bot: Bot, deps: Deps, row: RunSession, user: User, now: datetime) -> None:
    """The status message, edited only when the run changes state (start, pause, resume, end):
    the cues carry the moment-to-moment."""
    if row.status_message_id is None:
        return
    with contextlib.suppress(TelegramError):  # too old to edit, or deleted: the cues go on
        await bot.edit_message_text(_status_text(deps, row, user, now), chat_id=row.user_id,
                                    message_id=row.status_message_id,
                                    reply_markup=_controls(deps, row))


# --- the one job per session ------------------------------------------------------------------

def _job_name(session_id: int) -> str:
    return f"coach-{session_id}"


def _jobs(application: Application) -> JobQueue:
    if application.job_queue is None:
        raise RuntimeError("the coach needs PTB's job queue: install python-telegram-bot[job-queue]")
    return application.job_queue


def _unschedule(application: Application, session_id: int) -> None:
    for job in _jobs(application).get_jobs_by_name(_job_name(session_id)):
        job.schedule_removal()


def _schedule(application: Application, session_id: int, seconds: float) -> None:
    _schedule_at(application, session_id, seconds)


def _schedule_at(application: Application, session_id: int, seconds: float) -> None:
    """The session's one job, moved to `seconds` from now (replacing any other)."""
    _unschedule(application, session_id)
    _jobs(application).run_once(coach_job, max(0.0, seconds), data=session_id,
                                name=_job_name(session_id),
                                job_kwargs={"misfire_grace_time": JOB_GRACE_S, "coalesce": True})
