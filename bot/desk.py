"""The escalation desk: staff alerts with buttons, their state edited in, and /escalations.

Button data: es1:<escalation id>:<claim|contacted|closed>. Only staff may press (checked on
the server for every press, as for every staff command).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from weakref import WeakValueDictionary

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.context import Context, Deps
from bot.storage.models import Escalation, User
from bot.storage.staff import StaffStore
from bot.texts import Birth, Html, user_link

log = logging.getLogger(__name__)
_alert_locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()  # by escalation id

LEVEL_NAMES = {"emergency": "EMERGENCY", "urgent": "URGENT", "apex": "Contact APEX"}
SOURCE_NAMES = {"screening": "screening", "checkin": "run check-in", "symptoms": "symptom report",
                "message": "her message"}
ACTIONS = ("claim", "contacted", "closed")


def staff_targets(deps: Deps) -> list[int]:
    """The staff chat, or each staff member when there is none."""
    if deps.settings.staff_chat_id is not None:
        return [deps.settings.staff_chat_id]
    return sorted(deps.settings.staff_ids)


def alert_text(deps: Deps, row: Escalation, user: User | None, weeks: int | None,
               staff_name: str | None = None) -> str:
    t = deps.texts
    name = _who(row, user)
    when = (row.handled_at or row.claimed_at or row.created_at).strftime("%d %b %H:%M")
    staff = staff_name or (str(row.handled_by or row.claimed_by or ""))
    if row.status in ("contacted", "closed"):
        state = t.staff(f"state_{row.status}", staff=staff, time=when)
    elif row.claimed_by is not None:
        state = t.staff("state_claimed", staff=staff, time=when)
    else:
        state = t.staff("state_open")
    return t.staff("alert", level=LEVEL_NAMES[row.level], name=name, signs=t.labels(row.signs),
                   source=SOURCE_NAMES.get(row.source, row.source),
                   weeks="?" if weeks is None else weeks,
                   phase="–" if user is None or user.phase is None else user.phase, state=Html(state))


def _who(row: Escalation, user: User | None) -> str:
    """Her name as a link to her chat; a deleted mother's escalation stays, anonymised."""
    if row.user_id is None or user is None:
        return "(deleted)"
    return user_link(row.user_id, user.first_name, user.username)


def alert_buttons(deps: Deps, row: Escalation) -> InlineKeyboardMarkup | None:
    if row.status == "closed":
        return None
    t = deps.texts
    buttons = []
    if row.claimed_by is None and row.status == "open":
        buttons.append(InlineKeyboardButton(t.staff("claim_button"), callback_data=f"es1:{row.id}:claim"))
    if row.status == "open":
        buttons.append(InlineKeyboardButton(t.staff("contacted_button"),
                                            callback_data=f"es1:{row.id}:contacted"))
    buttons.append(InlineKeyboardButton(t.staff("closed_button"), callback_data=f"es1:{row.id}:closed"))
    return InlineKeyboardMarkup([buttons])


async def post_alert(bot: Bot, deps: Deps, row: Escalation, user: User, birth: Birth | None) -> int:
    """Alert the staff. Returns how many staff chats got it; the first one carries the state."""
    text = alert_text(deps, row, user, birth.weeks if birth else None)
    delivered = 0
    for chat_id in staff_targets(deps):
        try:
            sent = await bot.send_message(chat_id, text, reply_markup=alert_buttons(deps, row))
        except TelegramError as exc:
            log.warning("staff alert for escalation %s failed: %s", row.id, type(exc).__name__)
            continue
        if delivered == 0:
            await StaffStore(deps.store).set_alert(row.id, chat_id, sent.message_id)
        delivered += 1
    if not delivered:
        log.error("escalation %s reached nobody at the clinic", row.id)
    return delivered


async def desk_press(update: Update, context: Context) -> None:
    deps, query = context.deps, update.callback_query
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in ACTIONS:
        await query.answer(deps.texts.msg("stale_button"))
        return
    # Two staff pressing at once are handled at once: the alert shows the last action taken.
    async with _alert_locks.setdefault(int(parts[1]), asyncio.Lock()):
        row, changed = await StaffStore(deps.store).act(int(parts[1]), update.effective_user.id,
                                                        parts[2], deps.clock())
        if row is None:
            await query.answer(deps.texts.msg("stale_button"))
            return
        if not changed:
            holder = row.claimed_by if parts[2] == "claim" else row.handled_by
            await query.answer(deps.texts.staff("already_claimed", staff=str(holder)))
            return
        await query.answer()
        user = await deps.store.get_user(row.user_id)
        latest = await deps.store.latest_assessment(row.user_id)
        birth = Birth.from_answers(latest.answers, deps.today()) if latest else None
        text = alert_text(deps, row, user, birth.weeks if birth else None,
                          staff_name=update.effective_user.first_name)
        try:
            await query.edit_message_text(text, reply_markup=alert_buttons(deps, row))
        except BadRequest:
            log.info("the alert for escalation %s could not be edited", row.id)
    if parts[2] in ("contacted", "closed") and user is not None and user.active:
        try:
            await context.bot.send_message(row.user_id, deps.texts.staff("followed_up"))
        except TelegramError as exc:
            log.info("follow-up note not delivered: %s", type(exc).__name__)


def _age(deps: Deps, created: datetime, now: datetime) -> str:
    hours = int((now - created).total_seconds() // 3600)
    return deps.texts.staff("age_days", days=hours // 24) if hours >= 48 else \
        deps.texts.staff("age_hours", hours=hours)


async def escalations_command(update: Update, context: Context) -> None:
    deps = context.deps
    rows = await StaffStore(deps.store).open_escalations()
    if not rows:
        await update.effective_message.reply_text(deps.texts.staff("desk_empty"))
        return
    now = deps.clock()
    lines = []
    for row in rows[:25]:  # a message holds 4096 characters
        user = await deps.store.get_user(row.user_id)
        lines.append(deps.texts.staff(
            "desk_line", id=row.id, level=LEVEL_NAMES[row.level], age=_age(deps, row.created_at, now),
            source=SOURCE_NAMES.get(row.source, row.source),
            name=_who(row, user),
            state=Html(deps.texts.staff("state_word_claimed" if row.claimed_by else "state_word_open"))))
    await update.effective_message.reply_text("\n".join(lines))


async def remind_unclaimed(bot: Bot, deps: Deps) -> int:
    """A contact-APEX escalation nobody claimed in time is announced again, once."""
    hours = deps.settings.escalation_reminder_hours
    desk = StaffStore(deps.store)
    rows = await desk.unclaimed_to_remind(deps.clock(), timedelta(hours=hours))
    for row in rows:
        await desk.mark_reminded(row.id)
        user = await deps.store.get_user(row.user_id)
        text = deps.texts.staff("reminder", hours=hours) + "\n" + alert_text(deps, row, user, None)
        for chat_id in staff_targets(deps):
            try:
                await bot.send_message(chat_id, text, reply_markup=alert_buttons(deps, row))
            except TelegramError as exc:
                log.warning("escalation reminder failed: %s", type(exc).__name__)
    return len(rows)
