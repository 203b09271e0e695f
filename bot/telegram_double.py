"""A loopback double of the Telegram Bot API for tests, benchmarks and offline runs.

:class:`TelegramDouble` is a real HTTP server on 127.0.0.1 that answers the Bot API methods
this bot uses with the JSON shapes and error texts Telegram uses, so python-telegram-bot's own
HTTP client runs unchanged against it::

    async with TelegramDouble() as tg:
        app = Application.builder().token(tg.token).base_url(tg.base_url).build()
        anna = tg.user(1001, "Anna")
        tg.send_text(anna, "/start")
        ...                                  # run the app with updater.start_polling()
        await tg.wait_for_messages(anna, 1)
        assert tg.last_message(anna).text == "Welcome!"

The control side is plain Python in the same process. Use it from the thread that runs the
double's event loop:

- inject updates: ``send_text`` (commands too), ``press``/``press_button``, ``edit_text``,
  ``send_photo``, ``send_document``, ``send_sticker``, ``send_group_text``, ``add_to_group``;
- read what the bot did: ``calls``, ``calls_for`` (one chat's), ``messages``, ``last_message``,
  ``files``, ``commands``, ``transcript`` (both sides of a chat, as text), or ``watch`` to hear
  of each message as it is sent, edited or deleted;
- wait without sleeping: ``wait_for`` (any condition), ``wait_for_messages``, ``wait_for_call``,
  ``wait_until_consumed``, ``wait_for_quiet``;
- inject faults, per method (or ``"*"``) and optionally per chat, for a number of calls or for a
  number of seconds: ``fail`` (429 with retry_after, 403, 400, 500, 502, ...), ``block``
  (403 for one user), ``delay``, ``drop`` (the connection closes without an answer, before or
  after the call took effect) and ``outage`` (every call dropped, long polls cut);
- check Telegram's limits: ``monitor`` (a :class:`LimitMonitor`) counts the sends the bot makes
  against about 30 a second overall, one a second per private chat and 20 a minute per group,
  and every call made while a 429's retry_after was still running.

Not modelled: webhooks deliver nothing (updates stay queued for getUpdates), MarkdownV2 text is
not validated, text lengths are counted in Python characters, files are never fetched from URLs.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any, NoReturn, Self

from aiohttp import web

__all__ = ["ApiError", "BotMessage", "Breach", "Group", "LimitMonitor", "StoredFile",
           "TelegramDouble", "Upload", "User", "parse_html"]

DEFAULT_TOKEN = "123456789:fake-token-loopback-only"  # noqa: S105 (a fake)
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
BLOCKED = "Forbidden: bot was blocked by the user"
CHAT_NOT_FOUND = "Bad Request: chat not found"
# Update types Telegram only delivers when allowed_updates names them explicitly.
OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
BUTTON_KINDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
# Form fields that are always strings: never JSON-decode them (PTB sends strings unquoted).
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "url", "language_code", "action",
    "photo", "document", "file_id", "inline_message_id", "business_connection_id",
    "message_effect_id", "secret_token", "ip_address", "emoji", "title", "description",
})
_INT_PARAMS = ("chat_id", "from_chat_id", "message_id", "user_id", "offset", "limit")
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """A Bot API error reply: HTTP status ``code``, Telegram's ``description``."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code,
                                "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """``400 Bad Request: <reason>``."""
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class User:
    """A Telegram user; their private chat with the bot has ``id == user.id``."""

    id: int
    first_name: str = "Anna"
    username: str | None = None
    language_code: str | None = "en"

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "is_bot": False, "first_name": self.first_name,
                "username": self.username, "language_code": self.language_code}
        return {k: v for k, v in data.items() if v is not None}

    def chat_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "type": "private", "first_name": self.first_name,
                "username": self.username}
        return {k: v for k, v in data.items() if v is not None}


@dataclass
class Group:
    """A group chat (a supergroup if its id starts with -100)."""

    id: int
    title: str = "Test group"

    def chat_dict(self) -> dict[str, Any]:
        kind = "supergroup" if str(self.id).startswith("-100") else "group"
        return {"id": self.id, "type": kind, "title": self.title}


@dataclass
class StoredFile:
    """A file the double knows: uploaded by the bot, or attached to an injected message."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document"
    data: bytes | None  # None when the bot sent only an HTTP URL
    file_name: str | None = None
    mime_type: str | None = None
    chat_id: int | None = None
    message_id: int | None = None

    @property
    def file_path(self) -> str:
        return f"{self.kind}s/{self.file_unique_id}"


@dataclass
class Upload:
    """One multipart file part of a request, as found in :attr:`TelegramDouble.calls`."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class BotMessage:
    """A message the bot sent; ``data`` is the live Telegram dict (edits show up in it)."""

    data: dict[str, Any]
    raw_text: str | None = None  # text or caption exactly as sent, before entity parsing
    other_markup: dict[str, Any] | None = None  # a non-inline reply_markup sent along
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return self.data["message_id"]

    @property
    def chat_id(self) -> int:
        return self.data["chat"]["id"]

    @property
    def text(self) -> str | None:
        """Current text (plain, entities parsed out), or the caption for media."""
        return self.data.get("text", self.data.get("caption"))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """Current inline keyboard, else the reply keyboard/removal sent with the message."""
        return self.data.get("reply_markup") or self.other_markup

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline buttons flattened row by row as ``(text, callback_data)``."""
        rows = (self.data.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data")) for row in rows for b in row]


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


class _Dropped(Exception):
    """Close the connection without an answer."""


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
        chat = _int_or_none(chat_id)
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
        self._holds[_int_or_none(scope)] = (now, now + seconds, _int_or_none(refused))

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


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _tag_entity(name: str, attrs: dict[str, str], fail: Callable[[str], NoReturn]) -> dict:
    """Entity fields for an opening tag (without offset/length); fails on unsupported tags."""
    simple = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
              "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
              "del": "strikethrough", "code": "code", "pre": "pre", "tg-spoiler": "spoiler"}
    if name in simple:
        entity: dict[str, Any] = {"type": simple[name]}
        if name == "code" and attrs.get("class", "").startswith("language-"):
            entity["language"] = attrs["class"].removeprefix("language-")
        return entity
    if name == "a":
        return {"type": "text_link", "url": attrs.get("href", "")}
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            fail('Tag "span" must have class "tg-spoiler"')
        return {"type": "spoiler"}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if name == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    fail(f'Unsupported start tag "{name}"')


_TAG_RE = re.compile(r"([^\s/>]*)(.*)", re.DOTALL)
_ATTR_RE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?""")
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram's HTML subset into ``(plain_text, entities)`` like the Bot API does.

    Raises :class:`ApiError` ("Bad Request: can't parse entities: ...") for unknown tags, a bare
    ``<`` or ``&``, unclosed or misnested tags. Entity offsets are in UTF-16 code units.
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset into the plain text
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    i = 0

    def fail(reason: str, at: int | None = None) -> NoReturn:
        where = "" if at is None else f" at byte offset {len(text[:at].encode())}"
        raise bad_request(f"can't parse entities: {reason}{where}")

    while i < len(text):
        char = text[i]
        if char == "<":
            end = text.find(">", i)
            if end < 0:
                fail("Unclosed start tag", i)
            body = text[i + 1:end]
            if body.startswith("/"):
                name = body[1:].strip().lower()
                if not stack:
                    fail("Unexpected end tag", i)
                tag, start, entity = stack.pop()
                if name != tag:
                    fail(f'Unmatched end tag, expected "</{tag}>", found "</{name}>"', i)
                if tag == "code" and stack and stack[-1][0] == "pre" and "language" in entity:
                    stack[-1][2]["language"] = entity["language"]
                elif pos > start:
                    entities.append({**entity, "offset": start, "length": pos - start})
            else:
                name, rest = body.partition(">")[0], ""
                if found := _TAG_RE.match(body):
                    name, rest = found[1].lower(), found[2]
                attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR_RE.finditer(rest)}
                if not name:
                    fail('Unsupported start tag ""', i)
                stack.append((name, pos, _tag_entity(name, attrs, lambda r, at=i: fail(r, at))))
            i = end + 1
            continue
        if char == "&":
            match = _ENTITY_RE.match(text, i)
            if match is None:
                fail("Character entity expected", i)
            named, dec, hexa = match.groups()
            char = _NAMED[named] if named else chr(int(dec) if dec else int(hexa, 16))
            i = match.end()
        else:
            i += 1
        out.append(char)
        pos += _utf16_len(char)
    if stack:
        fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _decode_field(name: str, value: str) -> Any:
    """Decode a form field the way PTB encodes it: strings raw, everything else as JSON."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _chat_key(chat: int | User | Group) -> int:
    return chat if isinstance(chat, int) else chat.id


class TelegramDouble:
    """A loopback Bot API server plus a control interface; see the module docstring."""

    _METHODS = (
        "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook",
        "getWebhookInfo", "sendMessage", "editMessageText", "editMessageReplyMarkup",
        "deleteMessage", "answerCallbackQuery", "setMyCommands", "getMyCommands",
        "deleteMyCommands", "sendChatAction", "sendPhoto", "sendDocument", "copyMessage",
        "getChat", "getFile",
    )

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

    # ---------------------------------------------------------------- users and chats
    def user(self, user_id: int, first_name: str = "Anna", username: str | None = None,
             language_code: str | None = "en", *, started: bool = False) -> User:
        """A user handle; ``started=True`` makes their chat known without an update."""
        user = User(user_id, first_name, username, language_code)
        self._chats[user.id] = user.chat_dict()
        if started:
            self.register_chat(user)
        return user

    def group(self, chat_id: int, title: str = "Test group") -> Group:
        """A group chat the bot is already a member of (so it is known at once)."""
        group = Group(chat_id, title)
        self.register_chat(group)
        return group

    def register_chat(self, chat: User | Group) -> None:
        """Make a chat known, as if it had talked to the bot before."""
        self._chats[chat.id] = chat.chat_dict()
        self._known.add(chat.id)

    def block(self, user: User | int) -> None:
        """The user blocked the bot: calls targeting their chat answer 403."""
        self._blocked.add(_chat_key(user))

    def unblock(self, user: User | int) -> None:
        self._blocked.discard(_chat_key(user))

    # ---------------------------------------------------------------- injecting updates
    def send_text(self, user: User, text: str, chat: Group | None = None) -> dict[str, Any]:
        """The user sends ``text``; a leading /command gets a ``bot_command`` entity."""
        content: dict[str, Any] = {"text": text}
        if match := _COMMAND_RE.match(text):
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": _utf16_len(match[0])}]
        return self._inject("message", self._user_message(user, chat, content))

    def send_group_text(self, user: User, group: Group, text: str) -> dict[str, Any]:
        return self.send_text(user, text, chat=group)

    def send_sticker(self, user: User, chat: Group | None = None,
                     emoji: str = "\N{THUMBS UP SIGN}") -> dict[str, Any]:
        n = next(self._ids)
        sticker = {"file_id": f"sticker-{n}", "file_unique_id": f"s{n}", "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False,
                   "emoji": emoji}
        return self._inject("message", self._user_message(user, chat, {"sticker": sticker}))

    def send_photo(self, user: User, caption: str | None = None, chat: Group | None = None,
                   data: bytes = b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9") -> dict[str, Any]:
        """The user sends a photo; the bot can fetch ``data`` back through getFile."""
        stored = self._store_file("photo", data, None, "image/jpeg")
        content = {"photo": [self._photo_size(stored)], "caption": caption}
        return self._inject("message", self._user_message(user, chat, content))

    def send_document(self, user: User, data: bytes = b"%PDF-1.4 fake", *,
                      file_name: str = "document.pdf", mime_type: str = "application/pdf",
                      caption: str | None = None, chat: Group | None = None) -> dict[str, Any]:
        """The user sends a file; the bot can fetch ``data`` back through getFile."""
        stored = self._store_file("document", data, file_name, mime_type)
        content = {"document": self._document(stored), "caption": caption}
        return self._inject("message", self._user_message(user, chat, content))

    def edit_text(self, user: User, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """The user edits an earlier text message (an ``edited_message`` update)."""
        message = message.get("message", message)
        stored = self._chat_messages[message["chat"]["id"]][message["message_id"]]
        stored.update(text=new_text, edit_date=int(time.time()))
        return self._inject("edited_message", stored)

    def press(self, user: User, message: BotMessage | dict[str, Any] | int,
              callback_data: str) -> dict[str, Any]:
        """The user presses an inline button (any data may be forged) on a bot message."""
        msg = self._find_bot_message(user, message)
        query_id = str(next(self._ids) * 7919)
        self._open_queries.add(query_id)
        query = {"id": query_id, "from": user.to_dict(), "message": msg.data,
                 "chat_instance": str(-msg.chat_id), "data": callback_data}
        return self._inject("callback_query", query, msg.chat_id)

    def press_button(self, user: User, message: BotMessage | dict[str, Any] | int,
                     text: str) -> dict[str, Any]:
        """Press the inline button labelled ``text``."""
        msg = self._find_bot_message(user, message)
        data = dict(msg.buttons).get(text)
        if data is None:
            raise LookupError(f"no callback button {text!r} among {msg.buttons}")
        return self.press(user, msg, data)

    def add_to_group(self, group: Group, by_user: User) -> dict[str, Any]:
        """``by_user`` adds the bot to ``group`` (a ``my_chat_member`` update)."""
        member = {"chat": group.chat_dict(), "from": by_user.to_dict(), "date": int(time.time()),
                  "old_chat_member": {"status": "left", "user": self.bot_user},
                  "new_chat_member": {"status": "member", "user": self.bot_user}}
        return self._inject("my_chat_member", member, group.id)

    # ---------------------------------------------------------------- reading what the bot did
    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """Params of every call to ``method`` (case-insensitive), failed ones included."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def calls_for(self, chat: int | User | Group, *,
                  since: int = 0) -> list[tuple[str, dict[str, Any]]]:
        """Every call aimed at a chat (its ``chat_id``) among ``calls[since:]``, failed ones
        included: what the bot tried, whether or not it got through."""
        chat_id = _chat_key(chat)
        return [(name, params) for name, params in self.calls[since:]
                if _int_or_none(params.get("chat_id")) == chat_id]

    def messages(self, chat: int | User | Group, *,
                 include_deleted: bool = False) -> list[BotMessage]:
        """The bot's messages in a chat, oldest first."""
        sent = self._bot_messages.get(_chat_key(chat), [])
        return [m for m in sent if include_deleted or not m.deleted]

    def last_message(self, chat: int | User | Group) -> BotMessage:
        """The bot's newest (not deleted) message in a chat; LookupError if none."""
        sent = self.messages(chat)
        if not sent:
            raise LookupError(f"the bot has sent no message to chat {_chat_key(chat)}")
        return sent[-1]

    def commands(self, scope: dict[str, Any] | str | Any | None = None,
                 language_code: str = "") -> list[tuple[str, str]]:
        """The command menu for a scope (dict, type name or PTB BotCommandScope)."""
        if isinstance(scope, str):
            scope = {"type": scope}
        elif scope is not None and not isinstance(scope, dict):
            scope = scope.to_dict()
        stored = self._commands.get((self._scope_key(scope), language_code), [])
        return [(c["command"], c["description"]) for c in stored]

    def files(self, chat: int | User | Group) -> list[StoredFile]:
        """Photos and documents the bot sent to a chat, oldest first."""
        return list(self._sent_files.get(_chat_key(chat), []))

    def file(self, file_id: str) -> StoredFile | None:
        """A file the double knows (sent by the bot or by a user), by its file_id."""
        return self._files.get(file_id)

    def transcript(self, chat: int | User | Group) -> list[str]:
        """Both sides of a chat as lines of plain text, oldest first: what users sent and
        pressed, and what the bot sent, edited and deleted (buttons in ``[ ]``)."""
        return list(self._transcripts.get(_chat_key(chat), []))

    def watch(self, callback: Callable[[str, BotMessage], None]) -> Callable[[], None]:
        """Call ``callback(event, message)`` as the bot's messages change; ``event`` is "sent",
        "edited" or "deleted". Returns a function that stops watching."""
        self._watchers.append(callback)
        return lambda: self._watchers.remove(callback)

    def _note(self, chat_id: int, line: str) -> None:
        self._transcripts.setdefault(chat_id, []).append(line)

    def _notify(self, event: str, sent: BotMessage) -> None:
        if event != "deleted":
            self._shown.setdefault(sent.chat_id, []).append(sent)
        if changed := self._chat_changed.pop(sent.chat_id, None):
            changed.set()
        if event == "deleted":
            line = f"bot deletes #{sent.message_id}"
        else:
            media = next((f"({m}) " for m in ("photo", "document") if m in sent.data), "")
            buttons = "".join(f" [{text}]" for text, _ in sent.buttons)
            who = "bot" if event == "sent" else f"bot edits #{sent.message_id}"
            line = f"{who}: {media}{sent.text or ''}{buttons}"
        self._note(sent.chat_id, line)
        for callback in list(self._watchers):
            callback(event, sent)

    # ---------------------------------------------------------------- waiting
    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0,  # noqa: ASYNC109
                       what: str = "condition", *, chat: int | User | Group | None = None) -> Any:
        """Re-check ``predicate`` after every handled call or injection (with ``chat``: only
        when the bot's messages in that chat change, so a crowd of waiting people costs the
        double nothing per call and its clock, the limit monitor's, stays true under load);
        return its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed if chat is None else \
                self._chat_changed.setdefault(_chat_key(chat), asyncio.Event())
            if result := predicate():
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{m}({_short(p)})" for m, p in self.calls if m != "getUpdates"][-6:]
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what}; last calls (getUpdates"
                    f" omitted): {recent or 'none'}; last errors: {self.errors[-3:] or 'none'}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_messages(self, chat: int | User | Group, count: int,
                                timeout: float = 5.0) -> list[BotMessage]:  # noqa: ASYNC109
        """Wait until the bot has sent ``count`` messages (deleted ones count) to a chat."""
        await self.wait_for(lambda: len(self.messages(chat, include_deleted=True)) >= count,
                            timeout, f"{count} bot message(s) in chat {_chat_key(chat)}", chat=chat)
        return self.messages(chat, include_deleted=True)

    def shown(self, chat: int | User | Group) -> list[BotMessage]:
        """What she saw change, in order: each message the bot sent to a chat, and each one it
        edited, once per send or edit (a message edited twice appears twice)."""
        return list(self._shown.get(_chat_key(chat), []))

    async def wait_for_shown(self, chat: int | User | Group, count: int,
                             timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until the bot has sent or edited ``count`` times in a chat; return the message
        it touched last (as it is now)."""
        await self.wait_for(lambda: len(self._shown.get(_chat_key(chat), [])) >= count, timeout,
                            f"{count} new or edited bot message(s) in chat {_chat_key(chat)}",
                            chat=chat)
        return self._shown[_chat_key(chat)][count - 1]

    async def wait_for_call(self, method: str,
                            predicate: Callable[[dict[str, Any]], bool] | None = None,
                            timeout: float = 5.0, *, since: int = 0) -> dict[str, Any]:  # noqa: ASYNC109
        """Wait for a call to ``method`` among ``calls[since:]``; return its params."""
        def find() -> dict[str, Any] | None:
            for name, params in self.calls[since:]:
                if name.lower() == method.lower() and (predicate is None or predicate(params)):
                    return params
            return None
        return await self.wait_for(find, timeout, f"a {method} call")

    async def wait_until_consumed(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until every injected update was fetched and confirmed by a later offset
        (or dropped: drop_pending_updates, a negative offset, allowed_updates).

        PTB confirms a batch on its next getUpdates, which it sends once the batch is queued
        inside the Application, not once handlers have finished; wait for the bot's reaction
        (``wait_for_messages``/``wait_for_call``) to know a handler is done.
        """
        await self.wait_for(lambda: not self._queue, timeout, "all updates to be confirmed")

    async def wait_for_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every injected update was confirmed and no call other than getUpdates
        has arrived or been answered for ``quiet`` seconds (the bot has nothing more to say)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            calm_for = time.monotonic() - self._last_activity
            if not self._queue and calm_for >= quiet:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"the bot did not go quiet for {quiet}s within {timeout}s")
            wait = remaining if self._queue else min(remaining, quiet - calm_for)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), max(wait, 0.001))

    # ---------------------------------------------------------------- fault injection
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
        except _Dropped:
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

    async def _spoil(self, fault: _Fault, params: dict[str, Any]) -> None:
        """Apply one fault's effect: wait, drop the connection, or answer with its error."""
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            raise _Dropped
        if fault.error is not None and not fault.after:
            error = fault.error
            if fault.flood and fault.until is not None:
                wait = max(1, math.ceil(fault.until - time.monotonic()))
                error = ApiError(429, f"Too Many Requests: retry after {wait}", wait)
            if error.retry_after:
                self.monitor.hold(fault.chat_id, error.retry_after, params.get("chat_id"))
            raise error

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

    # ---------------------------------------------------------------- update queue
    def _inject(self, kind: str, payload: dict[str, Any],
                chat_id: int | None = None) -> dict[str, Any]:
        self._known.add(chat_id if chat_id is not None else payload["chat"]["id"])
        update = {"update_id": next(self._ids), kind: copy.deepcopy(payload)}  # a snapshot
        self.updates.append(update)
        self._note_update(kind, payload)
        self._last_activity = time.monotonic()
        allowed = self._allowed_updates
        if kind in allowed if allowed else kind not in OPT_IN_UPDATE_TYPES:
            self._queue.append(update)
        self._pulse()
        return update

    def _note_update(self, kind: str, payload: dict[str, Any]) -> None:
        """A transcript line for what a user did."""
        if kind == "callback_query":
            message = payload["message"]
            label = next((t for row in (message.get("reply_markup") or {}).get(
                "inline_keyboard", []) for b in row if b.get("callback_data") == payload["data"]
                for t in [b["text"]]), None)
            what = f"presses [{label}]" if label else f"presses a button with {payload['data']!r}"
            self._note(message["chat"]["id"], f"{payload['from']['first_name']} {what}")
            return
        chat = payload.get("chat", {}).get("id")
        name = payload.get("from", {}).get("first_name", "?")
        if kind == "my_chat_member":
            self._note(chat, f"{name} adds the bot to the chat")
            return
        what = payload.get("text") or payload.get("caption") or ""
        for media in ("photo", "document", "sticker"):
            if media in payload:
                what = f"({media}) {what}".strip()
        verb = " (edits)" if kind == "edited_message" else ""
        self._note(chat, f"{name}{verb}: {what}")

    def _user_message(self, user: User, chat: Group | None,
                      content: dict[str, Any]) -> dict[str, Any]:
        self._chats.setdefault(user.id, user.chat_dict())
        chat_dict = chat.chat_dict() if chat else user.chat_dict()
        return self._new_message(chat_dict, user.to_dict(), content)

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any],
                     content: dict[str, Any]) -> dict[str, Any]:
        chat_id = chat["id"]
        message_id = self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        message = {"message_id": message_id, "from": sender, "chat": chat,
                   "date": int(time.time())}
        message.update((k, v) for k, v in content.items() if v not in (None, []))
        self._chat_messages.setdefault(chat_id, {})[message_id] = message
        return message

    async def _api_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                                " use deleteWebhook to delete the webhook first")
        offset, limit = int(p.get("offset") or 0), int(p.get("limit") or 100)
        if offset < 0:
            self._queue = self._queue[offset:]
        elif offset:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        if "allowed_updates" in p:
            self._allowed_updates = frozenset(p["allowed_updates"])
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(p.get("timeout") or 0)
        while not self._queue and not self._stopping and loop.time() < deadline:
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), deadline - loop.time())
            except TimeoutError:
                break
            if generation != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure"
                                    " that only one bot instance is running")
            for fault in self._take_faults("getUpdates", p, interrupting=True):
                await self._spoil(fault, p)  # a fault injected mid-poll cuts it off
        return self._queue[:max(1, min(limit, 100))]

    async def _api_setWebhook(self, p: dict[str, Any]) -> bool:
        self._webhook_url = p.get("url") or ""
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _api_deleteWebhook(self, p: dict[str, Any]) -> bool:
        return await self._api_setWebhook({**p, "url": ""})

    async def _api_getWebhookInfo(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"url": self._webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._queue)}

    # ---------------------------------------------------------------- simple methods
    async def _api_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    async def _api_close(self, p: dict[str, Any]) -> bool:
        return True

    _api_logOut = _api_close

    async def _api_getChat(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p, check_blocked=False)
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                               "premium_subscription", "gifts_from_channels"), True)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": gifts}

    async def _api_sendChatAction(self, p: dict[str, Any]) -> bool:
        self._chat(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _api_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self._open_queries.discard(query_id)
        self.answered_callbacks[query_id] = {"text": p.get("text"),
                                             "show_alert": bool(p.get("show_alert"))}
        return True

    # ---------------------------------------------------------------- commands
    @staticmethod
    def _scope_key(scope: dict[str, Any] | None) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    async def _api_setMyCommands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not _BOT_COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description must be non-empty")
        key = (self._scope_key(p.get("scope")), p.get("language_code") or "")
        self._commands[key] = [{"command": c["command"], "description": c["description"]}
                               for c in commands]
        return True

    async def _api_getMyCommands(self, p: dict[str, Any]) -> list[dict[str, str]]:
        return self._commands.get((self._scope_key(p.get("scope")),
                                   p.get("language_code") or ""), [])

    async def _api_deleteMyCommands(self, p: dict[str, Any]) -> bool:
        self._commands.pop((self._scope_key(p.get("scope")), p.get("language_code") or ""), None)
        return True

    # ---------------------------------------------------------------- sending and editing
    def _chat(self, p: dict[str, Any], key: str = "chat_id",
              check_blocked: bool = True) -> dict[str, Any]:
        chat_id = p.get(key)
        if chat_id in (None, ""):
            raise bad_request(f"{key} is empty")
        if check_blocked and chat_id in self._blocked:
            raise ApiError(403, BLOCKED)
        if chat_id not in self._known:
            raise bad_request("chat not found")
        return self._chats[chat_id]

    def _formatted(self, p: dict[str, Any], field: str, limit: int,
                   too_long: str) -> tuple[str | None, list[dict[str, Any]]]:
        """Parse text/caption per parse_mode; enforce Telegram's length limits."""
        raw = p.get(field)
        if raw is None or (field == "caption" and raw == ""):
            return None, []
        raw, mode = str(raw), str(p.get("parse_mode") or "").lower()
        if mode == "html":
            plain, entities = parse_html(raw)
        elif mode in ("", "markdown", "markdownv2"):
            key = "caption_entities" if field == "caption" else "entities"
            plain, entities = raw, p.get(key) or []
        else:
            raise bad_request(f"unsupported parse_mode {p.get('parse_mode')!r}")
        if len(plain) > limit:
            raise bad_request(too_long)
        return plain, entities

    def _text(self, p: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        text, entities = self._formatted(p, "text", MAX_TEXT_LENGTH, "message is too long")
        if not text or not text.strip():
            raise bad_request("message text is empty")
        return text, entities

    @staticmethod
    def _markup(p: dict[str, Any]) -> dict[str, Any] | None:
        markup = p.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not isinstance(button, dict) or "text" not in button:
                    raise bad_request("can't parse inline keyboard button: Can't find field"
                                      ' "text"')
                if not any(kind in button for kind in BUTTON_KINDS):
                    raise bad_request("can't parse inline keyboard button: Text buttons are"
                                      " unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not (isinstance(data, str)
                                             and 0 < len(data.encode()) <= MAX_CALLBACK_DATA_BYTES):
                    raise bad_request("BUTTON_DATA_INVALID")
        return markup

    def _bot_send(self, p: dict[str, Any], chat: dict[str, Any], content: dict[str, Any],
                  raw_text: str | None) -> BotMessage:
        markup = self._markup(p)
        reply_to = (p.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None:
            original = self._chat_messages.get(chat["id"], {}).get(reply_to)
            if original is None and not p["reply_parameters"].get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
            content["reply_to_message"] = original
        inline = markup if markup and "inline_keyboard" in markup else None
        data = self._new_message(chat, self.bot_user, {**content, "reply_markup": inline})
        sent = BotMessage(data, raw_text, None if inline else markup)
        self._bot_messages.setdefault(chat["id"], []).append(sent)
        self._notify("sent", sent)
        return sent

    async def _api_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p)
        text, entities = self._text(p)
        return self._bot_send(p, chat, {"text": text, "entities": entities}, p["text"]).data

    def _media(self, p: dict[str, Any], kind: str) -> tuple[dict[str, Any], StoredFile, str | None,
                                                            list[dict[str, Any]]]:
        """Validate chat, caption and file parameter of sendPhoto/sendDocument."""
        chat = self._chat(p)
        caption, entities = self._formatted(p, "caption", MAX_CAPTION_LENGTH,
                                            "message caption is too long")
        value = p.get(kind)
        if isinstance(value, Upload):
            stored = self._store_file(kind, value.data, value.filename, value.content_type)
        elif isinstance(value, str) and value in self._files:
            stored = self._files[value]
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            stored = self._store_file(kind, None, value.rsplit("/", 1)[-1], None)
        elif value in (None, ""):
            raise bad_request(f"there is no {kind} in the request")
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return chat, stored, caption, entities

    def _store_file(self, kind: str, data: bytes | None, name: str | None,
                    mime: str | None) -> StoredFile:
        n = next(self._ids)
        stored = StoredFile(f"{kind}-{n}-loopback", f"u{n}", kind, data, name, mime)
        self._files[stored.file_id] = stored
        return stored

    @staticmethod
    def _photo_size(stored: StoredFile) -> dict[str, Any]:
        size = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "width": 1280, "height": 960}
        return size if stored.data is None else {**size, "file_size": len(stored.data)}

    @staticmethod
    def _document(stored: StoredFile) -> dict[str, Any]:
        doc = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
               "file_name": stored.file_name, "mime_type": stored.mime_type,
               "file_size": None if stored.data is None else len(stored.data)}
        return {k: v for k, v in doc.items() if v is not None}

    def _record_file(self, stored: StoredFile, sent: BotMessage) -> None:
        self._sent_files.setdefault(sent.chat_id, []).append(
            replace(stored, chat_id=sent.chat_id, message_id=sent.message_id))

    async def _api_sendPhoto(self, p: dict[str, Any]) -> dict[str, Any]:
        chat, stored, caption, entities = self._media(p, "photo")
        content = {"photo": [self._photo_size(stored)], "caption": caption,
                   "caption_entities": entities}
        sent = self._bot_send(p, chat, content, p.get("caption"))
        self._record_file(stored, sent)
        return sent.data

    async def _api_sendDocument(self, p: dict[str, Any]) -> dict[str, Any]:
        chat, stored, caption, entities = self._media(p, "document")
        content = {"document": self._document(stored), "caption": caption,
                   "caption_entities": entities}
        sent = self._bot_send(p, chat, content, p.get("caption"))
        self._record_file(stored, sent)
        return sent.data

    async def _api_getFile(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        info = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_path": stored.file_path}
        return info if stored.data is None else {**info, "file_size": len(stored.data)}

    async def _api_copyMessage(self, p: dict[str, Any]) -> dict[str, int]:
        target = self._chat(p)
        source = self._chat(p, "from_chat_id", check_blocked=False)
        original = self._chat_messages.get(source["id"], {}).get(p.get("message_id"))
        if original is None:
            raise bad_request("message to copy not found")
        keys = ("text", "entities", "photo", "document", "sticker", "caption", "caption_entities")
        content = {k: original[k] for k in keys if k in original}
        if "caption" in p:
            content["caption"], content["caption_entities"] = self._formatted(
                p, "caption", MAX_CAPTION_LENGTH, "message caption is too long")
        sent = self._bot_send(p, target, content, content.get("text") or content.get("caption"))
        file_id = (content.get("document") or (content.get("photo") or [{}])[-1]).get("file_id")
        if file_id in self._files:
            self._record_file(self._files[file_id], sent)
        return {"message_id": sent.message_id}

    def _editable(self, p: dict[str, Any]) -> BotMessage:
        chat = self._chat(p)
        message_id = p.get("message_id")  # inline_message_id edits are not modelled
        if message_id not in self._chat_messages.get(chat["id"], {}):
            raise bad_request("message to edit not found")
        for sent in self._bot_messages.get(chat["id"], []):
            if sent.message_id == message_id:
                return sent
        raise bad_request("message can't be edited")

    def _edit(self, sent: BotMessage, content: dict[str, Any], p: dict[str, Any]) -> dict:
        """Apply an edit; a missing reply_markup removes the inline keyboard, like Telegram."""
        markup = self._markup(p)
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        before = ({k: sent.data.get(k) or None for k in content}, sent.data.get("reply_markup"))
        if before == ({k: v or None for k, v in content.items()}, markup):
            raise ApiError(400, NOT_MODIFIED)
        for key, value in [*content.items(), ("reply_markup", markup)]:
            if value:
                sent.data[key] = value
            else:
                sent.data.pop(key, None)
        sent.data["edit_date"] = int(time.time())
        return sent.data

    async def _api_editMessageText(self, p: dict[str, Any]) -> dict[str, Any]:
        sent = self._editable(p)
        if "text" not in sent.data:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._text(p)
        result = self._edit(sent, {"text": text, "entities": entities}, p)
        sent.raw_text = p["text"]
        self._notify("edited", sent)
        return result

    async def _api_editMessageReplyMarkup(self, p: dict[str, Any]) -> dict[str, Any]:
        sent = self._editable(p)
        result = self._edit(sent, {}, p)
        self._notify("edited", sent)
        return result

    async def _api_deleteMessage(self, p: dict[str, Any]) -> bool:
        chat = self._chat(p)
        if self._chat_messages.get(chat["id"], {}).pop(p.get("message_id"), None) is None:
            raise bad_request("message to delete not found")
        for sent in self._bot_messages.get(chat["id"], []):
            if sent.message_id == p["message_id"]:
                sent.deleted = True
                self._notify("deleted", sent)
        return True

    def _find_bot_message(self, user: User,
                          message: BotMessage | dict[str, Any] | int) -> BotMessage:
        if isinstance(message, BotMessage):
            chat_id, message_id = message.chat_id, message.message_id
        elif isinstance(message, dict):
            message = message.get("message", message)
            chat_id, message_id = message["chat"]["id"], message["message_id"]
        else:
            chat_id, message_id = user.id, message
        for sent in self.messages(chat_id):
            if sent.message_id == message_id:
                return sent
        raise LookupError(f"the bot has no live message {message_id} in chat {chat_id}")


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


def _short(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={str(v)[:40]!r}" for k, v in params.items())
