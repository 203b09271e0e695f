"""A line to the clinic, her side: /ask and the "Message APEX" button open her thread; while it
is open, what she writes (text, a photo, a voice note...) that no question or command takes goes
to the staff chat with her name, phase, weeks since the birth and any open escalation. Done or
/cancel closes it; a staff reply (bot.desk.threads) opens it again.

The safety net reads everything she writes first, as always (bot/safety/net.py): a warning sign
gets its advice and escalates, and the update stops there. `after_the_net` then still relays
her message to her open thread, marked for the staff as a warning sign, escalated.

/delete: her threads and their messages go with her, as every table that points at her does
(bot/journey/privacy.py); the staff copies naming her are edited to "(deleted)"
(bot/journey/thread_copies.py).

/ask ends any other conversation she is in (/settings waiting for a time would otherwise take
her question), except her screening: she is asked to finish or cancel it first.

Button data, checked on arrival:
  mq1:<where>     "Message APEX" (contact, advice, result): opens her thread
  mk1:<thread>    Done: closes her thread, only if the thread is hers
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ConversationHandler

from bot.access.registry import ASK, ASK_DONE, RECORD
from bot.core.signs import scan_all
from bot.journey.privacy import forget_conversations
from bot.platform import catch_all
from bot.platform.context import (
    Context,
    Deps,
    message_of,
    person_of,
    query_message,
    query_of,
)
from bot.platform.texts import user_link
from bot.safety.alerts import level_name, reads, send_to_staff
from bot.safety.escalation import her_birth
from bot.storage.models import ClinicThread, User, saved_id
from bot.storage.store import DATABASE_FAILURES
from bot.storage.threads_store import ThreadStore

log = logging.getLogger(__name__)

CAPTION_ROOM = 1024  # Telegram's caption limit


# --- the buttons -----------------------------------------------------------------------------

def ask_markup(deps: Deps, where: str) -> InlineKeyboardMarkup:
    """The "Message APEX" button, for /contact (and her advice, her result)."""
    return InlineKeyboardMarkup([[ask_button(deps, where)]])


def ask_button(deps: Deps, where: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(deps.texts.msg("ask-button"), callback_data=ASK.pack(where))


def done_markup(deps: Deps, thread_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        deps.texts.msg("ask-done_button"), callback_data=ASK_DONE.pack(thread_id))]])


def record_markup(deps: Deps, thread_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        deps.staff_texts.msg("staff-line-record_button"), callback_data=RECORD.pack("t", thread_id))]])


# --- opening and closing her thread ----------------------------------------------------------

async def ask_command(update: Update, context: Context) -> None:
    await _open(message_of(update), context.deps, person_of(update).id, context.application)


async def ask_press(update: Update, context: Context) -> None:
    query = query_of(update)
    await query.answer()
    await _open(query_message(query), context.deps, person_of(update).id, context.application)


def _conversation_names(application: Application) -> set[str]:
    return {handler.name for group in application.handlers.values() for handler in group
            if isinstance(handler, ConversationHandler) and handler.name}


async def _open(message: Message, deps: Deps, user_id: int, application: Application) -> None:
    if await deps.store.get_user(user_id) is None:
        await message.reply_text(deps.texts.msg("ask-needs_start"))
        return
    if await deps.store.draft(user_id) is not None:  # her screening would take what she writes
        await message.reply_text(deps.texts.msg("ask-finish_questions"))
        return
    # What she writes next is for the clinic: no other conversation may take it.
    forget_conversations(application, [(name, (message.chat_id, user_id))
                                       for name in _conversation_names(application)])
    thread = await ThreadStore(deps.store).start_thread(user_id, deps.clock())
    await message.reply_text(deps.texts.msg("ask-prompt"), reply_markup=done_markup(deps, saved_id(thread)))


async def done_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    thread_id = ASK_DONE.unpack(query.data).thread
    closed = await ThreadStore(deps.store).close_thread(thread_id, person_of(update).id, deps.clock())
    if not closed:  # not hers, or closed already: nothing changes
        await query.answer(deps.texts.msg("stale_button"))
        return
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    await query_message(query).reply_text(deps.texts.msg("ask-closed"))


async def cancel_command(update: Update, context: Context) -> None:
    """/cancel outside the conversations: closes her open thread, if she has one."""
    deps, user_id = context.deps, person_of(update).id
    threads = ThreadStore(deps.store)
    thread = await threads.open_thread(user_id)
    if thread is None:
        await catch_all.nothing_to_cancel(update, context)
        return
    await threads.close_thread(saved_id(thread), user_id, deps.clock())
    await message_of(update).reply_text(deps.texts.msg("ask-closed"))


# --- what she writes -------------------------------------------------------------------------

async def her_message(update: Update, context: Context) -> None:
    """Anything no question or command took: to her open thread, or the usual pointer."""
    deps, message = context.deps, message_of(update)
    user_id = person_of(update).id
    thread = None
    if message.chat.type == ChatType.PRIVATE and not deps.settings.is_staff(user_id):
        thread = await ThreadStore(deps.store).open_thread(user_id)
    if thread is None:
        await catch_all.outside_conversation(update, context)
        return
    user = await deps.store.get_user(user_id)
    if user is None:  # never: deleting her deletes her threads
        await catch_all.outside_conversation(update, context)
        return
    delivered = await relay(context.bot, deps, user, thread, message)
    key = "ask-sent" if delivered else "ask-not_sent"
    await message.reply_text(deps.texts.msg(key), reply_markup=done_markup(deps, saved_id(thread)))


def _kind(message: Message) -> str:
    for kind in ("photo", "voice", "video", "video_note", "audio", "document", "sticker",
                 "location", "contact"):
        if getattr(message, kind, None):
            return kind
    return "text" if message.text else "other"


async def relay(bot: Bot, deps: Deps, user: User, thread: ClinicThread, message: Message,
                flagged: str | None = None) -> bool:
    """Her message to the staff chat, under a header saying who she is and where she stands,
    and stored in her thread. True if it reached the clinic."""
    threads, thread_id = ThreadStore(deps.store), saved_id(thread)
    kind = _kind(message)
    said = message.text or message.caption
    header = await _header(deps, user, flagged)
    t = deps.staff_texts
    if kind == "text":
        body = f"{header}\n\n{html.escape(said or '')}\n\n{t.msg('staff-line-reply_hint')}"
    else:
        caption = f"\n{html.escape(said)}" if said else ""
        body = (f"{header}\n\n{t.msg('staff-line-media', kind=kind)}{caption}\n\n"
                f"{t.msg('staff-line-reply_hint')}")
    sent = await send_to_staff(bot, deps, body, record_markup(deps, thread_id))
    await threads.add_message(thread_id, sender="mother", kind=kind, text=said, now=deps.clock(),
                              flagged=flagged)
    await threads.add_copies(thread_id=thread_id, user_id=user.telegram_id, kind="thread",
                             messages=[(m.chat_id, m.message_id) for m in sent])
    if kind != "text":  # the photo or voice note itself, under its header
        copies = []
        for header_message in sent:
            try:
                copied = await bot.copy_message(
                    header_message.chat_id, message.chat_id, message.message_id,
                    reply_parameters=ReplyParameters(header_message.message_id))
                copies.append((header_message.chat_id, copied.message_id))
            except TelegramError as exc:
                log.warning("her attachment did not reach a staff chat: %s", type(exc).__name__)
        await threads.add_copies(thread_id=thread_id, user_id=user.telegram_id, kind="media",
                                 messages=copies)
    log.info("thread %s: a message from her reached %d staff chats", thread_id, len(sent))
    return bool(sent)


async def _header(deps: Deps, user: User, flagged: str | None) -> str:
    t = deps.staff_texts
    birth = await her_birth(deps, user.telegram_id)
    weeks: Any = birth.weeks if birth else t.msg("staff-line-weeks_unknown")
    lines = [t.msg("staff-line-from_mother", name=user_link(user.telegram_id, user.first_name,
                                                      user.username),
                   phase="–" if user.phase is None else user.phase,
                   weeks=weeks, language=reads(deps, user))]
    escalation = await deps.store.most_serious_open(user.telegram_id)
    if escalation is not None:
        state = t.staff("state_word_claimed" if escalation.claimed_by else "state_word_open") \
            if escalation.status == "open" else t.staff(f"state_word_{escalation.status}")
        lines.append(t.msg("staff-line-open_escalation", level=level_name(deps, escalation.level),
                           state=state))
    if flagged:
        lines.insert(0, t.msg("staff-line-flagged", level=level_name(deps, flagged)))
    return "\n".join(lines)


# --- the safety net's hook -------------------------------------------------------------------

Step = Callable[[object, Context], Coroutine[Any, Any, None]]


def after_the_net(net: Step) -> Step:
    """The safety net, then, when it stopped her message for a warning sign (advice given,
    escalated, staff alerted), the message still goes to her open thread, marked. Nothing here
    can hold up or undo what the net did."""

    async def step(update: object, context: Context) -> None:
        try:
            await net(update, context)
        except ApplicationHandlerStop:
            if isinstance(update, Update) and update.message is not None:
                await _relay_flagged(update, update.message, context)
            raise

    return step


async def _relay_flagged(update: Update, message: Message, context: Context) -> None:
    deps = context.deps
    person = update.effective_user
    if person is None or message.chat.type != ChatType.PRIVATE or deps.settings.is_staff(person.id):
        return
    try:
        thread = await ThreadStore(deps.store).open_thread(person.id)
        user = await deps.store.get_user(person.id) if thread is not None else None
        if thread is None or user is None:
            return
        hits = scan_all(message.text or message.caption or "", deps.phrases)
        level = hits[0].level if hits else "apex"
        if await relay(context.bot, deps, user, thread, message, flagged=level):
            await message.reply_text(deps.texts.msg("ask-sent_with_sign"),
                                     reply_markup=done_markup(deps, saved_id(thread)))
    except (*DATABASE_FAILURES, TelegramError) as exc:
        log.error("a message with a warning sign did not reach her thread: %s",
                  type(exc).__name__)
