"""Her thread's messages in the staff chat, once she has deleted her data or her thread has been
quiet for RETENTION_MONTHS: each is edited to "(deleted)" (her photo or voice note itself is
deleted). /delete anonymises and marks them (bot/journey/privacy.py ANONYMISED); the daily
retention job retries whatever could not be edited then."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.platform.context import Deps, deps_of
from bot.storage.models import saved_id
from bot.storage.threads_store import ThreadStore

log = logging.getLogger(__name__)

REDACTION_TASK = "redact-thread-copies"


async def forget_threads(application: Application, user_id: int) -> None:
    """She deleted her data: every staff copy naming her (the erasure has anonymised them and
    marked them to be redacted) is edited to "(deleted)", in the background (she is answered
    at once). Called by /delete after the erasure."""
    deps = deps_of(application)
    await ThreadStore(deps.store).mark_for_redaction(user_id)  # any the erasure did not reach
    if await ThreadStore(deps.store).to_redact(limit=1):
        application.create_task(_redact(application), name=REDACTION_TASK)


async def _redact(application: Application) -> None:
    try:
        edited = await redact_copies(application.bot, deps_of(application),
                                     keep_going=lambda: application.running)
    except Exception as exc:  # noqa: BLE001  (the erasure is done; nothing here reaches her)
        log.error("editing her thread's staff messages failed: %s", type(exc).__name__)
        return
    log.info("erasure: %d thread messages in the staff chat edited", edited)


async def redact_copies(bot: Bot, deps: Deps, *, keep_going: Callable[[], bool] = lambda: True
                        ) -> int:
    """Edit every staff copy marked for redaction to "(deleted)" (her photo or voice note
    itself is deleted). One that cannot be edited (gone, not editable) is given up; one that
    failed otherwise stays marked, for the next try. Returns how many were edited."""
    threads, edited = ThreadStore(deps.store), 0
    deleted = deps.staff_texts.msg("staff-line-deleted")
    done: list[int] = []
    for copy in await threads.to_redact():
        if not keep_going():
            break
        try:
            if copy.kind == "media":
                await bot.delete_message(copy.chat_id, copy.message_id)
            else:
                await bot.edit_message_text(deleted, chat_id=copy.chat_id,
                                            message_id=copy.message_id, reply_markup=None)
            edited += 1
        except (BadRequest, Forbidden) as exc:
            log.info("a thread message in the staff chat was not edited: %s", type(exc).__name__)
        except TelegramError as exc:
            log.warning("a thread message in the staff chat could not be edited now: %s",
                        type(exc).__name__)
            continue
        done.append(saved_id(copy))
    await threads.redacted(done)
    return edited
