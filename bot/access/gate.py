"""The access steps of the ordered path: private chats only, and the staff gate.

A command's name always comes from Telegram's `bot_command` entity, as CommandHandler reads it,
never from splitting the text: "/stats," is the command "stats" to both.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.access.buttons import Audience
from bot.access.registry import STAFF_CHAT_COMMANDS, STAFF_COMMANDS, button_kind, commands_for
from bot.platform.context import Context
from bot.platform.texts import Texts

log = logging.getLogger(__name__)


def command_of(update: Update) -> str | None:
    """"stats" for "/stats", "/Stats," or "/stats@apex_run_ready_bot now"; None when the
    message does not start with a command."""
    message = update.effective_message
    if message is None or update.channel_post is not None or not message.text:
        return None
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return message.parse_entity(entity)[1:].split("@", 1)[0].lower()
    return None


def menu(texts: Texts, audience: Audience) -> list[BotCommand]:
    """The command menu Telegram shows her (or a staff member), from the registry."""
    return [BotCommand(c.name, texts.command(c.name)) for c in commands_for(audience)
            if c.name not in texts.hidden]


async def private_chats_only(update: object, context: Context) -> None:
    """In a group or channel the bot answers a command with a pointer and stores nothing. The
    staff chat is let through for the staff commands that work there and the alerts' buttons."""
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.message
    if chat.id == context.deps.settings.staff_chat_id:
        # The staff group: staff commands, the alerts' buttons, and a staff member's reply to
        # one of the bot's messages (to a mother's thread: it goes to her); their chatter is theirs.
        if update.callback_query is not None or command_of(update) in STAFF_CHAT_COMMANDS:
            return
        if _staff_reply_to_the_bot(update, context):
            return
        raise ApplicationHandlerStop
    try:
        if message is not None and command_of(update) is not None:
            await message.reply_text(context.deps.texts.msg(
                "group_pointer", bot_username=context.bot.username))
        elif update.callback_query is not None:
            await update.callback_query.answer()
    except TelegramError as exc:  # fail closed: a group update never reaches the handlers
        log.warning("could not answer in a group: %s", type(exc).__name__)
    raise ApplicationHandlerStop


def _staff_reply_to_the_bot(update: Update, context: Context) -> bool:
    message, person = update.message, update.effective_user
    replied = message.reply_to_message if message is not None else None
    return (replied is not None and replied.from_user is not None
            and replied.from_user.id == context.bot.id and person is not None
            and context.deps.settings.is_staff(person.id))


async def staff_gate(update: object, context: Context) -> None:
    """For anyone not in STAFF_IDS, staff commands and staff buttons do not exist: a command
    gets the unknown-command reply, a button the stale-button answer, and nothing else runs."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    deps = context.deps
    if deps.settings.is_staff(update.effective_user.id):
        return
    message = update.effective_message
    if message is not None and command_of(update) in STAFF_COMMANDS:
        await message.reply_text(deps.texts.msg("unknown_command"))
        raise ApplicationHandlerStop
    query = update.callback_query
    if query is not None:
        kind = button_kind(query.data)
        if kind is not None and kind.audience == "staff":
            await query.answer(deps.texts.msg("stale_button"))
            raise ApplicationHandlerStop
