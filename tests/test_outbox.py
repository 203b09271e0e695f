"""A warning sign while PostgreSQL is stopped (a real `pg_ctl stop` of a server of the test's own),
then the server back: the advice at once, the staff told, the sign kept in the outbox, recorded
and alerted with buttons by the next tick, once. And the journal itself."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage.models import Escalation
from bot.storage.outbox import Outbox, PendingSign
from bot.storage.store import DATABASE_FAILURES
from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness, seed_mum
from tests.test_screening import rows

EMERGENCY = "I have chest pain"


# --- the journal ---------------------------------------------------------------------------------

def test_the_journal_keeps_entries_until_they_are_done_and_survives_a_bad_line(
        tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.jsonl")
    assert outbox.pending() == []
    first = PendingSign.new(datetime(2026, 12, 1, tzinfo=UTC), 1, "Anna", "emergency", ["chest_pain"])
    second = PendingSign.new(datetime(2026, 12, 1, tzinfo=UTC), 2, "Bea", "urgent", ["fever"])
    outbox.add(first)
    with outbox.path.open("a") as journal:
        journal.write('{"key": "cut off by a cra\n')  # a crash mid-write
    outbox.add(second)
    assert Outbox(outbox.path).pending() == [first, second], "read back after a restart"
    outbox.done({first.key})
    assert outbox.pending() == [second], "the recorded one and the unreadable line are gone"
    outbox.done({second.key})
    assert not outbox.path.exists()


# --- PostgreSQL stopped mid-journey -----------------------------------------------------------

def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return found[-1] if found else None


class PrivateServer:
    """A PostgreSQL server of this test's own, so stopping it troubles no other test."""

    def __init__(self, folder: Path, pg_bin: str) -> None:
        self.folder, self.bin = folder, pg_bin
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)  # noqa: S603

    def init(self) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.folder)], check=True)  # noqa: S603, S607
        self._as_postgres(f"{self.bin}/initdb", "-D", str(self.folder / "data"), "-U", "postgres",
                          "-A", "trust", "--no-sync")
        self.start()

    def start(self) -> None:
        self._as_postgres(f"{self.bin}/pg_ctl", "-D", str(self.folder / "data"), "-w", "-t", "60",
                          "-l", str(self.folder / "server.log"), "-o",
                          f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "start")

    def stop(self) -> None:
        self._as_postgres(f"{self.bin}/pg_ctl", "-D", str(self.folder / "data"), "-m", "fast",
                          "-w", "stop")

    def _processes(self) -> list[int]:
        """The postmaster and every server process under it (each connection has its own)."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        found = [postmaster]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    found.append(int(stat.parent.name))
        return found

    def freeze(self) -> None:
        """Hang the whole server (SIGSTOP): connections stay open, nothing answers."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    pg_bin = _pg_bin()
    if pg_bin is None or not os.environ.get("TEST_POSTGRES_URL"):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: run the tests with `make test`")
        pytest.skip("no PostgreSQL (run `make test`)")
    # Not under pytest's own temporary folder: the postgres user cannot enter root's.
    folder = Path(tempfile.mkdtemp(prefix="apex-pg-stop-", dir="/tmp"))
    running = PrivateServer(folder, pg_bin)
    try:
        running.init()
        yield running
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, OSError, ValueError):
            running.thaw()  # a test that failed while the server was frozen
        with contextlib.suppress(subprocess.CalledProcessError):
            running.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database_url(server: PrivateServer) -> str:
    return server.url


async def test_a_sign_while_postgres_is_stopped_is_recorded_once_it_is_back(
        harness: Harness, server: PrivateServer) -> None:
    await seed_mum(harness, 1001)
    anna = harness.double.user(1001)
    server.stop()
    seen = await harness.say(anna, EMERGENCY)
    assert "Please call 999 now" in seen.text, "the advice never waits for the database"
    [told] = [m.text for m in harness.double.messages(STAFF_CHAT_ID) if "Not recorded" in (m.text or "")]
    assert "EMERGENCY" in told
    assert len(harness.settings.outbox_path.read_text().splitlines()) == 1

    with pytest.raises(DATABASE_FAILURES):  # the tick's own work fails too, and is logged
        await harness.tick()
    assert harness.settings.outbox_path.exists(), "the sign keeps waiting"

    server.start()
    await harness.tick()
    [row] = await rows(harness, Escalation)
    assert (row.level, row.user_id) == ("emergency", 1001) and "chest_pain" in row.signs
    [alert] = [m for m in harness.double.messages(STAFF_CHAT_ID)
               if "Recorded now" in (m.text or "")]
    assert alert.buttons
    assert not harness.settings.outbox_path.exists()
    await harness.tick()
    assert len(await rows(harness, Escalation)) == 1


class TestAFrozenServer:
    """PostgreSQL hung (SIGSTOP of every server process), not down: nothing answers and nothing
    refuses. Each call to it is bounded (DATABASE_TIMEOUT_SECONDS, here 1 s; a statement at most
    three times that), so she has her advice within a second, the staff hear of it, and the sign
    waits in the outbox until the server answers again."""

    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"database_timeout_seconds": 1}

    async def test_a_sign_while_postgres_hangs_is_answered_at_once_and_recorded_after(
            self, harness: Harness, server: PrivateServer) -> None:
        await seed_mum(harness, 1001)
        anna = harness.double.user(1001)
        await harness.say(anna, "/plan")  # her language and the pool's connections are warm
        before = len(harness.double.messages(anna))
        server.freeze()
        try:
            asked = time.monotonic()
            harness.double.send_text(anna, EMERGENCY)
            seen = await harness.double.wait_for_messages(anna, before + 1, timeout=30)
            answered, advice = time.monotonic() - asked, seen[before]
            await harness.double.wait_for(
                lambda: any("Not recorded" in (m.text or "")
                            for m in harness.double.messages(STAFF_CHAT_ID)), timeout=30)
            told = time.monotonic() - asked
        finally:
            server.thaw()
        print(f"frozen PostgreSQL: advice after {answered:.2f} s, staff told after {told:.2f} s")
        assert "Please call 999 now" in advice.text
        assert answered < 5, "her advice never waits on a hung database"  # a bound, not a speed
        await harness.settle()
        assert len(harness.settings.outbox_path.read_text().splitlines()) == 1
        await harness.tick()
        [row] = await rows(harness, Escalation)
        assert (row.level, row.user_id) == ("emergency", 1001)
        assert not harness.settings.outbox_path.exists()
