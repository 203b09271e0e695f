"""The ordered path's first step: which language this update is read and answered in.

Her choice (/language, kept in memory and, once she has consented, in her user row), else the
language her Telegram app is set to when the bot speaks it, else the clinic's. Staff always read
the clinic's language. Set once here for the whole update (`bot.platform.context.set_reader`),
so every reply is in her language without a handler having to remember it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from telegram import Update

from bot.platform.context import Context, set_reader
from bot.storage.store import DATABASE_FAILURES, within

log = logging.getLogger(__name__)

# A first update from her since the start waits this long at most for her stored language:
# the safety net's advice comes after this step and must not wait on the database.
LOOKUP_SECONDS = 0.5


def spoken(language_code: str | None, languages: Mapping[str, str]) -> str | None:
    """The bot's language for a Telegram language code ("es-MX" -> "es"), if it speaks it."""
    if not language_code:
        return None
    code = language_code.lower().replace("_", "-").split("-")[0]
    return code if code in languages else None


async def pick_language(update: object, context: Context) -> None:
    set_reader(None)
    person = update.effective_user if isinstance(update, Update) else None
    if person is None:
        return
    deps = context.deps
    if deps.settings.is_staff(person.id):
        return
    if person.id not in deps.languages:
        try:
            deps.languages[person.id] = await within(LOOKUP_SECONDS,
                                                     deps.store.language_of(person.id))
        except DATABASE_FAILURES as exc:
            log.warning("her language could not be read in time (%s)", type(exc).__name__)
    chosen = deps.languages.get(person.id)
    set_reader(chosen or spoken(person.language_code, deps.library.names))
