"""Updates handled per second: the screening conversation against a bare echo bot.

Not a test. Both bots run in this process against the same loopback Bot API double; simulated
mothers answer as fast as the bot replies (each waits for the answer to her last update, so the
load is closed-loop, like real people, only quicker). Rows:

- echo: python-telegram-bot's bare echo bot (no rate limiter, no persistence, no database),
  the baseline a developer starts from;
- screening: `build_application` as production builds it (persistence, SQL store, and
  AIORateLimiter, which keeps to Telegram's ~30 calls a second; each answer costs an edit
  and a send, so this row is capped near 15 updates a second by design);
- screening, no limiter: the same application with the rate limiter taken out, which measures
  what the handlers and the database cost;
- screening, no limiter, 16 at once: and with PTB's concurrent update processing (a what-if:
  bot/app.py processes one update at a time).

    .venv/bin/python bench/screening_rate.py [--users 10] [--echo-rounds 20]
    scripts/with-postgres.sh .venv/bin/python bench/screening_rate.py   # adds PostgreSQL rows

PostgreSQL rows run when TEST_POSTGRES_URL is set (a server URL; a fresh database is made for
each run and dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from telegram import Update
from telegram.ext import (
    Application,
    ContextTypes,
    MessageHandler,
    SimpleUpdateProcessor,
    filters,
)

from bot.app import build_application
from bot.content import Content, load_content
from bot.local_chat import EXAMPLES
from bot.settings import NOT_SET, Settings
from bot.storage.migrate import upgrade
from bot.storage.store import Store
from bot.telegram_double import BotMessage, TelegramDouble, User

STAFF_CHAT_ID = -1001234
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

    @property
    def rate(self) -> float:
        return self.updates / self.seconds


# --- the two bots ----------------------------------------------------------------------------

@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def echo_bot(double: TelegramDouble) -> Application:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app = Application.builder().token(double.token).base_url(double.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


def bot_settings(double: TelegramDouble, database_url: str) -> Settings:
    update: dict[str, object] = {
        "telegram_bot_token": SecretStr(double.token),
        "telegram_api_base_url": double.base_url, "database_url": database_url,
        "staff_ids": frozenset({900}), "staff_chat_id": STAFF_CHAT_ID}
    base = Settings(_env_file=None)
    update |= {name: EXAMPLES.get(name, "example") for name, value in base if value == NOT_SET}
    return base.model_copy(update=update)


# --- the simulated users ---------------------------------------------------------------------

async def reply_to(double: TelegramDouble, user: User, inject: Callable[[], object]) -> BotMessage:
    count = len(double.messages(user, include_deleted=True))
    inject()
    await double.wait_for_messages(user, count + 1, timeout=TIMEOUT)
    return double.messages(user, include_deleted=True)[-1]


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
        if content.messages["consent_button"] in labels:
            label = content.messages["consent_button"]
        elif content.messages["signs_none"] in labels:
            label = content.messages["signs_none"]
        elif comfortable in labels:
            label = comfortable
        else:
            label = next(o.label for o in question.options if o.id == CHOICES[question.id])
        message = await reply_to(double, user,
                                 lambda m=message, t=label: double.press_button(user, m, t))


async def measure(double: TelegramDouble, users: list[User],
                  play: Callable[[User], Awaitable[None]]) -> tuple[int, float]:
    before = len(double.updates)
    began = time.perf_counter()
    await asyncio.gather(*(play(user) for user in users))
    return len(double.updates) - before, time.perf_counter() - began


# --- the runs --------------------------------------------------------------------------------

async def run_echo(database: str, users: int, rounds: int) -> Row:
    async with TelegramDouble() as double, polling(echo_bot(double)):
        people = [double.user(1000 + n, f"User{n}") for n in range(users)]
        updates, seconds = await measure(double, people,
                                         lambda u: echo_user(double, u, rounds))
    return Row(database, "echo (bare PTB)", users, updates, seconds)


async def run_screening(database: str, database_url: str, content: Content, users: int, *,
                        limiter: bool, concurrent: int = 1) -> Row:
    async with TelegramDouble() as double:
        double.register_chat(double.group(STAFF_CHAT_ID, "APEX staff"))
        store = Store.from_url(database_url)
        await upgrade(store.engine)
        app = build_application(bot_settings(double, database_url), content, store)
        if not limiter:
            app.bot._rate_limiter = None  # bench only: measure the handlers, not Telegram's cap
        if concurrent > 1:
            app._update_processor = SimpleUpdateProcessor(concurrent)  # bench only: what-if
        async with polling(app):
            people = [double.user(2000 + n, f"Mum{n}") for n in range(users)]
            updates, seconds = await measure(double, people,
                                             lambda u: screening_user(double, u, content))
        if app.post_shutdown:
            await app.post_shutdown(app)
    name = "screening" + ("" if limiter else ", no limiter") + (
        f", {concurrent} at once" if concurrent > 1 else "")
    return Row(database, name, users, updates, seconds)


@asynccontextmanager
async def databases(workdir: Path) -> AsyncIterator[list[tuple[str, Callable[[], Awaitable[str]]]]]:
    """("sqlite" | "postgres", make a fresh database URL) pairs; PostgreSQL if configured."""
    made: list[str] = []
    server = os.environ.get("TEST_POSTGRES_URL")
    admin = None
    counter = iter(range(1000))

    async def sqlite() -> str:
        return f"sqlite+aiosqlite:///{workdir / f'bench-{next(counter)}.db'}"

    async def postgres() -> str:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        await admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return make_url(server).set(database=name).render_as_string(hide_password=False)

    choices = [("sqlite", sqlite)]
    if server:
        dsn = make_url(server).set(drivername="postgresql")
        admin = await asyncpg.connect(dsn.render_as_string(hide_password=False))
        choices.append(("postgres", postgres))
    try:
        yield choices
    finally:
        if admin is not None:
            for name in made:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


async def main(users: int, rounds: int) -> None:
    content = load_content()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as workdir:
        async with databases(Path(workdir)) as choices:
            for database, fresh in choices:
                rows.append(await run_echo(database, users, rounds))
                for limiter, concurrent in ((True, 1), (False, 1), (False, 16)):
                    rows.append(await run_screening(database, await fresh(), content, users,
                                                    limiter=limiter, concurrent=concurrent))
                    print(f"  {database}: {rows[-1].bot}: {rows[-1].rate:.0f} updates/s",
                          file=sys.stderr)
    print(f"{'database':9} {'bot':35} {'users':>5} {'updates':>7} {'seconds':>7}"
          f" {'updates/s':>9} {'vs echo':>7}")
    for row in rows:
        echo = next(r for r in rows if r.database == row.database and r.bot.startswith("echo"))
        print(f"{row.database:9} {row.bot:35} {row.users:5d} {row.updates:7d}"
              f" {row.seconds:7.1f} {row.rate:9.0f} {row.rate / echo.rate:7.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10, help="simulated people at once")
    parser.add_argument("--echo-rounds", type=int, default=20,
                        help="messages each person sends the echo bot")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.users, arguments.echo_rounds))
