"""Shared pieces of the benchmarks in bench/ (not tests): the loopback Bot API double in a process
of its own, throwaway databases, realistic users, the bot's real Application, memory readings and
query plans.

The double runs in a child process so that its work (HTTP parsing, bookkeeping of every call)
neither shares the bot's event loop nor counts in the bot's memory: what is measured is the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import random
import resource
import tempfile
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

STAFF_ID = 900
STAFF_CHAT_ID = -1001234

# A realistic mix for a UK clinic: mostly the clinic's own zone, then Europe, the Americas,
# Asia-Pacific, and a few half- and three-quarter-hour offsets. None: she kept the default.
ZONES: list[tuple[str | None, float]] = [
    (None, 12), ("Europe/London", 45), ("Europe/Dublin", 4), ("Europe/Paris", 3),
    ("Europe/Berlin", 3), ("Europe/Madrid", 2), ("Europe/Amsterdam", 2), ("Europe/Lisbon", 1),
    ("Europe/Athens", 1), ("America/New_York", 5), ("America/Chicago", 2), ("America/Denver", 1),
    ("America/Los_Angeles", 3), ("America/Toronto", 2), ("America/Sao_Paulo", 1),
    ("America/St_Johns", 0.5), ("Asia/Dubai", 2), ("Asia/Kolkata", 2), ("Asia/Kathmandu", 0.5),
    ("Asia/Singapore", 1), ("Asia/Tokyo", 1), ("Australia/Sydney", 3), ("Australia/Perth", 1),
    ("Australia/Adelaide", 0.5), ("Pacific/Auckland", 1), ("Africa/Johannesburg", 1),
]
OFFERED_TIMES = ["07:00", "12:30", "19:00"]
RUN_DAYS = [None, "0,2,4", "1,3,5", "0,3,5", "1,4,6"]


# --- the double, in its own process ----------------------------------------------------------

def _serve(conn: Any) -> None:
    asyncio.run(_serve_async(conn))


async def _serve_async(conn: Any) -> None:
    from telegram_double import TelegramDouble

    loop = asyncio.get_running_loop()
    async with TelegramDouble() as tg:
        conn.send((tg.token, tg.base_url))
        while True:
            command, args = await loop.run_in_executor(None, conn.recv)
            if command == "stop":
                conn.send(None)
                return
            try:
                result: Any = _command(tg, command, args)
            except Exception as exc:  # noqa: BLE001 (sent back to the benchmark to raise)
                result = RuntimeError(f"{command}: {exc!r}")
            conn.send(result)


def _command(tg: Any, command: str, args: tuple) -> Any:
    if command == "users":
        for user_id in args[0]:
            tg.user(user_id, "Mum", started=True)
        return len(args[0])
    if command == "group":
        tg.group(args[0], "APEX staff")
        return None
    if command == "message":  # a user (staff) sends a text; its message id, to copy it
        user = tg.user(args[0], "Sam", started=True)
        return tg.send_text(user, args[1])["message"]["message_id"]
    if command == "reset_monitor":
        tg.monitor.reset()
        return None
    if command == "monitor":
        return _monitor_summary(tg)
    raise ValueError(f"unknown command {command!r}")


def _monitor_summary(tg: Any) -> dict[str, Any]:
    monitor = tg.monitor
    per_second = monitor.per_second()
    busiest = max(per_second, key=lambda row: row[1], default=(0, 0, 0))
    copies = [at for at, _, method in monitor.sends if method.lower() == "copymessage"]
    return {
        "sends": len(monitor.sends),
        "by_method": dict(Counter(method for _, _, method in monitor.sends)),
        "copies": len(copies),
        "copies_per_second": [count for _, count in sorted(Counter(int(at) for at in copies).items())],
        "first_copy": copies[0] if copies else None,
        "last_copy": copies[-1] if copies else None,
        "busiest_second": busiest[1],
        "busiest_chat_in_a_second": max((row[2] for row in per_second), default=0),
        "breaches": len(monitor.breaches),
        "breaches_by_kind": dict(Counter(b.kind for b in monitor.breaches)),
        "first_breaches": [str(b) for b in monitor.breaches[:5]],
        "errors": dict(Counter(f"{m} {code}" for m, code, _ in tg.errors)),
    }


class DoubleProcess:
    """``async with DoubleProcess() as tg``: the loopback Bot API in a child process;
    ``tg.token``/``tg.base_url`` for the bot, ``await tg.call(command, *args)`` to control it."""

    async def __aenter__(self) -> DoubleProcess:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True,
                                        name="telegram-double")
        self._process.start()
        self.token, self.base_url = await asyncio.to_thread(self._conn.recv)
        return self

    async def call(self, command: str, *args: Any) -> Any:
        def round_trip() -> Any:
            self._conn.send((command, args))
            return self._conn.recv()

        result = await asyncio.to_thread(round_trip)
        if isinstance(result, Exception):
            raise result
        return result

    async def __aexit__(self, *exc_info: object) -> None:
        with contextlib.suppress(Exception):
            await self.call("stop")
        await asyncio.to_thread(self._process.join, 10)
        if self._process.is_alive():
            self._process.terminate()


# --- databases -------------------------------------------------------------------------------

def available_databases() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get("TEST_POSTGRES_URL") else ["sqlite"]


@contextlib.asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """A throwaway database: a SQLite file in a temporary directory, or a fresh database on the
    PostgreSQL server of TEST_POSTGRES_URL (scripts/with-postgres.sh starts one)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="apex-bench-") as folder:
            yield f"sqlite+aiosqlite:///{folder}/apex.db"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        raise SystemExit("TEST_POSTGRES_URL is not set: run under scripts/with-postgres.sh")
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(make_url(server).set(drivername="postgresql")
                                  .render_as_string(hide_password=False))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def insert_many(engine: Any, table: Any, rows: Iterable[dict[str, Any]],
                      chunk: int = 5000) -> int:
    """Bulk insert without the ORM: one executemany per chunk, one transaction per chunk."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            async with engine.begin() as conn:
                await conn.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        async with engine.begin() as conn:
            await conn.execute(table.insert(), batch)
        count += len(batch)
    return count


# --- realistic users -------------------------------------------------------------------------

def user_ids(rng: random.Random, count: int) -> list[int]:
    """Distinct Telegram-like user ids."""
    return rng.sample(range(100_000_000, 8_000_000_000), count)


def pick_zone(rng: random.Random) -> str | None:
    return rng.choices([z for z, _ in ZONES], weights=[w for _, w in ZONES])[0]


def pick_time(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.15:
        return None  # the clinic's default
    if roll < 0.75:
        return rng.choice(OFFERED_TIMES)
    return f"{rng.randrange(5, 22):02d}:{rng.choice((0, 15, 30, 45, rng.randrange(60))):02d}"


def user_row(rng: random.Random, user_id: int, now: datetime, consent_version: str, *,
             phase: int | None, zone: str | None, reminder: str | None,
             next_nudge_at: datetime | None, paused: bool = False, active: bool = True,
             announcements: bool = True) -> dict[str, Any]:
    joined = now - timedelta(days=rng.uniform(0, 365))
    return {
        "telegram_id": user_id, "first_name": "Mum", "username": None,
        "source": rng.choice((None, None, "instagram", "clinic", "flyer")),
        "consent_version": consent_version, "consented_at": joined, "timezone": zone,
        "reminder_time": reminder, "run_days": rng.choice(RUN_DAYS), "phase": phase,
        "phase_since": joined if phase is not None else None,
        "interval_level": rng.randrange(0, 6) if phase == 4 else 0,
        "interval_since": joined if phase == 4 else None, "paused": paused,
        "announcements": announcements, "active": active, "next_nudge_at": next_nudge_at,
        "created_at": joined,
    }


def reminder_time(value: str | None, default: time = time(7, 30)) -> time:
    if value is None:
        return default
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def local_today(moment: datetime, zone: str | None, default_zone: str = "Europe/London") -> date:
    return moment.astimezone(ZoneInfo(zone or default_zone)).date()


# --- the bot ---------------------------------------------------------------------------------

def bot_settings(tg: DoubleProcess, database_url: str, max_rate: float, **extra: Any) -> Any:
    from bot.platform.settings import Settings

    return Settings(
        _env_file=None, telegram_bot_token=tg.token, telegram_api_base_url=tg.base_url,
        database_url=database_url, staff_ids=frozenset({STAFF_ID}), staff_chat_id=STAFF_CHAT_ID,
        apex_phone="+44 20 7946 0000", apex_email="hello@apex.example",
        apex_booking_url="https://apex.example/book",
        privacy_policy_url="https://apex.example/privacy", telegram_max_rate=max_rate,
        log_level="WARNING", **extra)


async def started_application(settings: Any, store: Any, clock: Callable[[], datetime]) -> Any:
    """The bot's real Application and ExtBot (AIORateLimiter as configured in bot/platform/app.py),
    initialised against the double; no polling and no jobs: the benchmark calls the code."""
    from bot.platform.app import build_application
    from bot.platform.content import load_content

    application = build_application(settings, load_content(), store, clock=clock, run_jobs=False)
    await application.initialize()
    return application


def fixed_clock(now: datetime) -> Callable[[], datetime]:
    return lambda: now


def floor_minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


# --- memory ----------------------------------------------------------------------------------

def reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process's resident set (Linux)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """The resident set's high-water mark since start or the last reset (VmHWM), in MB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return max_rss_mb()


def rss_mb() -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def max_rss_mb() -> float:
    """resource.getrusage's ru_maxrss (KB on Linux): the process's peak over its life."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def server_cpu_s(engine: Any) -> float | None:
    """CPU seconds (user + system) used so far by the local PostgreSQL server's processes (the
    postmaster and its children: backends, autovacuum, writers), read from /proc. None for
    SQLite (its work is in the bot's own process) or when the server is not readable."""
    if engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    async with engine.connect() as conn:
        folder = (await conn.execute(text("SHOW data_directory"))).scalar()
    return _cluster_cpu_s(folder)


def _cluster_cpu_s(folder: str) -> float | None:
    try:
        postmaster = int(Path(folder, "postmaster.pid").read_text().split()[0])
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(entry.name) == postmaster or int(fields[1]) == postmaster:
                    total += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


# --- statements and plans --------------------------------------------------------------------

@contextlib.contextmanager
def captured_statements(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement (with its driver-level parameters) run on `engine` inside the block."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             executemany: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def explain(engine: Any, statement: str, parameters: Any, *, analyze: bool = False) -> list[str]:
    """The plan of one captured statement: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN
    (with ANALYZE, BUFFERS if asked: it runs the statement, so only for SELECTs)."""
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        if engine.dialect.name == "sqlite":
            cursor = await driver.execute("EXPLAIN QUERY PLAN " + statement, tuple(parameters or ()))
            return [row[3] for row in await cursor.fetchall()]
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
        rows = await driver.fetch(prefix + statement, *(parameters or ()))
        return [row[0] for row in rows]


def full_scans(plan: list[str]) -> list[str]:
    """Plan lines that read a whole table (SQLite "SCAN <table>" without an index; PostgreSQL
    "Seq Scan")."""
    return [line for line in plan
            if ("Seq Scan" in line)
            or (line.strip().startswith("SCAN ") and "USING" not in line and "CONSTANT" not in line)]
