"""Queries for the clinic's side: the escalation desk, announcements, statistics, the audit."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, func, insert, literal, or_, union, update
from sqlmodel import col, select

from bot.core.episodes import HOLDING, NOT_CLOSED, RANK
from bot.storage.models import (
    Assessment,
    Broadcast,
    BroadcastRecipient,
    Delivery,
    Escalation,
    SessionLog,
    StaffAction,
    User,
    saved_id,
    utcnow,
)
from bot.storage.store import Store

DONE_OUTCOMES = ("done", "fine", "hard", "symptom")
# /export_csv's columns, in order: the header is the same with no mother at all.
PROGRESS_COLUMNS = ("mother", "joined", "source", "phase", "run_step", "assessments",
                    "nudges_sent_30d", "sessions_done_30d", "sessions_skipped_30d", "escalations",
                    "active", "paused")


@dataclass(frozen=True)
class BroadcastCounts:
    total: int
    pending: int
    sent: int
    blocked: int
    failed: int
    unsure: int  # interrupted by a restart mid-send: may have arrived, never sent again

    @property
    def done(self) -> int:
        return self.total - self.pending


class StaffStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def audit(self, staff_id: int, action: str, target: str | None = None) -> None:
        async with self.store.session() as s:
            s.add(StaffAction(staff_id=staff_id, action=action, target=target))

    # --- the escalation desk -----------------------------------------------------------------

    async def remember_messages(self, escalation_id: int, messages: Sequence[tuple[int, int]],
                                kind: str = "alert", *, primary: bool = False) -> None:
        """Keep where these staff messages about the escalation are, (chat id, message id) each,
        so that /delete can edit her name and signs out of them. With `primary`, the first is
        the alert that carries the state from now on (edited as signs are added)."""
        if not messages:
            return
        async with self.store.session() as s:
            row = await s.get(Escalation, escalation_id, with_for_update=True)
            if row is None:
                return
            row.staff_messages = [*row.staff_messages, *(
                {"chat": chat, "message": message, "kind": kind} for chat, message in messages)]
            if primary:
                row.alert_chat_id, row.alert_message_id = messages[0]

    async def to_redact(self, escalation_ids: Sequence[int] | None = None) -> list[Escalation]:
        """Escalations whose mother deleted her data (anonymised: no user, no chat id) with staff
        messages that still show her name and signs; only `escalation_ids`, if given."""
        query = select(Escalation).where(
            col(Escalation.user_id).is_(None), col(Escalation.chat_id).is_(None),
            # JSON has no equality in PostgreSQL; its text form is what SQLAlchemy wrote.
            cast(col(Escalation.staff_messages), String) != "[]")
        if escalation_ids is not None:
            query = query.where(col(Escalation.id).in_(escalation_ids))
        async with self.store.session() as s:
            return list((await s.exec(query.order_by(col(Escalation.id)))).all())

    async def forget_messages(self, escalation_id: int, done: Sequence[dict[str, Any]]) -> None:
        """These staff messages no longer name her (edited, or gone from Telegram)."""
        if not done:
            return
        async with self.store.session() as s:
            row = await s.get(Escalation, escalation_id, with_for_update=True)
            if row is not None:
                row.staff_messages = [m for m in row.staff_messages if m not in done]

    async def act(self, escalation_id: int, staff_id: int, action: str, now: datetime,
                  staff_name: str | None = None) -> tuple[Escalation | None, bool, str | None]:
        """Claim, mark contacted or close an escalation. Returns the row, whether it changed,
        and its status before. A claim on a row another staff member holds changes nothing."""
        async with self.store.session() as s:
            row = await s.get(Escalation, escalation_id, with_for_update=True)
            if row is None:
                return None, False, None
            before = row.status
            if action == "claim":
                if row.claimed_by is not None or row.status != "open":
                    return row, row.claimed_by == staff_id, before
                row.claimed_by, row.claimed_at = staff_id, now
            elif action in ("contacted", "closed"):
                if row.status == action or row.status == "closed":
                    return row, False, before
                if action == "closed" and not row.closable:
                    return row, False, before
                row.status, row.handled_by, row.handled_at = action, staff_id, now
                if row.claimed_at is None:
                    row.claimed_by, row.claimed_at = staff_id, now
                if action == "closed" and row.level in HOLDING and row.user_id is not None:
                    # Her exercise held for it; now it waits for her answers (exercise_gate).
                    await s.exec(update(User).where(col(User.telegram_id) == row.user_id)
                                 .values(reassess_due_at=now, next_nudge_at=None))
            row.staff_name = staff_name
            s.add(StaffAction(staff_id=staff_id, action=f"escalation_{action}",
                              target=f"escalation:{escalation_id}", at=now))
            return row, True, before

    async def callback_waiting(self, user_id: int) -> Escalation | None:
        """Her latest escalation not yet closed on which she asked APEX to call her."""
        async with self.store.session() as s:
            return (await s.exec(select(Escalation).where(
                Escalation.user_id == user_id, col(Escalation.status).in_(NOT_CLOSED),
                col(Escalation.callback_requested_at).is_not(None))
                .order_by(col(Escalation.id).desc()).limit(1))).first()

    async def open_escalations(self) -> list[Escalation]:
        """Those not yet closed, emergency and urgent first, then the oldest."""
        async with self.store.session() as s:
            rows = list((await s.exec(select(Escalation).where(
                col(Escalation.status).in_(NOT_CLOSED)))).all())
        return sorted(rows, key=lambda r: (RANK.get(r.level, 9), r.created_at))

    async def unclaimed_to_remind(self, now: datetime, *, serious_after: timedelta,
                                  apex_after: timedelta) -> list[Escalation]:
        """Open escalations nobody has claimed, last announced (or raised) longer ago than their
        level allows: `serious_after` for emergency and urgent ones, `apex_after` for the rest.
        Each is announced again every such interval until someone claims or closes it."""
        last = func.coalesce(col(Escalation.reminded_at), col(Escalation.updated_at),
                             col(Escalation.created_at))
        serious = col(Escalation.level).in_(["emergency", "urgent"])
        async with self.store.session() as s:
            rows = (await s.exec(select(Escalation).where(
                Escalation.status == "open", col(Escalation.claimed_by).is_(None),
                # Not one whose mother has deleted her data: nobody is left to reach.
                or_(col(Escalation.user_id).is_not(None), col(Escalation.chat_id).is_not(None)),
                or_(and_(serious, last <= now - serious_after),
                    and_(~serious, last <= now - apex_after))))).all()
        return sorted(rows, key=lambda r: (RANK.get(r.level, 9), r.created_at))

    async def mark_reminded(self, escalation_id: int, now: datetime) -> None:
        async with self.store.session() as s:
            await s.exec(update(Escalation).where(col(Escalation.id) == escalation_id).values(
                reminded_at=now))

    # --- announcements -----------------------------------------------------------------------

    def _audience(self, audience: str, value: str | None, now: datetime) -> Any:
        query = select(User.telegram_id).where(col(User.active), col(User.announcements))
        if audience == "phase":
            query = query.where(User.phase == int(value or 0))
        elif audience == "source":
            query = query.where(User.source == value)
        elif audience == "idle":
            since = now - timedelta(days=14)
            recent = select(SessionLog.user_id).where(col(SessionLog.answered_at) >= since)
            query = query.where(col(User.telegram_id).not_in(recent))
        return query

    async def audience_size(self, audience: str, value: str | None, now: datetime) -> int:
        async with self.store.session() as s:
            ids = self._audience(audience, value, now).subquery()
            return (await s.exec(select(func.count()).select_from(ids))).one()

    async def broadcast(self, broadcast_id: int) -> Broadcast | None:
        async with self.store.session() as s:
            return await s.get(Broadcast, broadcast_id)

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        async with self.store.session() as s:
            await s.exec(update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(
                progress_chat_id=chat_id, progress_message_id=message_id))

    async def claim_recipient(self, broadcast_id: int) -> int | None:
        """The next recipient, marked "sending" just before her copy goes out (so a crash can
        leave at most the sends under way in doubt). None when nobody is left."""
        while True:
            async with self.store.session() as s:
                row = (await s.exec(select(BroadcastRecipient.id, BroadcastRecipient.user_id).where(
                    BroadcastRecipient.broadcast_id == broadcast_id,
                    BroadcastRecipient.status == "pending").order_by(col(BroadcastRecipient.id))
                    .limit(1).with_for_update(skip_locked=True))).first()
                if row is None:
                    return None
                taken = await s.exec(update(BroadcastRecipient).where(
                    col(BroadcastRecipient.id) == row[0],
                    col(BroadcastRecipient.status) == "pending").values(status="sending"))
                if taken.rowcount == 1:
                    return row[1]

    async def record_recipient(self, broadcast_id: int, user_id: int, status: str,
                               error: str | None) -> None:
        async with self.store.session() as s:
            await s.exec(update(BroadcastRecipient).where(
                col(BroadcastRecipient.broadcast_id) == broadcast_id,
                col(BroadcastRecipient.user_id) == user_id).values(
                status=status, error=error, sent_at=utcnow() if status == "sent" else None))
            if status == "blocked":
                await s.exec(update(User).where(col(User.telegram_id) == user_id).values(
                    active=False, next_nudge_at=None))

    async def counts(self, broadcast_id: int) -> BroadcastCounts:
        async with self.store.session() as s:
            rows = dict((await s.exec(select(BroadcastRecipient.status, func.count()).where(
                BroadcastRecipient.broadcast_id == broadcast_id)
                .group_by(BroadcastRecipient.status))).all())
        pending = rows.get("pending", 0) + rows.get("sending", 0)
        return BroadcastCounts(sum(rows.values()), pending, rows.get("sent", 0),
                               rows.get("blocked", 0), rows.get("failed", 0),
                               rows.get("interrupted", 0))

    async def finish_broadcast(self, broadcast_id: int, status: str) -> None:
        async with self.store.session() as s:
            if status == "cancelled":
                await s.exec(update(BroadcastRecipient).where(
                    col(BroadcastRecipient.broadcast_id) == broadcast_id,
                    col(BroadcastRecipient.status) == "pending").values(status="cancelled"))
            await s.exec(update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(
                status=status, finished_at=utcnow()))

    async def save_draft(self, *, staff_id: int, from_chat_id: int, message_id: int) -> Broadcast:
        """The announcement a staff member is preparing; kept in the database, so a restart
        half-way through /broadcast loses nothing."""
        async with self.store.session() as s:
            row = Broadcast(created_by=staff_id, from_chat_id=from_chat_id, message_id=message_id,
                            audience="all", progress_chat_id=from_chat_id)
            s.add(row)
            await s.flush()
            return row

    async def latest_draft(self, staff_id: int) -> Broadcast | None:
        async with self.store.session() as s:
            return (await s.exec(select(Broadcast).where(
                Broadcast.created_by == staff_id, Broadcast.status == "draft")
                .order_by(col(Broadcast.id).desc()).limit(1))).first()

    async def set_audience(self, broadcast_id: int, audience: str, value: str | None) -> None:
        async with self.store.session() as s:
            await s.exec(update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(
                audience=audience, audience_value=value))

    async def start_broadcast(self, broadcast_id: int, staff_id: int, now: datetime) -> Broadcast | None:
        """Fix the recipient list now, so the broadcast can resume and nobody gets it twice.
        None if this draft was already sent or dropped (a double press)."""
        async with self.store.session() as s:
            row = await s.get(Broadcast, broadcast_id, with_for_update=True)
            if row is None or row.status != "draft" or row.created_by != staff_id:
                return None
            # One INSERT ... SELECT: the list never passes through Python (100,000 mothers in a
            # second or two, with flat memory).
            audience = self._audience(row.audience, row.audience_value, now).subquery()
            added = await s.exec(insert(BroadcastRecipient).from_select(
                ["broadcast_id", "user_id", "status"],
                select(literal(saved_id(row)), audience.c.telegram_id, literal("pending"))))
            row.total, row.status, row.started_at = added.rowcount, "sending", now
            s.add(StaffAction(staff_id=staff_id, action="broadcast_sent",
                              target=f"broadcast:{row.id}"))
            return row

    async def drop_draft(self, broadcast_id: int) -> None:
        async with self.store.session() as s:
            await s.exec(update(Broadcast).where(
                col(Broadcast.id) == broadcast_id, col(Broadcast.status) == "draft").values(
                status="dropped"))

    async def request_stop(self, broadcast_id: int, staff_id: int) -> bool:
        async with self.store.session() as s:
            result = await s.exec(update(Broadcast).where(
                col(Broadcast.id) == broadcast_id, col(Broadcast.status) == "sending").values(
                status="stopping"))
            if result.rowcount:
                s.add(StaffAction(staff_id=staff_id, action="broadcast_stopped",
                                  target=f"broadcast:{broadcast_id}"))
            return bool(result.rowcount)

    async def unfinished_broadcasts(self) -> list[Broadcast]:
        """Broadcasts a restart cut off. Sends that were under way when it happened are marked
        "interrupted" and not repeated: at most once, never twice."""
        async with self.store.session() as s:
            rows = list((await s.exec(select(Broadcast).where(
                col(Broadcast.status).in_(["sending", "stopping"])))).all())
            if rows:
                await s.exec(update(BroadcastRecipient).where(
                    col(BroadcastRecipient.broadcast_id).in_([r.id for r in rows]),
                    col(BroadcastRecipient.status) == "sending").values(
                    status="interrupted", error="restart during send"))
            return rows

    async def recent_broadcasts(self, limit: int = 10) -> list[Broadcast]:
        async with self.store.session() as s:
            return list((await s.exec(select(Broadcast).where(
                col(Broadcast.status).not_in(["draft", "dropped"]))
                                      .order_by(col(Broadcast.id).desc()).limit(limit))).all())

    # --- the clinic's view -------------------------------------------------------------------

    async def stats(self, now: datetime) -> dict[str, Any]:
        week, month = now - timedelta(days=7), now.replace(day=1, hour=0, minute=0, second=0,
                                                            microsecond=0)
        async with self.store.session() as s:
            one = s.exec
            users = (await one(select(func.count()).select_from(User))).one()
            by_phase = dict((await one(select(User.phase, func.count()).group_by(col(User.phase)))).all())
            new_week = (await one(select(func.count()).select_from(User).where(
                col(User.consented_at) >= week))).one()
            # Active: she answered a nudge, or answered her questions (a first screening today).
            active = union(
                select(SessionLog.user_id).where(col(SessionLog.answered_at) >= week),
                select(Assessment.user_id).where(or_(col(Assessment.started_at) >= week,
                                                     col(Assessment.completed_at) >= week)),
            ).subquery()
            active_week = (await one(select(func.count()).select_from(active))).one()
            sessions_week = (await one(select(func.count()).select_from(SessionLog).where(
                col(SessionLog.answered_at) >= week,
                col(SessionLog.outcome).in_(DONE_OUTCOMES)))).one()
            open_count = (await one(select(func.count()).select_from(Escalation).where(
                col(Escalation.status).in_(NOT_CLOSED)))).one()  # as /escalations lists them
            handled = list((await one(select(Escalation.created_at, Escalation.claimed_at).where(
                col(Escalation.handled_at) >= month))).all())
            # Both from the copies that reached a mother: an announcement whose only mothers
            # have since deleted their data is not counted as one "sent to 0 mothers".
            sent = (BroadcastRecipient.status == "sent", col(BroadcastRecipient.sent_at) >= month)
            broadcasts = (await one(select(func.count(func.distinct(
                BroadcastRecipient.broadcast_id))).where(*sent))).one()
            reach = (await one(select(func.count(func.distinct(BroadcastRecipient.user_id))).where(
                *sent))).one()
        waits = [(claimed - created).total_seconds() / 3600 for created, claimed in handled if claimed]
        return {"users": users, "by_phase": by_phase, "new_week": new_week,
                "active_week": active_week, "sessions_week": sessions_week, "open": open_count,
                "handled_month": len(handled),
                "median_contact_hours": statistics.median(waits) if waits else None,
                "broadcasts": broadcasts, "reach": reach}

    async def progress_rows(self, since: datetime) -> list[dict[str, Any]]:
        """Per-mother progress, without names or anything she typed: each mother by her
        pseudonym (User.pseudonym), the same in every export, never her Telegram id. The keys
        are PROGRESS_COLUMNS, in that order."""
        async with self.store.session() as s:
            users = list((await s.exec(select(User).order_by(col(User.created_at)))).all())
            done = dict((await s.exec(select(SessionLog.user_id, func.count()).where(
                col(SessionLog.outcome).in_(DONE_OUTCOMES), col(SessionLog.answered_at) >= since)
                .group_by(col(SessionLog.user_id)))).all())
            skipped = dict((await s.exec(select(SessionLog.user_id, func.count()).where(
                SessionLog.outcome == "skipped", col(SessionLog.answered_at) >= since)
                .group_by(col(SessionLog.user_id)))).all())
            escalations = dict((await s.exec(select(Escalation.user_id, func.count())
                                             .group_by(col(Escalation.user_id)))).all())
            assessments = dict((await s.exec(select(Assessment.user_id, func.count()).where(
                col(Assessment.completed_at).is_not(None)).group_by(col(Assessment.user_id)))).all())
            # Delivery rows are kept 90 days (bot.journey.privacy.DELIVERY_DAYS): the last 30.
            nudged = dict((await s.exec(select(Delivery.user_id, func.count()).where(
                Delivery.status == "sent", col(Delivery.sent_at) >= since)
                .group_by(col(Delivery.user_id)))).all())
        return [{"mother": u.pseudonym or "", "joined": u.created_at.date().isoformat(),
                 "source": u.source or "",
                 "phase": u.phase if u.phase is not None else "", "run_step": u.interval_level + 1,
                 "assessments": assessments.get(u.telegram_id, 0),
                 "nudges_sent_30d": nudged.get(u.telegram_id, 0),
                 "sessions_done_30d": done.get(u.telegram_id, 0),
                 "sessions_skipped_30d": skipped.get(u.telegram_id, 0),
                 "escalations": escalations.get(u.telegram_id, 0),
                 "active": u.active, "paused": u.paused} for u in users]
