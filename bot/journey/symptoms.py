"""/symptoms and "Something felt wrong": the warning-sign screen, at any time. What she ticks
goes through the one escalation path (bot.safety.escalation)."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Update

from bot.access.registry import SYMPTOM
from bot.core.episodes import HOLDING, most_serious
from bot.platform.context import Context, Deps, message_of, person_of, query_message, query_of
from bot.safety.escalation import advise, escalate, escalate_before_consent, her_birth, unrecorded
from bot.safety.sign_picker import signs_keyboard, ticked
from bot.storage.store import DATABASE_FAILURES

log = logging.getLogger(__name__)

# SYMPTOM buttons: a sign toggles it, "=" is Done, "0" is None of these.
SOURCES = {"s": "symptoms", "c": "checkin", "w": "checkin"}


async def symptoms_command(update: Update, context: Context) -> None:
    deps = context.deps
    if await deps.store.get_user(person_of(update).id) is None:
        await message_of(update).reply_text(deps.texts.nudge("needs_screening"))
        return
    await send_symptom_screen(update, deps, source="s", ref=0)


async def send_symptom_screen(update: Update, deps: Deps, *, source: str, ref: int,
                              lead: str = "") -> None:
    prompt = deps.texts.nudge("symptoms_prompt")
    await message_of(update).reply_text(
        f"{lead}\n\n{prompt}" if lead else prompt,
        reply_markup=_symptom_keyboard(deps, source, ref, set()))


def _symptom_keyboard(deps: Deps, source: str, ref: int, chosen: set[str]) -> InlineKeyboardMarkup:
    return signs_keyboard(deps.texts, deps.texts.content.signs_at(), chosen,
                          toggle_data=lambda sign: SYMPTOM.pack(source, ref, sign),
                          none_data=SYMPTOM.pack(source, ref, "0"),
                          done_data=SYMPTOM.pack(source, ref, "="))


def _sign_of(data: str) -> str | None:
    fields = SYMPTOM.unpack(data)
    return fields.sign if fields is not None and fields.sign not in ("=", "0") else None


async def symptom_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    source, ref, choice = SYMPTOM.unpack(query.data)
    known = {s.id for s in deps.content.signs}
    if choice not in known | {"=", "0"}:
        await query.answer(deps.texts.msg("stale_button"))
        return
    message = query_message(query)
    screen = (message.chat_id, message.message_id)
    # What she ticked so far; after a restart, what the keyboard shows.
    kept = deps.picking.pop(screen, None)
    chosen = kept if kept is not None else ticked(message.reply_markup, _sign_of) & known
    if choice in known:
        chosen ^= {choice}
        if len(deps.picking) > 10_000:  # screens left open for good
            deps.picking.clear()
        deps.picking[screen] = chosen
        await query.answer()
        await query.edit_message_reply_markup(_symptom_keyboard(deps, source, ref, chosen))
        return
    await query.answer()
    if choice == "0":
        chosen = set()
    labels = deps.texts.labels(s.id for s in deps.content.signs if s.id in chosen)
    await query.edit_message_text(
        f"{query_message(query).text_html}\n\n✓ <b>{html.escape(labels or deps.texts.msg('signs_none'))}</b>",
        reply_markup=None)
    if not chosen:
        await query_message(query).reply_text(deps.texts.nudge("symptoms_thanks"))
        return
    level = most_serious([deps.content.sign(s).level for s in chosen])
    signs = [s.id for s in deps.content.signs if s.id in chosen and s.level == level]
    person, bot = person_of(update), context.bot
    if level in HOLDING:  # her advice first: the database may not answer
        await advise(bot, deps, person.id, level, signs, None)
    try:
        user = await deps.store.get_user(person.id)
        if user is None:  # she deleted her data since this screen was shown: a sign still counts
            await escalate_before_consent(bot, deps, person, level, signs)
            return
        if source == "w" and ref:
            await deps.store.record_outcome(ref, user.telegram_id, "symptom")
        birth = await her_birth(deps, user.telegram_id)
        await escalate(bot, deps, user=user, level=level, signs=signs, source=SOURCES[source],
                       birth=birth)
    except DATABASE_FAILURES as exc:
        log.error("ticked warning signs could not be recorded: %s", type(exc).__name__)
        await unrecorded(bot, deps, person, person.id, level, signs)


