"""python -m bot: check the settings and the content, upgrade the database, run the bot.

With TELEGRAM_BOT_TOKEN it talks to Telegram (bot/platform/runner.py: long polling, or a webhook when
WEBHOOK_URL is set). Without one (or with `python -m bot local`) it runs the local chat: the
real bot on a loopback Bot API double, talked to from the terminal (bot/platform/local_chat.py).
`python -m bot local --keep` carries on with the previous local chat's database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot.platform import runner
from bot.platform.app import build_application
from bot.platform.content import ContentError, load_content
from bot.platform.leader import leadership
from bot.platform.logs import configure_logging
from bot.platform.settings import SettingsError, load_settings
from bot.storage.migrate import upgrade
from bot.storage.store import Store

USAGE = "usage: python -m bot [local [--keep]]"
CHECKED = ("Checked offline: settings, content ({questions} questions, {signs} warning signs,"
           " {tests} tests, {phases} phases), database {database} (schema up to date).")
LOCAL_BANNER = """\
{why}: a local chat with the real bot on a stand-in for Telegram (README: "Try it offline").
A number presses a button; /as staff|user, /clock +1d|07:30, /quit. Log: {log}
The chat keeps its own database ({chat_db}), new each run unless --keep: DATABASE_URL is not touched."""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["local"], ["local", "--keep"]):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
        content = load_content(clinic_locale=settings.clinic_locale)
    except (SettingsError, ContentError) as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 2

    if settings.token is None or args:
        from bot.platform.local_chat import run_local_chat

        data = Path("data")
        data.mkdir(exist_ok=True)
        log = data / "local-chat.log"
        with log.open("a", encoding="utf-8") as stream:
            configure_logging(settings.log_level, settings.token, stream)
            store = Store.from_url(settings.database_url, settings.database_timeout_seconds)
            asyncio.run(_migrate(store))
            print(CHECKED.format(questions=len(content.questions), signs=len(content.signs),
                                 tests=len(content.tests), phases=len(content.phases),
                                 database=settings.database_url.split("///")[-1].split("@")[-1]))
            why = "Local mode" if args else "No TELEGRAM_BOT_TOKEN"
            print(LOCAL_BANNER.format(why=why, log=log, chat_db=data / "local-chat.db"), flush=True)
            return run_local_chat(settings, content, keep="--keep" in args, data_dir=data)

    configure_logging(settings.log_level, settings.token)
    # One process polls, ticks and sends; another waits here as a standby (bot/platform/leader.py).
    with leadership(settings.database_url, on_lost=_stop_self):
        store = Store.from_url(settings.database_url, settings.database_timeout_seconds)
        asyncio.run(_migrate(store))
        logging.getLogger(__name__).info("starting; content version %s", content.version)
        application = build_application(settings, content, store)
        runner.run(application, settings)  # long polling; a webhook when WEBHOOK_URL is set
    return 0


def _stop_self() -> None:
    """Another process leads now: stop as SIGTERM would, cleanly."""
    os.kill(os.getpid(), signal.SIGTERM)


async def _migrate(store: Store) -> None:
    await upgrade(store.engine)
    # The pool's connections belong to this event loop; run_polling starts another.
    await store.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
