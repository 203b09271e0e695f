"""Logging that never carries the bot token or what a mother typed or was told.

python-telegram-bot logs whole updates and API parameters at DEBUG, and at CRITICAL the data it
could not parse ("Received data was ..."; rare: an update it cannot read); httpx logs request URLs
(which contain the token) at INFO. All of it passes through `SafeLogs` before anything is written.
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TextIO

_FORMATTER = logging.Formatter()
LIBRARIES = ("telegram", "aiosqlite", "sqlalchemy", "asyncpg", "httpx", "httpcore", "apscheduler",
             "alembic")


class SafeLogs(logging.Filter):
    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(LIBRARIES) and record.levelno <= logging.DEBUG and record.args:
            # "Processing update %s", "Calling Bot API endpoint `%s` with parameters `%s`",
            # aiosqlite's statements with their values...: keep the sentence, drop the values,
            # which hold messages and answers.
            record.msg, record.args = str(record.msg).replace("%s", "…").replace("%r", "…"), None
        if record.name.split(".")[0] == "telegram" and record.levelno >= logging.CRITICAL:
            # PTB logs at CRITICAL only what it could not process: "Received data was %r" with
            # the update (her message), "...for update %s". Keep the sentence, drop the values,
            # and keep the error's type and where it happened, not its text, which can quote it.
            record.msg, record.args = str(record.msg).replace("%s", "…").replace("%r", "…"), None
            if record.exc_info and record.exc_info[0] is not None:
                kind, _, trace = record.exc_info
                record.exc_text = ("Traceback (most recent call last):\n"
                                   + "".join(traceback.format_tb(trace))
                                   + f"{kind.__qualname__}: (its text is not logged)")
            record.exc_info = None
        if not self.secret:
            return True
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "<token>"), None
        if record.exc_info:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, "<token>")
        return True


def configure_logging(level: str, token: str | None, stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SafeLogs(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
