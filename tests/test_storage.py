"""The schema: Alembic migrations match the models, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from bot.storage.migrate import upgrade
from bot.storage.store import Store


async def test_migrations_match_the_models(database_url: str) -> None:
    store = Store.from_url(database_url)
    try:
        await upgrade(store.engine)
        await upgrade(store.engine)  # a second start changes nothing
        async with store.engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata))
    finally:
        await store.close()
    assert diff == []


async def test_at_most_one_draft_per_mother(database_url: str) -> None:
    store = Store.from_url(database_url)
    try:
        await upgrade(store.engine)
        await store.record_consent(7, first_name="Cara", username=None, source=None,
                                   consent_version="x")
        first = await store.start_assessment(7, defaults={}, content_version="x")
        second = await store.start_assessment(7, defaults={}, content_version="x")
        assert (await store.draft(7)).id == second.id != first.id
        assert await store.save_answers(first.id, {"delivery": "vaginal"}) is None
    finally:
        await store.close()
