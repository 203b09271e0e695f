"""Queries for the line to the clinic (her threads, their staff copies, her record for the staff)
and for the join codes. Handlers call these; they never see a session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, cast, delete, func, or_, update
from sqlmodel import col, select

from bot.storage.models import (
    Assessment,
    ClinicThread,
    Escalation,
    EscalationNote,
    JoinCode,
    SessionLog,
    StaffAction,
    StaffCopy,
    ThreadMessage,
    User,
    saved_id,
)
from bot.storage.store import Store

# Her staff copies a staff member can reply to (the thread's own messages).
REPLIABLE = ("thread", "media")


@dataclass
class Record:
    """What staff see of a mother when they open her record."""

    user: User
    assessments: list[Assessment] = field(default_factory=list)  # completed, newest first
    sessions: list[SessionLog] = field(default_factory=list)  # since the date asked, oldest first
    escalations: list[Escalation] = field(default_factory=list)  # newest first
    messages: list[ThreadMessage] = field(default_factory=list)  # her threads', oldest first
    notes: dict[int, list[EscalationNote]] = field(default_factory=dict)  # by escalation, oldest first


class ThreadStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- her threads -------------------------------------------------------------------------

    async def open_thread(self, user_id: int) -> ClinicThread | None:
        async with self.store.session() as s:
            return (await s.exec(select(ClinicThread).where(
                ClinicThread.user_id == user_id, ClinicThread.status == "open")
                .order_by(col(ClinicThread.id).desc()).limit(1))).first()

    async def thread(self, thread_id: int) -> ClinicThread | None:
        async with self.store.session() as s:
            return await s.get(ClinicThread, thread_id)

    async def start_thread(self, user_id: int, now: datetime) -> ClinicThread:
        """Her open thread, else her latest one opened again, else a new one."""
        async with self.store.session() as s:
            row = (await s.exec(select(ClinicThread).where(ClinicThread.user_id == user_id)
                                .order_by(col(ClinicThread.id).desc()).limit(1)
                                .with_for_update())).first()
            if row is None:
                row = ClinicThread(user_id=user_id, created_at=now, updated_at=now)
                s.add(row)
                await s.flush()
            elif row.status != "open":
                row.status, row.closed_at, row.updated_at = "open", None, now
            return row

    async def reopen(self, thread_id: int, now: datetime) -> None:
        async with self.store.session() as s:
            await s.exec(update(ClinicThread).where(col(ClinicThread.id) == thread_id).values(
                status="open", closed_at=None, updated_at=now))

    async def close_thread(self, thread_id: int, user_id: int, now: datetime) -> bool:
        """Close her thread (only hers, only if open). True if it was open."""
        async with self.store.session() as s:
            result = await s.exec(update(ClinicThread).where(
                col(ClinicThread.id) == thread_id, col(ClinicThread.user_id) == user_id,
                col(ClinicThread.status) == "open").values(status="closed", closed_at=now))
            return bool(result.rowcount)

    async def add_message(self, thread_id: int, *, sender: str, kind: str, text: str | None,
                          now: datetime, staff_name: str | None = None,
                          flagged: str | None = None) -> ThreadMessage:
        async with self.store.session() as s:
            row = ThreadMessage(thread_id=thread_id, sender=sender, kind=kind, text=text,
                                staff_name=staff_name, flagged=flagged, created_at=now)
            s.add(row)
            await s.exec(update(ClinicThread).where(col(ClinicThread.id) == thread_id).values(
                updated_at=now))
            await s.flush()
            return row

    async def staff_act(self, staff_id: int, action: str, target: str, now: datetime) -> None:
        """The audit: a reply, a note, a record opened, a code made."""
        async with self.store.session() as s:
            s.add(StaffAction(staff_id=staff_id, action=action, target=target, at=now))

    # --- where the staff copies are ----------------------------------------------------------

    async def add_copies(self, *, thread_id: int | None, user_id: int, kind: str,
                         messages: Sequence[tuple[int, int]]) -> None:
        if not messages:
            return
        async with self.store.session() as s:
            s.add_all(StaffCopy(thread_id=thread_id, user_id=user_id, kind=kind, chat_id=chat,
                                message_id=message) for chat, message in messages)

    async def thread_replied_to(self, chat_id: int, message_id: int) -> ClinicThread | None:
        """The thread whose staff copy this is (a staff reply to it goes to her), if any."""
        async with self.store.session() as s:
            return (await s.exec(select(ClinicThread).join(
                StaffCopy, col(StaffCopy.thread_id) == col(ClinicThread.id)).where(
                StaffCopy.chat_id == chat_id, StaffCopy.message_id == message_id,
                col(StaffCopy.kind).in_(REPLIABLE), col(StaffCopy.redact).is_(False)))).first()

    async def mark_for_redaction(self, user_id: int) -> int:
        """She deleted her data: every staff copy naming her is to be edited to "(deleted)", and
        no longer carries her id."""
        async with self.store.session() as s:
            result = await s.exec(update(StaffCopy).where(col(StaffCopy.user_id) == user_id)
                                  .values(redact=True, user_id=None))
            return result.rowcount

    async def purge_threads(self, before: datetime) -> int:
        """Retention: threads with no message since `before` are deleted with their messages,
        and their staff copies are to be edited to "(deleted)". Returns how many threads."""
        async with self.store.session() as s:
            ids = list((await s.exec(select(ClinicThread.id).where(
                col(ClinicThread.updated_at) < before))).all())
            if not ids:
                return 0
            await s.exec(update(StaffCopy).where(col(StaffCopy.thread_id).in_(ids))
                         .values(redact=True, user_id=None))
            await s.exec(delete(ThreadMessage).where(col(ThreadMessage.thread_id).in_(ids)))
            await s.exec(delete(ClinicThread).where(col(ClinicThread.id).in_(ids)))
            return len(ids)

    async def to_redact(self, limit: int = 500) -> list[StaffCopy]:
        async with self.store.session() as s:
            return list((await s.exec(select(StaffCopy).where(col(StaffCopy.redact))
                                      .order_by(col(StaffCopy.id)).limit(limit))).all())

    async def redacted(self, copy_ids: Sequence[int]) -> None:
        if not copy_ids:
            return
        async with self.store.session() as s:
            await s.exec(delete(StaffCopy).where(col(StaffCopy.id).in_(copy_ids)))

    # --- her record --------------------------------------------------------------------------

    async def record(self, user_id: int, since: datetime) -> Record | None:
        async with self.store.session() as s:
            user = await s.get(User, user_id)
            if user is None:
                return None
            found = Record(user)
            found.assessments = list((await s.exec(select(Assessment).where(
                Assessment.user_id == user_id, col(Assessment.completed_at).is_not(None))
                .order_by(col(Assessment.completed_at).desc()))).all())
            found.sessions = list((await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, col(SessionLog.local_date) >= since.date())
                .order_by(col(SessionLog.local_date), col(SessionLog.id)))).all())
            found.escalations = list((await s.exec(select(Escalation).where(
                Escalation.user_id == user_id).order_by(col(Escalation.id).desc()))).all())
            found.messages = list((await s.exec(select(ThreadMessage).join(
                ClinicThread, col(ClinicThread.id) == col(ThreadMessage.thread_id)).where(
                ClinicThread.user_id == user_id).order_by(col(ThreadMessage.id)))).all())
            for note in (await s.exec(select(EscalationNote).join(
                    Escalation, col(Escalation.id) == col(EscalationNote.escalation_id)).where(
                    Escalation.user_id == user_id).order_by(col(EscalationNote.id)))).all():
                found.notes.setdefault(note.escalation_id, []).append(note)
            return found

    # --- notes on an escalation --------------------------------------------------------------

    async def escalation_replied_to(self, chat_id: int, message_id: int) -> Escalation | None:
        """The escalation this staff message is about (its alert, a copy, a reminder), if any."""
        # The JSON list's text narrows it down (SQLAlchemy writes `"message": 12,`); the exact
        # match is checked on the rows found.
        async with self.store.session() as s:
            rows = (await s.exec(select(Escalation).where(or_(
                (col(Escalation.alert_chat_id) == chat_id) & (col(Escalation.alert_message_id) == message_id),
                cast(col(Escalation.staff_messages), String).like(f'%"message": {int(message_id)},%')))
                .order_by(col(Escalation.id).desc()))).all()
        where = (chat_id, message_id)
        return next((row for row in rows
                     if (row.alert_chat_id, row.alert_message_id) == where
                     or any((m.get("chat"), m.get("message")) == where for m in row.staff_messages)),
                    None)

    async def add_escalation_note(self, escalation_id: int, staff_id: int, staff_name: str,
                                  text: str, now: datetime) -> None:
        async with self.store.session() as s:
            s.add(EscalationNote(escalation_id=escalation_id, staff_id=staff_id,
                                 staff_name=staff_name, text=text, created_at=now))
            s.add(StaffAction(staff_id=staff_id, action="escalation_note",
                              target=f"escalation:{escalation_id}", at=now))

    # --- join codes --------------------------------------------------------------------------

    async def create_code(self, code: str, label: str, staff_id: int, now: datetime) -> JoinCode:
        async with self.store.session() as s:
            row = JoinCode(code=code, label=label, created_by=staff_id, created_at=now)
            s.add(row)
            await s.flush()
            s.add(StaffAction(staff_id=staff_id, action="code_created",
                              target=f"code:{saved_id(row)}", at=now))
            return row

    async def code(self, code_id: int) -> JoinCode | None:
        async with self.store.session() as s:
            return await s.get(JoinCode, code_id)

    async def codes(self) -> list[tuple[JoinCode, int]]:
        """Every code, newest first, with how many mothers joined through it."""
        joined = (select(User.source, func.count().label("n")).where(col(User.source).is_not(None))
                  .group_by(col(User.source)).subquery())
        async with self.store.session() as s:
            rows = (await s.exec(select(JoinCode, func.coalesce(joined.c.n, 0)).outerjoin(
                joined, joined.c.source == col(JoinCode.code)).order_by(col(JoinCode.id).desc())
                                 )).all()
        return [(code, int(count)) for code, count in rows]
