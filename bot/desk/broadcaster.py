"""The one throttled sender for announcements.

Recipients are fixed when staff press Send (broadcast_recipient, unique per mother). Each is
marked "sending" before its copy goes out and its outcome after, so a restart resumes with the
rest and nobody gets it twice. Copies go out as announcements through the one sender
(bot.platform.rate_limit): they take every free turn of Telegram's rate, and a reply to a mother,
a staff alert or a nudge waiting for a turn goes first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot.platform.context import Deps
from bot.platform.rate_limit import Priority, sending_as
from bot.storage.models import Broadcast, saved_id
from bot.storage.staff_store import StaffStore

log = logging.getLogger(__name__)

ROUND = 50  # copies between checks for Stop and progress edits
WORKERS = 5  # sends under way at once: enough for Telegram's latency, and all a crash can cut
PROGRESS_EVERY = 5.0  # seconds between edits of the staff member's progress message


async def run_broadcast(bot: Bot, deps: Deps, broadcast_id: int,
                        running: Callable[[], bool] = lambda: True) -> None:
    """Send it to everyone left. `running` turns False when the bot is stopping (SIGTERM): the
    copies under way finish, nothing new starts, and the broadcast stays "sending", so the next
    start carries on where this one stopped."""
    desk = StaffStore(deps.store)
    row = await desk.broadcast(broadcast_id)
    if row is None:
        return
    started, last_edit = time.monotonic(), 0.0
    status = "done"
    while True:
        current = await desk.broadcast(broadcast_id)
        if current is None or current.status == "stopping":
            status = "cancelled"
            break
        if not running():
            log.info("broadcast %s pauses for the stop; the next start carries on", broadcast_id)
            return
        sent = await asyncio.gather(*(_worker(bot, desk, row, ROUND // WORKERS, running)
                                      for _ in range(WORKERS)))
        if not running():
            continue  # back to the check above
        if not any(sent):
            break
        if time.monotonic() - last_edit >= PROGRESS_EVERY:
            last_edit = time.monotonic()
            await _progress(bot, deps, broadcast_id)
    await desk.finish_broadcast(broadcast_id, status)
    await _report(bot, deps, broadcast_id, time.monotonic() - started, status == "cancelled")


async def _worker(bot: Bot, desk: StaffStore, row: Broadcast, count: int,
                  running: Callable[[], bool]) -> int:
    """Send up to `count` copies, one recipient at a time. Returns how many it sent."""
    broadcast_id = saved_id(row)
    for done in range(count):
        if not running():
            return done
        user_id = await desk.claim_recipient(broadcast_id)
        if user_id is None:
            return done
        with sending_as(Priority.ANNOUNCEMENT):
            outcome, error = await _copy(bot, user_id, row.from_chat_id, row.message_id)
        await desk.record_recipient(broadcast_id, user_id, outcome, error)
    return count


async def _copy(bot: Bot, user_id: int, from_chat: int, message_id: int) -> tuple[str, str | None]:
    try:
        await bot.copy_message(user_id, from_chat, message_id)
    except Forbidden:
        return "blocked", None
    except RetryAfter:
        return "failed", "rate limited"  # AIORateLimiter already waited and retried
    except TimedOut:
        return "interrupted", "timed out"  # it may have arrived: "unsure", never re-sent
    except BadRequest as exc:
        return "failed", str(exc.message)[:64]
    except TelegramError as exc:
        return "failed", type(exc).__name__
    return "sent", None


async def _progress(bot: Bot, deps: Deps, broadcast_id: int) -> None:
    desk = StaffStore(deps.store)
    row, counts = await desk.broadcast(broadcast_id), await desk.counts(broadcast_id)
    if row is None:  # never: broadcasts are kept (run_broadcast stops on one that is gone)
        return
    text = deps.staff_texts.staff("broadcast_progress", id=broadcast_id, done=counts.done, total=counts.total)
    try:
        if row.progress_message_id:
            await bot.edit_message_text(text, row.progress_chat_id, row.progress_message_id)
        else:
            sent = await bot.send_message(row.progress_chat_id or row.created_by, text)
            await desk.set_progress_message(broadcast_id, sent.chat_id, sent.message_id)
    except TelegramError as exc:
        log.info("broadcast progress not shown: %s", type(exc).__name__)


async def _report(bot: Bot, deps: Deps, broadcast_id: int, seconds: float, cancelled: bool) -> None:
    desk = StaffStore(deps.store)
    row, counts = await desk.broadcast(broadcast_id), await desk.counts(broadcast_id)
    if row is None:  # never: broadcasts are kept, and nobody is left to tell
        log.warning("broadcast %s is gone: no report", broadcast_id)
        return
    text = deps.staff_texts.staff(
        "broadcast_report", id=broadcast_id, seconds=round(seconds, 1), sent=counts.sent,
        blocked=counts.blocked, failed=counts.failed, unsure=counts.unsure,
        cancelled=deps.staff_texts.staff("broadcast_stopped") if cancelled else "")
    try:
        await bot.send_message(row.progress_chat_id or row.created_by, text)
    except TelegramError as exc:
        log.warning("broadcast report not delivered: %s", type(exc).__name__)
