"""Queries for the pictures of the moves: Telegram's file_id per picture, and which moves each
mother has been shown."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from bot.storage.models import MediaFile, MediaShown
from bot.storage.store import Store


class MediaStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _insert(self):  # the dialect's insert, which knows ON CONFLICT
        return pg_insert if self.store.engine.dialect.name == "postgresql" else sqlite_insert

    async def file_id(self, source: str, digest: str) -> str | None:
        """The file_id Telegram gave this picture, unless the file has changed since."""
        async with self.store.session() as s:
            row = (await s.exec(select(MediaFile).where(MediaFile.source == source))).first()
        return row.file_id if row is not None and row.digest == digest else None

    async def remember(self, source: str, digest: str, kind: str, file_id: str,
                       now: datetime) -> None:
        values = {"digest": digest, "kind": kind, "file_id": file_id, "uploaded_at": now}
        statement = self._insert()(MediaFile).values(source=source, **values)
        async with self.store.session() as s:
            await s.exec(statement.on_conflict_do_update(index_elements=["source"], set_=values))

    async def forget(self, source: str) -> None:
        """Telegram no longer knows the file_id: the next send uploads it again."""
        async with self.store.session() as s:
            await s.exec(delete(MediaFile).where(col(MediaFile.source) == source))

    async def shown(self, user_id: int, exercise_ids: Collection[str]) -> set[str]:
        """Which of these moves' pictures she has already been sent."""
        async with self.store.session() as s:
            rows = await s.exec(select(MediaShown.exercise_id).where(
                MediaShown.user_id == user_id, col(MediaShown.exercise_id).in_(exercise_ids)))
            return set(rows.all())

    async def mark_shown(self, user_id: int, exercise_id: str, now: datetime) -> None:
        statement = self._insert()(MediaShown).values(user_id=user_id, exercise_id=exercise_id,
                                                      shown_at=now)
        async with self.store.session() as s:
            await s.exec(statement.on_conflict_do_nothing())
