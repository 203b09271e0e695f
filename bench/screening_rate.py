"""Benchmark (not a test), issue 5: updates handled per second through the screening
conversation, against a bare python-telegram-bot echo bot, on the same loopback double.

Each bot runs in a process of its own, configured by its environment like production: the bot
is `python -m bot` (build_application, persistence, the SQL store, AIORateLimiter); the echo bot
is the few lines a developer starts from (no rate limiter, no persistence, no database). This
process runs the double and the simulated people, who answer as fast as the bot replies (each
waits for the answer to her last update, so the load is closed-loop, like people, only quicker).
Besides the rate, each row gives the bot process's CPU time per update (all its threads, read
from /proc), which is steadier than wall-clock time on a shared machine.

Rows, for each database (SQLite; PostgreSQL too when TEST_POSTGRES_URL is set):
- echo: the baseline;
- screening: `python -m bot` as in production, at Telegram's ~30 calls a second (a button
  answer costs one edit that counts against it, so this row cannot pass about 30 a second);
- screening, unthrottled: TELEGRAM_MAX_RATE=100000, which measures the handlers and the
  database rather than Telegram's ceiling.

    .venv/bin/python bench/screening_rate.py [--users 10] [--echo-rounds 50] [--repeat 1]
    scripts/with-postgres.sh .venv/bin/python bench/screening_rate.py   # adds PostgreSQL rows
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from benchkit import available_databases, database

from bot.platform.content import Content, load_content
from telegram_double import BotMessage, TelegramDouble, User

STAFF_ID, STAFF_CHAT_ID = 900, -1001234
CHOICES = {"delivery": "vaginal", "tear": "no", "scar": "healed", "check": "cleared",
           "feeding": "no", "sleep": "ok", "mood": "good"}
TIMEOUT = 600.0


@dataclass
class Row:
    database: str
    bot: str
    users: int
    updates: int
    seconds: float
    calls: int  # Bot API calls the bot made for them (getUpdates aside)
    cpu: float  # the bot process's CPU seconds meanwhile

    @property
    def rate(self) -> float:
        return self.updates / self.seconds


# --- the bots, each in its own process -------------------------------------------------------

def serve_echo() -> None:
    """The echo bot (run by this file with --serve-echo, in a child process)."""
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app = (Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
           .base_url(os.environ["TELEGRAM_API_BASE_URL"]).build())
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.run_polling()


@asynccontextmanager
async def bot_process(double: TelegramDouble, command: list[str], env: dict[str, str],
                      workdir: Path) -> AsyncIterator[int]:
    mark = len(double.calls)
    with (workdir / "bot.log").open("a") as log:
        proc = await asyncio.create_subprocess_exec(
            *command, cwd=workdir, stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(workdir), "LANG": "C.UTF-8",
                 "TELEGRAM_BOT_TOKEN": double.token, "TELEGRAM_API_BASE_URL": double.base_url,
                 "LOG_LEVEL": "WARNING", **env})
    try:
        await double.wait_for_call("getUpdates", timeout=60, since=mark)
        yield proc.pid
    finally:
        proc.terminate()
        await proc.wait()


def bot_env(database_url: str, rate: float) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "TELEGRAM_MAX_RATE": str(rate),
            # These people answer faster than one message a second, and than anyone reads.
            "FLOOD_GUARD": "false", "DOUBLE_TAP_SECONDS": "0",
            "STAFF_IDS": str(STAFF_ID), "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
            "APEX_PHONE": "+44 20 7946 0000", "APEX_EMAIL": "hello@apex.example",
            "APEX_BOOKING_URL": "https://apex.example/book",
            "PRIVACY_POLICY_URL": "https://apex.example/privacy"}


# --- the simulated people --------------------------------------------------------------------

async def reply_to(double: TelegramDouble, user: User, inject: Callable[[], object],
                   changes: int = 1) -> BotMessage:
    """Do something, and wait for the bot's answer: `changes` messages sent or edited."""
    count = len(double.shown(user))
    inject()
    return await double.wait_for_shown(user, count + changes, timeout=TIMEOUT)


async def echo_user(double: TelegramDouble, user: User, rounds: int) -> None:
    for n in range(rounds):
        await reply_to(double, user, lambda n=n: double.send_text(user, f"hello {n}"))


async def screening_user(double: TelegramDouble, user: User, content: Content) -> None:
    """/start, consent, then every question to the result (14 weeks: every test is asked)."""
    prompts = {html.unescape(q.prompt): q for q in content.questions}
    comfortable = next(o.label for o in content.test_answers if o.id == "comfortable")
    message = await reply_to(double, user, lambda: double.send_text(user, "/start"))
    while True:
        labels = [text for text, _ in message.buttons]
        question = next((q for p, q in prompts.items() if p in (message.text or "")), None)
        if question is not None and question.id == "birth_date":
            message = await reply_to(double, user, lambda: double.send_text(user, "14 weeks"))
            continue
        if not labels:
            return  # her result
        if content.messages["consent_button"] in labels:  # its button goes, a question comes
            message = await reply_to(double, user, lambda m=message: double.press_button(
                user, m, content.messages["consent_button"]), changes=2)
            continue
        elif content.messages["signs_none"] in labels:
            label = content.messages["signs_none"]
        elif comfortable in labels:
            label = comfortable
        else:
            label = next(o.label for o in question.options if o.id == CHOICES[question.id])
        message = await reply_to(double, user,
                                 lambda m=message, t=label: double.press_button(user, m, t))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, all threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(double: TelegramDouble, pid: int, count: int, first_id: int,
                  play: Callable[[User], Awaitable[None]]) -> tuple[int, float, int, float]:
    people = [double.user(first_id + n, f"Person{n}") for n in range(count)]
    updates, calls = len(double.updates), len(double.calls)
    began, cpu = time.perf_counter(), cpu_seconds(pid)
    await asyncio.gather(*(play(person) for person in people))
    seconds, cpu = time.perf_counter() - began, cpu_seconds(pid) - cpu
    made = sum(name != "getUpdates" for name, _ in double.calls[calls:])
    return len(double.updates) - updates, seconds, made, cpu


# --- the runs --------------------------------------------------------------------------------

async def run_echo(kind: str, users: int, rounds: int, workdir: Path) -> Row:
    async with TelegramDouble() as double, bot_process(
            double, [sys.executable, __file__, "--serve-echo"], {}, workdir) as pid:
        measured = await measure(double, pid, users, 1000,
                                 lambda u: echo_user(double, u, rounds))
    return Row(kind, "echo (bare PTB)", users, *measured)


async def run_screening(kind: str, content: Content, users: int, rate: float,
                        workdir: Path) -> Row:
    async with database(kind) as url, TelegramDouble() as double:
        double.register_chat(double.group(STAFF_CHAT_ID, "APEX staff"))
        async with bot_process(double, [sys.executable, "-m", "bot"], bot_env(url, rate),
                               workdir) as pid:
            measured = await measure(double, pid, users, 2000,
                                     lambda u: screening_user(double, u, content))
    name = "screening" + (", unthrottled" if rate > 30 else f" (limit {rate:g} calls/s)")
    return Row(kind, name, users, *measured)


async def main(users: int, rounds: int, repeat: int) -> None:
    content = load_content()
    rows: list[Row] = []

    async def best(run: Callable[[], Awaitable[Row]]) -> None:
        tries = [await run() for _ in range(repeat)]
        rows.append(max(tries, key=lambda row: row.rate))
        print(f"  {rows[-1].database}: {rows[-1].bot}: {rows[-1].rate:.0f} updates/s",
              file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="apex-bench-") as folder:
        workdir = Path(folder)
        for kind in available_databases():
            await best(lambda kind=kind: run_echo(kind, users, rounds, workdir))
            for rate in (30, 100_000):
                await best(lambda kind=kind, rate=rate: run_screening(kind, content, users,
                                                                      rate, workdir))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs;"
          f" best of {repeat}; {users} people at once")
    print(f"{'database':9} {'bot':33} {'updates':>7} {'calls/update':>12} {'seconds':>7}"
          f" {'updates/s':>9} {'vs echo':>7} {'CPU ms/update':>13}")
    for row in rows:
        echo = next(r for r in rows if r.database == row.database and r.bot.startswith("echo"))
        print(f"{row.database:9} {row.bot:33} {row.updates:7d} {row.calls / row.updates:12.1f}"
              f" {row.seconds:7.1f} {row.rate:9.0f} {row.rate / echo.rate:7.2f}"
              f" {1000 * row.cpu / row.updates:13.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10, help="simulated people at once")
    parser.add_argument("--echo-rounds", type=int, default=50,
                        help="messages each person sends the echo bot")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each row; the best counts")
    parser.add_argument("--serve-echo", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve_echo:
        serve_echo()
    else:
        asyncio.run(main(arguments.users, arguments.echo_rounds, arguments.repeat))
