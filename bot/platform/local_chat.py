"""The local chat: try the bot in a terminal, without Telegram, a token or a phone.

`python -m bot local` (and `python -m bot` when no TELEGRAM_BOT_TOKEN is set) starts the loopback
Bot API double, the real bot pointed at it (build_application, the Store and its migrations, on
SQLite under ./data) and this chat. Each line typed is a message from a local mother; the bot's
messages are printed as plain text with their inline buttons numbered, and typing a number
presses a button on the latest message that has buttons. Local commands:

    /as staff, /as user   switch sides (staff is a Telegram id added to STAFF_IDS for this run;
                          as staff, a number also presses buttons in the staff chat)
    /clock +1d, +2h, +30m move the bot's clock forward, then run the minute job at the new time
    /clock 07:30          move it forward to the next 07:30 in DEFAULT_TIMEZONE (a nudge time)
    /quit                 leave (so does the end of the input)

Everything else goes to the bot, so it works when the input is piped from a script. Messages
to other chats (the staff chat, the mother while you are staff) are printed too, marked with
the chat's name; photos and documents are saved under ./data/local-chat/.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.platform.app import build_application
from bot.platform.content import Content
from bot.platform.settings import NOT_SET, Settings
from bot.storage.migrate import upgrade
from bot.storage.store import Store

try:
    from telegram_double import BotMessage, TelegramDouble, User
except ImportError as exc:  # the double and aiohttp come with the "double" extra
    raise SystemExit(f"The local chat needs the Bot API double (cannot import"
                     f" {exc.name or 'telegram_double'}): run `make run`, which installs it.") from None

MOTHER = User(1001, "You", "you")
STAFF = User(900001, "Sam", "apex_sam")
STAFF_CHAT_ID = -100900001
EXAMPLES = {"apex_phone": "+1 555 010 0100 (example)", "apex_email": "hello@apex.example",
            "apex_booking_url": "https://apex.example/book",
            "privacy_policy_url": "https://apex.example/privacy"}
SETTLE_TIMEOUT = 60.0
_DELTA = re.compile(r"(\d+)\s*([dhm])")
_STYLES = {"bold": "\033[1m", "italic": "\033[3m", "underline": "\033[4m"}
_RESET = "\033[0m"


class LocalClock:
    """The bot's clock: real time, moved forward by /clock."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


def until_time_of_day(text: str, now: datetime, zone: str) -> timedelta | None:
    """"07:30" -> how long until the next 07:30 in ``zone``; None if it is not a time."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if match is None:
        return None
    local = now.astimezone(ZoneInfo(zone))
    target = local.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    if target <= local:
        target = (target.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=target.tzinfo)
    return target - local


def parse_delta(text: str) -> timedelta | None:
    """"+1d", "+2h", "+30m", "+1d12h" -> a timedelta; None if it is not that."""
    text = text.strip().removeprefix("+").replace(" ", "")
    if not text or _DELTA.sub("", text):
        return None
    units = {"d": "days", "h": "hours", "m": "minutes"}
    return sum((timedelta(**{units[u]: int(n)}) for n, u in _DELTA.findall(text)), timedelta())


def render(text: str, entities: list[dict[str, Any]], color: bool = False) -> str:
    """A message's plain text with its links spelled out and, on a terminal, bold and italic."""
    units = text.encode("utf-16-le")
    marks: list[tuple[int, int, str]] = []  # (UTF-16 offset, closing first, text to insert)
    for entity in entities:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        url = entity.get("url", "")
        if entity["type"] == "text_link" and not url.startswith("tg://"):
            marks.append((end, 0, f" ({url})"))
        elif color and entity["type"] in _STYLES:
            marks += [(start, 1, _STYLES[entity["type"]]), (end, 0, _RESET)]
    out, at = [], 0
    for offset, _, insert in sorted(marks):
        out += [units[at * 2:offset * 2].decode("utf-16-le"), insert]
        at = offset
    out.append(units[at * 2:].decode("utf-16-le"))
    return "".join(out)


class LocalChat:
    def __init__(self, settings: Settings, content: Content, *, data_dir: Path = Path("data"),
                 keep: bool = False, stdin: TextIO | None = None,
                 stdout: TextIO | None = None) -> None:
        self.settings, self.content = settings, content
        self.data_dir, self.keep = data_dir, keep
        self.stdin, self.stdout = stdin or sys.stdin, stdout or sys.stdout
        self.echo = not self.stdin.isatty()  # piped: show what was typed, as a transcript
        self.color = self.stdout.isatty() and "NO_COLOR" not in os.environ
        self.clock = LocalClock()
        self.files_dir = data_dir / "local-chat"
        self.me = MOTHER
        self.double = TelegramDouble(token=f"4242{secrets.randbelow(10**6)}:"
                                           f"{secrets.token_urlsafe(24)}")
        self.app: Application | None = None
        self._seen: dict[tuple[int, int], tuple[str, list[str]]] = {}
        self._order: dict[tuple[int, int], int] = {}  # when each message was sent, in order
        self._names = {MOTHER.id: "mother", STAFF.id: "staff", STAFF_CHAT_ID: "staff chat"}

    # ---------------------------------------------------------------- running
    async def run(self) -> int:
        """Chat until /quit or the end of the input; 0 when it ended cleanly."""
        async with self.double:
            for chat in (MOTHER, STAFF, self.double.group(STAFF_CHAT_ID, "APEX staff")):
                self.double.register_chat(chat)
            await self._start_bot()
            stop_watching = self.double.watch(self._show)
            try:
                await self._converse()
            finally:
                stop_watching()
                await self._stop_bot()
        return 0

    def local_settings(self) -> Settings:
        """The settings for this run: the double, a SQLite file of its own, a local staff."""
        update: dict[str, Any] = {
            "telegram_bot_token": SecretStr(self.double.token),
            "telegram_api_base_url": self.double.base_url,
            "database_url": f"sqlite+aiosqlite:///{self.data_dir / 'local-chat.db'}",
            # Never the real bot's outbox, even on the same machine.
            "outbox_path": self.data_dir / "local-chat-outbox.jsonl",
            "staff_ids": self.settings.staff_ids | {STAFF.id},
            "staff_chat_id": STAFF_CHAT_ID,
            "webhook_url": None,
        }
        if self.echo:  # a script has no reading time; a person keeps both guards
            update.update(flood_guard=False, double_tap_seconds=0)
        for name, value in self.settings:  # what a real run must set gets an example
            if value == NOT_SET:
                update[name] = EXAMPLES.get(name, f"(example {name})")
        return self.settings.model_copy(update=update)

    async def _start_bot(self) -> None:
        database = self.data_dir / "local-chat.db"
        if not self.keep:
            for path in (database, *(database.with_name(database.name + s)
                                     for s in ("-wal", "-shm"))):
                path.unlink(missing_ok=True)
        settings = self.local_settings()
        store = Store.from_url(settings.database_url, settings.database_timeout_seconds)
        await upgrade(store.engine)
        self.app = app = build_application(settings, self.content, store, clock=self.clock)
        if app.updater is None:
            raise RuntimeError("the application was built without an updater")
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10,
                                        allowed_updates=Update.ALL_TYPES)

    async def _stop_bot(self) -> None:
        app, self.app = self.app, None
        if app is None:
            return
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)

    async def _converse(self) -> None:
        lines = self._read_lines()
        self._prompt()
        while (line := await lines.get()) is not None:
            line = line.strip()
            if not line:
                self._prompt()
                continue
            if self.echo:
                self._say(f"{self._names[self.me.id]}> {line}")
            if line == "/quit":
                break
            await self._handle(line)
            self._prompt()

    def _read_lines(self) -> asyncio.Queue[str | None]:
        """Lines from stdin, read in a daemon thread so the loop never blocks (None: the end)."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            # The loop may be gone (after /quit) or stdin closed when a line comes: stop then.
            with contextlib.suppress(RuntimeError, ValueError, OSError):
                for line in iter(self.stdin.readline, ""):
                    loop.call_soon_threadsafe(lines.put_nowait, line)
                loop.call_soon_threadsafe(lines.put_nowait, None)

        threading.Thread(target=read, name="local-chat-stdin", daemon=True).start()
        return lines

    async def _handle(self, line: str) -> None:
        command, _, rest = line.partition(" ")
        if command == "/as":
            self._switch(rest.strip())
        elif command == "/clock":
            await self._move_clock(rest)
        elif line.isdigit() and (message := self._latest_with_buttons()) is not None:
            await self._press(message, int(line))
        else:
            self.double.send_text(self.me, line.removeprefix("\\"))  # \12 sends "12"
            await self._settle()

    # ---------------------------------------------------------------- local commands
    def _switch(self, who: str) -> None:
        if who not in ("staff", "user"):
            self._say("(use /as staff or /as user)")
            return
        self.me = STAFF if who == "staff" else MOTHER
        if who == "staff":
            self._say(f"(you are now staff: {STAFF.first_name}, Telegram id {STAFF.id}, in"
                      " STAFF_IDS for this run; try /escalations)")
        else:
            self._say("(you are the mother again)")

    async def _move_clock(self, text: str) -> None:
        zone = self.settings.default_timezone
        delta = parse_delta(text) if text.strip() else timedelta()
        if delta is None:
            delta = until_time_of_day(text, self.clock(), zone)
        if delta is None:
            self._say("(use /clock +1d, +2h, +30m, +1d12h, or a time of day such as 07:30)")
            return
        self.clock.advance(delta)
        local = self.clock().astimezone(ZoneInfo(zone))
        self._say(f"(the bot's clock now says {local:%a %d %b %Y %H:%M} in {zone})")
        if delta and self.app is not None and self.app.job_queue is not None:
            for job in self.app.job_queue.jobs():  # what the scheduler would run at that time
                await job.run(self.app)
        await self._settle()

    def _latest_with_buttons(self) -> BotMessage | None:
        """Hers, or for staff: the newest in their own chat or the staff chat."""
        chats = [self.me.id] + ([STAFF_CHAT_ID] if self.me is STAFF else [])
        candidates = [m for chat in chats for m in self.double.messages(chat) if m.buttons]
        return max(candidates, key=lambda m: self._order.get((m.chat_id, m.message_id), -1),
                   default=None)

    async def _press(self, message: BotMessage, number: int) -> None:
        buttons = _buttons(message)
        if not 1 <= number <= len(buttons):
            self._say(f"(there is no button {number}; the latest buttons are 1 to"
                      f" {len(buttons)}; to send the number as text, type \\{number})")
            return
        label, data, url = buttons[number - 1]
        if data is None:
            self._say(f"(that button opens {url})" if url else "(that button does nothing here)")
            return
        self._say(f"  -> [{label}]")
        self.double.press(self.me, message, data)
        await self._settle()

    async def _settle(self) -> None:
        """Wait until the bot has taken every update and finished handling it."""
        try:
            await self.double.wait_until_consumed(timeout=SETTLE_TIMEOUT)
            if self.app is not None:  # None only before the bot starts and after it stops
                await asyncio.wait_for(self.app.update_queue.join(), SETTLE_TIMEOUT)
        except TimeoutError:
            self._say("(the bot has not answered yet)")

    # ---------------------------------------------------------------- printing
    def _show(self, event: str, message: BotMessage) -> None:
        """Print what the bot did, as it happens (a double.watch callback)."""
        key = (message.chat_id, message.message_id)
        text = render(message.data.get("text") or message.data.get("caption") or "",
                      message.data.get("entities") or message.data.get("caption_entities")
                      or [], self.color)
        buttons = [label for label, _, _ in _buttons(message)]
        before = self._seen.get(key)
        self._seen[key] = (text, buttons)
        self._order.setdefault(key, len(self._order))
        if event == "deleted":
            return
        lines: list[str] = []
        if event == "sent":
            lines += self._save_files(message)
            lines += text.splitlines() or [""]
        elif before is not None and text != before[0]:
            added = text.removeprefix(before[0]).strip() if text.startswith(before[0]) else ""
            lines += (added or text).splitlines()
        if buttons and (event == "sent" or before is None or buttons != before[1]):
            lines += [f"[{n}] {label}" for n, label in enumerate(buttons, 1)]
        if not lines:
            return
        where = "" if message.chat_id == self.me.id else \
            f"[to {self._names.get(message.chat_id, message.chat_id)}] "
        head = f"{where}bot{' (edit)' if event == 'edited' else ''}: "
        self._say(head + lines[0] + "".join(f"\n{' ' * 5}{line}".rstrip() for line in lines[1:]))

    def _save_files(self, message: BotMessage) -> list[str]:
        data = message.data
        sent = data.get("document") or data.get("video") or (data.get("photo") or [None])[-1]
        stored = self.double.file(sent["file_id"]) if sent else None
        if stored is None:
            return []
        if stored.data is None:
            return [f"({stored.kind}: {stored.file_name})"]
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = f"{message.chat_id}-{message.message_id}-{stored.kind}{_suffix(stored.data, stored.file_name)}"
        path = self.files_dir / name
        path.write_bytes(stored.data)
        return [f"({stored.kind} saved to {path})"]

    def _say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def _prompt(self) -> None:
        if not self.echo:
            print(f"{self._names[self.me.id]}> ", end="", file=self.stdout, flush=True)


def _suffix(data: bytes, file_name: str | None) -> str:
    """A file name ending that opens the file: from its first bytes, else from its name."""
    for magic, suffix in ((b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"GIF8", ".gif"),
                          (b"%PDF", ".pdf")):
        if data.startswith(magic):
            return suffix
    suffix = Path(file_name or "").suffix
    return suffix if suffix and suffix != ".octet-stream" else ".bin"


def _buttons(message: BotMessage) -> list[tuple[str, str | None, str | None]]:
    rows = (message.data.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data"), b.get("url")) for row in rows for b in row]


def run_local_chat(settings: Settings, content: Content, *, keep: bool = False,
                   data_dir: Path = Path("data")) -> int:
    chat = LocalChat(settings, content, data_dir=data_dir, keep=keep)
    try:
        return asyncio.run(chat.run())
    except KeyboardInterrupt:
        with contextlib.suppress(Exception):
            print(file=chat.stdout)
        return 0
