"""Plain commands and the cross-cutting guards around every update."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import Context
from bot.escalation import alert_staff, safety_net
from bot.staff import STAFF_CHAT_COMMANDS, command_name
from bot.texts import user_link

log = logging.getLogger(__name__)


async def private_chats_only(update: Update, context: Context) -> None:
    """Group -3: in a group or channel the bot answers a command with a pointer and stores nothing.

    The staff chat is let through so that staff commands can work there.
    """
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.message
    if chat.id == context.deps.settings.staff_chat_id:
        # The staff group: staff commands and the alerts' buttons only; their chatter is theirs.
        if update.callback_query is not None or command_name(update) in STAFF_CHAT_COMMANDS:
            return
        raise ApplicationHandlerStop
    try:
        if message is not None and message.text and message.text.startswith("/"):
            await message.reply_text(context.deps.texts.msg(
                "group_pointer", bot_username=context.bot.username))
        elif update.callback_query is not None:
            await update.callback_query.answer()
    except TelegramError as exc:  # fail closed: a group update never reaches the handlers
        log.warning("could not answer in a group: %s", type(exc).__name__)
    raise ApplicationHandlerStop


async def edited_message(update: Update, context: Context) -> None:
    """Group -1: an edit changes nothing; say so once."""
    await update.effective_message.reply_text(context.deps.texts.msg("edited_message"))
    raise ApplicationHandlerStop


async def flush_persistence(update: Update, context: Context) -> None:
    """Last group: write conversation states now, not a minute later, so kill -9 loses nothing."""
    await context.application.update_persistence()


async def help_command(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.msg("help"))


async def contact_command(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.contact())


async def nothing_to_cancel(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.msg("cancelled"))


async def unknown_command(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.msg("unknown_command"))


async def outside_conversation(update: Update, context: Context) -> None:
    """Anything she sends when no question is open: read for warning signs, else the help."""
    if await safety_net(update, context.deps):
        return
    await update.effective_message.reply_text(context.deps.texts.msg("help"))


async def stale_button(update: Update, context: Context) -> None:
    await update.callback_query.answer(context.deps.texts.msg("stale_button"))


async def callback_request(update: Update, context: Context) -> None:
    """She pressed "Ask APEX to call me" under a contact-APEX message."""
    deps, query, user = context.deps, update.callback_query, update.effective_user
    escalation_id = query.data.removeprefix("cb1:")
    outcome = "not_hers"
    if escalation_id.isdigit() and len(escalation_id) < 12:
        outcome = await deps.store.request_callback(int(escalation_id), user.id)
    if outcome == "not_hers":
        await query.answer(deps.texts.msg("stale_button"))
        return
    await query.answer(deps.texts.msg("callback_requested") if outcome == "again" else None)
    if outcome == "again":
        return
    await query.edit_message_reply_markup(reply_markup=None)
    await query.message.reply_text(deps.texts.msg("callback_requested"))
    stored = await deps.store.get_user(user.id)
    await alert_staff(context.bot, deps, deps.texts.msg(
        "staff_callback", name=user_link(user.id, stored.first_name if stored else user.first_name,
                                         user.username)))


async def on_error(update: object, context: Context) -> None:
    """Log the kind of failure (never the update's content) and tell her kindly."""
    if isinstance(context.error, Forbidden) and isinstance(update, Update) \
            and update.effective_chat is not None \
            and update.effective_chat.type == ChatType.PRIVATE:
        await context.deps.store.mark_inactive(update.effective_chat.id)
        log.info("a user blocked the bot; marked inactive")
        return
    if update is None and context.job is None and isinstance(context.error, NetworkError):
        # Fetching updates failed (Telegram or the network is down); PTB keeps trying, with
        # back-off, and nothing is lost: the updates wait at Telegram.
        log.warning("cannot reach Telegram for updates (%s); retrying",
                    type(context.error).__name__)
        return
    # The traceback's frames say where; the exception's message could quote what she typed.
    where = "".join(traceback.format_tb(context.error.__traceback__)) if context.error else ""
    log.error("error while handling an update: %s\n%s", type(context.error).__name__, where)
    if not isinstance(update, Update) or update.effective_chat is None \
            or update.effective_chat.type != ChatType.PRIVATE:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()  # stop the button's spinner
    except TelegramError:
        pass  # already answered before the failure
    try:
        await context.bot.send_message(update.effective_chat.id, context.deps.texts.msg("error"))
    except TelegramError:
        log.warning("could not send the error reply")
