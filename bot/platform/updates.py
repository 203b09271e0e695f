"""Updates from different people are handled at the same time; one person's, one at a time.

PTB handles updates one after another by default, so one slow call (a 5 s timeout, a retry after
a 502, a 429 for her chat) holds up everybody. Handling them all at once would break her
conversation, whose next step depends on the last: ConversationHandler needs her updates in order.
This processor does both: concurrency across people, order within each person.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64
MAX_WAITING_UPDATES = 10_000  # PTB's own bound: updates fetched and not yet handled


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """Asyncio locks, one per person with updates in flight (FIFO, so her updates keep
    Telegram's order), removed when her last update is done. An update takes her lock before
    one of the `max_concurrent_updates` slots, so one person's queue (a flood, a chat stuck on
    retries) waits without holding slots that everyone else needs."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        # PTB takes its semaphore before do_process_update; that one only bounds the backlog.
        super().__init__(MAX_WAITING_UPDATES)
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._in_flight: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._in_flight[key] = self._in_flight.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._in_flight[key] -= 1
            if not self._in_flight[key]:
                del self._in_flight[key], self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _person(update: object) -> int | None:
    """Whose update it is: the sender, else the chat (a channel post has no sender)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
