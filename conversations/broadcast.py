"""/broadcast (staff): the announcement, its audience, a preview exactly as mothers will see it,
then Send or Cancel. The draft lives in the database from the first step.

Every step checks again that she is still staff: a message handler carries the staff filter,
and the staff gate refuses the AUDIENCE and CONFIRM buttons to anyone else. A staff member
removed from STAFF_IDS mid-way (after a restart) finds the conversation gone.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Collection
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access.registry import AUDIENCE, CODE_AUDIENCE, CONFIRM
from bot.desk.broadcaster import run_broadcast
from bot.desk.codes import code_buttons
from bot.platform.context import (
    Context,
    Deps,
    chat_of,
    message_of,
    person_of,
    query_message,
    query_of,
    text_of,
)
from bot.storage.models import Broadcast, saved_id
from bot.storage.staff_store import StaffStore
from bot.storage.threads_store import ThreadStore

log = logging.getLogger(__name__)

CONTENT, CHOOSING, SOURCE, CONFIRMING = range(4)
ANNOUNCEMENT = (filters.TEXT | filters.PHOTO | filters.Document.ALL) & ~filters.COMMAND
TIMEOUT = timedelta(minutes=30)


def build_broadcast(staff_ids: Collection[int]) -> ConversationHandler:
    staff = filters.User(user_id=staff_ids)
    return ConversationHandler(
        entry_points=[CommandHandler("broadcast", begin, filters=filters.ChatType.PRIVATE & staff)],
        states={
            CONTENT: [MessageHandler(ANNOUNCEMENT & staff, got_announcement),
                      MessageHandler(~filters.COMMAND & staff, not_an_announcement)],
            CHOOSING: [CallbackQueryHandler(chose_audience, pattern=AUDIENCE)],
            SOURCE: [MessageHandler(filters.TEXT & ~filters.COMMAND & staff, typed_source),
                     CallbackQueryHandler(chose_code, pattern=CODE_AUDIENCE)],
            CONFIRMING: [CallbackQueryHandler(confirm, pattern=CONFIRM)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[MessageHandler(~staff, no_longer_staff),
                   CommandHandler("cancel", cancel, filters=staff),
                   CallbackQueryHandler(stale, pattern=lambda data: AUDIENCE.owns(data)
                                        or CONFIRM.owns(data) or CODE_AUDIENCE.owns(data)),
                   MessageHandler(~filters.COMMAND & staff, use_buttons)],
        name="broadcast",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=TIMEOUT,
    )


async def begin(update: Update, context: Context) -> int:
    await message_of(update).reply_text(context.deps.staff_texts.staff("broadcast_start"))
    return CONTENT


async def got_announcement(update: Update, context: Context) -> int | None:
    deps, message = context.deps, message_of(update)
    shown = await _compose(update, deps)
    if shown is None:
        return None  # too long with the header: she is told by how much, and sends it again
    await StaffStore(deps.store).save_draft(staff_id=person_of(update).id,
                                            from_chat_id=message.chat_id, message_id=shown)
    t = deps.staff_texts.staff
    rows = [[InlineKeyboardButton(t("audience_all"), callback_data=AUDIENCE.pack("all"))],
            [InlineKeyboardButton(t("audience_phase", phase=n), callback_data=AUDIENCE.pack(f"p{n}"))
             for n in (1, 2, 3, 4)],
            [InlineKeyboardButton(t("audience_idle"), callback_data=AUDIENCE.pack("idle"))],
            [InlineKeyboardButton(t("audience_source"), callback_data=AUDIENCE.pack("source"))]]
    await message.reply_text(t("broadcast_audience"), reply_markup=InlineKeyboardMarkup(rows))
    return CHOOSING


async def _compose(update: Update, deps: Deps) -> int | None:
    """The announcement as mothers will get it: the clinic's header, her text or caption, and how
    to turn announcements off. Sent back to the staff member as the preview; the broadcast copies
    this message (its id is returned), so what she saw is exactly what goes out. None if it no
    longer fits."""
    message, t = message_of(update), deps.staff_texts.staff
    header, footer = t("announcement_header"), t("announcement_footer")
    if message.text is not None:
        body, limit = message.text_html, MessageLimit.MAX_TEXT_LENGTH
    else:
        body, limit = message.caption_html or "", MessageLimit.CAPTION_LENGTH
    composed = "\n\n".join(part for part in (header, body, footer) if part)
    plain = message.text or message.caption or ""
    over = _length(plain) + _length(_untagged(header)) + _length(_untagged(footer)) + 4 - limit
    if over > 0:
        await message.reply_text(t("announcement_too_long", over=over))
        return None
    if message.text is not None:
        return (await message.reply_text(composed)).message_id
    return (await message.copy(message.chat_id, caption=composed)).message_id


def _untagged(text_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text_html))


def _length(text: str) -> int:
    """As Telegram counts a message's length: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


async def not_an_announcement(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.staff_texts.staff("not_a_message"))


async def chose_audience(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    chosen = AUDIENCE.unpack(query.data).audience
    draft = await StaffStore(deps.store).latest_draft(person_of(update).id)
    if draft is None:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    if chosen == "source":
        codes = await code_buttons(deps)  # the join codes (/codes), or type one
        prompt = deps.staff_texts.msg("staff-line-code_pick") if codes else \
            deps.staff_texts.staff("broadcast_source_prompt")
        await query_message(query).reply_text(prompt, reply_markup=codes)
        return SOURCE
    audience, value = ("phase", chosen[1]) if chosen.startswith("p") else (chosen, None)
    await StaffStore(deps.store).set_audience(saved_id(draft), audience, value)
    return await _preview(update, deps, saved_id(draft))


async def typed_source(update: Update, context: Context) -> int | None:
    deps = context.deps
    code = text_of(message_of(update)).strip()[:64]
    draft = await StaffStore(deps.store).latest_draft(person_of(update).id)
    if draft is None:
        return ConversationHandler.END
    await StaffStore(deps.store).set_audience(saved_id(draft), "source", code)
    return await _preview(update, deps, saved_id(draft))


async def chose_code(update: Update, context: Context) -> int | None:
    """A join code's button (bot.desk.codes): its mothers are the audience."""
    deps, query = context.deps, query_of(update)
    code = await ThreadStore(deps.store).code(CODE_AUDIENCE.unpack(query.data).code)
    draft = await StaffStore(deps.store).latest_draft(person_of(update).id)
    if code is None or draft is None:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    await StaffStore(deps.store).set_audience(saved_id(draft), "source", code.code)
    return await _preview(update, deps, saved_id(draft))


async def _preview(update: Update, deps: Deps, draft_id: int) -> int:
    desk = StaffStore(deps.store)
    draft = await desk.broadcast(draft_id)
    if draft is None:  # never: broadcasts are kept, dropped drafts too
        raise RuntimeError("the announcement being prepared is gone")
    count = await desk.audience_size(draft.audience, draft.audience_value, deps.clock())
    chat_id = chat_of(update).id
    bot = update.get_bot()
    if count == 0:
        await desk.drop_draft(draft_id)
        await bot.send_message(chat_id, deps.staff_texts.staff("broadcast_nobody"))
        return ConversationHandler.END
    t = deps.staff_texts.staff
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton(t("broadcast_send_button"), callback_data=CONFIRM.pack(draft_id, "send")),
        InlineKeyboardButton(t("broadcast_cancel_button"),
                             callback_data=CONFIRM.pack(draft_id, "cancel"))]])
    await bot.send_message(chat_id, t("broadcast_preview", count=count,
                                      audience=_preview_audience(deps, draft)), reply_markup=buttons)
    return CONFIRMING


def _preview_audience(deps: Deps, draft: Broadcast) -> str:
    """Who it goes to, as the end of the preview's sentence: "everyone in phase 2 with
    announcements on"."""
    t = deps.staff_texts.staff
    if draft.audience == "phase":
        return t("preview_phase", phase=draft.audience_value)
    if draft.audience == "source":
        return t("preview_source", code=draft.audience_value)
    return t("preview_idle") if draft.audience == "idle" else t("preview_all")


async def confirm(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    draft_id, action = CONFIRM.unpack(query.data)
    desk = StaffStore(deps.store)
    if action == "cancel":
        await desk.drop_draft(draft_id)
        await query.answer()
        await query.edit_message_text(deps.staff_texts.staff("broadcast_cancelled"))
        return ConversationHandler.END
    row = await desk.start_broadcast(draft_id, person_of(update).id, deps.clock())
    if row is None:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    await desk.set_progress_message(draft_id, query_message(query).chat_id, 0)
    application = context.application
    # The recipients are fixed: the sending starts whatever happens to the answers below (a
    # press answered too late is refused by Telegram as "query is too old").
    application.create_task(run_broadcast(context.bot, deps, draft_id,
                                          running=lambda: application.running),
                            name=f"broadcast-{draft_id}")
    try:
        await query.answer()
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError as exc:
        log.warning("the Send press was not answered: %s", type(exc).__name__)
    return ConversationHandler.END


async def stale(update: Update, context: Context) -> None:
    await query_of(update).answer(context.deps.texts.msg("stale_button"))


async def use_buttons(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.staff_texts.staff("use_a_button"))


async def no_longer_staff(update: Update, context: Context) -> int:
    """She was removed from STAFF_IDS mid-way: the announcement is dropped, and her message is
    answered as anyone's would be."""
    draft = await StaffStore(context.deps.store).latest_draft(person_of(update).id)
    if draft is not None:
        await StaffStore(context.deps.store).drop_draft(saved_id(draft))
    await message_of(update).reply_text(context.deps.texts.msg("not_understood"))
    return ConversationHandler.END


async def timed_out(update: object, context: Context) -> None:
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None:
        await context.bot.send_message(chat.id, context.deps.staff_texts.staff("timed_out_broadcast"))


async def cancel(update: Update, context: Context) -> int:
    draft = await StaffStore(context.deps.store).latest_draft(person_of(update).id)
    if draft is not None:
        await StaffStore(context.deps.store).drop_draft(saved_id(draft))
    await message_of(update).reply_text(context.deps.staff_texts.staff("broadcast_cancelled"))
    return ConversationHandler.END
