"""Step 1 of the ordered path: every text and caption in a private chat is read for warning signs
(emergency, urgent and contact-APEX ones, low mood among them), in English and Spanish, before
anything else can swallow it.

Before consent, in every state of every conversation, inside a flood, in an album: a hit always
gets the advice and always reaches the staff (bot.safety.escalation), and the update stops here.
Inside the screening, a sign she names becomes her answer to the warning-sign question and ends
the questions, as if she had ticked it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram import User as TelegramUser
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.episodes import HOLDING, most_serious
from bot.core.signs import scan_all
from bot.platform.context import Context, Deps
from bot.platform.texts import Birth
from bot.safety.escalation import (
    advise,
    escalate,
    escalate_before_consent,
    her_birth,
    unrecorded,
)
from bot.safety.sign_picker import screening_signs_pressed
from bot.storage.models import Assessment
from bot.storage.store import DATABASE_FAILURES, within

log = logging.getLogger(__name__)

# The screening's own answer to signs named while her questions are open (it records them as
# her warning-sign answer and shows her result); given to the net by the application factory,
# which knows both. False when her questions turn out not to be open after all.
SignInScreening = Callable[[Message, Context, Assessment, str, list[str]], Awaitable[bool]]
# True for an update the net must not read: what the clinic's staff write (announcements, notes
# about a mother) is not a mother's own warning sign.
Exempt = Callable[[Update], bool]


def safety_net(in_screening: SignInScreening,
               exempt: Exempt) -> Callable[[object, Context], Coroutine[Any, Any, None]]:
    async def read_for_signs(update: object, context: Context) -> None:
        if not isinstance(update, Update):
            return
        # What she sent, new or edited: never the bot's own message under a button she pressed
        # (an alert or a question names the signs too).
        message = update.message or update.edited_message
        person, chat = update.effective_user, update.effective_chat
        if message is None or person is None or chat is None or chat.type != ChatType.PRIVATE:
            return
        text = message.text or message.caption
        if not text:
            return
        deps = context.deps
        hits = scan_all(text, deps.phrases)
        if not hits or exempt(update):
            return
        # Every sign she named at the most serious level among them: the staff see them all.
        level = hits[0].level
        signs = list(dict.fromkeys(h.sign_id for h in hits if h.level == level))
        log.info("the safety net found a warning sign (level %s)", level)
        bot = context.bot
        # Emergency and urgent advice first, from content: the database only adds when her baby
        # was born, and only if it answers at once. A contact-APEX sign (leaking, low mood...) gets its
        # advice with the escalation, under its "Ask APEX to call me" button.
        # Or, when none is stored, the birth as this very message names it ("born 9 weeks ago").
        birth = await _birth_if_quick(deps, person.id) or Birth.said_in(
            text, deps.texts.catalogue.locale, deps.today(), deps.content.rules.max_weeks_back)
        if level in HOLDING:
            await advise(bot, deps, chat.id, level, signs, birth)
        try:
            await _record(message, context, person, level, signs, birth, in_screening)
        except DATABASE_FAILURES as exc:
            # The database failed (each call is bounded by DATABASE_TIMEOUT_SECONDS): she has
            # her advice all the same, and the staff hear of it now, unless they already have.
            log.error("a warning sign could not be recorded: %s", type(exc).__name__)
            await unrecorded(bot, deps, person, chat.id, level, signs, birth)
        raise ApplicationHandlerStop

    return read_for_signs


async def _birth_if_quick(deps: Deps, user_id: int) -> Birth | None:
    """When her baby was born (her open questions first, then her last result), or None if the
    database does not answer within a second."""

    async def lookup() -> Birth | None:
        draft = await deps.store.draft(user_id)
        if draft is not None and "birth_date" in draft.answers:
            return Birth.from_answers(draft.answers, deps.today())
        return await her_birth(deps, user_id)

    try:
        return await within(1, lookup())
    except DATABASE_FAILURES:
        return None


async def _record(message: Message, context: Context, person: TelegramUser, level: str,
                  signs: list[str], birth: Birth | None, in_screening: SignInScreening) -> None:
    """The escalation, and her answer if her questions are open; the staff are alerted."""
    deps = context.deps
    user = await deps.store.get_user(person.id)
    if user is None:
        await escalate_before_consent(context.bot, deps, person, level, signs, birth)
        return
    draft = await deps.store.draft(person.id)
    # Emergency and urgent signs answer her warning-sign question and end it; contact-APEX ones do not
    # stop her questions.
    if (level in HOLDING and draft is not None
            and await in_screening(message, context, draft, level, signs)):
        return
    await escalate(context.bot, deps, user=user, level=level, signs=signs, source="message",
                   birth=birth or await her_birth(deps, person.id))


async def signs_pressed_in_a_failure(update: Update, context: Context) -> bool:
    """The database failed on a press in the screening's warning-sign question (her ticks live
    in her draft, which cannot be read): the signs the keyboard shows ticked, with the one just
    ticked, still get their advice and the staff's alert, and wait in the outbox. True if so;
    the error handler then says nothing more. (/symptoms does the same in its own handler.)"""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return False
    deps = context.deps
    known = {s.id: s.level for s in deps.content.signs}
    chosen = screening_signs_pressed(query.data, query.message.reply_markup) & known.keys()
    if not chosen:
        return False
    level = most_serious([known[s] for s in chosen])
    signs = [s.id for s in deps.content.signs if s.id in chosen and s.level == level]
    log.error("warning signs pressed in the screening could not be recorded")
    with contextlib.suppress(TelegramError):
        await query.answer()
    await unrecorded(context.bot, deps, query.from_user, query.from_user.id, level, signs)
    return True
