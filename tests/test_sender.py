"""The one sender (bot.platform.rate_limit): every call to a chat waits for a turn, evenly spaced,
and the most urgent waiting call goes next: replies and alerts, then nudges, then announcements.

Order is asserted, never speed: the pacer's turns are counted, not timed, except that no two turns
are ever closer than (nearly) the interval: a floor a slow machine cannot break."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram.ext import ExtBot

from bot.platform.rate_limit import (
    CATCH_UP,
    HEADROOM,
    Priority,
    PriorityPacer,
    RetryingRateLimiter,
    sending_as,
)
from telegram_double import TelegramDouble

FAST = 500.0  # turns a second: 2 ms apart, so the tests are quick and the order still queues


async def _queue(pacer: PriorityPacer, plan: list[tuple[str, Priority]]) -> list[str]:
    """Take one turn first (so everything after waits), then queue `plan` in its order; the
    names in the order they got their turns."""
    granted: list[str] = []
    await pacer.acquire()

    async def wait(name: str, priority: Priority) -> None:
        await pacer.acquire(priority)
        granted.append(name)

    tasks = []
    for name, priority in plan:
        tasks.append(asyncio.create_task(wait(name, priority)))
        await asyncio.sleep(0)  # each is queued before the next: the order of arrival is known
    await asyncio.gather(*tasks)
    return granted


async def test_the_most_urgent_waiting_call_goes_next_and_each_priority_in_its_order() -> None:
    plan = [("a1", Priority.ANNOUNCEMENT), ("a2", Priority.ANNOUNCEMENT), ("n1", Priority.NUDGE),
            ("r1", Priority.REPLY), ("a3", Priority.ANNOUNCEMENT), ("r2", Priority.REPLY),
            ("n2", Priority.NUDGE)]
    assert await _queue(PriorityPacer(FAST), plan) == ["r1", "r2", "n1", "n2", "a1", "a2", "a3"]


async def test_turns_are_never_closer_than_nearly_the_interval() -> None:
    pacer, loop = PriorityPacer(FAST), asyncio.get_running_loop()
    times: list[float] = []

    async def one(priority: Priority) -> None:
        await pacer.acquire(priority)
        times.append(loop.time())

    await asyncio.gather(*(one(Priority(i % 3)) for i in range(40)))
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= pacer.interval * (1 - CATCH_UP) * 0.999  # float rounding only


async def test_a_cancelled_waiter_gives_up_its_place_without_holding_the_others() -> None:
    pacer = PriorityPacer(FAST)
    await pacer.acquire()
    gone = asyncio.create_task(pacer.acquire(Priority.REPLY))
    await asyncio.sleep(0)
    later = asyncio.create_task(pacer.acquire(Priority.ANNOUNCEMENT))
    await asyncio.sleep(0)
    gone.cancel()
    await asyncio.wait_for(later, 5)  # a safety bound, not a timing: it is served at once
    assert pacer.waiting == dict.fromkeys(Priority, 0)


async def test_an_idle_pacer_answers_at_once_and_does_not_bank_turns_for_a_burst() -> None:
    pacer, loop = PriorityPacer(FAST), asyncio.get_running_loop()
    await pacer.acquire()
    await asyncio.sleep(pacer.interval * 20)  # idle for 20 turns
    start = loop.time()
    for _ in range(3):
        await pacer.acquire()
    assert loop.time() - start >= pacer.interval * 2 * 0.999, "no saved-up burst after a pause"


async def test_the_priority_is_the_code_s_own_and_defaults_to_a_reply() -> None:
    seen: list[Priority] = []
    pacer = PriorityPacer(FAST)
    original = pacer.acquire

    async def spy(priority: int = Priority.REPLY) -> None:
        seen.append(Priority(priority))
        await original(priority)

    pacer.acquire = spy  # type: ignore[method-assign]
    limiter = RetryingRateLimiter(FAST, group_max_rate=0, group_time_period=0, max_retries=0)
    limiter.pacer = pacer

    async def call() -> bool:
        return True

    async def through() -> None:
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 7}, None)

    await through()
    with sending_as(Priority.ANNOUNCEMENT):
        await asyncio.create_task(through())  # a task started inside keeps it
    with sending_as(Priority.NUDGE):
        await through()
    await through()
    await limiter.process_request(call, (), {}, "getMe", {}, None)  # no chat: no turn needed
    assert seen == [Priority.REPLY, Priority.ANNOUNCEMENT, Priority.NUDGE, Priority.REPLY]


# --- through the real client and the Bot API double --------------------------------------------

@pytest_asyncio.fixture
async def bot() -> AsyncIterator[tuple[ExtBot, TelegramDouble]]:
    async with TelegramDouble() as double:
        limiter = RetryingRateLimiter(30, group_max_rate=1, group_time_period=3, max_retries=3)
        async with ExtBot(double.token, base_url=double.base_url, rate_limiter=limiter) as client:
            yield client, double


async def test_a_reply_made_during_an_announcement_overtakes_the_copies_waiting(
        bot: tuple[ExtBot, TelegramDouble]) -> None:
    client, double = bot
    mothers = [double.user(5000 + i, started=True) for i in range(40)]
    staff_chat = double.user(9, started=True)
    note = await client.send_message(staff_chat.id, "Run club on Saturday")

    async def announce(chat_id: int) -> None:
        with sending_as(Priority.ANNOUNCEMENT):
            await client.copy_message(chat_id, staff_chat.id, note.message_id)

    copies = [asyncio.create_task(announce(m.id)) for m in mothers]
    await double.wait_for(lambda: len(double.calls_to("copyMessage")) >= 5)
    before = len(double.calls_to("copyMessage"))
    await client.send_message(mothers[-1].id, "Here is your plan")  # a reply: no marking needed
    after = len(double.calls_to("copyMessage"))
    await asyncio.gather(*copies)
    assert after - before <= 2, "at most the copies already on their way went before it"
    assert len(double.calls_to("copyMessage")) == 40
    assert double.monitor.breaches == []


def test_the_pacer_keeps_below_telegram_s_ceiling() -> None:
    limiter = RetryingRateLimiter(30, group_max_rate=1, group_time_period=3, max_retries=0)
    assert limiter.pacer.interval == pytest.approx(1 / (30 * HEADROOM))
    assert 0.93 < HEADROOM < 1
    assert 30 * limiter.pacer.interval * (1 - CATCH_UP) > 1, "31 turns always span over a second"
