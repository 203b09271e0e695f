"""Her commands outside any conversation: /today, /plan, /pause, /resume, /progress, /help
and /contact."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update

from bot.core.episodes import HOLDING
from bot.core.schedule import local_date
from bot.journey.coach import with_start_button
from bot.journey.her_plan import her_time, her_zone, is_held, next_nudge_at, render_plan, todays_plan
from bot.journey.media import send_exercise_media
from bot.journey.progress_chart import WEEKS, ChartWords, render, summarise
from bot.platform.context import Context, Deps, message_of, person_of
from bot.storage.models import User


async def _her(update: Update, deps: Deps) -> User | None:
    """Her row, or None after telling her to do the screening first."""
    user = await deps.store.get_user(person_of(update).id)
    if user is None or (user.phase is None and not await is_held(deps, user.telegram_id)):
        await message_of(update).reply_text(deps.texts.nudge("needs_screening"))
        return None
    return user


# --- /today, /plan, /pause, /resume ----------------------------------------------------

async def today_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    levels = (await deps.store.open_levels([user.telegram_id])).get(user.telegram_id, set())
    if levels & HOLDING or user.phase is None:
        await message_of(update).reply_text(deps.texts.nudge("held"))
        return
    latest = await deps.store.latest_assessment(user.telegram_id)
    day = local_date(deps.clock(), her_zone(deps, user))
    plan = todays_plan(deps, user, latest.answers if latest else {}, day, run_held="apex" in levels)
    await message_of(update).reply_text(
        render_plan(deps, plan, run_held="apex" in levels and user.phase >= 3),
        reply_markup=with_start_button(deps, plan))
    await send_exercise_media(context.bot, deps, user.telegram_id, [e.id for e in plan.exercises])


async def plan_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    if user.phase is None or await is_held(deps, user.telegram_id):
        await message_of(update).reply_text(deps.texts.nudge("held"))
        return
    phase = deps.texts.content.phase(user.phase)
    await message_of(update).reply_text(deps.texts.nudge(
        "plan_summary", number=phase.number, title=phase.title, goal=phase.goal,
        moves_on=phase.moves_on))


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
    summary = summarise(sessions, today)
    t = deps.texts
    words = ChartWords(done=t.msg("chart_done"), skipped=t.msg("chart_skipped"),
                       sessions=t.msg("chart_sessions"), step=t.msg("chart_step"),
                       title=t.msg("chart_title"), week=t.short_day)
    png = await asyncio.to_thread(render, summary, len(deps.content.ladder), words)
    await message_of(update).reply_photo(png, caption=deps.texts.nudge(
        "progress_caption", weeks=WEEKS, done=summary.done, skipped=summary.skipped,
        rung=user.interval_level + 1, rungs=len(deps.content.ladder)))


async def help_command(update: Update, context: Context) -> None:
    deps = context.deps
    await message_of(update).reply_text(
        deps.texts.help(staff=deps.settings.is_staff(person_of(update).id)))


async def contact_command(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.contact())
