"""The daily nudges: one JobQueue job a minute sends every prompt, run reminder and check-in due.

No job per user: the database holds the schedule (user.next_nudge_at, indexed). Each tick takes
the users whose time has come in batches, claims each day's delivery through a unique row (so
a nudge goes out at most once a day, across restarts and processes), sends, and computes the
next due instant with zoneinfo.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut

from bot.core.episodes import HOLDING
from bot.core.schedule import decide, local_date, next_due
from bot.desk.escalations import remind_unclaimed
from bot.journey.coach import with_start_button
from bot.journey.her_plan import (
    checkin_buttons,
    her_time,
    her_zone,
    next_nudge_at,
    next_pelvic_at,
    reassess_due,
    render_plan,
    session_buttons,
    todays_plan,
)
from bot.journey.media import send_exercise_media
from bot.platform.context import Context, Deps, reading_as
from bot.platform.rate_limit import Priority, sending_as
from bot.safety.escalation import replay_outbox
from bot.storage.models import User, saved_id

log = logging.getLogger(__name__)

TICK_SECONDS = 60
BATCH = 500
PARALLEL_SENDS = 8  # enough to keep ~30 msg/s flowing at real Telegram latency; the limiter caps it
CLAIM_LEASE = timedelta(minutes=2)


@dataclass
class TickReport:
    sent: int = 0
    skipped: int = 0
    blocked: int = 0
    failed: int = 0
    busy: list[int] = field(default_factory=list)


async def nudge_tick(context: Context) -> None:
    """The JobQueue callback."""
    application = context.application
    await run_tick(context.bot, context.deps, running=lambda: application.running)


async def run_tick(bot: Bot, deps: Deps,
                   running: Callable[[], bool] = lambda: True) -> TickReport:
    """`running` turns False when the bot is stopping (SIGTERM): the sends under way finish and
    the mothers not yet reached stay due, so the next start (or standby) nudges them."""
    # First the warning signs the database could not take while it was down. Whatever happens
    # there, the nudges and the staff's reminders below still run.
    try:
        await replay_outbox(bot, deps)
    except Exception as exc:  # noqa: BLE001
        log.critical("the outbox could not be replayed: %s", type(exc).__name__)
    now = deps.clock()
    report = TickReport()
    limit = asyncio.Semaphore(PARALLEL_SENDS)
    after: tuple[datetime, int] | None = None
    while True:
        users = await deps.store.due_users(now, after=after, limit=BATCH)
        if not users:
            break
        holds = await deps.store.open_levels([u.telegram_id for u in users])

        async def one(user: User, levels: set[str]) -> None:
            async with limit:
                if not running():
                    return
                try:
                    with reading_as(user.language):  # this task's replies are in her language
                        await _nudge(bot, deps, user, now, levels, report)
                except Exception as exc:  # noqa: BLE001  (one mother's failure must not stop the rest)
                    report.failed += 1
                    log.error("nudge for one user failed: %s", type(exc).__name__)

        await asyncio.gather(*(one(u, holds.get(u.telegram_id, set())) for u in users))
        if not running():
            return report
        after = (_due_at(users[-1]), users[-1].telegram_id)
        if len(users) < BATCH:
            break
    await _pelvic_reminders(bot, deps, now, running)
    checkins = await deps.store.due_checkins(now)
    holds = await deps.store.open_levels([row.user_id for row in checkins])
    for row in checkins:
        held = bool(holds.get(row.user_id, set()) & HOLDING)
        await _checkin(bot, deps, saved_id(row), row.user_id, row.local_date, held)
    await remind_unclaimed(bot, deps)
    return report


async def _nudge(bot: Bot, deps: Deps, user: User, now: datetime, open_levels: set[str],
                 report: TickReport) -> None:
    zone, reminder = her_zone(deps, user), her_time(deps, user)
    grace = timedelta(hours=deps.content.nudges.grace_hours)
    due = _due_at(user)
    following = next_due(reminder, zone, max(due, now - grace))
    decision = decide(due, now, tz=zone, reminder=reminder, grace=grace)
    if next_nudge_at(deps, user, now) is None:  # paused, or waiting for her answers since
        report.skipped += 1                      # the clinic closed an episode: none due
        await deps.store.update_user(user.telegram_id, next_nudge_at=None)
        return
    if decision == "skip" or user.phase is None or open_levels & HOLDING:
        report.skipped += 1
        await deps.store.update_user(user.telegram_id, next_nudge_at=following)
        return
    day = local_date(due, zone)
    claim = await deps.store.claim(user.telegram_id, "daily", day, now, CLAIM_LEASE)
    if claim == "busy":
        report.busy.append(user.telegram_id)
        return
    if claim == "claimed":
        status = await _send_daily(bot, deps, user, user.phase, day, now,
                                   run_held="apex" in open_levels)
        if status == "retry":
            return  # the claim's lease runs out and a later tick sends it, within grace
        await deps.store.set_delivery_status(user.telegram_id, "daily", day, status)
        if status == "blocked":
            report.blocked += 1
            return
        report.sent += status == "sent"
        report.failed += status == "failed"
    await deps.store.update_user(user.telegram_id, next_nudge_at=following)


async def _send_daily(bot: Bot, deps: Deps, user: User, phase: int, day: date, now: datetime, *,
                      run_held: bool) -> str:
    latest = await deps.store.latest_assessment(user.telegram_id)
    plan = todays_plan(deps, user, latest.answers if latest else {}, day, run_held=run_held)
    checkin_at = now + timedelta(hours=deps.content.nudges.checkin_after_hours)
    row = await deps.store.log_session(
        user.telegram_id, day, plan.kind, phase=phase,
        rung=plan.rung_index if plan.kind == "run" else None,
        planned=[e.name for e in (*plan.exercises, *plan.pelvic_floor)],
        checkin_due_at=checkin_at if plan.kind == "run" else None)
    text = render_plan(deps, plan, run_held=run_held and phase >= 3,
                       local_time=now.astimezone(ZoneInfo(her_zone(deps, user))).time())
    if latest and latest.completed_at and reassess_due(latest.completed_at.date(), day,
                                                        deps.content.nudges.reassess_every_days):
        text += "\n\n" + deps.texts.nudge("reassess_nudge")
    markup = with_start_button(deps, plan, session_buttons(deps, saved_id(row)))
    status = await send_claimed(bot, deps, user.telegram_id, "daily", day, text, markup)
    if status == "sent":  # the pictures of the moves follow her words, never stand in for them
        with sending_as(Priority.NUDGE):
            await send_exercise_media(bot, deps, user.telegram_id, [e.id for e in plan.exercises])
    return status


async def _pelvic_reminders(bot: Bot, deps: Deps, now: datetime,
                            running: Callable[[], bool]) -> None:
    """The short pelvic floor reminders she asked for, at her times, each at most once a day
    (claimed per time and local date). A mother paused, blocked, without a phase, held by an
    emergency or urgent sign, or still to answer the questions after one, gets none, and her
    next time is kept ready for when that ends; a pelvic-health sign (APEX) holds nothing
    here: that is when the pelvic floor matters most."""
    grace = timedelta(hours=deps.content.nudges.grace_hours)
    while running():
        users = await deps.store.due_pelvic(now, limit=BATCH)
        if not users:
            return
        holds = await deps.store.open_levels([u.telegram_id for u in users])
        for user in users:
            try:
                with reading_as(user.language):
                    await _pelvic_one(bot, deps, user, now, grace,
                                      bool(holds.get(user.telegram_id, set()) & HOLDING))
            except Exception as exc:  # noqa: BLE001  (one mother's failure must not stop the rest)
                log.error("a pelvic floor reminder failed: %s", type(exc).__name__)
                await deps.store.update_user(user.telegram_id,
                                             next_pelvic_at=next_pelvic_at(deps, user, now))
        if len(users) < BATCH:
            return


async def _pelvic_one(bot: Bot, deps: Deps, user: User, now: datetime, grace: timedelta,
                      held: bool) -> None:
    """The latest of her times that has come, if it is within grace (after an outage, one
    reminder, not one per missed time); then her next time after now."""
    due = user.next_pelvic_at
    latest, upcoming = None, due if due is not None and due >= now - grace \
        else next_pelvic_at(deps, user, now - grace)
    while upcoming is not None and upcoming <= now:
        latest, upcoming = upcoming, next_pelvic_at(deps, user, upcoming)
    if latest is not None and not held and next_nudge_at(deps, user, now) is not None:
        zone = her_zone(deps, user)
        local = latest.astimezone(ZoneInfo(zone))
        if decide(latest, now, tz=zone, reminder=local.time(), grace=grace) != "skip":
            kind, day = "pelvic-" + local.strftime("%H%M"), local.date()
            claim = await deps.store.claim(user.telegram_id, kind, day, now, CLAIM_LEASE)
            if claim == "busy":
                return
            if claim == "claimed":
                status = await send_claimed(bot, deps, user.telegram_id, kind, day,
                                            deps.texts.nudge("pelvic_reminder"), None)
                if status == "retry":
                    return  # the claim's lease runs out and a later tick sends it, within grace
                await deps.store.set_delivery_status(user.telegram_id, kind, day, status)
    await deps.store.update_user(user.telegram_id, next_pelvic_at=upcoming)


def _due_at(user: User) -> datetime:
    """When her nudge fell due: set for every user due_users returns."""
    if user.next_nudge_at is None:
        raise ValueError("a due user without a nudge time")
    return user.next_nudge_at


async def _checkin(bot: Bot, deps: Deps, log_id: int, user_id: int, day: date,
                   held: bool) -> None:
    """Ask once how the run went. A missed check-in is not asked again, nor asked of a mother
    who has blocked the bot since her run was planned, or who is held by an escalation."""
    user = await deps.store.get_user(user_id)
    if user is None or not user.active or held:
        await deps.store.checkin_sent(log_id)  # no longer due
        return
    claim = await deps.store.claim(user_id, "checkin", day, deps.clock(), CLAIM_LEASE)
    if claim == "busy":
        return
    if claim == "claimed":
        with reading_as(user.language):
            text, buttons = deps.texts.nudge("checkin_question"), checkin_buttons(deps, log_id)
        status = await send_claimed(bot, deps, user_id, "checkin", day, text, buttons)
        if status == "retry":
            return
        await deps.store.set_delivery_status(user_id, "checkin", day, status)
    await deps.store.checkin_sent(log_id)


async def send_claimed(bot: Bot, deps: Deps, user_id: int, kind: str, day: date, text: str,
                       markup: InlineKeyboardMarkup | None) -> str:
    """Send a claimed nudge, marked "sending" first. A process killed during the send leaves
    it so, and no later claim takes it over: it may have arrived, and at most once is the rule
    (as for a TimedOut). Only a claim that never got this far is taken over after its lease."""
    await deps.store.set_delivery_status(user_id, kind, day, "sending")
    with sending_as(Priority.NUDGE):  # replies and alerts waiting for a turn go first
        status = await send_safely(bot, deps, user_id, text, markup)
    if status == "retry":  # it certainly did not arrive: a later tick takes the claim over
        await deps.store.set_delivery_status(user_id, kind, day, "claimed")
    return status


async def send_safely(bot: Bot, deps: Deps, chat_id: int, text: str,
                      markup: InlineKeyboardMarkup | None = None) -> str:
    """Send one nudge. Returns "sent", "blocked" (she blocked the bot: marked inactive),
    "failed" (Telegram refused it, or it may have arrived: never sent twice), or "retry"
    (it certainly did not arrive: a later tick tries again)."""
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except Forbidden:
        await deps.store.mark_inactive(chat_id)
        return "blocked"
    except (BadRequest, TimedOut) as exc:
        log.warning("a nudge was not delivered: %s", type(exc).__name__)
        return "failed"
    except TelegramError as exc:
        log.warning("a nudge will be retried: %s", type(exc).__name__)
        return "retry"
    return "sent"
