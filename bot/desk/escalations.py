"""The escalation desk: the alert's buttons (claim, contacted, closed), /escalations, and
announcing unclaimed escalations again. Only staff may press or ask (the staff gate checks every
update, and each handler carries the staff filter)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from weakref import WeakValueDictionary

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.access.registry import ALERT, REASSESS
from bot.core.episodes import HOLDING
from bot.desk.reports import waited
from bot.platform.context import Context, Deps, message_of, person_of, query_of
from bot.platform.texts import Html
from bot.safety.alerts import (
    alert_buttons,
    alert_text,
    deleted,
    level_name,
    refresh_alert,
    remember,
    send_to_staff,
    source_name,
    who,
)
from bot.safety.escalation import her_birth
from bot.storage.models import Escalation, User, saved_id
from bot.storage.staff_store import StaffStore

log = logging.getLogger(__name__)
_alert_locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()  # by escalation id


async def desk_press(update: Update, context: Context) -> None:
    deps, query, staff = context.deps, query_of(update), person_of(update)
    escalation_id, action = ALERT.unpack(query.data)
    # Two staff pressing at once are handled at once: the alert shows the last action taken.
    async with _alert_locks.setdefault(escalation_id, asyncio.Lock()):
        row, changed, before = await StaffStore(deps.store).act(
            escalation_id, staff.id, action, deps.clock(), staff_name=staff.first_name)
        if row is None:
            await query.answer(deps.texts.msg("stale_button"))
            return
        if not changed:
            if action == "closed" and row.status != "closed" and not row.closable:
                await query.answer(deps.staff_texts.staff("close_needs_contact"), show_alert=True)
                return
            holder = row.claimed_by if action == "claim" else row.handled_by
            await query.answer(deps.staff_texts.staff("already_claimed",
                                                      staff=row.staff_name or str(holder)))
            return
        await query.answer()
        user = await deps.store.get_user(row.user_id)
        birth = await her_birth(deps, row.user_id)
        text = alert_text(deps, row, user, birth.weeks if birth else None,
                          staff_name=staff.first_name)
        try:
            await query.edit_message_text(text, reply_markup=alert_buttons(deps, row))
        except BadRequest:
            log.info("the alert for escalation %s could not be edited", row.id)
        pressed = query.message
        if pressed is None or (pressed.chat.id, pressed.message_id) != (row.alert_chat_id,
                                                                        row.alert_message_id):
            # Pressed under /escalations: the alert in the staff chat shows it too.
            await refresh_alert(context.bot, deps, row, user, birth, staff.first_name)
    her_chat = row.user_id if user is not None and user.active else row.chat_id
    # She hears from the bot only when the clinic closes what it had reached her about: "the
    # team has followed up" must be true (a contact-APEX one closed unreached says nothing).
    if action == "closed" and before == "contacted" and her_chat is not None:
        await _tell_her_closed(context.bot, deps, row, user, her_chat)


async def _tell_her_closed(bot: Bot, deps: Deps, row: Escalation, user: User | None,
                           her_chat: int) -> None:
    """The clinic closed what it had reached her about. After an emergency or urgent episode
    her exercise waited for it: she is asked to answer the questions again (one button), so
    that her plan fits how she is now; after a contact-APEX one her plan simply carries on."""
    texts = deps.texts_in((user.language if user else None) or deps.languages.get(her_chat))
    markup = None
    text = texts.msg("followed_up")
    if row.level in HOLDING and user is not None:
        text = texts.msg("closed_reassess")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            texts.msg("reassess_button"), callback_data=REASSESS.pack())]])
    elif row.level in HOLDING:  # not signed up: nothing to reassess, /start begins
        text = texts.msg("closed_start")
    try:
        await bot.send_message(her_chat, text, reply_markup=markup)
    except TelegramError as exc:
        log.info("follow-up note not delivered: %s", type(exc).__name__)


def _age(deps: Deps, created: datetime, now: datetime) -> str:
    """How long it has waited, as /stats says a wait."""
    return waited(deps, (now - created).total_seconds() / 60)


def _state_word(row: Escalation) -> str:
    if row.status == "contacted":
        return "state_word_contacted"
    return "state_word_claimed" if row.claimed_by else "state_word_open"


PAGE = 8  # escalations /escalations shows, each a message of its own with its buttons


async def escalations_command(update: Update, context: Context) -> None:
    """The open escalations, most serious and oldest first: each with her signs and the
    alert's buttons, so staff can act from here; past the page, how many more wait."""
    deps = context.deps
    rows = await StaffStore(deps.store).open_escalations()
    message = message_of(update)
    if not rows:
        await message.reply_text(deps.staff_texts.staff("desk_empty"))
        return
    now, t = deps.clock(), deps.staff_texts
    for row in rows[:PAGE]:
        user = await deps.store.get_user(row.user_id)
        line = t.staff(
            "desk_line", id=row.id, level=level_name(deps, row.level),
            age=_age(deps, row.created_at, now), source=source_name(deps, row.source),
            name=Html(who(deps, row, user)), state=Html(t.staff(_state_word(row))))
        signs = t.staff("deleted_mother") if deleted(row) else t.labels(row.signs)
        text = "\n".join([line, t.staff("desk_signs", signs=signs),
                          *([t.staff("phone", phone=user.phone)] if user and user.phone else [])])
        sent = await message.reply_text(text, reply_markup=alert_buttons(deps, row))
        await remember(deps, saved_id(row), [sent])  # /delete edits her name out of it too
    if len(rows) > PAGE:
        await message.reply_text(t.staff("desk_more", count=len(rows) - PAGE))


async def remind_unclaimed(bot: Bot, deps: Deps) -> int:
    """Announce again every escalation nobody has claimed: emergency and urgent ones every
    ESCALATION_REMINDER_MINUTES, contact-APEX ones every ESCALATION_REMINDER_HOURS."""
    settings, now = deps.settings, deps.clock()
    minutes, hours = settings.escalation_reminder_minutes, settings.escalation_reminder_hours
    desk = StaffStore(deps.store)
    rows = await desk.unclaimed_to_remind(now, serious_after=timedelta(minutes=minutes),
                                          apex_after=timedelta(hours=hours))
    for row in rows:
        await desk.mark_reminded(saved_id(row), now)
        user = await deps.store.get_user(row.user_id)
        birth = await her_birth(deps, row.user_id)
        lead = deps.staff_texts.staff("reminder", waited=_age(deps, row.created_at, now))
        text = alert_text(deps, row, user, birth.weeks if birth else None)
        await remember(deps, saved_id(row), await send_to_staff(
            bot, deps, f"{lead}\n{text}", alert_buttons(deps, row)))
    return len(rows)
