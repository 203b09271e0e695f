"""The one place that talks to the database. Handlers call these methods; they never see a session."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import and_, event, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.core.episodes import NOT_CLOSED, Merged, merge
from bot.core.ladder import Outcome, is_outcome
from bot.storage.models import (
    Assessment,
    ConversationState,
    Delivery,
    Escalation,
    RunSession,
    SessionLog,
    User,
    saved_id,
    utcnow,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

STATEMENT_TIMEOUTS = 3  # a statement may take this many DATABASE_TIMEOUT_SECONDS


def create_engine(database_url: str, timeout: float = 5.0) -> AsyncEngine:
    """`timeout`: how long to wait for a locked SQLite database, or to connect to PostgreSQL
    (and a PostgreSQL statement: STATEMENT_TIMEOUTS times it), before the call fails (and the
    caller answers kindly) rather than hangs."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite takes one writer at a time; one connection queues transactions in the pool
        # rather than in SQLite's busy-wait, which costs far more under concurrent updates.
        pool = {"pool_size": 1, "max_overflow": 0} if url.database not in (None, "", ":memory:") \
            else {}  # an in-memory database has a single connection already
        engine = create_async_engine(url, connect_args={"timeout": timeout}, **pool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # A hung server (frozen, a network partition) neither answers nor refuses: every statement
    # is bounded on the client, so a handler answers her rather than waits. The longest
    # statements (an announcement's recipients, retention's batches) take well under a second.
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True,
                               connect_args={"timeout": timeout,
                                             "command_timeout": STATEMENT_TIMEOUTS * timeout})


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# What a database that is down, locked or hung raises (each call is bounded by its timeout).
DATABASE_FAILURES = (SQLAlchemyError, OSError, TimeoutError)

_left_running: set[asyncio.Task[Any]] = set()


async def within(seconds: float, lookup: Coroutine[Any, Any, T]) -> T:
    """`lookup`'s answer if the database gives it within `seconds`, else TimeoutError at once.

    Not asyncio.timeout: cancelling a call to a hung server waits again for the connection's
    clean-up (up to the statement timeout). Here the late lookup is left to end on its own."""
    task = asyncio.ensure_future(lookup)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if task in done:
        return task.result()
    _left_running.add(task)
    task.add_done_callback(_forget)
    raise TimeoutError


def _forget(task: asyncio.Task[Any]) -> None:
    _left_running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.info("a late database lookup failed too: %s", type(task.exception()).__name__)

class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

    @classmethod
    def from_url(cls, database_url: str, timeout: float = 5.0) -> Store:
        return cls(create_engine(database_url, timeout))

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session, session.begin():
            yield session

    # --- users -----------------------------------------------------------------------------

    async def get_user(self, telegram_id: int | None) -> User | None:
        if telegram_id is None:  # an anonymised escalation's mother
            return None
        async with self.session() as s:
            return await s.get(User, telegram_id)

    async def record_consent(self, telegram_id: int, *, first_name: str, username: str | None,
                             source: str | None, consent_version: str,
                             language: str | None = None) -> User:
        async with self.session() as s:
            user = await s.get(User, telegram_id)
            if user is None:
                user = User(telegram_id=telegram_id, first_name=first_name, source=source,
                            consent_version=consent_version, language=language)
                s.add(user)
                await s.flush()
                # A warning sign she named before consenting is hers now, like any other: it
                # holds her plan until the clinic closes it.
                await s.exec(update(Escalation).where(
                    col(Escalation.chat_id) == telegram_id, col(Escalation.user_id).is_(None))
                    .values(user_id=telegram_id, chat_id=None, name=None))
            user.first_name, user.username = first_name[:128], username
            user.consent_version, user.consented_at, user.active = consent_version, utcnow(), True
            return user

    async def language_of(self, telegram_id: int) -> str | None:
        """The language she chose, if she has consented and chosen one."""
        async with self.session() as s:
            return (await s.exec(select(User.language).where(
                User.telegram_id == telegram_id))).first()

    async def set_language(self, telegram_id: int, language: str) -> bool:
        """Saves her choice; False when there is no user row (before consent)."""
        async with self.session() as s:
            result = await s.exec(update(User).where(col(User.telegram_id) == telegram_id)
                                  .values(language=language))
            return bool(result.rowcount)

    # --- assessments -----------------------------------------------------------------------

    async def draft(self, telegram_id: int) -> Assessment | None:
        async with self.session() as s:
            return (await s.exec(_draft_of(telegram_id))).first()

    async def latest_assessment(self, telegram_id: int | None) -> Assessment | None:
        if telegram_id is None:
            return None
        async with self.session() as s:
            result = await s.exec(select(Assessment).where(
                Assessment.user_id == telegram_id, col(Assessment.completed_at).is_not(None)
            ).order_by(col(Assessment.id).desc()).limit(1))
            return result.first()

    async def start_assessment(self, telegram_id: int, *, defaults: dict[str, Any],
                               content_version: str) -> Assessment:
        """A fresh draft; any unfinished one is dropped, so there is never more than one."""
        async with self.session() as s:
            await s.exec(delete(Assessment).where(
                col(Assessment.user_id) == telegram_id, col(Assessment.completed_at).is_(None)))
            draft = Assessment(user_id=telegram_id, defaults=defaults,
                               content_version=content_version)
            s.add(draft)
            await s.flush()
            return draft

    async def save_answers(self, assessment_id: int, changes: dict[str, Any]) -> Assessment | None:
        """Merge answers into a draft. Returns None if the draft is gone or already finished."""
        async with self.session() as s:
            draft = await s.get(Assessment, assessment_id, with_for_update=True)
            if draft is None or draft.completed_at is not None:
                return None
            draft.answers = _merged(draft.answers, changes)
            return draft

    async def answer_draft(
            self, telegram_id: int, decide: Callable[[Assessment], dict[str, Any] | None],
    ) -> tuple[Assessment | None, dict[str, Any] | None]:
        """Her draft and the answers `decide(draft)` merges into it, in one transaction (one
        round trip for a button press). `decide` returns None to change nothing."""
        async with self.session() as s:
            draft = (await s.exec(_draft_of(telegram_id).with_for_update())).first()
            if draft is None:
                return None, None
            changes = decide(draft)
            if changes is not None:
                draft.answers = _merged(draft.answers, changes)
            return draft, changes

    async def complete_assessment(self, assessment_id: int, *, phase: int | None,
                                  escalation: str | None, reasons: list[str],
                                  now: datetime | None = None) -> bool:
        """Finish a draft once. False if it was already finished (a double press)."""
        now = now or utcnow()
        async with self.session() as s:
            draft = await s.get(Assessment, assessment_id, with_for_update=True)
            if draft is None or draft.completed_at is not None:
                return False
            draft.completed_at, draft.phase = now, phase
            draft.escalation, draft.reasons = escalation, reasons
            user = await s.get(User, draft.user_id)
            if user is not None and user.phase != phase:
                user.phase, user.phase_since = phase, now
            return True

    async def drop_draft(self, telegram_id: int) -> bool:
        async with self.session() as s:
            result = await s.exec(delete(Assessment).where(
                col(Assessment.user_id) == telegram_id, col(Assessment.completed_at).is_(None)))
            return result.rowcount > 0

    # --- escalations -----------------------------------------------------------------------

    async def record_signs(self, telegram_id: int, *, level: str, source: str, signs: list[str],
                           now: datetime | None = None, consented: bool = True,
                           name: str | None = None) -> tuple[Escalation, Merged]:
        """One escalation per mother per episode: open one, or add the signs to the one that is
        open (raising its level if the new one is higher). Before consent there is no user row:
        the episode is found by her chat id, and her first name is kept with it."""
        now = now or utcnow()
        async with self.session() as s:
            hers = (Escalation.user_id == telegram_id) if consented else and_(
                col(Escalation.chat_id) == telegram_id, col(Escalation.user_id).is_(None))
            row = (await s.exec(select(Escalation).where(hers, col(Escalation.status).in_(NOT_CLOSED))
                                .order_by(col(Escalation.id).desc()).limit(1)
                                .with_for_update())).first()
            merged = merge(row.level if row else None, row.signs if row else (), level, signs,
                           contacted=row is not None and row.status == "contacted")
            if row is None:
                row = Escalation(user_id=telegram_id if consented else None,
                                 chat_id=None if consented else telegram_id,
                                 name=None if consented else name, level=level, source=source,
                                 signs=list(merged.signs), created_at=now)
                s.add(row)
            elif merged.change != "same":
                row.level, row.signs, row.updated_at = merged.level, list(merged.signs), now
                if merged.change in ("raised", "reopened"):
                    row.reminded_at = None  # its reminders start afresh
                if merged.change == "reopened":  # open and unclaimed again, so it is reminded
                    row.status, row.claimed_by, row.claimed_at = "open", None, None
                    row.handled_by, row.handled_at = None, None
            await s.flush()
            return row, merged

    async def request_callback(self, escalation_id: int, telegram_id: int) -> str:
        """Mark that she asked APEX to call her: "new", "again" (a second tap), or "not_hers"."""
        async with self.session() as s:
            row = await s.get(Escalation, escalation_id, with_for_update=True)
            if row is None or row.user_id != telegram_id:
                return "not_hers"
            if row.callback_requested_at is not None:
                return "again"
            row.callback_requested_at = utcnow()
            return "new"

    async def most_serious_open(self, telegram_id: int) -> Escalation | None:
        """Her emergency or urgent escalation not yet closed, if any (emergency first)."""
        async with self.session() as s:
            rows = (await s.exec(select(Escalation).where(
                Escalation.user_id == telegram_id, col(Escalation.status).in_(NOT_CLOSED),
                col(Escalation.level).in_(["emergency", "urgent"])))).all()
        return min(rows, key=lambda r: (r.level != "emergency", -saved_id(r)), default=None)

    async def update_user(self, telegram_id: int, **fields: Any) -> User | None:
        async with self.session() as s:
            user = await s.get(User, telegram_id)
            if user is not None:
                for name, value in fields.items():
                    setattr(user, name, value)
            return user

    async def mark_inactive(self, telegram_id: int) -> None:
        """Telegram said she blocked the bot: send her nothing more until she comes back."""
        await self.update_user(telegram_id, active=False, next_nudge_at=None)

    # --- nudges ----------------------------------------------------------------------------

    async def due_users(self, now: datetime, *, after: tuple[datetime, int] | None = None,
                        limit: int = 500) -> list[User]:
        """Users whose nudge time has come, oldest first, by the next_nudge_at index.

        Paused and inactive users carry next_nudge_at = NULL, so the range holds only the due."""
        query = select(User).where(col(User.next_nudge_at) <= now)
        if after is not None:
            query = query.where(or_(col(User.next_nudge_at) > after[0], and_(
                col(User.next_nudge_at) == after[0], col(User.telegram_id) > after[1])))
        query = query.order_by(col(User.next_nudge_at), col(User.telegram_id)).limit(limit)
        async with self.session() as s:
            return list((await s.exec(query)).all())

    async def due_pelvic(self, now: datetime, limit: int = 500) -> list[User]:
        """Mothers whose pelvic floor reminder has come, oldest first, by its index."""
        query = select(User).where(col(User.next_pelvic_at) <= now).order_by(
            col(User.next_pelvic_at), col(User.telegram_id)).limit(limit)
        async with self.session() as s:
            return list((await s.exec(query)).all())

    async def sessions_on(self, user_id: int, local_date: date) -> list[SessionLog]:
        """Her session logs of that day, oldest first: what the day brought, and a run she did
        instead of it."""
        async with self.session() as s:
            return list((await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, SessionLog.local_date == local_date)
                .order_by(col(SessionLog.id)))).all())

    async def open_levels(self, user_ids: list[int]) -> dict[int, set[str]]:
        """The levels of each user's escalations not yet closed."""
        if not user_ids:
            return {}
        async with self.session() as s:
            rows = await s.exec(select(Escalation.user_id, Escalation.level).where(
                col(Escalation.user_id).in_(user_ids), col(Escalation.status).in_(NOT_CLOSED)))
            levels: dict[int, set[str]] = {}
            for user_id, level in rows.all():
                if user_id is not None:  # always so: the query asked for these users
                    levels.setdefault(user_id, set()).add(level)
            return levels

    async def claim(self, user_id: int, kind: str, local_date: date, now: datetime,
                    lease: timedelta) -> str:
        """Claim one nudge. "claimed": send it. "busy": someone else is sending it right now.
        "done": it already went out (or was refused) today. A claim older than the lease,
        never marked sent, is taken over: its process died between claim and send."""
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        async with self.session() as s:
            result = await s.exec(insert(Delivery).values(
                user_id=user_id, kind=kind, local_date=local_date, status="claimed",
                claimed_at=now).on_conflict_do_nothing())
            if result.rowcount == 1:
                return "claimed"
            taken = await s.exec(update(Delivery).where(
                col(Delivery.user_id) == user_id, col(Delivery.kind) == kind,
                col(Delivery.local_date) == local_date, col(Delivery.status) == "claimed",
                col(Delivery.claimed_at) < now - lease).values(claimed_at=now))
            if taken.rowcount == 1:
                return "claimed"
            row = (await s.exec(select(Delivery.status).where(
                Delivery.user_id == user_id, Delivery.kind == kind,
                Delivery.local_date == local_date))).first()
            return "busy" if row == "claimed" else "done"

    async def set_delivery_status(self, user_id: int, kind: str, local_date: date, status: str,
                                  error: str | None = None) -> None:
        """"sending" just before the send, then what became of it ("sent", "blocked", ...)."""
        async with self.session() as s:
            await s.exec(update(Delivery).where(
                col(Delivery.user_id) == user_id, col(Delivery.kind) == kind,
                col(Delivery.local_date) == local_date).values(
                status=status, error=error, sent_at=utcnow() if status == "sent" else None))

    async def deliveries(self, user_id: int) -> list[Delivery]:
        async with self.session() as s:
            return list((await s.exec(select(Delivery).where(Delivery.user_id == user_id)
                                      .order_by(col(Delivery.id)))).all())

    async def log_session(self, user_id: int, local_date: date, kind: str, *, phase: int,
                          rung: int | None, planned: list[str],
                          checkin_due_at: datetime | None) -> SessionLog:
        async with self.session() as s:
            row = (await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, SessionLog.local_date == local_date,
                SessionLog.kind == kind))).first()
            if row is None:
                row = SessionLog(user_id=user_id, local_date=local_date, kind=kind)
                s.add(row)
            row.phase, row.rung, row.planned = phase, rung, planned
            row.checkin_due_at = checkin_due_at
            await s.flush()
            return row

    async def ensure_session(self, user_id: int, local_date: date, kind: str, *, phase: int,
                             rung: int | None, planned: list[str]) -> SessionLog:
        """That day's log of this kind as it is (the daily prompt may have written it), or a new
        one: /today and "another day" never reset a prompt's check-in."""
        async with self.session() as s:
            row = (await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, SessionLog.local_date == local_date,
                SessionLog.kind == kind))).first()
            if row is None:
                row = SessionLog(user_id=user_id, local_date=local_date, kind=kind, phase=phase,
                                 rung=rung, planned=planned)
                s.add(row)
                await s.flush()
            return row

    async def session_log(self, log_id: int) -> SessionLog | None:
        async with self.session() as s:
            return await s.get(SessionLog, log_id)

    async def record_outcome(self, log_id: int, user_id: int, outcome: str,
                             over: tuple[str, ...] = ()) -> SessionLog | None:
        """Record how a session went, once (or over one of `over`: a run marked done, then told
        how it went). None if it isn't hers or is already logged."""
        async with self.session() as s:
            row = await s.get(SessionLog, log_id, with_for_update=True)
            if row is None or row.user_id != user_id or row.outcome not in (None, *over):
                return None
            row.outcome, row.answered_at, row.checkin_due_at = outcome, utcnow(), None
            return row

    async def due_checkins(self, now: datetime, limit: int = 500) -> list[SessionLog]:
        async with self.session() as s:
            return list((await s.exec(select(SessionLog).where(
                col(SessionLog.checkin_due_at) <= now, col(SessionLog.outcome).is_(None),
                col(SessionLog.checkin_sent_at).is_(None),
            ).order_by(col(SessionLog.checkin_due_at)).limit(limit))).all())

    async def mark_partial(self, log_id: int) -> None:
        """A coached run she stopped before its last run interval (SessionLog.partial)."""
        async with self.session() as s:
            await s.exec(update(SessionLog).where(col(SessionLog.id) == log_id).values(partial=True))

    async def checkin_sent(self, log_id: int) -> None:
        async with self.session() as s:
            await s.exec(update(SessionLog).where(col(SessionLog.id) == log_id).values(
                checkin_sent_at=utcnow(), checkin_due_at=None))

    async def outcomes_at_rung(self, user_id: int, rung: int, since: datetime | None, *,
                               partial_count: bool = False) -> list[Outcome]:
        """Her run outcomes at this rung since she reached it, oldest first. A run she stopped
        early (SessionLog.partial) is left out, unless `partial_count` or it had a symptom."""
        query = select(SessionLog.outcome).where(
            SessionLog.user_id == user_id, SessionLog.kind == "run", SessionLog.rung == rung,
            col(SessionLog.outcome).in_(["fine", "hard", "symptom", "skipped"]))
        if not partial_count:
            query = query.where(or_(col(SessionLog.partial).is_(False), col(SessionLog.outcome) == "symptom"))
        if since is not None:
            query = query.where(col(SessionLog.created_at) >= since)
        async with self.session() as s:
            rows = (await s.exec(query.order_by(col(SessionLog.id)))).all()
        return [outcome for outcome in rows if is_outcome(outcome)]  # all of them: see the query

    async def sessions_since(self, user_id: int, since: date) -> list[SessionLog]:
        async with self.session() as s:
            return list((await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, col(SessionLog.local_date) >= since)
                .order_by(col(SessionLog.local_date)))).all())

    # --- python-telegram-bot persistence ---------------------------------------------------

    async def conversations(self, name: str) -> dict[str, Any]:
        async with self.session() as s:
            result = await s.exec(select(ConversationState).where(ConversationState.name == name))
            return {row.key: row.state for row in result.all()}

    async def save_conversation(self, name: str, key: str, state: Any) -> None:
        async with self.session() as s:
            if state is None:
                await s.exec(delete(ConversationState).where(
                    col(ConversationState.name) == name, col(ConversationState.key) == key))
                return
            insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
            now = utcnow()  # retention counts a never-consented person's state from its last change
            statement = insert(ConversationState).values(name=name, key=key, state=state,
                                                         updated_at=now)
            await s.exec(statement.on_conflict_do_update(
                index_elements=["name", "key"], set_={"state": state, "updated_at": now}))


def _draft_of(telegram_id: int) -> SelectOfScalar[Assessment]:
    """Her unfinished assessment (there is never more than one)."""
    return select(Assessment).where(
        Assessment.user_id == telegram_id, col(Assessment.completed_at).is_(None)
    ).order_by(col(Assessment.id).desc()).limit(1)


def _merged(answers: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`answers` with `changes` applied: "tests" merge test by test, None removes a key."""
    merged = json.loads(json.dumps(answers))
    for key, value in changes.items():
        if key == "tests":
            merged.setdefault("tests", {}).update(value)
        elif value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


# --- the run/walk coach (bot/journey/coach.py) ---------------------------------------------

OPEN_RUNS = ("running", "paused")


class RunStore:
    """Her coached runs, on the one store: `RunStore(deps.store).open_run(user_id)`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def coach_log(self, user_id: int, day: date, *, phase: int,
                        rung: int) -> SessionLog:
        """Today's run log for her check-in: the one the daily prompt made, or a new one."""
        async with self.store.session() as s:
            row = (await s.exec(select(SessionLog).where(
                SessionLog.user_id == user_id, SessionLog.local_date == day,
                SessionLog.kind == "run"))).first()
            if row is None:
                row = SessionLog(user_id=user_id, local_date=day, kind="run", phase=phase, rung=rung,
                                 planned=[])
                s.add(row)
                await s.flush()
            return row

    async def open_run(self, user_id: int) -> RunSession | None:
        """Her run under way (running or paused), if any."""
        async with self.store.session() as s:
            return (await s.exec(select(RunSession).where(
                RunSession.user_id == user_id, col(RunSession.state).in_(OPEN_RUNS))
                .order_by(col(RunSession.id).desc()))).first()

    async def start_run(self, user_id: int, *, log_id: int, rung: int,
                        shape: dict[str, int], now: datetime) -> RunSession:
        async with self.store.session() as s:
            row = RunSession(user_id=user_id, log_id=log_id, rung=rung, shape=shape, started_at=now)
            s.add(row)
            await s.flush()
            return row

    async def run_session(self, session_id: int) -> RunSession | None:
        async with self.store.session() as s:
            return await s.get(RunSession, session_id)

    async def open_runs(self) -> list[RunSession]:
        """Every run under way, for the pick-up at start-up."""
        async with self.store.session() as s:
            return list((await s.exec(select(RunSession).where(
                col(RunSession.state).in_(OPEN_RUNS)).order_by(col(RunSession.id)))).all())

    async def claim_cue(self, session_id: int, last: int, new_last: int) -> bool:
        """Move the session's last cue from `last` to `new_last`, once: False if another step (a
        second process, a job racing a press) got there first, or the run is no longer going."""
        async with self.store.session() as s:
            result = await s.exec(update(RunSession).where(
                col(RunSession.id) == session_id, col(RunSession.last_cue) == last,
                col(RunSession.state) == "running").values(last_cue=new_last))
            return bool(result.rowcount)

    async def change_run(self, session_id: int, user_id: int, *, states: tuple[str, ...],
                         **fields: Any) -> RunSession | None:
        """Change her run if it is hers and in one of `states`; None otherwise (a stale or forged
        button, a second press)."""
        async with self.store.session() as s:
            row = await s.get(RunSession, session_id, with_for_update=True)
            if row is None or row.user_id != user_id or row.state not in states:
                return None
            for name, value in fields.items():
                setattr(row, name, value)
            await s.flush()
            return row
