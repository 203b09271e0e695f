"""PTB's AIORateLimiter, with retries of calls that certainly did not arrive."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter, plus up to three retries, 0.5, 1 and 2 s apart, of a call that failed
    with a 5xx or a broken connection. Not retried: a timeout (it may have arrived), Telegram's
    refusals, and getUpdates (the updater retries it). A connection lost after Telegram took the
    call can mean a duplicate; a message never sent is worse."""

    PAUSES = (0.5, 1.0, 2.0)

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for pause in (*self.PAUSES, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if pause is None or endpoint == "getUpdates":
                    raise
                log.warning("%s failed (%s); retrying in %s s", endpoint, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")
