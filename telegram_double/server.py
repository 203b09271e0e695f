"""The server: :class:`TelegramDouble`, the loopback aiohttp app on 127.0.0.1 (a free port)
that PTB's own HTTP client talks to. It routes ``/bot<token>/<method>`` to the ``_api_*``
methods and ``/file/bot<token>/<path>`` to stored files, decodes query, JSON, urlencoded and
multipart parameters the way PTB encodes them, records every call, applies injected faults and
wraps each result in Telegram's reply envelope; start and stop it with ``async with``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Any, Self

from aiohttp import web

from telegram_double.control import ControlMixin
from telegram_double.faults import Dropped, FaultsMixin, _Fault
from telegram_double.limits import LimitMonitor
from telegram_double.methods import MethodsMixin
from telegram_double.model import (
    DEFAULT_TOKEN,
    ApiError,
    BotMessage,
    StoredFile,
    Upload,
    bad_request,
)

# Form fields that are always strings: never JSON-decode them (PTB sends strings unquoted).
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "url", "language_code", "action",
    "photo", "video", "document", "file_id", "inline_message_id", "business_connection_id",
    "message_effect_id", "secret_token", "ip_address", "emoji", "title", "description",
})
_INT_PARAMS = ("chat_id", "from_chat_id", "message_id", "user_id", "offset", "limit")


class TelegramDouble(ControlMixin, FaultsMixin, MethodsMixin):
    """A loopback Bot API server plus a control interface; see the package docstring."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = "apex_run_ready_bot",
                 bot_first_name: str = "APEX Run Ready") -> None:
        self.token = token
        self.bot_user = {"id": int(token.split(":")[0]), "is_bot": True,
                         "first_name": bot_first_name, "username": bot_username}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[tuple[str, int, str]] = []  # (method, error_code, description)
        self.answered_callbacks: dict[str, dict[str, Any]] = {}
        self.updates: list[dict[str, Any]] = []  # every injected update, in order
        self.dropped: list[tuple[str, dict[str, Any]]] = []  # calls whose connection was dropped
        self.monitor = LimitMonitor()
        self._watchers: list[Callable[[str, BotMessage], None]] = []
        self._transcripts: dict[int, list[str]] = {}
        self._shown: dict[int, list[BotMessage]] = {}  # per chat: each message sent or edited
        self._last_activity = time.monotonic()
        self._handlers = {name.lower(): (name, getattr(self, f"_api_{name}"))
                          for name in self._METHODS}
        self._chats: dict[int, dict[str, Any]] = {}
        self._known: set[int] = set()
        self._blocked: set[int] = set()
        self._chat_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._bot_messages: dict[int, list[BotMessage]] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._sent_files: dict[int, list[StoredFile]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._open_queries: set[str] = set()
        self._faults: list[_Fault] = []
        self._queue: list[dict[str, Any]] = []  # injected, not yet confirmed by an offset
        self._allowed_updates: frozenset[str] = frozenset()  # empty: Telegram's default
        self._webhook_url = ""
        self._ids = itertools.count(1)  # update ids, query ids, file ids
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._chat_changed: dict[int, asyncio.Event] = {}  # per chat: the bot's messages changed
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._port = 0

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        """Start serving on 127.0.0.1 on a free port, in the running event loop."""
        self._stopping = False
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0,
                                     access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._stopping = True
        self._pulse()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url``."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    # ---------------------------------------------------------------- HTTP plumbing
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _reply(ApiError(401, "Unauthorized"))
        handler = self._handlers.get(request.match_info["method"].lower())
        if handler is None:
            return _reply(ApiError(404, "Not Found"))
        method, func = handler
        try:
            params = await _read_params(request)
        except ValueError:
            return _reply(bad_request("can't parse request parameters"))
        self.calls.append((method, params))
        self.monitor.record(method, params.get("chat_id"))
        self._touch(method)
        self._pulse()  # waiters see the call arrive (a long poll is about to wait) ...
        try:
            response = await self._serve(method, func, params)
        except Dropped:
            self.dropped.append((method, params))
            if request.transport is not None:
                request.transport.close()
            response = web.Response()  # never sent: the connection is gone
        self._touch(method)
        self._pulse()  # ... and see its effects
        return response

    async def _serve(self, method: str, func: Callable[[dict[str, Any]], Any],
                     params: dict[str, Any]) -> web.Response:
        faults = self._take_faults(method, params)
        try:
            for fault in faults:
                if not fault.after:
                    await self._spoil(fault, params)
            result = await func(params)
        except (ApiError, TypeError, ValueError, KeyError, AttributeError) as exc:
            error = exc if isinstance(exc, ApiError) else bad_request(
                f"invalid request parameters ({exc!r})")  # Telegram answers 400 to malformed input
            self.errors.append((method, error.code, error.description))
            result = error
        for fault in faults:
            if fault.after:
                await self._spoil(fault, params)
        return _reply(result)

    def _touch(self, method: str) -> None:
        if method != "getUpdates":
            self._last_activity = time.monotonic()

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if request.match_info["token"] != self.token or stored is None or stored.data is None:
            return _reply(ApiError(404, "Not Found"))
        return web.Response(body=stored.data,
                            content_type=stored.mime_type or "application/octet-stream")

    def _pulse(self) -> None:
        """Wake every waiter (wait_for and long polls) so it re-checks its condition."""
        self._changed.set()
        self._changed = asyncio.Event()


def _reply(result: Any) -> web.Response:
    """Telegram's reply envelope, with the HTTP status matching an error's code."""
    if isinstance(result, ApiError):
        return web.json_response(result.payload(), status=result.code)
    return web.json_response({"ok": True, "result": result})


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string plus JSON, urlencoded or multipart body, decoded to Python values."""
    params: dict[str, Any] = {k: _decode_field(k, v) for k, v in request.query.items()}
    if request.body_exists:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update(body)
        else:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    params[key] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    params[key] = _decode_field(key, str(value))
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
        elif key in _INT_PARAMS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            params[key] = int(value)
    return params


def _decode_field(name: str, value: str) -> Any:
    """Decode a form field the way PTB encodes it: strings raw, everything else as JSON."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
