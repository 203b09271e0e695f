"""A line to the clinic, the staff's side: a staff member replies (Telegram's reply) to a message
of her thread in the staff chat, and the bot delivers it to her, signed with the staff member's
first name, and opens her thread again so her answer follows. /note, as a reply, adds a note
only the staff see. Both go into the audit (StaffAction).

A reply to any other message (the staff talking among themselves) is theirs: nothing happens.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram import User as TelegramUser
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from bot.journey.ask import done_markup
from bot.platform import catch_all
from bot.platform.context import Context, Deps, message_of, person_of, reading_as
from bot.platform.texts import Html, user_link
from bot.storage.models import ClinicThread, User, saved_id
from bot.storage.threads_store import ThreadStore

log = logging.getLogger(__name__)


async def _thread_of_reply(message: Message, deps: Deps) -> ClinicThread | None:
    replied = message.reply_to_message
    if replied is None:
        return None
    return await ThreadStore(deps.store).thread_replied_to(message.chat_id, replied.message_id)


async def staff_reply(update: Update, context: Context) -> None:
    """A staff member's reply to her thread's message goes to her."""
    deps, message = context.deps, message_of(update)
    thread = await _thread_of_reply(message, deps)
    if thread is None:
        if message.chat.type == ChatType.PRIVATE:
            await catch_all.outside_conversation(update, context)
        return  # in the staff group: their own conversation
    staff = person_of(update)
    user = await deps.store.get_user(thread.user_id)
    if user is None:  # never: her threads go with her
        await message.reply_text(deps.staff_texts.msg("staff-line-reply_gone"))
        return
    thread_id, said = saved_id(thread), message.text or message.caption
    with reading_as(user.language):
        her = deps.texts
        body = her.msg("ask-reply", name=staff.first_name,
                       text=Html(message.text_html if message.text else (message.caption_html or "")))
        footer, markup = her.msg("ask-reply_footer"), done_markup(deps, thread_id)
    try:
        if message.text:
            await context.bot.send_message(user.telegram_id, f"{body}\n\n{footer}",
                                           reply_markup=markup)
        else:
            await context.bot.copy_message(user.telegram_id, message.chat_id, message.message_id,
                                           caption=body[:1024], reply_markup=markup)
    except (Forbidden, BadRequest) as exc:
        log.info("thread %s: a staff reply was not delivered: %s", thread_id, type(exc).__name__)
        await _confirm(message, deps, user, thread_id, "staff-line-reply_failed")
        return
    threads, now = ThreadStore(deps.store), deps.clock()
    await threads.reopen(thread_id, now)
    await threads.add_message(thread_id, sender="staff", kind="text" if message.text else "media",
                              text=said, staff_name=staff.first_name, now=now)
    await threads.staff_act(staff.id, "thread_reply", f"thread:{thread_id}", now)
    await _confirm(message, deps, user, thread_id, "staff-line-reply_sent", staff=staff.first_name)


async def note_command(update: Update, context: Context) -> None:
    """/note <text>, as a reply to her thread's message (kept with her thread) or to an
    escalation alert (kept with the escalation); never sent to her, shown in her record."""
    deps, message = context.deps, message_of(update)
    thread = await _thread_of_reply(message, deps)
    text = (message.text or "").partition(" ")[2].strip()
    if thread is None and text and (replied := message.reply_to_message) is not None:
        await _note_on_escalation(message, replied, deps, person_of(update), text)
        return
    if thread is None or not text:
        await message.reply_text(deps.staff_texts.msg("staff-line-note_usage"))
        return
    user = await deps.store.get_user(thread.user_id)
    if user is None:
        await message.reply_text(deps.staff_texts.msg("staff-line-reply_gone"))
        return
    staff, now, thread_id = person_of(update), deps.clock(), saved_id(thread)
    threads = ThreadStore(deps.store)
    await threads.add_message(thread_id, sender="note", kind="text", text=text,
                              staff_name=staff.first_name, now=now)
    await threads.staff_act(staff.id, "thread_note", f"thread:{thread_id}", now)
    await _confirm(message, deps, user, thread_id, "staff-line-note_saved")


async def _note_on_escalation(message: Message, replied: Message, deps: Deps,
                              staff: TelegramUser, text: str) -> None:
    threads = ThreadStore(deps.store)
    escalation = await threads.escalation_replied_to(message.chat_id, replied.message_id)
    if escalation is None:
        await message.reply_text(deps.staff_texts.msg("staff-line-note_usage"))
        return
    if escalation.user_id is None and escalation.chat_id is None:  # anonymised: she deleted her data
        await message.reply_text(deps.staff_texts.msg("staff-line-note_gone"))
        return
    await threads.add_escalation_note(saved_id(escalation), staff.id, staff.first_name, text,
                                      deps.clock())
    # No name in it: a reply under her alert says which; nothing to edit if she deletes her data.
    await message.reply_text(deps.staff_texts.msg("staff-line-note_saved_escalation"))


async def _confirm(message: Message, deps: Deps, user: User, thread_id: int, key: str,
                   **values: str) -> None:
    """Tell the staff what happened, under their message; kept, since it names her."""
    name = user_link(user.telegram_id, user.first_name, user.username)
    sent = await message.reply_text(deps.staff_texts.msg(key, name=name, **values))
    await ThreadStore(deps.store).add_copies(thread_id=thread_id, user_id=user.telegram_id,
                                             kind="sent", messages=[(sent.chat_id, sent.message_id)])
