"""Her record, for the staff: a button on her thread's messages and on her escalation alerts
(rc1:t:<thread> or rc1:e:<escalation>; the staff gate refuses it to anyone else) opens her
answers, her results, her sessions and check-ins of the last weeks, her escalations and her
thread's messages and notes. It goes to the staff member's private chat with the bot (the
group sees only that it was opened), or, if Telegram refuses that, to the chat of the button.
Opening it goes into the audit."""

from __future__ import annotations

import html
import logging
import re
from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden

from bot.access.registry import RECORD
from bot.journey.progress_chart import counted
from bot.platform.context import Context, Deps, person_of, query_message, query_of
from bot.platform.texts import Birth, user_link
from bot.safety.alerts import level_name, reads, source_name
from bot.storage.models import Escalation, saved_id
from bot.storage.staff_store import DONE_OUTCOMES
from bot.storage.threads_store import Record, ThreadStore

log = logging.getLogger(__name__)

RECORD_WEEKS = 4  # sessions and check-ins shown: the last this many weeks
MESSAGES_SHOWN = 20  # her thread's latest messages and notes


async def record_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    of, ref = RECORD.unpack(query.data)
    threads = ThreadStore(deps.store)
    user_id: int | None = None
    if of == "t":
        thread = await threads.thread(ref)
        user_id = thread.user_id if thread is not None else None
    else:
        async with deps.store.session() as s:
            escalation = await s.get(Escalation, ref)
        user_id = escalation.user_id if escalation is not None else None
    now = deps.clock()
    found = await threads.record(user_id, now - timedelta(weeks=RECORD_WEEKS)) \
        if user_id is not None else None
    if found is None:
        await query.answer(deps.staff_texts.msg("staff-line-record_gone"), show_alert=True)
        return
    staff = person_of(update)
    await threads.staff_act(staff.id, "record_opened", f"{'thread' if of == 't' else 'escalation'}:{ref}",
                            now)
    text = render(deps, found)
    try:
        sent = await context.bot.send_message(staff.id, text)
        await query.answer(deps.staff_texts.msg("staff-line-record_sent")
                           if sent.chat_id != query_message(query).chat_id else None)
    except (Forbidden, BadRequest):  # she never opened a private chat with the bot
        await query.answer()
        sent = await query_message(query).reply_text(text)
    await threads.add_copies(thread_id=None, user_id=found.user.telegram_id, kind="record",
                             messages=[(sent.chat_id, sent.message_id)])


def _answer(deps: Deps, question_id: str, value: Any) -> str:
    content = deps.staff_texts.content
    try:
        question = content.question(question_id)
    except KeyError:
        return html.escape(str(value))
    if question.kind == "date":
        try:
            return html.escape(deps.staff_texts.day(date.fromisoformat(str(value))))
        except ValueError:
            return html.escape(str(value))
    options = {o.id: o.label for o in question.options}
    if question.kind == "signs" or isinstance(value, list):
        values = value if isinstance(value, list) else [value]
        return html.escape(deps.staff_texts.labels(values)) if values else "–"
    return html.escape(options.get(str(value), str(value)))


def _first_sentence(prompt: str) -> str:
    """The question itself, without its instructions: "Do you have any of these right now?"."""
    return re.split(r"(?<=[?.!:])\s", prompt.strip(), maxsplit=1)[0]


def render(deps: Deps, found: Record) -> str:
    """Her record as one message (the oldest thread lines give way if it is too long)."""
    t, user = deps.staff_texts, found.user
    latest = found.assessments[0] if found.assessments else None
    birth = Birth.from_answers(latest.answers, deps.today()) if latest else None
    none = t.msg("staff-line-record_none")
    parts = [t.msg("staff-line-record_head", name=user_link(user.telegram_id, user.first_name,
                                                      user.username),
                   joined=t.day(user.created_at.date()), source=user.source or "–",
                   phase="–" if user.phase is None else user.phase,
                   birth=t.birth(birth), language=reads(deps, user))]
    if latest is not None and latest.completed_at is not None:
        lines = []
        for question in t.content.questions:
            if question.id in latest.answers:
                lines.append(f"• {html.escape(_first_sentence(question.prompt))} "
                             f"<b>{_answer(deps, question.id, latest.answers[question.id])}</b>")
        parts.append("\n".join([t.msg("staff-line-record_answers", date=t.day(latest.completed_at.date())),
                                *(lines or [none])]))
    history = [f"• {t.day(a.completed_at.date())}: "
               + (level_name(deps, a.escalation) if a.escalation
                  else t.msg("staff-line-record_phase", phase="–" if a.phase is None else a.phase))
               for a in found.assessments if a.completed_at is not None]
    parts.append("\n".join([t.msg("staff-line-record_history"), *(history or [none])]))
    sessions_counted = counted(found.sessions)
    done = sum(1 for s in sessions_counted if s.outcome in DONE_OUTCOMES)
    skipped = sum(1 for s in sessions_counted if s.outcome == "skipped")
    sessions = [f"• {t.short_day(s.local_date)} {s.kind}: {s.outcome or '–'}"
                for s in found.sessions]
    parts.append("\n".join([t.msg("staff-line-record_sessions", weeks=RECORD_WEEKS, done=done,
                                  skipped=skipped, unanswered=len(sessions_counted) - done - skipped),
                            *sessions]))
    escalations = []
    for e in found.escalations:
        escalations.append(f"• {t.day(e.created_at.date())}: {level_name(deps, e.level)}, "
                           f"{html.escape(t.labels(e.signs))} ({source_name(deps, e.source)}; {e.status})")
        escalations += [f"   {t.msg('staff-line-record_note', staff=html.escape(n.staff_name or '?'))} "
                        f"{t.moment(n.created_at)}: {html.escape(n.text)}"
                        for n in found.notes.get(saved_id(e), ())]
    parts.append("\n".join([t.msg("staff-line-record_escalations"), *(escalations or [none])]))
    messages = []
    for m in found.messages[-MESSAGES_SHOWN:]:
        who = (t.msg("staff-line-record_her") if m.sender == "mother"
               else t.msg("staff-line-record_note", staff=m.staff_name or "?") if m.sender == "note"
               else html.escape(m.staff_name or "?"))
        flag = "⚠️ " if m.flagged else ""
        said = html.escape(m.text) if m.text else t.msg("staff-line-media", kind=m.kind)
        messages.append(f"• {t.moment(m.created_at)} {flag}{who}: {said}")
    parts.append("\n".join([t.msg("staff-line-record_thread"), *(messages or [none])]))
    text = "\n\n".join(parts)
    while len(text) > MessageLimit.MAX_TEXT_LENGTH and messages:
        messages.pop(0)
        parts[-1] = "\n".join([t.msg("staff-line-record_thread"), t.msg("staff-line-record_cut"), *messages])
        text = "\n\n".join(parts)
    return fit(text, t.msg("staff-line-record_cut"))


def fit(text: str, cut: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> str:
    """`text`, shortened to whole lines if it is over Telegram's limit, ending with `cut`: each
    line closes its own HTML tags, so a cut between lines never leaves a tag open."""
    if len(text) <= limit:
        return text
    room = limit - len(cut) - 1
    return f"{text[:room].rpartition(chr(10))[0]}\n{cut}"
