"""Plain commands, the catch-alls at the end of the ordered path, and the error handler."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.access.registry import CALL_ME
from bot.context import Context
from bot.safety.alerts import send_to_staff
from bot.texts import user_link

log = logging.getLogger(__name__)


async def edited_message(update: Update, context: Context) -> None:
    """Group -1: an edit changes nothing; say so once."""
    await update.effective_message.reply_text(context.deps.texts.msg("edited_message"))
    raise ApplicationHandlerStop


async def flush_persistence(update: Update, context: Context) -> None:
    """Last group: write conversation states now, not a minute later, so kill -9 loses nothing."""
    await context.application.update_persistence()


async def help_command(update: Update, context: Context) -> None:
    deps = context.deps
    await update.effective_message.reply_text(
        deps.texts.help(staff=deps.settings.is_staff(update.effective_user.id)))


async def contact_command(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.contact())


async def nothing_to_cancel(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.msg("cancelled"))


async def unknown_command(update: Update, context: Context) -> None:
    await update.effective_message.reply_text(context.deps.texts.msg("unknown_command"))


async def outside_conversation(update: Update, context: Context) -> None:
    """Anything she sends when no question is open (the safety net has already read it for
    warning signs): a short pointer to /help and /contact."""
    await update.effective_message.reply_text(context.deps.texts.msg("not_understood"))


async def stale_button(update: Update, context: Context) -> None:
    await update.callback_query.answer(context.deps.texts.msg("stale_button"))


async def callback_request(update: Update, context: Context) -> None:
    """She pressed "Ask APEX to call me" under a contact-APEX message."""
    deps, query, user = context.deps, update.callback_query, update.effective_user
    outcome = await deps.store.request_callback(CALL_ME.unpack(query.data).escalation, user.id)
    if outcome == "not_hers":
        await query.answer(deps.texts.msg("stale_button"))
        return
    await query.answer(deps.texts.msg("callback_requested") if outcome == "again" else None)
    if outcome == "again":
        return
    await query.edit_message_reply_markup(reply_markup=None)
    await query.message.reply_text(deps.texts.msg("callback_requested"))
    stored = await deps.store.get_user(user.id)
    await send_to_staff(context.bot, deps, deps.texts.msg(
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
