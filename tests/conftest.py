"""Fixtures: a real database (SQLite and PostgreSQL), the loopback Bot API double, and a running bot."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.platform.content import Content
from bot.platform.settings import Settings
from telegram_double import TelegramDouble
from tests.harness import Harness
from tests.words import suite_content

STAFF_ID = 900
STAFF_CHAT_ID = -1001234
TODAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def content() -> Content:
    # The UK clinic's programme, with its messages as tables (tests/words.py).
    return suite_content()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'apex.db'}"
        return
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test`")
        pytest.skip("no PostgreSQL server (run `make test` to start one)")
    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = make_url(server).set(drivername="postgresql")
    admin = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


class Clock:
    """The bot's clock, moved by the tests instead of waiting."""

    def __init__(self, now: datetime = TODAY) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def double() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as running:
        yield running


@pytest.fixture
def settings_overrides() -> dict:
    """Override in a test module or class to change settings for its tests."""
    return {}


@pytest.fixture
def settings(database_url: str, double: TelegramDouble, settings_overrides: dict,
             tmp_path: Path) -> Settings:
    defaults: dict = dict(
        outbox_path=tmp_path / "outbox.jsonl",
        telegram_bot_token=double.token,
        telegram_api_base_url=double.base_url,
        database_url=database_url,
        staff_ids=frozenset({STAFF_ID}),
        staff_chat_id=STAFF_CHAT_ID,
        apex_phone="+44 20 7946 0000",
        apex_email="hello@apex.example",
        apex_booking_url="https://apex.example/book",
        privacy_policy_url="https://apex.example/privacy",
        clinic_locale="en-GB",  # the suite was written for a UK clinic (999); a test may set en-US
        # Journeys run unthrottled; tests of Telegram's limits set the real ceiling (30).
        telegram_max_rate=2000,
        telegram_group_per_minute=60_000,  # the staff chat's 20 a minute, likewise
        flood_guard=False,  # journeys type faster than a person; tests/test_flood.py covers it
        double_tap_seconds=0,  # and press faster than a person reads (tests/test_updates.py)
    )
    # Built, not copied, so that a test's CLINIC_LOCALE brings its numbers and zone along.
    return Settings(_env_file=None, **(defaults | settings_overrides))


@pytest.fixture
async def harness(settings: Settings, content: Content, double: TelegramDouble,
                  clock: Clock) -> AsyncIterator[Harness]:
    double.register_chat(double.group(STAFF_CHAT_ID, "APEX staff"))
    double.register_chat(double.user(STAFF_ID, "Sam"))
    running = Harness(double, settings, content, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def launch(double: TelegramDouble, tmp_path: Path) -> AsyncIterator:
    """`await launch(database_url=None, **env)` starts `python -m bot` as a subprocess against
    the double (tests/process_kit.py); each process is killed after the test."""
    from tests.process_kit import launcher

    async for start in launcher(double, tmp_path):
        yield start
