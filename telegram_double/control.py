"""The control side of the double, plain Python for tests: the :class:`ControlMixin` half of
:class:`TelegramDouble` that acts as users (``user``, ``send_text``, ``send_photo``,
``send_album``, ``press``, ...), reads what the bot did (``messages``, ``calls_for``,
``transcript``, ``watch``, ...), waits without sleeping (``wait_for`` and its shorthands) and
queues the injected updates for getUpdates.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections.abc import Callable
from typing import Any

from telegram_double.markup import COMMAND_RE, utf16_len
from telegram_double.model import (
    MAX_ALBUM_SIZE,
    OPT_IN_UPDATE_TYPES,
    BotMessage,
    Group,
    StoredFile,
    User,
    chat_key,
    int_or_none,
)


class ControlMixin:
    """What tests call to act as users and see what happened (state lives in
    ``TelegramDouble``)."""

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
        self._blocked.add(chat_key(user))

    def unblock(self, user: User | int) -> None:
        self._blocked.discard(chat_key(user))

    # ---------------------------------------------------------------- injecting updates
    def send_text(self, user: User, text: str, chat: Group | None = None) -> dict[str, Any]:
        """The user sends ``text``; a leading /command gets a ``bot_command`` entity."""
        content: dict[str, Any] = {"text": text}
        if match := COMMAND_RE.match(text):
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": utf16_len(match[0])}]
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

    def send_voice(self, user: User, caption: str | None = None, chat: Group | None = None,
                   data: bytes = b"OggS fake-opus", duration: int = 7) -> dict[str, Any]:
        """The user sends a voice note (OGG/Opus, as Telegram's apps record them); the bot can
        fetch ``data`` back through getFile."""
        stored = self._store_file("voice", data, None, "audio/ogg")
        voice = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                 "duration": duration, "mime_type": "audio/ogg", "file_size": len(data)}
        return self._inject("message", self._user_message(user, chat, {"voice": voice,
                                                                        "caption": caption}))

    def send_album(self, user: User, count: int, caption: str | None = None,
                   chat: Group | None = None) -> list[dict[str, Any]]:
        """The user sends ``count`` photos at once (2 to 10, as Telegram allows): ``count``
        photo messages, one update each, sharing one ``media_group_id``, with ``caption`` (if
        given) on the last one. Returns the messages as the bot receives them, in order; each
        photo's bytes (``b"...fake-jpeg <n>..."``, n from 1) come back through getFile."""
        if not 2 <= count <= MAX_ALBUM_SIZE:
            raise ValueError(f"an album has 2 to {MAX_ALBUM_SIZE} photos, not {count}")
        group_id = str(10**17 + next(self._ids))
        messages = []
        for n in range(1, count + 1):
            stored = self._store_file("photo", b"\xff\xd8\xff\xe0fake-jpeg %d\xff\xd9" % n, None,
                                      "image/jpeg")
            content = {"photo": [self._photo_size(stored)], "media_group_id": group_id,
                       "caption": caption if n == count else None}
            messages.append(self._inject("message", self._user_message(user, chat, content))
                            ["message"])
        return messages

    def send_document(self, user: User, data: bytes = b"%PDF-1.4 fake", *,
                      file_name: str = "document.pdf", mime_type: str = "application/pdf",
                      caption: str | None = None, chat: Group | None = None) -> dict[str, Any]:
        """The user sends a file; the bot can fetch ``data`` back through getFile."""
        stored = self._store_file("document", data, file_name, mime_type)
        content = {"document": self._document(stored), "caption": caption}
        return self._inject("message", self._user_message(user, chat, content))

    def send_contact(self, user: User, phone_number: str, *, owner: User | int | None = None,
                     first_name: str | None = None) -> dict[str, Any]:
        """The user shares a contact, as the share-contact button (``request_contact``) sends
        it: their own number, with ``user_id`` theirs. ``owner`` makes it someone else's
        contact (a different ``user_id``), as sharing one from the address book does."""
        who = user if owner is None else owner
        contact: dict[str, Any] = {"phone_number": phone_number,
                                   "first_name": first_name or user.first_name}
        contact["user_id"] = who if isinstance(who, int) else who.id
        return self._inject("message", self._user_message(user, None, {"contact": contact}))

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
        chat_id = chat_key(chat)
        return [(name, params) for name, params in self.calls[since:]
                if int_or_none(params.get("chat_id")) == chat_id]

    def messages(self, chat: int | User | Group, *,
                 include_deleted: bool = False) -> list[BotMessage]:
        """The bot's messages in a chat, oldest first."""
        sent = self._bot_messages.get(chat_key(chat), [])
        return [m for m in sent if include_deleted or not m.deleted]

    def last_message(self, chat: int | User | Group) -> BotMessage:
        """The bot's newest (not deleted) message in a chat; LookupError if none."""
        sent = self.messages(chat)
        if not sent:
            raise LookupError(f"the bot has sent no message to chat {chat_key(chat)}")
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
        """Photos, videos and documents the bot sent to a chat, oldest first."""
        return list(self._sent_files.get(chat_key(chat), []))

    def file(self, file_id: str) -> StoredFile | None:
        """A file the double knows (sent by the bot or by a user), by its file_id."""
        return self._files.get(file_id)

    def transcript(self, chat: int | User | Group) -> list[str]:
        """Both sides of a chat as lines of plain text, oldest first: what users sent and
        pressed, and what the bot sent, edited and deleted (buttons in ``[ ]``)."""
        return list(self._transcripts.get(chat_key(chat), []))

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
            media = next((f"({m}) " for m in ("photo", "video", "document") if m in sent.data),
                         "")
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
                self._chat_changed.setdefault(chat_key(chat), asyncio.Event())
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
                            timeout, f"{count} bot message(s) in chat {chat_key(chat)}", chat=chat)
        return self.messages(chat, include_deleted=True)

    def shown(self, chat: int | User | Group) -> list[BotMessage]:
        """What she saw change, in order: each message the bot sent to a chat, and each one it
        edited, once per send or edit (a message edited twice appears twice)."""
        return list(self._shown.get(chat_key(chat), []))

    async def wait_for_shown(self, chat: int | User | Group, count: int,
                             timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until the bot has sent or edited ``count`` times in a chat; return the message
        it touched last (as it is now)."""
        await self.wait_for(lambda: len(self._shown.get(chat_key(chat), [])) >= count, timeout,
                            f"{count} new or edited bot message(s) in chat {chat_key(chat)}",
                            chat=chat)
        return self._shown[chat_key(chat)][count - 1]

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


def _short(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={str(v)[:40]!r}" for k, v in params.items())
