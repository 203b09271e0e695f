"""The readiness screening: consent, the questionnaire, and her result.

Every answer is saved to the draft assessment as it arrives; the next question is derived from
the saved answers (bot.core.questionnaire), so a restart resumes at the next unanswered one.

Buttons (bot/access/registry.py), checked on arrival (whose draft, which question): CONSENT
(with the /start deep-link code, if any), ANSWER a choice or test question ("keep" re-uses a
previous date), TOGGLE_SIGN on a multi-select screen (the warning signs, or what she felt in a
test), SIGNS_DONE / SIGNS_NONE, SKIP_TESTS.

A warning sign she types in her own words is read by the safety net before this conversation
sees the message; the net hands it to `sign_named`, which makes it her answer.
"""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access.buttons import ButtonKind
from bot.access.registry import (
    ANSWER,
    BIRTH_DATE,
    CONSENT,
    REASSESS,
    SETTINGS_MENU,
    SIGNS_DONE,
    SIGNS_NONE,
    SKIP_TESTS,
    SOURCE_CODE,
    TOGGLE_SIGN,
)
from bot.core.answers import SKIPPED, TEST_SYMPTOMS, Answers, weeks_since
from bot.core.dates import Ambiguous, DateProblem, parse_birth_date, typed_as_weeks
from bot.core.questionnaire import (
    FELT_PREFIX,
    TEST_PREFIX,
    impact_tests_gate,
    impact_tests_held,
    next_step,
    remaining_test_steps,
)
from bot.core.readiness import readiness
from bot.journey.ask import ask_button
from bot.journey.her_plan import her_zone, next_nudge_at
from bot.platform.content import Option
from bot.platform.context import (
    Context,
    Deps,
    data_of,
    message_of,
    person_of,
    query_message,
    query_of,
    text_of,
)
from bot.platform.conversation_state import end_conversation
from bot.platform.language import pick_language
from bot.platform.texts import Birth, Texts
from bot.safety.escalation import escalate, her_birth
from bot.safety.sign_picker import BOX, TICK, signs_keyboard, toggle
from bot.storage.models import Assessment, User, saved_id

NAME = "screening"
CONSENTING, ASKING = range(2)
MAX_TEXT = 200
QUESTION_BUTTONS = (ANSWER, TOGGLE_SIGN, SIGNS_DONE, SIGNS_NONE, SKIP_TESTS, BIRTH_DATE)
# A screening left half-way is put aside after this long (her answers stay; /start resumes).
TIMEOUT = timedelta(hours=12)


def _decoded(data: object) -> tuple[ButtonKind, int, str, str | None] | None:
    """(kind, draft id, question, option or sign) of a question's button, or None."""
    for kind in QUESTION_BUTTONS:
        fields = kind.unpack(data)
        if fields is not None:
            value = (fields.option if kind is ANSWER else fields.sign if kind is TOGGLE_SIGN
                     else fields.date if kind is BIRTH_DATE else None)
            return kind, fields.draft, fields.step, value
    return None


def _is_question_button(data: object) -> bool:
    return _decoded(data) is not None


def build_screening() -> ConversationHandler:
    return ConversationHandler(
        entry_points=[CommandHandler("start", start), CommandHandler("reassess", reassess),
                      CallbackQueryHandler(reassess_press, pattern=REASSESS)],
        states={
            CONSENTING: [
                CallbackQueryHandler(consent, pattern=CONSENT),
                # A crash between her first question and the saved state leaves her here with
                # a draft: her answers still count.
                CallbackQueryHandler(answer_button, pattern=_is_question_button),
                MessageHandler(filters.TEXT & ~filters.COMMAND, answer_if_asked),
                MessageHandler(~filters.COMMAND, press_the_button),
            ],
            ASKING: [
                CallbackQueryHandler(answer_button, pattern=_is_question_button),
                MessageHandler(filters.TEXT & ~filters.COMMAND, answer_text),
                MessageHandler(~filters.COMMAND, not_text),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[CommandHandler("cancel", cancel), CommandHandler("start", start),
                   CommandHandler("reassess", reassess),
                   CallbackQueryHandler(reassess_press, pattern=REASSESS)],
        name=NAME,
        persistent=True,
        allow_reentry=True,
        conversation_timeout=TIMEOUT,
    )


# --- entering ----------------------------------------------------------------------------

async def start(update: Update, context: Context) -> int:
    deps, tg_user = context.deps, person_of(update)
    user = await deps.store.get_user(tg_user.id)
    if user is None:
        source = context.args[0] if context.args and SOURCE_CODE.fullmatch(context.args[0]) else ""
        button = InlineKeyboardButton(deps.texts.msg("consent_button"),
                                      callback_data=CONSENT.pack(source))
        await message_of(update).reply_text(
            deps.texts.msg("welcome") + "\n\n" + deps.texts.msg("privacy_short"),
            reply_markup=InlineKeyboardMarkup([[button]]))
        return CONSENTING
    if not user.active:  # she blocked the bot and came back
        user = await deps.store.record_consent(tg_user.id, first_name=tg_user.first_name,
                                               username=tg_user.username, source=user.source,
                                               consent_version=user.consent_version)
        await deps.store.update_user(tg_user.id,
                                     next_nudge_at=next_nudge_at(deps, user, deps.clock()))
    if await _held_back(message_of(update), deps, tg_user.id):
        return ConversationHandler.END
    draft = await deps.store.draft(tg_user.id)
    if draft is not None:
        return await ask(message_of(update), deps, draft, deps.texts.msg("resume"))
    latest = await deps.store.latest_assessment(tg_user.id)
    if latest is not None and latest.phase is not None:
        phase = deps.texts.content.phase(latest.phase)
        await message_of(update).reply_text(
            deps.texts.msg("result_phase", number=phase.number, title=phase.title)
            + "\n\n" + deps.texts.help())
        return ConversationHandler.END
    if latest is not None:  # no phase: an emergency or urgent episode the clinic has closed
        return await reassess(update, context)
    draft = await deps.store.start_assessment(tg_user.id, defaults={},
                                              content_version=deps.content.version)
    return await ask(message_of(update), deps, draft)


async def consent(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    if data_of(query) not in _offered(query.message):
        await query.answer(deps.texts.msg("stale_button"))  # forged: not a button she was shown
        return None
    await query.answer()
    source = CONSENT.unpack(query.data).source
    user = person_of(update)
    await deps.store.record_consent(
        user.id, first_name=user.first_name, username=user.username,
        source=source or None,  # the codec let only a real code through
        consent_version=deps.content.consent_version,
        language=deps.texts.language)  # the language she is reading this in
    await query.edit_message_reply_markup(reply_markup=None)
    if await _held_back(query_message(query), deps, user.id):  # a sign she named before consenting
        return ConversationHandler.END
    draft = await deps.store.draft(user.id) or await deps.store.start_assessment(
        user.id, defaults={}, content_version=deps.content.version)
    return await ask(query_message(query), deps, draft, deps.texts.msg("consented"))


async def _held_back(message: Message, deps: Deps, user_id: int) -> bool:
    """Until the clinic closes her emergency or urgent escalation, she sees the same advice
    again instead of questions or exercise. True when she did."""
    serious = await deps.store.most_serious_open(user_id)
    if serious is None:
        return False
    birth = await her_birth(deps, user_id)
    await message.reply_text(deps.texts.escalation(serious.level, serious.signs, birth)
                             + "\n\n" + deps.texts.msg("questions_wait"))
    return True


def _offered(message: MaybeInaccessibleMessage | None) -> set[str]:
    """The button data on the message (none on one the bot may no longer see)."""
    markup = message.reply_markup if isinstance(message, Message) else None
    return {b.callback_data for row in (markup.inline_keyboard if markup else ()) for b in row
            if isinstance(b.callback_data, str)}


async def reassess(update: Update, context: Context) -> int:
    deps, user_id = context.deps, person_of(update).id
    if await deps.store.get_user(user_id) is None:
        return await start(update, context)
    if await _held_back(message_of(update), deps, user_id):
        return ConversationHandler.END
    latest = await deps.store.latest_assessment(user_id)
    defaults = {k: v for k, v in (latest.answers if latest else {}).items()
                if not k.startswith("_")}
    draft = await deps.store.start_assessment(user_id, defaults=defaults,
                                              content_version=deps.content.version)
    return await ask(message_of(update), deps, draft)


async def reassess_press(update: Update, context: Context) -> int:
    """The "Answer the questions again" button (after the clinic closes a serious episode, or
    under /today and /plan while she has no phase): the same as /reassess."""
    query = query_of(update)
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    return await reassess(update, context)


async def cancel(update: Update, context: Context) -> int:
    await context.deps.store.drop_draft(person_of(update).id)
    await message_of(update).reply_text(context.deps.texts.msg("cancelled"))
    return ConversationHandler.END


async def answer_if_asked(update: Update, context: Context) -> int | None:
    """Text in CONSENT: an answer if her questions have started (she has a draft)."""
    if await context.deps.store.draft(person_of(update).id) is not None:
        return await answer_text(update, context)
    await press_the_button(update, context)
    return None


async def press_the_button(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.msg("use_buttons"))


# --- asking ------------------------------------------------------------------------------

async def ask(message: Message, deps: Deps, draft: Assessment, lead: str = "", *,
              in_place: bool = False) -> int:
    """Send the next unanswered question (or, `in_place`, turn the message she answered into
    it), or her result when there is none left."""
    step = next_step(draft.answers, deps.today(), deps.content)
    if step is None:
        return await finish(message, deps, draft, answered=lead if in_place else None)
    text, markup = render_question(deps, draft, step)
    text = f"{lead}\n\n{text}" if lead else text
    if in_place:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.get_bot().send_message(message.chat_id, text, reply_markup=markup)
    return ASKING


def render_question(deps: Deps, draft: Assessment, step: str) -> tuple[str, InlineKeyboardMarkup]:
    texts, aid = deps.texts, draft.id
    content = texts.content  # the programme in her language
    previous = draft.defaults
    rows: list[list[InlineKeyboardButton]] = []

    if step.startswith(FELT_PREFIX):
        return _render_felt(deps, draft, step)
    if step.startswith(TEST_PREFIX):
        test = content.test(step.removeprefix(TEST_PREFIX))
        text = f"<b>{html.escape(test.name)}</b>\n{html.escape(test.how)}"
        if not draft.answers.get("tests"):
            intro = texts.msg("tests_intro")
            # Why the hops are not offered, if they are not: the real reason, whichever it is.
            why = impact_tests_held(draft.answers, deps.today(), content)
            if why == "too_early":
                intro += "\n" + texts.msg("impact_tests_later",
                                          weeks=impact_tests_gate(draft.answers, content))
            elif why is not None:
                intro += "\n" + texts.msg(f"impact_tests_held_{why}")
            text = intro + "\n\n" + text
        earlier = previous.get("tests", {}).get(test.id)
        answers = content.answers_for(test)
        rows = [[_button(o.label, ANSWER.pack(aid, step, o.id), o.id == earlier)] for o in answers]
        rows.append([InlineKeyboardButton(texts.msg("skip_tests_button"),
                                          callback_data=SKIP_TESTS.pack(aid, step))])
        return _with_default(texts, text, answers, earlier), InlineKeyboardMarkup(rows)

    question = content.question(step)
    text = html.escape(question.prompt)
    if question.hint:
        text += f"\n<i>{html.escape(question.hint)}</i>"
    if question.kind == "date":
        if "birth_date" in previous:
            label = texts.msg("keep_button") + " " + texts.day(
                Answers.from_draft(previous).birth_date)
            rows.append([InlineKeyboardButton(label, callback_data=ANSWER.pack(aid, step, "keep"))])
        return text, InlineKeyboardMarkup(rows)
    if question.kind == "signs":
        chosen = draft.answers.get("_selecting", {}).get(step, [])
        return text, signs_keyboard(texts, content.signs_at(*question.levels), chosen,
                                    toggle_data=lambda sign: TOGGLE_SIGN.pack(aid, step, sign),
                                    none_data=SIGNS_NONE.pack(aid, step),
                                    done_data=SIGNS_DONE.pack(aid, step))
    earlier = previous.get(step)
    rows = [[_button(o.label, ANSWER.pack(aid, step, o.id), o.id == earlier)]
            for o in question.options]
    return _with_default(texts, text, question.options, earlier), InlineKeyboardMarkup(rows)


def _render_felt(deps: Deps, draft: Assessment, step: str) -> tuple[str, InlineKeyboardMarkup]:
    """After "Felt a symptom": which (leaking, heaviness or pressure, pain), several may apply."""
    texts, aid, content = deps.texts, draft.id, deps.texts.content
    test = content.test(step.removeprefix(FELT_PREFIX))
    text = f"<b>{html.escape(test.name)}</b>\n" + texts.msg("symptom_which")
    answered = draft.answers.get("tests", {})
    if impact_tests_held(draft.answers, deps.today(), content) == "symptom" and any(
            t.id not in answered for t in content.tests_of("impact")):
        text += "\n\n" + texts.msg("impact_tests_held_symptom")  # why no hop comes next
    earlier = set((draft.defaults.get(TEST_SYMPTOMS) or {}).get(test.id, ()))
    if earlier:  # reassessing: what she felt in this test last time
        text += "\n\n" + texts.msg("reassess_default", answer=", ".join(
            o.label for o in content.test_symptoms if o.id in earlier))
    chosen = draft.answers.get("_selecting", {}).get(step, [])
    rows = [[InlineKeyboardButton((TICK if o.id in chosen else BOX) + o.label,
                                  callback_data=TOGGLE_SIGN.pack(aid, step, o.id))]
            for o in content.test_symptoms]
    rows.append([InlineKeyboardButton(texts.msg("signs_done_button"),
                                      callback_data=SIGNS_DONE.pack(aid, step))])
    return text, InlineKeyboardMarkup(rows)


def _button(label: str, data: str, was_previous: bool) -> InlineKeyboardButton:
    return InlineKeyboardButton(("✓ " if was_previous else "") + label, callback_data=data)


def _with_default(texts: Texts, text: str, options: Sequence[Option], earlier: str | None) -> str:
    """The question, with her previous answer named when she is reassessing."""
    label = next((o.label for o in options if o.id == earlier), None)
    return text + "\n\n" + texts.msg("reassess_default", answer=label) if label else text


# --- answering ---------------------------------------------------------------------------

async def answer_button(update: Update, context: Context) -> int | None:
    deps, query, user_id = context.deps, query_of(update), person_of(update).id
    if _too_soon(deps, user_id):
        await query.answer(deps.texts.msg("too_quick"), show_alert=True)
        return None
    decoded = _decoded(query.data)
    if decoded is None:  # never: the handler's pattern decoded it
        await query.answer(deps.texts.msg("stale_button"))
        return None
    kind, draft_id, step, value = decoded

    def changes_for(draft: Assessment) -> dict[str, Any] | None:
        if draft_id == draft.id and step == next_step(draft.answers, deps.today(), deps.content):
            return _changes_for(deps, draft, step, kind, value)
        return None  # not this draft, or not the question she is on

    draft, changes = await deps.store.answer_draft(user_id, changes_for)
    if draft is not None and changes == {} and kind is SIGNS_DONE:  # "Done" with nothing ticked
        await query.answer(deps.texts.msg("symptom_pick_one"), show_alert=True)
        return None
    if draft is None or not changes:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    await query.answer()
    if kind is TOGGLE_SIGN:
        _, markup = render_question(deps, draft, step)
        await query.edit_message_reply_markup(reply_markup=markup)
        return None
    # One message carries the questions: each answer turns it into the next question, and the
    # last one into her result. That costs one call to Telegram per answer instead of two.
    answered = "✓ <b>" + html.escape(_answer_label(deps, step, changes)) + "</b>"
    state = await ask(query_message(query), deps, draft, answered, in_place=True)
    _note_shown(deps, draft.user_id)
    return state


def _too_soon(deps: Deps, user_id: int) -> bool:
    """A press that lands just after her question turned into the next one: her finger's second
    tap, meant for the question before. It must not answer one she has not read."""
    shown = deps.question_shown_at.get(user_id)
    return shown is not None and time.monotonic() - shown < deps.settings.double_tap_seconds


def _note_shown(deps: Deps, user_id: int) -> None:
    if len(deps.question_shown_at) > 10_000:  # only the last second matters
        deps.question_shown_at.clear()
    deps.question_shown_at[user_id] = time.monotonic()


def _changes_for(deps: Deps, draft: Assessment, step: str, kind: ButtonKind,
                 value: str | None) -> dict[str, Any] | None:
    """The answers a press saves, or None when the press is not valid for this question."""
    content = deps.content
    if kind is SKIP_TESTS:
        if not step.startswith(TEST_PREFIX):
            return None
        remaining = remaining_test_steps(draft.answers, deps.today(), content)
        return {"tests": {s.removeprefix(TEST_PREFIX): SKIPPED for s in remaining}}
    if step.startswith(FELT_PREFIX):
        chosen = list(draft.answers.get("_selecting", {}).get(step, []))
        if kind is TOGGLE_SIGN and value in {o.id for o in content.test_symptoms}:
            return {"_selecting": {step: toggle(chosen, value)}}
        if kind is SIGNS_DONE:  # nothing ticked: {} asks her to tick first, and saves nothing
            felt = {**(draft.answers.get(TEST_SYMPTOMS) or {}),
                    step.removeprefix(FELT_PREFIX): chosen}
            return {TEST_SYMPTOMS: felt, "_selecting": None} if chosen else {}
        return None
    if step.startswith(TEST_PREFIX):
        test = content.test(step.removeprefix(TEST_PREFIX))
        if kind is ANSWER and value in {o.id for o in content.answers_for(test)}:
            return {"tests": {test.id: value}}
        return None
    question = content.question(step)
    if question.kind == "signs":
        allowed = {s.id for s in content.signs_at(*question.levels)}
        chosen = list(draft.answers.get("_selecting", {}).get(step, []))
        if kind is TOGGLE_SIGN and value in allowed:
            return {"_selecting": {step: toggle(chosen, value)}}
        if kind is SIGNS_DONE:
            return {step: chosen, "_selecting": None}
        if kind is SIGNS_NONE:  # with ticks on the screen, "none" would silently drop them
            return None if chosen else {step: [], "_selecting": None}
        return None
    if kind is BIRTH_DATE and question.kind == "date" and value is not None:
        # One of the two readings she was offered; a forged one must still be a real date.
        meant = parse_birth_date(f"{value[:4]}-{value[4:6]}-{value[6:]}", deps.today(),
                                 content.rules.max_weeks_back)
        return {step: meant.isoformat(), "birth_date_approx": False} \
            if isinstance(meant, date) else None
    if kind is not ANSWER:
        return None
    if question.kind == "date":
        if value != "keep" or "birth_date" not in draft.defaults:
            return None
        return {step: draft.defaults["birth_date"],
                "birth_date_approx": draft.defaults.get("birth_date_approx", False)}
    return {step: value} if value in {o.id for o in question.options} else None


def _answer_label(deps: Deps, step: str, changes: dict[str, Any]) -> str:
    """Her answer to `step`, as she saw it on the button."""
    if "tests" in changes and len(changes["tests"]) > 1:
        return deps.texts.msg("skip_tests_button")
    if step.startswith(FELT_PREFIX):
        felt = set(changes[TEST_SYMPTOMS][step.removeprefix(FELT_PREFIX)])
        return ", ".join(o.label for o in deps.texts.content.test_symptoms if o.id in felt)
    if step.startswith(TEST_PREFIX):
        value = changes["tests"][step.removeprefix(TEST_PREFIX)]
        return next(o.label for o in deps.texts.content.test_answers if o.id == value)
    question = deps.texts.content.question(step)
    value = changes[step]
    if question.kind == "signs":
        return deps.texts.labels(value) if value else deps.texts.msg("signs_none")
    if question.kind == "date":
        return _date_with_weeks(deps, Answers.from_draft(changes).birth_date)
    return next(o.label for o in question.options if o.id == value)


async def answer_text(update: Update, context: Context) -> int | None:
    deps, message = context.deps, message_of(update)
    draft = await deps.store.draft(person_of(update).id)
    if draft is None:
        await message.reply_text(deps.texts.msg("not_understood"))
        return ConversationHandler.END
    step = next_step(draft.answers, deps.today(), deps.content)
    text = text_of(message)
    if len(text) > MAX_TEXT:
        await message.reply_text(deps.texts.msg("too_long"))
        return None
    if step != "birth_date":
        return await _reask(message, deps, draft, step)
    locale = deps.texts.catalogue.locale  # her language, at the clinic's country: es-US
    parsed = parse_birth_date(text, deps.today(), deps.content.rules.max_weeks_back, locale=locale)
    if isinstance(parsed, DateProblem):
        years = round(deps.content.rules.max_weeks_back / 52.18)
        await message.reply_text(deps.texts.msg(f"date_{parsed.code}", **(
            {"years": years} if parsed.code == "too_old" else {})))
        return None
    if isinstance(parsed, Ambiguous):  # never guessed: she says which she meant
        await message.reply_text(deps.texts.msg("date_which"), reply_markup=InlineKeyboardMarkup([
            [InlineKeyboardButton(_date_with_weeks(deps, day), callback_data=BIRTH_DATE.pack(
                saved_id(draft), "birth_date", f"{day:%Y%m%d}"))]
            for day in parsed.choices]))
        return None
    draft = await deps.store.save_answers(saved_id(draft), {
        "birth_date": parsed.isoformat(), "birth_date_approx": typed_as_weeks(text, locale=locale)})
    if draft is None:
        return ConversationHandler.END
    return await ask(message, deps, draft, "✓ " + _date_with_weeks(deps, parsed))


def _date_with_weeks(deps: Deps, day: date) -> str:
    """"10 Mar 2026 (37 weeks ago)": every date she gives is echoed with its weeks."""
    return deps.texts.msg("date_with_weeks", date=deps.texts.day(day),
                          weeks=weeks_since(day, deps.today()))


async def sign_named(message: Message, context: Context, draft: Assessment, level: str,
                     signs: list[str]) -> bool:
    """The safety net read warning signs in what she typed while her questions were open: they
    are her answer to the warning signs, and the questions end here, as had she ticked them.
    False if her questions turn out to be closed (the net then escalates as for any message)."""
    deps = context.deps
    user = await deps.store.get_user(draft.user_id)
    if user is None:
        return False
    if "birth_date" not in draft.answers:  # too early for a result: the advice alone
        await deps.store.drop_draft(draft.user_id)
        await escalate(message.get_bot(), deps, user=user, level=level, signs=signs,
                       source="screening", birth=birth_in_message(deps, message))
    else:
        # What she had ticked but not yet confirmed with Done counts too: a chest pain ticked
        # must not give way to the fever she then typed.
        ticked = {step: list(chosen) for step, chosen in
                  (draft.answers.get("_selecting") or {}).items()
                  if chosen and not step.startswith(FELT_PREFIX)}
        answers = {step: sorted({*draft.answers.get(step, []), *chosen})
                   for step, chosen in ticked.items()}
        answers["red_flags"] = sorted({*draft.answers.get("red_flags", []),
                                       *ticked.get("red_flags", []), *signs})
        saved = await deps.store.save_answers(saved_id(draft), {**answers, "_selecting": None})
        if saved is None:
            return False
        await finish(message, deps, saved)
    # Her questions are over: no "I've put them aside" later, and their buttons are stale.
    await end_conversation(context.application, NAME, message.chat_id, user.telegram_id)
    return True


def birth_in_message(deps: Deps, message: Message) -> Birth | None:
    """When her baby was born, if the message that named a sign says it ("my baby was born 9
    weeks ago and I have chest pain"); None when it does not."""
    return Birth.said_in(message.text or message.caption or "", deps.texts.catalogue.locale,
                         deps.today(), deps.content.rules.max_weeks_back)


async def timed_out(update: Update, context: Context) -> None:
    """Her questions were left open for TIMEOUT: say how to come back (her answers stay)."""
    await pick_language(update, context)  # a timeout runs outside the ordered path
    chat = update.effective_chat if isinstance(update, Update) else None
    person = update.effective_user if isinstance(update, Update) else None
    # Only while her questions are still open: a result or a warning sign has ended them.
    if chat is not None and person is not None and await context.deps.store.draft(person.id):
        await context.bot.send_message(chat.id, context.deps.texts.msg("timed_out_screening"))


async def not_text(update: Update, context: Context) -> int | None:
    deps = context.deps
    draft = await deps.store.draft(person_of(update).id)
    if draft is None:
        return ConversationHandler.END
    return await _reask(message_of(update), deps, draft,
                        next_step(draft.answers, deps.today(), deps.content))


async def _reask(message: Message, deps: Deps, draft: Assessment, step: str | None) -> int | None:
    """One kind reply that repeats the question she is on, with its buttons."""
    if step is None:
        return await finish(message, deps, draft)
    text, markup = render_question(deps, draft, step)
    hint = "date_unreadable" if step == "birth_date" else "use_buttons"
    await message.reply_text(deps.texts.msg(hint) + "\n\n" + text, reply_markup=markup)
    return None


# --- the result --------------------------------------------------------------------------

async def finish(message: Message, deps: Deps, draft: Assessment, *,
                 answered: str | None = None) -> int:
    """Her result. `answered`: she pressed her last answer on `message`, which becomes the
    result (or, when she is told to contact APEX, keeps the question with her answer)."""
    answers = Answers.from_draft(draft.answers)
    rec = readiness(answers, deps.today(), deps.content)
    before = await deps.store.get_user(draft.user_id)
    finished = await deps.store.complete_assessment(
        saved_id(draft), phase=rec.phase, escalation=rec.escalation, reasons=rec.reason_codes,
        now=deps.clock())
    if not finished:
        return ConversationHandler.END
    if before is None:  # never: deleting her deletes her drafts
        raise RuntimeError("a draft without its mother")
    user = await deps.store.update_user(draft.user_id, **_programme_changes(deps, before, rec.phase))
    if user is None:
        raise RuntimeError("her row is gone")
    bot = message.get_bot()
    result = deps.texts.result(rec) if rec.phase is not None else ""
    schedule = None
    if not rec.escalation and before.next_nudge_at is None and user.next_nudge_at is not None:
        # Her first result starts her nudges: she reads when, in her time, and may change it.
        result, schedule = _with_first_nudge(deps, user, result,
                                             again=before.reassess_due_at is not None)
    if rec.escalation:  # her advice says what to do (contact-APEX advice: "Message APEX")
        if answered:
            await message.edit_text(f"{message.text_html}\n\n{answered}", reply_markup=None)
        await escalate(bot, deps, user=user, level=rec.escalation, signs=rec.signs,
                       source="screening", birth=Birth.from_answers(draft.answers, deps.today()),
                       details=result)
        return ConversationHandler.END
    # Under every result, a line to the clinic: a question about her plan goes to a person.
    markup = InlineKeyboardMarkup([*(schedule.inline_keyboard if schedule else ()),
                                   [ask_button(deps, "result")]])
    if answered:
        await message.edit_text(result, reply_markup=markup)
    else:
        await bot.send_message(message.chat_id, result, reply_markup=markup)
    return ConversationHandler.END


def _with_first_nudge(deps: Deps, user: User, result: str, *,
                      again: bool = False) -> tuple[str, InlineKeyboardMarkup]:
    """Her result, ending with when her first nudge comes (`again`: the first since the clinic
    closed an episode that held them), and the two settings she is most likely to want changed
    as buttons (they open /settings there)."""
    zone, when = her_zone(deps, user), user.next_nudge_at
    if when is None:  # the caller checks
        raise ValueError("no nudge to announce")
    line = deps.texts.msg("nudges_again" if again else "first_nudge", when=deps.texts.her_moment(when, zone),
                          zone=deps.texts.zone_name(zone))
    t = deps.texts.setting
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton(t("time_button"), callback_data=SETTINGS_MENU.pack("rtime")),
        InlineKeyboardButton(t("zone_button"), callback_data=SETTINGS_MENU.pack("rzone"))]])
    return f"{result}\n\n{line}", buttons


def _programme_changes(deps: Deps, before: User, phase: int | None) -> dict[str, Any]:
    """Start the daily nudges after her first result, or after the first since the clinic
    closed an episode that held her exercise; start the run ladder when she reaches 4."""
    changes: dict[str, Any] = {"reassess_due_at": None}  # her answers are in
    if phase == 4 and before.phase != 4:
        changes.update(interval_level=0, interval_since=deps.clock())
    if before.next_nudge_at is None:  # her first result starts the nudges
        changes["next_nudge_at"] = next_nudge_at(
            deps, before.model_copy(update={"phase": phase, "reassess_due_at": None}), deps.clock())
    return changes
