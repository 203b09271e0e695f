"""Fault injection: the :class:`FaultsMixin` half of :class:`TelegramDouble` that makes chosen
calls (per method or ``"*"``, optionally per chat, for a number of calls or of seconds) fail with
an error (``fail``, ``flood``), wait (``delay``), or lose their connection before or after they
took effect (``drop``, ``outage``); each injection is a :class:`_Fault`, taken in the order
injected by the server as calls arrive.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from telegram_double.model import BLOCKED, CHAT_NOT_FOUND, ApiError


@dataclass
class _Fault:
    """One injected fault: what it matches, how long it lasts and what it does."""

    method: str  # lower-case method name, or "*" for every method
    chat_id: int | None
    times: int | None  # calls left to spoil; None: every call until ``until``
    until: float | None  # time.monotonic() at which it ends; None: when ``times`` is used up
    error: ApiError | None = None
    delay: float = 0.0
    drop: bool = False
    after: bool = False  # delay/drop the reply after the call took effect
    flood: bool = False  # a 429 whose retry_after counts down to ``until``

    def matches(self, method: str, chat_id: Any, now: float) -> bool:
        if self.until is not None and now >= self.until:
            return False
        return self.method in ("*", method.lower()) and self.chat_id in (None, chat_id)

    @property
    def interrupts(self) -> bool:
        """Ends a long poll in progress (an error or a drop before the call takes effect)."""
        return self.error is not None or (self.drop and not self.after)


class Dropped(Exception):
    """Close the connection without an answer."""


class FaultsMixin:
    """Injecting faults and applying them to calls (state: ``_faults``, ``monitor``)."""

    def fail(self, method: str, *, error_code: int | None = None,
             description: str | None = None, retry_after: int | None = None, times: int = 1,
             chat_id: int | None = None, seconds: float | None = None) -> None:
        """Make the next ``times`` calls to ``method`` (``"*"``: any method; for ``chat_id``, if
        given) fail, or every such call for the next ``seconds``.

        ``error_code`` defaults to 429 when ``retry_after`` is given, else 400; the description
        defaults to Telegram's phrasing for the code ("Bad Request: chat not found", "Forbidden:
        bot was blocked by the user", "Too Many Requests: retry after N", ...).
        """
        code = error_code or (429 if retry_after is not None else 400)
        if description is None:
            phrase = HTTPStatus(code).phrase
            description = {400: CHAT_NOT_FOUND, 403: BLOCKED}.get(code) or (
                f"{phrase}: retry after {retry_after}" if retry_after is not None
                else f"{phrase}: injected failure")
        self._add_fault(method, chat_id, times, seconds,
                        error=ApiError(code, description, retry_after))

    def delay(self, method: str, seconds: float, *, times: int = 1, chat_id: int | None = None,
              for_seconds: float | None = None, after: bool = False) -> None:
        """Hold the next ``times`` matching calls (or all of them for ``for_seconds``) for
        ``seconds`` before they take effect, or, with ``after=True``, after they took effect
        and before the reply. A client that gives up meanwhile (a timeout) cancels a call that
        has not yet taken effect."""
        self._add_fault(method, chat_id, times, for_seconds, delay=seconds, after=after)

    def drop(self, method: str, *, times: int = 1, chat_id: int | None = None,
             for_seconds: float | None = None, after: bool = False) -> None:
        """Close the connection of the next ``times`` matching calls (or of all of them for
        ``for_seconds``) without an answer: before the call takes effect, or, with
        ``after=True``, once it has (the message is delivered but the bot never hears so)."""
        self._add_fault(method, chat_id, times, for_seconds, drop=True, after=after)

    def flood(self, seconds: float, *, method: str = "*", chat_id: int | None = None) -> None:
        """Flood control for ``seconds``: matching calls get 429 with a retry_after that counts
        down to the end, as Telegram's does (a bot that waits as told then gets through)."""
        self._add_fault(method, chat_id, 1, seconds,
                        error=ApiError(429, "Too Many Requests: retry after 1", 1), flood=True)

    def outage(self, seconds: float) -> None:
        """The network is down for ``seconds``: every call's connection is dropped, and a long
        poll in progress is cut off."""
        self.drop("*", for_seconds=seconds)

    def clear_faults(self) -> None:
        self._faults.clear()

    def _add_fault(self, method: str, chat_id: int | None, times: int, seconds: float | None,
                   **effect: Any) -> None:
        until = None if seconds is None else time.monotonic() + seconds
        self._faults.append(_Fault(method.lower(), chat_id, None if seconds else times, until,
                                   **effect))
        self._pulse()  # a long poll in progress re-checks the faults

    def _take_faults(self, method: str, params: dict[str, Any], *,
                     interrupting: bool = False) -> list[_Fault]:
        """The fault that spoils this call (the first one injected that matches), used once;
        faults queue up in the order they were injected. Expired ones are forgotten."""
        now, chat_id = time.monotonic(), params.get("chat_id")
        self._faults = [f for f in self._faults if f.until is None or now < f.until]
        fault = next((f for f in self._faults if f.matches(method, chat_id, now)
                      and (f.interrupts or not interrupting)), None)
        if fault is None:
            return []
        if fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
        return [fault]

    async def _spoil(self, fault: _Fault, params: dict[str, Any]) -> None:
        """Apply one fault's effect: wait, drop the connection, or answer with its error."""
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            raise Dropped
        if fault.error is not None and not fault.after:
            error = fault.error
            if fault.flood and fault.until is not None:
                wait = max(1, math.ceil(fault.until - time.monotonic()))
                error = ApiError(429, f"Too Many Requests: retry after {wait}", wait)
            if error.retry_after:
                self.monitor.hold(fault.chat_id, error.retry_after, params.get("chat_id"))
            raise error
