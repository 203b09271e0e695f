"""One sender for every call to Telegram: PTB's AIORateLimiter with the overall limit replaced by
a pacer that serves the most urgent waiting call first, plus retries of calls that certainly did
not arrive.

Priorities (lowest number first): replies to a mother and staff alerts; then coached-run cues and
daily nudges; then announcements. A call is a reply unless the code sending it says otherwise
(`sending_as`), so nothing a mother or the staff wait for can be slowed by forgetting to mark it.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from enum import IntEnum

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)


class Priority(IntEnum):
    REPLY = 0  # an answer to a mother, a staff alert: what someone is waiting for
    NUDGE = 1  # coached-run cues, daily nudges and check-ins: due at a time, not this instant
    ANNOUNCEMENT = 2  # staff announcements: the bulk that may wait behind everything else


# The pacer's share of Telegram's ceiling: calls leave evenly spaced but reach Telegram with a
# little jitter, and 31 calls in one second are a breach however they came to bunch.
HEADROOM = 0.97
# How much of a turn a late wake-up may be made up by: 30 turns still span over a second
# (30 x 0.98 / (30 x 0.97) s), and a busy loop's small delays do not cost the rate.
CATCH_UP = 0.02

_priority: ContextVar[Priority] = ContextVar("send_priority", default=Priority.REPLY)


@contextlib.contextmanager
def sending_as(priority: Priority) -> Iterator[None]:
    """Calls to Telegram made inside (in this task and the tasks it starts) wait as `priority`."""
    token = _priority.set(priority)
    try:
        yield
    finally:
        _priority.reset(token)


class PriorityPacer:
    """At most one call every 1/rate seconds, each nearly that long after the one before (no
    opening burst, no catching up after a pause: no second ever holds more than the rate),
    and when calls wait, the most urgent one goes next (first come, first served within a
    priority)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1 / rate
        self._next = 0.0  # loop time of the next free turn
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._dispatcher: asyncio.Task[None] | None = None

    async def acquire(self, priority: int = Priority.REPLY) -> None:
        loop = asyncio.get_running_loop()
        if not self._waiting and loop.time() >= self._next:
            self._next = loop.time() + self.interval
            return
        ticket: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), ticket))
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = loop.create_task(self._dispatch(), name="priority-pacer")
        await ticket  # a cancelled waiter is skipped by the dispatcher

    async def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            wait = self._next - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            while self._waiting:
                _, _, ticket = heapq.heappop(self._waiting)
                if not ticket.done():
                    ticket.set_result(None)
                    # A wake-up a little late is made up on the next turn, by at most CATCH_UP
                    # of a turn, so no two turns are ever closer than (1 - CATCH_UP) intervals.
                    now = loop.time()
                    late = min(max(now - self._next, 0.0), self.interval * CATCH_UP)
                    self._next = now + self.interval - late
                    break

    @property
    def waiting(self) -> dict[Priority, int]:
        """How many calls wait at each priority (for logs and benchmarks)."""
        counts = dict.fromkeys(Priority, 0)
        for priority, _, ticket in self._waiting:
            if not ticket.done():
                counts[Priority(priority)] += 1
        return counts


class _Slot:
    """`async with` it: a turn from the pacer, at the priority of the code sending. It first waits
    out a RetryAfter under way, so the calls held by it do not all leave at once when it ends."""

    def __init__(self, limiter: RetryingRateLimiter) -> None:
        self.limiter = limiter

    async def __aenter__(self) -> None:
        await self.limiter._retry_after_event.wait()
        await self.limiter.pacer.acquire(_priority.get())

    async def __aexit__(self, *exc: object) -> None:
        return None


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (its per-group limit, its handling of RetryAfter) with the overall limit
    paced by priority, plus up to three retries, 0.5, 1 and 2 s apart, of a call that failed
    with a 5xx or a broken connection. Not retried: a timeout (it may have arrived), Telegram's
    refusals, and getUpdates (the updater retries it). A connection lost after Telegram took the
    call can mean a duplicate; a message never sent is worse."""

    PAUSES = (0.5, 1.0, 2.0)

    def __init__(self, max_rate: float, *, group_max_rate: float, group_time_period: float,
                 max_retries: int) -> None:
        super().__init__(overall_max_rate=1, overall_time_period=1,
                         group_max_rate=group_max_rate, group_time_period=group_time_period,
                         max_retries=max_retries)
        self.pacer = PriorityPacer(max_rate * HEADROOM)
        # AIORateLimiter enters its overall limiter inside the group limiter, for every call to
        # a chat: the pacer takes that place.
        self._base_limiter = _Slot(self)  # type: ignore[assignment]

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for pause in (*self.PAUSES, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except BadRequest as exc:
                if endpoint == "answerCallbackQuery" and _too_late(exc):
                    # Telegram takes a press's answer for about 15 s only (a restart, a slow
                    # moment): the spinner stops by itself, and what she pressed for must still
                    # happen, so this is no failure of the handler that answered.
                    log.info("a button press was answered too late; carrying on")
                    return True
                raise
            except TimedOut:
                raise
            except NetworkError as exc:
                if pause is None or endpoint == "getUpdates":
                    raise
                log.warning("%s failed (%s); retrying in %s s", endpoint, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")


def _too_late(exc: BadRequest) -> bool:
    text = exc.message.lower()
    return "query is too old" in text or "query id is invalid" in text

