"""What the staff see of an escalation: the alert's text and buttons, sent to every staff chat,
edited as the episode changes or as staff act on it."""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from bot.access.registry import ALERT
from bot.platform.context import Deps
from bot.platform.texts import Birth, Html, user_link
from bot.storage.models import Escalation, User, saved_id
from bot.storage.staff_store import StaffStore

log = logging.getLogger(__name__)

def level_name(deps: Deps, level: str) -> str:
    return deps.staff_texts.staff(f"level_{level}")


def source_name(deps: Deps, source: str) -> str:
    return deps.staff_texts.staff(f"source_{source}")


def staff_targets(deps: Deps) -> list[int]:
    """The staff chat, or each staff member when there is none."""
    if deps.settings.staff_chat_id is not None:
        return [deps.settings.staff_chat_id]
    return sorted(deps.settings.staff_ids)


async def send_to_staff(bot: Bot, deps: Deps, text: str,
                        markup: InlineKeyboardMarkup | None = None) -> list[Message]:
    """Send to the staff chat; when it refuses (the bot was removed from it, Telegram is down
    for it), to each of STAFF_IDS directly. Returns the messages delivered."""
    delivered = await _send_each(bot, staff_targets(deps), text, markup)
    if not delivered and deps.settings.staff_chat_id is not None:
        log.warning("the staff chat refused a message; sending it to each staff member")
        delivered = await _send_each(bot, sorted(deps.settings.staff_ids), text, markup)
    return delivered


async def _send_each(bot: Bot, chat_ids: list[int], text: str,
                     markup: InlineKeyboardMarkup | None) -> list[Message]:
    delivered = []
    for chat_id in chat_ids:
        try:
            delivered.append(await bot.send_message(chat_id, text, reply_markup=markup))
        except TelegramError as exc:
            log.warning("a message to a staff chat failed: %s", type(exc).__name__)
    return delivered


def who(deps: Deps, row: Escalation, user: User | None) -> str:
    """Her name as a link to her chat. Before consent, the name Telegram gave; after /delete,
    the row stays anonymised."""
    if row.user_id is not None and user is not None:
        return user_link(row.user_id, user.first_name, user.username)
    if row.chat_id is not None:
        return deps.staff_texts.staff("not_signed_up", name=user_link(row.chat_id, row.name or "?"))
    return deps.staff_texts.staff("deleted_mother")


def alert_text(deps: Deps, row: Escalation, user: User | None, weeks: int | None,
               staff_name: str | None = None) -> str:
    t = deps.staff_texts
    when = t.moment(row.handled_at or row.claimed_at or row.created_at)
    staff = staff_name or (str(row.handled_by or row.claimed_by or ""))
    if row.status in ("contacted", "closed"):
        state = t.staff(f"state_{row.status}", staff=staff, time=when)
    elif row.claimed_by is not None:
        state = t.staff("state_claimed", staff=staff, time=when)
    else:
        state = t.staff("state_open")
    return t.staff("alert", level=level_name(deps, row.level), name=Html(who(deps, row, user)),
                   signs=t.labels(row.signs), source=source_name(deps, row.source),
                   weeks="?" if weeks is None else weeks,
                   phase="–" if user is None or user.phase is None else user.phase, state=Html(state),
                   language=deps.library.names.get(
                       (user.language if user else None) or deps.texts.language, "?"))


def alert_buttons(deps: Deps, row: Escalation) -> InlineKeyboardMarkup | None:
    if row.status == "closed" or row.id is None:
        return None
    t = deps.staff_texts
    buttons = []
    if row.claimed_by is None and row.status == "open":
        buttons.append(InlineKeyboardButton(t.staff("claim_button"),
                                            callback_data=ALERT.pack(row.id, "claim")))
    if row.status == "open":
        buttons.append(InlineKeyboardButton(t.staff("contacted_button"),
                                            callback_data=ALERT.pack(row.id, "contacted")))
    buttons.append(InlineKeyboardButton(t.staff("closed_button"),
                                        callback_data=ALERT.pack(row.id, "closed")))
    return InlineKeyboardMarkup([buttons])


async def post_alert(bot: Bot, deps: Deps, row: Escalation, user: User | None,
                     birth: Birth | None, lead: str = "") -> int:
    """Alert the staff. Returns how many staff chats got it; the first one carries the state."""
    text = alert_text(deps, row, user, birth.weeks if birth else None)
    sent = await send_to_staff(bot, deps, f"{lead}\n{text}" if lead else text,
                               alert_buttons(deps, row))
    if sent:
        await StaffStore(deps.store).set_alert(saved_id(row), sent[0].chat_id, sent[0].message_id)
    else:
        log.error("escalation %s reached nobody at the clinic", row.id)
    return len(sent)


async def refresh_alert(bot: Bot, deps: Deps, row: Escalation, user: User | None,
                        birth: Birth | None) -> bool:
    """Edit the alert in place (a sign added to the episode), without a new notification."""
    if row.alert_chat_id is None or row.alert_message_id is None:
        return False
    try:
        await bot.edit_message_text(alert_text(deps, row, user, birth.weeks if birth else None),
                                    chat_id=row.alert_chat_id, message_id=row.alert_message_id,
                                    reply_markup=alert_buttons(deps, row))
    except (BadRequest, TelegramError) as exc:
        log.info("the alert for escalation %s could not be edited: %s", row.id, type(exc).__name__)
        return False
    return True
