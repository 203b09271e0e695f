"""The one place that talks to the database. Handlers call these methods; they never see a session."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Assessment, ConversationState, Escalation, User, utcnow


def create_engine(database_url: str) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

    @classmethod
    def from_url(cls, database_url: str) -> Store:
        return cls(create_engine(database_url))

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session, session.begin():
            yield session

    # --- users -----------------------------------------------------------------------------

    async def get_user(self, telegram_id: int) -> User | None:
        async with self.session() as s:
            return await s.get(User, telegram_id)

    async def record_consent(self, telegram_id: int, *, first_name: str, username: str | None,
                             source: str | None, consent_version: str) -> User:
        async with self.session() as s:
            user = await s.get(User, telegram_id)
            if user is None:
                user = User(telegram_id=telegram_id, first_name=first_name, source=source,
                            consent_version=consent_version)
                s.add(user)
            user.first_name, user.username = first_name[:128], username
            user.consent_version, user.consented_at, user.active = consent_version, utcnow(), True
            return user

    async def set_phase(self, telegram_id: int, phase: int | None) -> None:
        async with self.session() as s:
            user = await s.get(User, telegram_id)
            if user is not None and user.phase != phase:
                user.phase, user.phase_since = phase, utcnow()

    # --- assessments -----------------------------------------------------------------------

    async def draft(self, telegram_id: int) -> Assessment | None:
        async with self.session() as s:
            result = await s.exec(select(Assessment).where(
                Assessment.user_id == telegram_id, col(Assessment.completed_at).is_(None)
            ).order_by(col(Assessment.id).desc()).limit(1))
            return result.first()

    async def latest_assessment(self, telegram_id: int) -> Assessment | None:
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
            answers = json.loads(json.dumps(draft.answers))
            for key, value in changes.items():
                if key == "tests":
                    answers.setdefault("tests", {}).update(value)
                elif value is None:
                    answers.pop(key, None)
                else:
                    answers[key] = value
            draft.answers = answers
            return draft

    async def complete_assessment(self, assessment_id: int, *, phase: int | None,
                                  escalation: str | None, reasons: list[str]) -> bool:
        """Finish a draft once. False if it was already finished (a double press)."""
        async with self.session() as s:
            draft = await s.get(Assessment, assessment_id, with_for_update=True)
            if draft is None or draft.completed_at is not None:
                return False
            draft.completed_at, draft.phase = utcnow(), phase
            draft.escalation, draft.reasons = escalation, reasons
            user = await s.get(User, draft.user_id)
            if user is not None and user.phase != phase:
                user.phase, user.phase_since = phase, utcnow()
            return True

    async def drop_draft(self, telegram_id: int) -> bool:
        async with self.session() as s:
            result = await s.exec(delete(Assessment).where(
                col(Assessment.user_id) == telegram_id, col(Assessment.completed_at).is_(None)))
            return result.rowcount > 0

    # --- escalations -----------------------------------------------------------------------

    async def open_escalation(self, telegram_id: int, *, level: str, source: str,
                              signs: list[str]) -> Escalation:
        async with self.session() as s:
            row = Escalation(user_id=telegram_id, level=level, source=source, signs=signs)
            s.add(row)
            await s.flush()
            return row

    async def request_callback(self, escalation_id: int, telegram_id: int) -> Escalation | None:
        """Mark that she asked APEX to call her. None unless the escalation is hers."""
        async with self.session() as s:
            row = await s.get(Escalation, escalation_id)
            if row is None or row.user_id != telegram_id:
                return None
            if row.callback_requested_at is None:
                row.callback_requested_at = utcnow()
            return row

    async def escalations(self, telegram_id: int) -> list[Escalation]:
        async with self.session() as s:
            result = await s.exec(select(Escalation).where(Escalation.user_id == telegram_id)
                                  .order_by(col(Escalation.id)))
            return list(result.all())

    async def open_escalations(self) -> list[Escalation]:
        async with self.session() as s:
            result = await s.exec(select(Escalation).where(Escalation.status == "open")
                                  .order_by(col(Escalation.created_at)))
            return list(result.all())

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
            statement = insert(ConversationState).values(name=name, key=key, state=state)
            await s.exec(statement.on_conflict_do_update(
                index_elements=["name", "key"], set_={"state": state}))

