"""Alembic environment. The bot runs migrations itself on start (bot.storage.migrate);
`alembic` on the command line works too, with DATABASE_URL from the environment or .env."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from bot.storage.models import UTCDateTime  # importing it registers the tables

target_metadata = SQLModel.metadata


def _render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Keep migrations free of project imports: UTCDateTime is a DateTime(timezone=True)."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and type(item).__module__.startswith("sqlmodel"):
        return "sa.String()"
    return False


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      render_item=_render_item)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    from bot.platform.settings import load_settings
    from bot.storage.store import create_engine

    engine = create_engine(load_settings().database_url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_online())
