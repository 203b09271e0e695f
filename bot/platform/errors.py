"""The error handler: log the kind of failure, never what she typed, and tell her kindly."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.platform.context import Context
from bot.storage.store import DATABASE_FAILURES

log = logging.getLogger(__name__)


# Given the update the database failed on, True when it carried a warning sign that has now had
# its advice and alert by another way (bot.safety.net.signs_pressed_in_a_failure).
Rescue = Callable[[Update, Context], Awaitable[bool]]


def error_handler(rescue: Rescue) -> Callable[[object, Context], Coroutine[Any, Any, None]]:
    async def handle(update: object, context: Context) -> None:
        await on_error(update, context, rescue)

    return handle


async def on_error(update: object, context: Context, rescue: Rescue | None = None) -> None:
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
    if rescue is not None and isinstance(context.error, DATABASE_FAILURES) \
            and await rescue(update, context):
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
