"""A per-user flood guard, so the bot's replies to one person stay within Telegram's limit for a chat.

Each user has a small token bucket: BURST updates at once, refilling RATE a second. The first
update over the limit is answered once, kindly; the rest are ignored (a button press still gets
its spinner stopped) until the bucket has refilled, which takes BURST / RATE seconds of calm.

`flood_guard` is the second step of the ordered path (bot/platform/app.py): right after the
safety net, so a warning sign never reaches it, and before every other step::

    application.add_handler(TypeHandler(Update, flood.flood_guard), group=FLOOD_GUARD)

Group chats count towards her bucket too, but the warning is only ever sent in private. Only
user ids and a few numbers are kept, in memory, and forgotten after BURST / RATE idle seconds.

`FloodGuard` is the pure part: no Telegram, a clock only when `allow` is not told the time.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.platform.context import system_clock

log = logging.getLogger(__name__)

BURST = 5  # updates she may send at once
RATE = 1.0  # updates a second, refilled
MAX_USERS = 10_000  # buckets kept at most; the least recently seen go first
# The catalogue's `flood_warning` is what she reads; this is for an application without the
# bot's dependencies (the benchmarks' bare bots).
WARNING = "You're sending messages faster than I can read them; give me a few seconds."
MESSAGE_KEY = "flood_warning"
GUARD_KEY = "flood_guard"  # where an Application keeps its guard, in bot_data

Verdict = Literal["ok", "warn", "drop"]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    seen: float  # when it was last refilled
    muted: bool = False  # warned, and ignoring her until the bucket is full again


class FloodGuard:
    """Token buckets per user id. Memory is bounded: a user idle long enough for her bucket to
    be full again is forgotten (a fresh bucket is the same), and at most `max_users` are kept."""

    def __init__(self, rate: float = RATE, burst: int = BURST,
                 clock: Callable[[], float] = time.monotonic, *, max_users: int = MAX_USERS) -> None:
        if rate <= 0 or burst < 1 or max_users < 1:
            raise ValueError("rate must be positive, burst and max_users at least 1")
        self.rate, self.burst, self.clock, self.max_users = rate, burst, clock, max_users
        self.idle = burst / rate  # seconds after which a bucket is full again
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()  # least recently seen first

    def __len__(self) -> int:
        return len(self._buckets)

    def allow(self, user_id: int, now: float | None = None) -> Verdict:
        """"ok" to handle the update; "warn" for the first one over the limit; "drop" for the
        rest, until she has been calm for long enough to refill her bucket."""
        now = self.clock() if now is None else now
        bucket = self._buckets.pop(user_id, None)
        if bucket is None:
            bucket = _Bucket(float(self.burst), now)
        else:
            # A clock set back refills nothing (rather than taking tokens away) and counts on from there.
            bucket.tokens = min(float(self.burst),
                                bucket.tokens + max(0.0, now - bucket.seen) * self.rate)
            bucket.seen = now
        self._buckets[user_id] = bucket  # now the most recently seen
        self._forget(now)
        if bucket.muted:
            if bucket.tokens < self.burst:
                return "drop"
            bucket.muted = False
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "ok"
        bucket.muted = True
        return "warn"

    def _forget(self, now: float) -> None:
        buckets = self._buckets
        while len(buckets) > self.max_users:
            buckets.popitem(last=False)
        # Oldest first, so stop at the first one still refilling. Hers, just seen, always stays.
        while buckets and now - next(iter(buckets.values())).seen >= self.idle:
            buckets.popitem(last=False)


def guard_of(application: Any) -> FloodGuard:
    """The Application's guard, made on first use. Its clock is the bot's test clock when one was
    given (so tests move time instead of sleeping), else time.monotonic."""
    guard = application.bot_data.get(GUARD_KEY)
    if guard is None:
        deps = application.bot_data.get("deps")
        clock = time.monotonic if deps is None or deps.clock is system_clock else _seconds(deps.clock)
        guard = application.bot_data[GUARD_KEY] = FloodGuard(clock=clock)
    return guard


def _seconds(clock: Callable[[], Any]) -> Callable[[], float]:
    return lambda: clock().timestamp()


async def flood_guard(update: object, context: Any) -> None:
    """Before every other group: let the update through, or answer once and stop it."""
    if not isinstance(update, Update) or update.effective_user is None:
        return  # channel posts and the like: nobody to slow down
    verdict = guard_of(context.application).allow(update.effective_user.id)
    if verdict == "ok":
        return
    chat = update.effective_chat
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()  # stop the spinner, say nothing
        if verdict == "warn" and chat is not None and chat.type == ChatType.PRIVATE:
            await context.bot.send_message(chat.id, _warning(context))
    except TelegramError as exc:
        log.warning("the flood warning was not delivered: %s", type(exc).__name__)
    raise ApplicationHandlerStop


def _warning(context: Any) -> str:
    deps = context.bot_data.get("deps")
    if deps is not None:
        return deps.texts.msg(MESSAGE_KEY)
    return WARNING
