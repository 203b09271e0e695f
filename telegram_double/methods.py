"""The Bot API methods the bot uses: the :class:`MethodsMixin` half of :class:`TelegramDouble`
with one ``_api_<method>`` coroutine per method (getUpdates with long polling, webhooks, getMe,
sendMessage, sendPhoto, sendVideo, sendDocument, copyMessage, edits, deletes, button answers, commands,
chat actions, getChat and getFile), each taking the decoded parameters and returning Telegram's
result or raising :class:`ApiError` with Telegram's description.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import replace
from typing import Any

from telegram_double.markup import check_reply_markup, parse_html
from telegram_double.model import (
    BLOCKED,
    CHAT_ACTIONS,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    BotMessage,
    StoredFile,
    Upload,
    bad_request,
)

_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class MethodsMixin:
    """The ``_api_*`` methods and what they share (state lives in ``TelegramDouble``)."""

    _METHODS = (
        "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook",
        "getWebhookInfo", "sendMessage", "editMessageText", "editMessageReplyMarkup",
        "deleteMessage", "answerCallbackQuery", "setMyCommands", "getMyCommands",
        "deleteMyCommands", "sendChatAction", "sendPhoto", "sendVideo", "sendDocument",
        "copyMessage",
        "getChat", "getFile",
    )

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any],
                     content: dict[str, Any]) -> dict[str, Any]:
        """Store a new message in a chat (the user's or the bot's; ids are shared)."""
        chat_id = chat["id"]
        message_id = self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        message = {"message_id": message_id, "from": sender, "chat": chat,
                   "date": int(time.time())}
        message.update((k, v) for k, v in content.items() if v not in (None, []))
        self._chat_messages.setdefault(chat_id, {})[message_id] = message
        return message

    # ---------------------------------------------------------------- updates and webhooks
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

    def _bot_send(self, p: dict[str, Any], chat: dict[str, Any], content: dict[str, Any],
                  raw_text: str | None) -> BotMessage:
        markup = check_reply_markup(p)
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
        """Validate chat, caption and file parameter of sendPhoto/sendVideo/sendDocument."""
        chat = self._chat(p)
        caption, entities = self._formatted(p, "caption", MAX_CAPTION_LENGTH,
                                            "message caption is too long")
        value = p.get(kind)
        if isinstance(value, Upload):
            stored = self._store_file(kind, value.data, value.filename, value.content_type)
        elif isinstance(value, str) and value in self._files:
            stored = self._files[value]
            if kind in ("photo", "video") and stored.kind != kind:  # as Telegram refuses it
                raise bad_request(f"can't use file of type {stored.kind.title()} as "
                                  f"{kind.title()}")
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
    def _video(stored: StoredFile) -> dict[str, Any]:
        video = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                 "width": 1280, "height": 720, "duration": 10, "file_name": stored.file_name,
                 "mime_type": stored.mime_type,
                 "file_size": None if stored.data is None else len(stored.data)}
        return {k: v for k, v in video.items() if v is not None}

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

    async def _api_sendVideo(self, p: dict[str, Any]) -> dict[str, Any]:
        chat, stored, caption, entities = self._media(p, "video")
        content = {"video": self._video(stored), "caption": caption,
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
        keys = ("text", "entities", "photo", "video", "document", "sticker", "voice", "caption",
                "caption_entities")
        content = {k: original[k] for k in keys if k in original}
        if "caption" in p:
            content["caption"], content["caption_entities"] = self._formatted(
                p, "caption", MAX_CAPTION_LENGTH, "message caption is too long")
        sent = self._bot_send(p, target, content, content.get("text") or content.get("caption"))
        file_id = (content.get("document") or content.get("video") or content.get("voice")
                   or (content.get("photo") or [{}])[-1]).get("file_id")
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
        markup = check_reply_markup(p)
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
