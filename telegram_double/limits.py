"""Telegram's rate limits, checked: :class:`LimitMonitor` counts the bot's sends (the methods
:func:`is_send` names) in sliding windows against about 30 a second overall, one a second per
private chat and 20 a minute per group, notes every send made while a 429's retry_after was still
running, and reports each as a :class:`Breach`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram_double.model import int_or_none

_SEND_EXTRA = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})


def is_send(method: str) -> bool:
    """Methods that put a new message into a chat: what Telegram's rate limits count."""
    name = method.lower()
    return (name.startswith("send") and name != "sendchataction") or name in _SEND_EXTRA


@dataclass(frozen=True)
class Breach:
    """One send over a limit (or made while a retry_after was still running)."""

    kind: str  # "overall" | "private" | "group" | "retry_after"
    at: float  # seconds since the monitor started
    count: int  # sends in the window that ends with this one
    limit: int
    chat_id: int | None = None
    method: str = ""

    def __str__(self) -> str:
        where = f" to chat {self.chat_id}" if self.chat_id is not None else ""
        if self.kind == "retry_after":
            return f"{self.at:8.2f}s {self.method}{where} before its retry_after was over"
        window = "minute" if self.kind == "group" else "second"
        return (f"{self.at:8.2f}s {self.kind}: {self.count} sends{where} in one {window}"
                f" (limit {self.limit})")


class LimitMonitor:
    """Counts the bot's sends against Telegram's limits, in sliding windows.

    A send is a breach when the sends in the window that ends with it (the second before, for
    the overall and private-chat limits; the minute before, for a group) number more than the
    limit plus ``tolerance`` (Telegram's limits are "about"; 10 % absorbs loopback jitter, and
    two sends to one private chat within a second are always a breach). A send made while a 429
    answer's retry_after is still running is a ``retry_after`` breach: to the refused chat at
    any time, to another chat (when the 429 was for every chat) once ``IN_FLIGHT`` has passed.
    Edits, answers to button presses and chat actions are not counted. ``per_second()`` gives
    the sends in each whole second, for a report.
    """

    IN_FLIGHT = 0.25  # seconds: sends to other chats already on their way when a 429 came

    def __init__(self, *, overall_per_second: int = 30, private_per_second: int = 1,
                 group_per_minute: int = 20, tolerance: float = 0.1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = {"overall": overall_per_second, "private": private_per_second,
                       "group": group_per_minute}
        self.tolerance, self._clock = tolerance, clock
        self.reset()

    def reset(self) -> None:
        """Forget every send and breach; time starts again at 0."""
        self.started = self._clock()
        self.sends: list[tuple[float, int | None, str]] = []  # (seconds, chat id, method)
        self.breaches: list[Breach] = []
        self._recent: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = {}
        # chat (None: every chat) -> (when a 429 said wait, until when, the chat it refused)
        self._holds: dict[int | None, tuple[float, float, int | None]] = {}

    def _over(self, kind: str, count: int) -> bool:
        limit = self.limits[kind]
        return count > max(limit * (1 + self.tolerance), limit)

    def record(self, method: str, chat_id: Any) -> None:
        """Note a call as it arrives; only sends count."""
        if not is_send(method):
            return
        now = self._clock() - self.started
        chat = int_or_none(chat_id)
        self.sends.append((now, chat, method))
        for scope in {None, chat}:
            said, until, refused = self._holds.get(scope, (0.0, 0.0, None))
            # Another chat's send that left the bot with the refused one is not a breach.
            if now < until and (chat == refused or now - said > self.IN_FLIGHT):
                self.breaches.append(Breach("retry_after", now, 1, 0, chat, method))
        self._recent.append(now)
        while self._recent[0] <= now - 1:
            self._recent.popleft()
        if self._over("overall", len(self._recent)):
            self.breaches.append(Breach("overall", now, len(self._recent),
                                        self.limits["overall"], method=method))
        if chat is None:
            return
        kind, window = ("private", 1.0) if chat > 0 else ("group", 60.0)
        recent = self._per_chat.setdefault(chat, deque())
        recent.append(now)
        while recent[0] <= now - window:
            recent.popleft()
        if self._over(kind, len(recent)):
            self.breaches.append(Breach(kind, now, len(recent), self.limits[kind], chat, method))

    def hold(self, scope: Any, seconds: float, refused: Any = None) -> None:
        """A 429 for a send to ``refused`` told the bot to wait ``seconds``, for the chat
        ``scope`` (``None``: for every chat)."""
        now = self._clock() - self.started
        self._holds[int_or_none(scope)] = (now, now + seconds, int_or_none(refused))

    def per_second(self) -> list[tuple[int, int, int]]:
        """``(second, sends in it, most sends to one chat in it)`` for every second with sends."""
        seconds: dict[int, list[int | None]] = {}
        for at, chat, _ in self.sends:
            seconds.setdefault(int(at), []).append(chat)
        return [(second, len(chats), max(chats.count(c) for c in set(chats)))
                for second, chats in sorted(seconds.items())]

    def report(self) -> str:
        """A few lines: sends, the busiest second, and every breach (the first 20)."""
        busiest = max(self.per_second(), key=lambda row: row[1], default=(0, 0, 0))
        lines = [f"{len(self.sends)} sends; busiest second: {busiest[1]} sends (second"
                 f" {busiest[0]}); {len(self.breaches)} breach(es)"]
        lines += [str(b) for b in self.breaches[:20]]
        return "\n".join(lines)
