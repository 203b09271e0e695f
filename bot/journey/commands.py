"""Her commands outside any conversation: /today, /plan, /pause, /resume, /progress, /help
and /contact."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from bot.core.schedule import local_date
from bot.journey.ask import ask_markup
from bot.journey.coach import with_start_button
from bot.journey.day import log_of_day, other_day_button, plan_of_day
from bot.journey.her_plan import (
    exercise_gate,
    her_time,
    her_zone,
    is_held,
    next_nudge_at,
    plan_summary,
    reassess_markup,
    render_plan,
    session_buttons,
    tell_gate,
)
from bot.journey.media import send_exercise_media
from bot.journey.progress_chart import WEEKS, ChartWords, render, summarise
from bot.platform.context import Context, Deps, message_of, person_of
from bot.storage.models import User, saved_id


async def _her(update: Update, deps: Deps) -> User | None:
    """Her row, for /pause, /resume and /progress: they need her result (a phase), or an
    episode holding her; otherwise she is told how to get one (exercise_gate)."""
    user = await deps.store.get_user(person_of(update).id)
    gate = await exercise_gate(deps, user)
    if user is None or (gate in ("screening", "reassess") and user.phase is None):
        await tell_gate(message_of(update), deps, gate or "screening")
        return None
    return user


# --- /today, /plan, /pause, /resume ----------------------------------------------------

async def _ready(update: Update, deps: Deps) -> User | None:
    """Her row when she may be given exercise; otherwise she is told why not (exercise_gate)."""
    user = await deps.store.get_user(person_of(update).id)
    if (gate := await exercise_gate(deps, user)) is not None:
        await tell_gate(message_of(update), deps, gate)
        return None
    return user


async def today_command(update: Update, context: Context) -> None:
    """Today's plan, with Done / Skip / Something felt wrong as the daily prompt has, and
    "I did it another day"."""
    deps = context.deps
    user = await _ready(update, deps)
    if user is None or user.phase is None:
        return
    now = deps.clock()
    day = local_date(now, her_zone(deps, user))
    plan, held = await plan_of_day(deps, user, day)
    row = await log_of_day(deps, user, day, plan)
    buttons = session_buttons(deps, saved_id(row))
    markup = InlineKeyboardMarkup([*buttons.inline_keyboard, other_day_button(deps)])
    await message_of(update).reply_text(
        render_plan(deps, plan, run_held=held and user.phase >= 3,
                    local_time=now.astimezone(ZoneInfo(her_zone(deps, user))).time()),
        reply_markup=with_start_button(deps, plan, markup))
    await send_exercise_media(context.bot, deps, user.telegram_id, [e.id for e in plan.exercises])


async def plan_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _ready(update, deps)
    if user is None:
        return
    latest = await deps.store.latest_assessment(user.telegram_id)
    levels = (await deps.store.open_levels([user.telegram_id])).get(user.telegram_id, set())
    await message_of(update).reply_text(plan_summary(deps, user, latest, deps.today(),
                                                     run_held="apex" in levels))


async def pause_command(update: Update, context: Context) -> None:
    deps = context.deps
    if await _her(update, deps) is None:
        return
    await deps.store.update_user(person_of(update).id, paused=True, next_nudge_at=None)
    await message_of(update).reply_text(deps.texts.nudge("paused"))


async def resume_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    user = await deps.store.update_user(user.telegram_id, paused=False)
    if user is None:  # read just now, and her updates are handled one at a time
        raise RuntimeError("her row is gone")
    await deps.store.update_user(user.telegram_id,
                                 next_nudge_at=next_nudge_at(deps, user, deps.clock()))
    if await is_held(deps, user.telegram_id):  # the nudges skip her until the clinic closes it
        await message_of(update).reply_text(deps.texts.nudge("resumed_held"))
        return
    if user.reassess_due_at is not None:  # they wait for her answers (exercise_gate)
        await message_of(update).reply_text(deps.texts.nudge("resumed_reassess"),
                                            reply_markup=reassess_markup(deps))
        return
    await message_of(update).reply_text(deps.texts.nudge(
        "resumed", time=deps.texts.clock(her_time(deps, user)),
        zone=deps.texts.zone_name(her_zone(deps, user))))


async def progress_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    today = local_date(deps.clock(), her_zone(deps, user))
    sessions = await deps.store.sessions_since(user.telegram_id, today - timedelta(weeks=WEEKS))
    if not sessions:
        await message_of(update).reply_text(deps.texts.nudge("progress_empty"))
        return
    # Her step now ends the chart's line, so the chart and the caption say the same.
    rung = user.interval_level + 1 if user.phase == 4 else None
    summary = summarise(sessions, today, rung_now=rung)
    t = deps.texts
    words = ChartWords(done=t.msg("chart_done"), skipped=t.msg("chart_skipped"),
                       unanswered=t.msg("chart_unanswered"),
                       sessions=t.msg("chart_sessions"), step=t.msg("chart_step"),
                       title=t.msg("chart_title"), week=t.short_day)
    png = await asyncio.to_thread(render, summary, len(deps.content.ladder), words)
    await message_of(update).reply_photo(png, caption=deps.texts.nudge(
        "progress_caption", weeks=WEEKS, done=summary.done, skipped=summary.skipped,
        rung=user.interval_level + 1, rungs=len(deps.content.ladder))
        + (" " + deps.texts.nudge("progress_unanswered", unanswered=summary.unanswered)
           if summary.unanswered else ""))


async def help_command(update: Update, context: Context) -> None:
    deps = context.deps
    await message_of(update).reply_text(
        deps.texts.help(staff=deps.settings.is_staff(person_of(update).id)))


async def contact_command(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.contact(),
                                        reply_markup=ask_markup(context.deps, "contact"))
