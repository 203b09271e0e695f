"""What the staff see of an escalation: the alert's text and buttons, sent to every staff chat,
edited as the episode changes or as staff act on it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from babel import Locale, UnknownLocaleError
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.access.registry import ALERT, RECORD
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


def deleted(row: Escalation) -> bool:
    """Her data is deleted: the row stays, anonymised, for the clinic's statistics."""
    return row.user_id is None and row.chat_id is None


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
    staff = staff_name or row.staff_name or str(row.handled_by or row.claimed_by or "")
    if row.status in ("contacted", "closed"):
        state = t.staff(f"state_{row.status}", staff=staff, time=when)
    elif row.claimed_by is not None:
        state = t.staff("state_claimed", staff=staff, time=when)
    else:
        state = t.staff("state_open")
    signs = t.staff("deleted_mother") if deleted(row) else t.labels(row.signs)
    text = t.staff("alert", level=level_name(deps, row.level), name=Html(who(deps, row, user)),
                   signs=signs, source=source_name(deps, row.source),
                   weeks="unknown" if weeks is None else weeks,  # the clause is left out
                   phase="–" if user is None or user.phase is None else user.phase, state=Html(state),
                   language=reads(deps, user))
    if user is not None and user.phone and not deleted(row):  # she shared it for a call-back
        text += "\n" + t.staff("phone", phone=user.phone)
    return text


def reads(deps: Deps, user: User | None) -> str:
    """The language she reads the bot in, named in the clinic's: "Spanish"."""
    code = (user.language if user else None) or deps.texts.language
    try:
        return Locale.parse(code).get_display_name(deps.staff_texts.locale) or code
    except (ValueError, UnknownLocaleError):
        return code


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
    if row.closable:  # an emergency closes only once she was reached
        buttons.append(InlineKeyboardButton(t.staff("closed_button"),
                                            callback_data=ALERT.pack(row.id, "closed")))
    record = [InlineKeyboardButton(t.msg("staff-line-record_button"), callback_data=RECORD.pack("e", row.id))]
    return InlineKeyboardMarkup([buttons, record] if row.user_id is not None else [buttons])


async def post_alert(bot: Bot, deps: Deps, row: Escalation, user: User | None,
                     birth: Birth | None, lead: str = "") -> int:
    """Alert the staff. Returns how many staff chats got it; the first one carries the state."""
    text = alert_text(deps, row, user, birth.weeks if birth else None)
    sent = await send_to_staff(bot, deps, f"{lead}\n{text}" if lead else text,
                               alert_buttons(deps, row))
    if sent:
        await remember(deps, saved_id(row), sent, primary=True)
    else:
        log.error("escalation %s reached nobody at the clinic", row.id)
    return len(sent)


async def remember(deps: Deps, escalation_id: int, sent: Sequence[Message], kind: str = "alert",
                   *, primary: bool = False) -> None:
    """Keep where each staff message about her is (see Escalation.staff_messages): "alert" for
    the alert and its copies and reminders, "callback" for her call-back request."""
    await StaffStore(deps.store).remember_messages(
        escalation_id, [(m.chat_id, m.message_id) for m in sent], kind, primary=primary)


async def refresh_alert(bot: Bot, deps: Deps, row: Escalation, user: User | None,
                        birth: Birth | None, staff_name: str | None = None) -> bool:
    """Edit the alert in place (a sign added to the episode, a staff action taken elsewhere,
    by `staff_name`), without a new notification."""
    if row.alert_chat_id is None or row.alert_message_id is None:
        return False
    try:
        await bot.edit_message_text(alert_text(deps, row, user, birth.weeks if birth else None,
                                               staff_name=staff_name),
                                    chat_id=row.alert_chat_id, message_id=row.alert_message_id,
                                    reply_markup=alert_buttons(deps, row))
    except (BadRequest, TelegramError) as exc:
        log.info("the alert for escalation %s could not be edited: %s", row.id, type(exc).__name__)
        return False
    return True


def _redacted(deps: Deps, row: Escalation, kind: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """A staff message about her as it reads once her data is deleted: "(deleted)" for her name
    and signs. An alert keeps its level, source, state and buttons: the clinic can still close it."""
    deleted_mother = deps.staff_texts.staff("deleted_mother")
    if kind == "callback":
        return deps.staff_texts.msg("staff_callback", name=deleted_mother), None
    return alert_text(deps, row, None, None), alert_buttons(deps, row)


async def redact_alerts(bot: Bot, deps: Deps, escalation_ids: Sequence[int] | None = None, *,
                        keep_going: Callable[[], bool] = lambda: True) -> int:
    """Edit her name and signs out of every staff message about the escalations of a mother who
    deleted her data (only `escalation_ids`, if given). A message that cannot be edited (deleted
    by staff, the bot removed from the chat) is given up; one that failed otherwise (Telegram
    down, flood control) stays listed and the daily retention job tries it again, as it does
    whatever a stop (`keep_going` false) left. Returns how many messages were edited."""
    desk, edited = StaffStore(deps.store), 0
    for row in await desk.to_redact(escalation_ids):
        done: list[dict] = []
        for message in row.staff_messages:
            if not keep_going():
                break
            # As it is now: staff may have claimed or closed it while the edits went out.
            current = next(iter(await desk.to_redact([saved_id(row)])), row)
            text, markup = _redacted(deps, current, message.get("kind", "alert"))
            try:
                await bot.edit_message_text(text, chat_id=message["chat"],
                                            message_id=message["message"], reply_markup=markup)
                edited += 1
            except (BadRequest, Forbidden) as exc:  # gone, not editable, or reads so already
                log.info("a staff message about escalation %s was not edited: %s", row.id,
                         type(exc).__name__)
            except TelegramError as exc:
                log.warning("a staff message about escalation %s could not be edited now: %s",
                            row.id, type(exc).__name__)
                continue
            done.append(message)
        await desk.forget_messages(saved_id(row), done)
        if not keep_going():
            break
    return edited
