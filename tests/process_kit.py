"""The real process for end-to-end tests: `python -m bot` in a subprocess against the double.

`launch` (a fixture, in conftest.py) starts one, configured by environment variables only, as in
production; `reading` opens its database from the test process; `settled` waits until it has
handled every update sent so far. Nothing here sleeps: every wait is for something the double sees.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from bot.storage.store import Store
from telegram_double import TelegramDouble
from tests.conftest import STAFF_CHAT_ID, STAFF_ID

START_TIMEOUT = 30.0  # imports, migrations and post_init on a slow machine
REPLY_TIMEOUT = 10.0


# --- the process ---------------------------------------------------------------------------

class BotProcess:
    """`python -m bot` in a subprocess, configured by environment variables only."""

    def __init__(self, double: TelegramDouble, database_url: str, workdir: Path,
                 **env: str) -> None:
        self.double, self.workdir = double, workdir
        self.log_path = workdir / "bot.log"
        self.env = {
            "PATH": os.environ.get("PATH", ""), "HOME": str(workdir), "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "TELEGRAM_BOT_TOKEN": double.token, "TELEGRAM_API_BASE_URL": double.base_url,
            "DATABASE_URL": database_url,
            "STAFF_IDS": str(STAFF_ID), "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
            "APEX_PHONE": "+44 20 7946 0000", "APEX_EMAIL": "hello@apex.example",
            "APEX_BOOKING_URL": "https://apex.example/book", "EMERGENCY_NUMBER": "999",
            "CLINIC_LOCALE": "en-GB",
            "PRIVACY_POLICY_URL": "https://apex.example/privacy",
            "LOG_LEVEL": "INFO",
            # Simulated mothers answer as fast as the bot replies, faster than people read; the
            # crowd test, which answers at a person's pace, keeps the production guards on.
            "FLOOD_GUARD": "false", "DOUBLE_TAP_SECONDS": "0",
            **env,
        }
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self, *, wait: bool = True) -> None:
        """Start it and wait until it is polling for updates (unless `wait` is False: a standby
        does not poll)."""
        mark = len(self.double.calls)
        with self.log_path.open("a") as log:
            log.write(f"--- start {self.starts + 1}\n")
            log.flush()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=self.workdir, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log)
        self.starts += 1
        if not wait:
            return
        ready = asyncio.ensure_future(
            self.double.wait_for_call("getUpdates", timeout=START_TIMEOUT, since=mark))
        exited = asyncio.ensure_future(self.proc.wait())
        await asyncio.wait((ready, exited), return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            raise RuntimeError(f"the bot exited with {self.proc.returncode}:\n{self.log()}")
        exited.cancel()
        ready.result()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def kill(self) -> None:
        """kill -9: no shutdown, no flush."""
        self.proc.kill()
        await self.proc.wait()

    async def terminate(self, timeout: float = 5.0) -> tuple[int, float]:  # noqa: ASYNC109
        """SIGTERM; returns the exit code and how long the clean stop took."""
        began = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        return code, time.monotonic() - began

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    async def wait_for_log(self, text: str, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
        """Until its log says `text` (the log is a file: it is read again every 50 ms)."""
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline or not self.running:
                raise AssertionError(f"the log never said {text!r}:\n{self.log()[-3000:]}")
            await asyncio.sleep(0.05)


async def launcher(double: TelegramDouble, tmp_path: Path) -> AsyncIterator:
    """Yields `start(database_url=None, **env)`, which starts a bot process; every process
    started is killed afterwards and its log printed (pytest shows it when a test failed)."""
    double.register_chat(double.group(STAFF_CHAT_ID, "APEX staff"))
    started: list[BotProcess] = []

    async def start(database_url: str | None = None, *, wait: bool = True,
                    workdir: Path | None = None, **env: str) -> BotProcess:
        url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'apex.db'}"
        folder = workdir or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        process = BotProcess(double, url, folder, **env)
        started.append(process)
        await process.start(wait=wait)
        return process

    yield start
    for process in started:
        if process.running:
            process.proc.kill()
            await process.proc.wait()
        print(process.log()[-6000:])  # pytest shows it when the test failed


@asynccontextmanager
async def reading(process: BotProcess) -> AsyncIterator[Store]:
    """The bot's database, read from the test process."""
    store = Store.from_url(process.env["DATABASE_URL"])
    try:
        yield store
    finally:
        await store.close()


_probes = iter(range(-500001, -600000, -1))


async def settled(double: TelegramDouble) -> None:
    """Wait until the bot has finished with every update sent so far, whether or not it
    answered them. It handles each person's updates one at a time, in order, so its answer to
    a probe from her (a command in a group, which gets a pointer to a private chat) comes after
    all of hers; one probe for everyone who has written."""
    people = {update[kind]["from"]["id"]: update[kind]["from"]
              for update in double.updates for kind in update if kind != "update_id"}
    groups = []
    for person in people.values():
        groups.append(double.group(next(_probes), "Probe"))  # a new group each: no group limit
        double.send_group_text(double.user(person["id"], person["first_name"],
                                           person.get("username")), groups[-1],
                               "/probe")
    for group in groups:
        await double.wait_for_messages(group, 1, timeout=REPLY_TIMEOUT)


@contextmanager
def steady_monitor() -> Iterator[None]:
    """No garbage-collector pauses in this (the double's) process meanwhile. The limit monitor
    times each call as it arrives; late in a long pytest run the heap is large, and a full
    collection can stall the loop for a few hundred milliseconds, after which the calls that
    queued meanwhile are timed together and look like a burst the bot never sent."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
