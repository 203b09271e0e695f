"""The catch-alls at the end of the ordered path: what no other handler took gets a short, kind
answer and changes nothing."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.platform.context import Context, message_of, query_of

log = logging.getLogger(__name__)


async def edited_message(update: Update, context: Context) -> None:
    """The EDITS step: an edit changes nothing; say so once."""
    await message_of(update).reply_text(context.deps.texts.msg("edited_message"))
    raise ApplicationHandlerStop


async def nothing_to_cancel(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.msg("nothing_to_cancel"))


async def unknown_command(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.msg("unknown_command"))


async def outside_conversation(update: Update, context: Context) -> None:
    """Anything she sends when no question is open (the safety net has already read it for
    warning signs): a short pointer to /help and /contact."""
    await message_of(update).reply_text(context.deps.texts.msg("not_understood"))


async def stale_button(update: Update, context: Context) -> None:
    await query_of(update).answer(context.deps.texts.msg("stale_button"))
