"""One process handles updates and jobs: the leader. Any other waits as a standby.

Two processes polling one bot fight (Telegram answers the second 409 Conflict), and two minute
ticks or two announcement senders double what mothers receive. So `python -m bot` first takes a
lock that only one process can hold, and holds it for its whole life: the database's own lock on
PostgreSQL (a session-level advisory lock, held by one connection kept open), a file lock beside
the SQLite file. The operating system or PostgreSQL releases it the moment the leader dies, even
by `kill -9`, and a standby, trying every POLL_SECONDS, takes over. Migrations run under the lock
too, so two first starts never migrate at once.

High availability is PostgreSQL's own (managed or replicated) plus standbys: no home-made cluster.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import asyncpg

log = logging.getLogger(__name__)

# The advisory lock's key: any number, the same for every process of one bot ("APEX").
LOCK_KEY = 0x41504558
POLL_SECONDS = 2.0
# How often the leader checks that its lock connection is still alive.
KEEPALIVE_SECONDS = 5.0
CONNECT_TIMEOUT = 10.0


@contextmanager
def leadership(database_url: str, *, on_lost: Callable[[], None],
               poll: float = POLL_SECONDS) -> Iterator[None]:
    """Wait until this process is the leader, and stay the leader inside the block. `on_lost`
    is called (from another thread) if another process has taken the lock after all."""
    if database_url.startswith("sqlite"):
        path = _sqlite_lock_path(database_url)
        if path is None:  # an in-memory database: nothing to share
            yield
            return
        with _file_lock(path, poll):
            yield
    else:
        with _advisory_lock(database_url, poll, on_lost):
            yield


def _sqlite_lock_path(url: str) -> Path | None:
    database = url.split("///", 1)[-1].split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database + ".lock")


@contextmanager
def _file_lock(path: Path, poll: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = path.open("a")
    try:
        waiting = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting:
                    log.warning("standby: another process is the leader (%s is locked); "
                                "waiting, and trying every %.0f s", path.name, poll)
                    waiting = True
                threading.Event().wait(poll)
        log.info("leader: this process handles updates and jobs")
        yield
    finally:
        handle.close()  # releases the lock


@contextmanager
def _advisory_lock(database_url: str, poll: float, on_lost: Callable[[], None]) -> Iterator[None]:
    holder = _AdvisoryHolder(database_url.replace("postgresql+asyncpg://", "postgresql://", 1),
                             poll, on_lost)
    holder.start()
    try:
        while not holder.acquired.wait(poll):
            if not holder.is_alive():
                raise RuntimeError("the leader lock's thread stopped")
        log.info("leader: this process handles updates and jobs")
        yield
    finally:
        holder.stop.set()
        holder.join(timeout=CONNECT_TIMEOUT)


class _AdvisoryHolder(threading.Thread):
    """Holds the advisory lock on its own connection, on its own event loop, so the bot's loop
    (which PTB starts and stops) never owns it. A connection that drops (the database restarted)
    is opened again and the lock taken again; only when another process holds it by then is
    this one no longer the leader."""

    def __init__(self, dsn: str, poll: float, on_lost: Callable[[], None]) -> None:
        super().__init__(name="leader-lock", daemon=True)
        self.dsn, self.poll, self.on_lost = dsn, poll, on_lost
        self.acquired = threading.Event()
        self.stop = threading.Event()
        self._told_standby = False
        self._our_pid: int | None = None  # the server session that holds the lock for us

    def run(self) -> None:
        try:
            asyncio.run(self._hold())
        except Exception as exc:  # noqa: BLE001  (an unforeseen error must not leave two leaders)
            log.critical("the leader lock failed (%s); this process stops", type(exc).__name__)
            if self.acquired.is_set() and not self.stop.is_set():
                self.on_lost()

    async def _hold(self) -> None:
        while not self.stop.is_set():
            try:
                connection = await asyncpg.connect(
                    self.dsn, timeout=CONNECT_TIMEOUT,
                    # The server drops the session of a leader that vanished (a cut network, a
                    # frozen machine) within about half a minute, not two hours, so the lock
                    # is released for a standby.
                    server_settings={"tcp_keepalives_idle": "10",
                                     "tcp_keepalives_interval": "5",
                                     "tcp_keepalives_count": "3"})
            except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
                log.warning("the leader lock cannot reach the database (%s); trying again",
                            type(exc).__name__)
                await self._pause(self.poll)
                continue
            try:
                if not await self._take(connection):
                    return  # stopping, or another process leads now
                await self._keep(connection)
            except (OSError, TimeoutError, asyncpg.PostgresError,
                    asyncpg.InterfaceError) as exc:
                log.warning("the leader lock's connection failed (%s); taking it again",
                            type(exc).__name__)
            finally:
                with suppress(Exception):
                    await asyncio.wait_for(connection.close(), 2)

    async def _take(self, connection: asyncpg.Connection) -> bool:
        while not self.stop.is_set():
            if await connection.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_KEY):
                self._our_pid = connection.get_server_pid()
                self.acquired.set()
                return True
            if self.acquired.is_set():
                # It was ours and our connection dropped. The server may still keep our old
                # session, and with it the lock: end that session and try again. Only a lock
                # held by another process's session means another leader.
                holder = await connection.fetchval(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 "
                    "AND objid = $1 AND granted LIMIT 1", LOCK_KEY)
                if holder is not None and holder == self._our_pid:
                    await connection.fetchval("SELECT pg_terminate_backend($1)", holder)
                    await self._pause(0.5)
                    continue
                if holder is not None:
                    log.critical("another process is the leader now; this one stops")
                    self.on_lost()
                    return False
                continue  # released meanwhile: take it
            if not self._told_standby:
                log.warning("standby: another process is the leader; waiting, and trying every "
                            "%.0f s", self.poll)
                self._told_standby = True
            await self._pause(self.poll)
        return False

    async def _keep(self, connection: asyncpg.Connection) -> None:
        while not self.stop.is_set():
            await self._pause(KEEPALIVE_SECONDS)
            await asyncio.wait_for(connection.fetchval("SELECT 1"), CONNECT_TIMEOUT)

    async def _pause(self, seconds: float) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.stop.wait, seconds)
