"""What she does with her nudges: Done / Skip / Something felt wrong, the run check-in and
progression, /symptoms at any time, and /today, /plan, /pause, /resume."""

from __future__ import annotations

import asyncio
import html
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access.registry import CHECKIN, SESSION, SYMPTOM
from bot.context import Context, Deps
from bot.core.episodes import HOLDING, most_serious
from bot.core.ladder import progress
from bot.core.plan import describe_rung
from bot.core.schedule import local_date
from bot.nudges import (
    checkin_buttons,
    first_due,
    her_time,
    her_zone,
    render_plan,
    todays_plan,
)
from bot.progress_chart import WEEKS, render, summarise
from bot.safety.escalation import escalate
from bot.storage.models import User, utcnow
from bot.texts import Birth, format_date

TICK, BOX = "☑️ ", "⬜ "


async def _her(update: Update, deps: Deps) -> User | None:
    """Her row, or None after telling her to do the screening first."""
    user = await deps.store.get_user(update.effective_user.id)
    if user is None or (user.phase is None and not await _held(deps, user)):
        await update.effective_message.reply_text(deps.texts.nudge("needs_screening"))
        return None
    return user


async def _held(deps: Deps, user: User) -> bool:
    levels = (await deps.store.open_levels([user.telegram_id])).get(user.telegram_id, set())
    return bool(levels & HOLDING)


# --- Done / Skip / Something felt wrong ------------------------------------------------

async def session_action(update: Update, context: Context) -> None:
    deps, query = context.deps, update.callback_query
    log_id, action = SESSION.unpack(query.data)
    row = await deps.store.session_log(log_id)
    if row is None or row.user_id != update.effective_user.id:
        await query.answer(deps.texts.msg("stale_button"))
        return
    if action == "wrong":
        await query.answer()
        await send_symptom_screen(update, deps, source="w", ref=log_id)
        return
    if row.outcome is not None:
        await query.answer(deps.texts.nudge("already_logged"))
        return
    if row.kind == "run" and action == "done":
        # How it went matters more than that it happened: ask now instead of later.
        await query.answer()
        await deps.store.record_outcome(row.id, row.user_id, "done")
        await query.edit_message_reply_markup(reply_markup=None)
        await query.message.reply_text(deps.texts.nudge("checkin_question"),
                                       reply_markup=checkin_buttons(deps, row.id))
        return
    await deps.store.record_outcome(row.id, row.user_id, "done" if action == "done" else "skipped")
    await query.answer()
    note = deps.texts.nudge("logged_done" if action == "done" else "logged_skip")
    today = local_date(deps.clock(), her_zone(deps, await deps.store.get_user(row.user_id)))
    if row.local_date != today:
        note += " " + deps.texts.nudge("logged_late", date=format_date(row.local_date))
    await query.edit_message_text(f"{query.message.text_html}\n\n{note}", reply_markup=None)


# --- the run check-in and progression --------------------------------------------------

async def checkin_answer(update: Update, context: Context) -> None:
    deps, query = context.deps, update.callback_query
    log_id, answer = CHECKIN.unpack(query.data)
    user_id = update.effective_user.id
    row = await deps.store.record_outcome(log_id, user_id, answer, over=("done",))
    if row is None:
        await query.answer(deps.texts.nudge("already_logged"))
        return
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    user = await deps.store.get_user(user_id)
    rung = user.interval_level if row.rung is None else row.rung
    history = await deps.store.outcomes_at_rung(user_id, rung, user.interval_since)
    needed = deps.content.nudges.progress_after_sessions
    step = progress(rung, history, needed=needed, top=len(deps.content.ladder) - 1)
    if step.rung != user.interval_level:
        await deps.store.update_user(user_id, interval_level=step.rung, interval_since=utcnow())
    session = describe_session(deps, step.rung)
    key = {"up": "rung_up", "down": "rung_down"}.get(step.change, "rung_same")
    note = deps.texts.nudge(key, count=needed, session=session)
    if answer == "symptom":  # one message: the step back, then what she noticed
        await send_symptom_screen(update, deps, source="c", ref=row.id, lead=note)
        return
    await query.message.reply_text(note)


def describe_session(deps: Deps, rung_index: int) -> str:
    numbers = describe_rung(deps.content.ladder[rung_index])
    if numbers["continuous"]:
        return f"{numbers['total']} min continuous"
    return f"{numbers['repeats']} × ({numbers['run']} run, {numbers['walk']} walk)"


# --- the symptom screen: the same warning signs as the questionnaire -------------------
# SYMPTOM buttons: a sign toggles it, "=" is Done, "0" is None of these. The ticks live in
# the message's own keyboard, so nothing is stored until she presses Done.
SOURCES = {"s": "symptoms", "c": "checkin", "w": "checkin"}


async def symptoms_command(update: Update, context: Context) -> None:
    deps = context.deps
    if await deps.store.get_user(update.effective_user.id) is None:
        await update.effective_message.reply_text(deps.texts.nudge("needs_screening"))
        return
    await send_symptom_screen(update, deps, source="s", ref=0)


async def send_symptom_screen(update: Update, deps: Deps, *, source: str, ref: int,
                              lead: str = "") -> None:
    prompt = deps.texts.nudge("symptoms_prompt")
    await update.effective_message.reply_text(
        f"{lead}\n\n{prompt}" if lead else prompt,
        reply_markup=_symptom_keyboard(deps, source, ref, set()))


def _symptom_keyboard(deps: Deps, source: str, ref: int, chosen: set[str]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(deps.texts.msg("signs_none"),
                                  callback_data=SYMPTOM.pack(source, ref, "0"))]]
    rows += [[InlineKeyboardButton((TICK if s.id in chosen else BOX) + s.label,
                                   callback_data=SYMPTOM.pack(source, ref, s.id))]
             for s in deps.content.signs]
    rows.append([InlineKeyboardButton(deps.texts.msg("signs_done_button"),
                                      callback_data=SYMPTOM.pack(source, ref, "="))])
    return InlineKeyboardMarkup(rows)


def _ticked(query_markup: InlineKeyboardMarkup | None, deps: Deps) -> set[str]:
    known = {s.id for s in deps.content.signs}
    chosen = set()
    for row in (query_markup.inline_keyboard if query_markup else ()):
        for button in row:
            data = SYMPTOM.unpack(button.callback_data)
            if data is not None and data.sign in known and button.text.startswith(TICK):
                chosen.add(data.sign)
    return chosen


async def symptom_press(update: Update, context: Context) -> None:
    deps, query = context.deps, update.callback_query
    source, ref, choice = SYMPTOM.unpack(query.data)
    known = {s.id for s in deps.content.signs}
    if choice not in known | {"=", "0"}:
        await query.answer(deps.texts.msg("stale_button"))
        return
    chosen = _ticked(query.message.reply_markup, deps)
    if choice in known:
        chosen ^= {choice}
        await query.answer()
        await query.edit_message_reply_markup(_symptom_keyboard(deps, source, ref, chosen))
        return
    await query.answer()
    if choice == "0":
        chosen = set()
    labels = deps.texts.labels(s.id for s in deps.content.signs if s.id in chosen)
    await query.edit_message_text(
        f"{query.message.text_html}\n\n✓ <b>{html.escape(labels or deps.texts.msg('signs_none'))}</b>",
        reply_markup=None)
    user = await deps.store.get_user(update.effective_user.id)
    if not chosen or user is None:
        await query.message.reply_text(deps.texts.nudge("symptoms_thanks"))
        return
    if source == "w" and ref:
        await deps.store.record_outcome(ref, user.telegram_id, "symptom")
    level = most_serious([deps.content.sign(s).level for s in chosen])
    signs = [s.id for s in deps.content.signs if s.id in chosen and s.level == level]
    latest = await deps.store.latest_assessment(user.telegram_id)
    birth = Birth.from_answers(latest.answers, deps.today()) if latest else None
    await escalate(context.bot, deps, user=user, level=level, signs=signs, source=SOURCES[source],
                   birth=birth)


# --- /today, /plan, /pause, /resume ----------------------------------------------------

async def today_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    levels = (await deps.store.open_levels([user.telegram_id])).get(user.telegram_id, set())
    if levels & HOLDING or user.phase is None:
        await update.effective_message.reply_text(deps.texts.nudge("held"))
        return
    latest = await deps.store.latest_assessment(user.telegram_id)
    day = local_date(deps.clock(), her_zone(deps, user))
    plan = todays_plan(deps, user, latest.answers if latest else {}, day, run_held="apex" in levels)
    await update.effective_message.reply_text(
        render_plan(deps, plan, run_held="apex" in levels and user.phase >= 3))


async def plan_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    if user.phase is None:
        await update.effective_message.reply_text(deps.texts.nudge("held"))
        return
    phase = deps.content.phase(user.phase)
    await update.effective_message.reply_text(deps.texts.nudge(
        "plan_summary", number=phase.number, title=phase.title, goal=phase.goal,
        moves_on=phase.moves_on))


async def pause_command(update: Update, context: Context) -> None:
    deps = context.deps
    if await _her(update, deps) is None:
        return
    await deps.store.update_user(update.effective_user.id, paused=True, next_nudge_at=None)
    await update.effective_message.reply_text(deps.texts.nudge("paused"))


async def resume_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    await deps.store.update_user(user.telegram_id, paused=False,
                                 next_nudge_at=first_due(deps, user, deps.clock()))
    await update.effective_message.reply_text(deps.texts.nudge(
        "resumed", time=her_time(deps, user).strftime("%H:%M"), zone=her_zone(deps, user)))



async def progress_command(update: Update, context: Context) -> None:
    deps = context.deps
    user = await _her(update, deps)
    if user is None:
        return
    today = local_date(deps.clock(), her_zone(deps, user))
    sessions = await deps.store.sessions_since(user.telegram_id, today - timedelta(weeks=WEEKS))
    if not sessions:
        await update.effective_message.reply_text(deps.texts.nudge("progress_empty"))
        return
    summary = summarise(sessions, today)
    png = await asyncio.to_thread(render, summary, len(deps.content.ladder))
    await update.effective_message.reply_photo(png, caption=deps.texts.nudge(
        "progress_caption", weeks=WEEKS, done=summary.done, skipped=summary.skipped,
        rung=user.interval_level + 1, rungs=len(deps.content.ladder)))
