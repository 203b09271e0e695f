"""python -m bot: check the settings and the content, upgrade the database, run the bot."""

from __future__ import annotations

import asyncio
import logging
import sys

from telegram import Update

from bot.app import build_application
from bot.content import ContentError, load_content
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from bot.storage.migrate import upgrade
from bot.storage.store import Store

SETUP_HELP = """\
No TELEGRAM_BOT_TOKEN is set, so the bot cannot talk to Telegram yet.

Checked offline: the settings, the programme content ({questions} questions, {signs} warning
signs, {tests} readiness tests, {phases} phases) and the database at {database} (schema up to date).

To run it for real:
  1. In Telegram, open @BotFather, send /newbot and follow the steps; it gives you a token.
  2. Copy .env.example to .env and set TELEGRAM_BOT_TOKEN, APEX_PHONE, APEX_EMAIL,
     APEX_BOOKING_URL and STAFF_IDS (your Telegram user ids).
  3. make run
"""


def main() -> int:
    try:
        settings = load_settings()
        content = load_content()
    except (SettingsError, ContentError) as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.token)
    store = Store.from_url(settings.database_url)
    asyncio.run(_migrate(store))

    if settings.token is None:
        print(SETUP_HELP.format(questions=len(content.questions), signs=len(content.signs),
                              tests=len(content.tests), phases=len(content.phases),
                              database=settings.database_url.split("///")[-1].split("@")[-1]))
        return 0
    logging.getLogger(__name__).info("starting; content version %s", content.version)
    application = build_application(settings, content, store)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


async def _migrate(store: Store) -> None:
    await upgrade(store.engine)
    # The pool's connections belong to this event loop; run_polling starts another.
    await store.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
