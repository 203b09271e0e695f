"""The one way to escalate. The safety net, the screening, check-ins and symptom reports all
call `escalate` (or, before she has consented, `escalate_before_consent`).

One escalation per mother per episode: the row is recorded first (so nothing is lost if Telegram
fails), then she is told what to do and how to reach emergency care or APEX, every time, then
the staff hear of it: a new alert when the episode opens or becomes more serious, the open alert
edited in place when a sign is only added to it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import datetime

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram import User as TelegramUser
from telegram.error import TelegramError

from bot.access.registry import ASK, CALL_ME
from bot.core.episodes import HOLDING, Merged
from bot.platform.context import Context, Deps, message_of, person_of, query_message, query_of
from bot.platform.texts import Birth, user_link
from bot.safety.alerts import level_name, post_alert, reads, refresh_alert, remember, send_to_staff
from bot.storage.models import Escalation, User, saved_id
from bot.storage.outbox import PendingSign
from bot.storage.staff_store import StaffStore
from bot.storage.store import DATABASE_FAILURES

log = logging.getLogger(__name__)


async def her_birth(deps: Deps, user_id: int | None) -> Birth | None:
    """When her baby was born, from her latest answers (the alerts and the advice say it)."""
    latest = await deps.store.latest_assessment(user_id)
    return Birth.from_answers(latest.answers, deps.today()) if latest else None


# The levels whose advice she has been given while this update is handled: the safety net
# gives it before it asks the database anything, and escalate() then does not repeat it.
_advised: ContextVar[frozenset[str]] = ContextVar("advised", default=frozenset())
_staff_told: ContextVar[bool] = ContextVar("staff_told", default=False)


async def advise(bot: Bot, deps: Deps, chat_id: int, level: str, signs: Sequence[str],
                 birth: Birth | None) -> None:
    """Tell her what to do now, from content alone: no database needed."""
    try:
        await bot.send_message(chat_id, deps.texts.escalation(level, signs, birth))
    except TelegramError as exc:
        # The staff must hear of it all the same; she sees it again on her next /start.
        log.error("the advice to her failed: %s", type(exc).__name__)
        return
    _advised.set(_advised.get() | {level})


async def escalate(bot: Bot, deps: Deps, *, user: User, level: str, signs: Sequence[str],
                   source: str, birth: Birth | None, details: str = "") -> Escalation:
    """`details` (her result, for a contact-APEX level) goes in the same message, after the
    advice; emergency and urgent messages never carry any, and go out before the database is
    written, so a database that fails or hangs never holds them back."""
    if level in HOLDING and level not in _advised.get():
        await advise(bot, deps, user.telegram_id, level, signs, birth)
    row, merged = await deps.store.record_signs(user.telegram_id, level=level, source=source,
                                                signs=list(signs), now=deps.clock())
    if level not in HOLDING:  # contact APEX: her advice carries the "Ask APEX to call me" button
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            deps.texts.msg("callback_button"), callback_data=CALL_ME.pack(saved_id(row)))],
            [InlineKeyboardButton(deps.texts.msg("ask-button"), callback_data=ASK.pack("advice"))]])
        text = deps.texts.escalation(level, signs, birth)
        try:
            await bot.send_message(user.telegram_id, f"{text}\n\n{details}" if details else text,
                                   reply_markup=markup)
        except TelegramError as exc:
            log.error("escalation %s: the message to her failed: %s", row.id, type(exc).__name__)
    await _tell_staff(bot, deps, row, merged, user, birth)
    return row


async def escalate_before_consent(bot: Bot, deps: Deps, person: TelegramUser, level: str,
                                  signs: Sequence[str], birth: Birth | None = None) -> Escalation:
    """She named a warning sign before agreeing to anything. She gets the advice; the clinic is
    told her first name and the level, which is recorded (vital interest, as /privacy says).
    Nothing else she typed is kept (`birth`, as her message named it, reaches the alert only)."""
    if level not in _advised.get():
        await advise(bot, deps, person.id, level, signs, birth)
    row, merged = await deps.store.record_signs(person.id, level=level, source="message",
                                                signs=list(signs), now=deps.clock(),
                                                consented=False, name=person.first_name[:128])
    await _tell_staff(bot, deps, row, merged, None, birth)
    return row


async def alert_unrecorded(bot: Bot, deps: Deps, person: TelegramUser, level: str,
                           signs: Sequence[str]) -> int:
    """The database failed while a warning sign was being recorded: the staff still hear of it
    at once, without buttons (there is no row to act on), so that someone reaches her."""
    text = deps.staff_texts.staff("alert_unrecorded", level=level_name(deps, level),
                            name=user_link(person.id, person.first_name, person.username),
                            signs=deps.staff_texts.labels(signs))
    return len(await send_to_staff(bot, deps, text))


async def replay_outbox(bot: Bot, deps: Deps) -> int:
    """Record the warning signs that waited in the outbox while the database was down, oldest
    first, and give the staff their alerts with buttons. A database that still fails stops the
    replay (the rest wait for the next tick); an entry that fails for any other reason is set
    aside for the logs, so it never blocks the others. Returns how many were recorded."""
    pending = deps.outbox.pending()
    finished: set[str] = set()
    try:
        for entry in pending:
            try:
                await _record_pending(bot, deps, entry)
            except DATABASE_FAILURES:
                raise
            except Exception as exc:  # noqa: BLE001  (one bad entry must not block the rest)
                log.critical("an outbox entry cannot be recorded (%s); set aside",
                             type(exc).__name__)
                deps.outbox.set_aside(entry)
            finished.add(entry.key)
    except DATABASE_FAILURES as exc:
        log.warning("the outbox waits: the database still fails (%s)", type(exc).__name__)
    finally:
        if finished:
            deps.outbox.done(finished)
            log.info("the outbox finished %d warning sign(s)", len(finished))
    return len(finished)


async def _record_pending(bot: Bot, deps: Deps, entry: PendingSign) -> None:
    at = datetime.fromisoformat(entry.at)
    user = await deps.store.get_user(entry.telegram_id)
    row, merged = await deps.store.record_signs(
        entry.telegram_id, level=entry.level, source=entry.source, signs=list(entry.signs),
        now=at, consented=user is not None, name=None if user else entry.first_name)
    birth = await her_birth(deps, entry.telegram_id) if user else None
    lead = deps.staff_texts.staff("recorded_late", time=deps.staff_texts.moment(at))
    if merged.alert:
        await post_alert(bot, deps, row, user, birth, lead=lead)
    elif merged.change == "added":
        await refresh_alert(bot, deps, row, user, birth)


async def unrecorded(bot: Bot, deps: Deps, person: TelegramUser, chat_id: int, level: str,
                     signs: Sequence[str], birth: Birth | None = None) -> None:
    """The database failed while a sign was being recorded: she has her advice all the same,
    the staff hear of it now (unless they already have), and the sign waits in the outbox."""
    recorded = staff_told()
    if not was_advised(level):
        await advise(bot, deps, chat_id, level, signs, birth)
    if not recorded:
        await alert_unrecorded(bot, deps, person, level, signs)
        journal(deps, person, level, signs)  # last: a full disk must not stop the above


def journal(deps: Deps, person: TelegramUser, level: str, signs: Sequence[str]) -> None:
    """The database failed: keep the sign in the outbox until it answers again. A journal that
    cannot be written either (a full disk) is logged: she has her advice, the staff their alert."""
    try:
        deps.outbox.add(PendingSign.new(deps.clock(), person.id, person.first_name, level,
                                        list(signs)))
    except OSError as exc:
        log.critical("a warning sign could not be kept in the outbox either: %s",
                     type(exc).__name__)


def was_advised(level: str) -> bool:
    """She has had this level's advice while this update is handled."""
    return level in _advised.get()


def staff_told() -> bool:
    """The staff have been told of this update's escalation (a new alert or an edited one)."""
    return _staff_told.get()


async def _tell_staff(bot: Bot, deps: Deps, row: Escalation, merged: Merged, user: User | None,
                      birth: Birth | None) -> None:
    _staff_told.set(True)  # from here on, a failure must not send a second, unrecorded alert
    if merged.change == "opened":
        await post_alert(bot, deps, row, user, birth)
    elif merged.alert:
        await post_alert(bot, deps, row, user, birth, lead=deps.staff_texts.staff(merged.change))
    elif merged.change == "added":
        await refresh_alert(bot, deps, row, user, birth)
    log.info("escalation %s %s (level %s, source %s)", row.id, merged.change, row.level,
             row.source)


async def callback_request(update: Update, context: Context) -> None:
    """She pressed "Ask APEX to call me" under a contact-APEX message."""
    deps, query, user = context.deps, query_of(update), person_of(update)
    escalation_id = CALL_ME.unpack(query.data).escalation
    outcome = await deps.store.request_callback(escalation_id, user.id)
    if outcome == "not_hers":
        await query.answer(deps.texts.msg("stale_button"))
        return
    await query.answer(deps.texts.msg("callback_requested") if outcome == "again" else None)
    if outcome == "again":
        return
    await query.edit_message_reply_markup(reply_markup=None)
    stored = await deps.store.get_user(user.id)
    if stored is not None and stored.phone:  # she shared it for an earlier call-back
        await query_message(query).reply_text(deps.texts.msg("callback_requested"))
    else:  # her number, if she likes: Telegram's share-contact button sends her own
        await query_message(query).reply_text(
            deps.texts.msg("callback_requested") + "\n\n" + deps.texts.msg("callback_share"),
            reply_markup=ReplyKeyboardMarkup(
                [[KeyboardButton(deps.texts.msg("share_phone_button"), request_contact=True)]],
                resize_keyboard=True, one_time_keyboard=True))
    name = user_link(user.id, stored.first_name if stored else user.first_name, user.username)
    text = (deps.staff_texts.staff("callback_phone", name=name, phone=stored.phone,
                                   language=reads(deps, stored))
            if stored is not None and stored.phone else
            deps.staff_texts.msg("staff_callback", name=name, language=reads(deps, stored)))
    sent = await send_to_staff(context.bot, deps, text)
    await remember(deps, escalation_id, sent, "callback")  # /delete edits her name out of it


PHONE_CHARACTERS = re.compile(r"[^\d+]")


def phone_number(shared: str) -> str | None:
    """A shared contact's number as staff dial it: "+15125550100" (Telegram sends it in
    international form, often without the "+"); None when it holds no digits."""
    number = PHONE_CHARACTERS.sub("", shared)[:31]
    if not any(c.isdigit() for c in number):
        return None
    return number if number.startswith("+") else "+" + number


async def phone_shared(update: Update, context: Context) -> None:
    """She shared a contact. Kept only when it is her own number (the share-contact button's)
    and she has asked APEX to call her back on an escalation still open: then the staff get it
    with her call-back request, and her alert shows it. Anything else is kindly not kept."""
    deps, message, person = context.deps, message_of(update), person_of(update)
    contact = message.contact
    user = await deps.store.get_user(person.id)
    desk = StaffStore(deps.store)
    waiting = await desk.callback_waiting(person.id) if user is not None else None
    if contact is None or user is None or waiting is None:
        await message.reply_text(deps.texts.msg("phone_not_needed"),
                                 reply_markup=ReplyKeyboardRemove())
        return
    number = phone_number(contact.phone_number)
    if contact.user_id != person.id or number is None:
        await message.reply_text(deps.texts.msg("phone_not_yours"))
        return
    user = await deps.store.update_user(person.id, phone=number)
    if user is None:  # read just now, and her updates are handled one at a time
        raise RuntimeError("her row is gone")
    log.info("escalation %s: she shared her number for the call-back", waiting.id)
    await message.reply_text(deps.texts.msg("phone_saved", phone=number),
                             reply_markup=ReplyKeyboardRemove())
    sent = await send_to_staff(context.bot, deps, deps.staff_texts.staff(
        "callback_phone", name=user_link(person.id, user.first_name, user.username),
        phone=number, language=reads(deps, user)))
    await remember(deps, saved_id(waiting), sent, "callback")  # /delete edits it out
    await refresh_alert(context.bot, deps, waiting, user, await her_birth(deps, person.id))
