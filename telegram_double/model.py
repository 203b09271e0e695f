"""What the double knows and answers with: Telegram's fixed error texts and limits, the people
and chats of a test (:class:`User`, :class:`Group`), the messages the bot sent
(:class:`BotMessage`, whose ``data`` is the live Telegram dict), the files it holds
(:class:`StoredFile`, :class:`Upload`) and :class:`ApiError`, a Bot API error reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_TOKEN = "123456789:fake-token-loopback-only"  # noqa: S105 (a fake)
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_ALBUM_SIZE = 10

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
    kind: str  # "photo" | "video" | "document"
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


def int_or_none(value: Any) -> int | None:
    """``int(value)``, or None for anything that is not a number (a missing chat_id)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def chat_key(chat: int | User | Group) -> int:
    """The chat id of a chat given as an id, a :class:`User` or a :class:`Group`."""
    return chat if isinstance(chat, int) else chat.id
