"""Pictures of the moves: the picture or short video an exercise may carry in content (a file
under content/media/ or an https:// URL), sent after the words of her plan the first time the
move appears in it, once per mother.

Each picture is uploaded once: Telegram's file_id is kept (table media_file, keyed by the
`media` of content) and every later send, to any mother, reuses it. A file replaced under the
same name is uploaded again (its digest changed); a file_id Telegram no longer knows is
forgotten and the file uploaded again. Nothing here can stop her plan: the words have gone
before, and a picture Telegram refuses is logged (with its file name, never anything about
her) and tried again the next time the move appears.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from telegram import Bot, InputFile, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.platform.content import Exercise, MediaKind, is_media_url, media_kind
from bot.platform.context import Deps
from bot.storage.media_store import MediaStore

log = logging.getLogger(__name__)

Outcome = Literal["sent", "refused", "stop"]


async def send_exercise_media(bot: Bot, deps: Deps, chat_id: int,
                              exercise_ids: Sequence[str]) -> int:
    """Send her the picture of each of these moves that has one and that she has not been
    sent yet, captioned with the move's name in her language. Never raises. Returns how many
    were sent."""
    content = deps.texts.content
    moves = {e.id: e for phase in content.phases for e in phase.exercises}
    wanted = [moves[i] for i in dict.fromkeys(exercise_ids) if i in moves and moves[i].media]
    if not wanted:  # content without pictures costs no database call
        return 0
    sent = 0
    try:
        store = MediaStore(deps.store)
        seen = await store.shown(chat_id, [e.id for e in wanted])
        for exercise in wanted:
            if exercise.id in seen:
                continue
            outcome = await _send_one(bot, deps, store, chat_id, exercise)
            if outcome == "stop":
                break
            if outcome == "sent":
                sent += 1
                await store.mark_shown(chat_id, exercise.id, deps.clock())
    except Exception as exc:  # noqa: BLE001  (a picture never costs her the plan)
        log.warning("the pictures of the moves were not sent: %s", type(exc).__name__)
    return sent


async def _send_one(bot: Bot, deps: Deps, store: MediaStore, chat_id: int,
                    exercise: Exercise) -> Outcome:
    source = exercise.media
    if source is None:
        return "refused"
    kind = media_kind(source)
    path = None if is_media_url(source) else deps.library.media_dir / source
    digest = _url_digest(source) if path is None else await asyncio.to_thread(_file_digest, path)
    known = await store.file_id(source, digest)
    caption = html.escape(exercise.name)
    for file_id in ((known, None) if known else (None,)):
        payload: str | InputFile = file_id or source
        if file_id is None and path is not None:  # read off the event loop: a video is big
            payload = InputFile(await asyncio.to_thread(path.read_bytes), filename=path.name)
        try:
            message = await _send(bot, kind, chat_id, payload, caption)
        except BadRequest as exc:
            if file_id is not None:  # Telegram no longer knows it: upload the file again
                await store.forget(source)
                continue
            log.warning("Telegram refused the %s %s: %s", kind, _shown(source), exc.message)
            return "refused"
        except Forbidden:
            return "stop"  # she blocked the bot since her plan went out
        except TelegramError as exc:  # a timeout (it may have arrived), a flood, a network fault
            log.warning("the %s %s was not sent: %s", kind, _shown(source), type(exc).__name__)
            return "stop"
        new_id = _file_id(message, kind)
        if new_id and new_id != file_id:
            await store.remember(source, digest, kind, new_id, deps.clock())
        return "sent"
    return "refused"


async def _send(bot: Bot, kind: MediaKind, chat_id: int, payload: str | InputFile,
                caption: str) -> Message:
    if kind == "video":
        return await bot.send_video(chat_id, video=payload, caption=caption,
                                    supports_streaming=True)
    return await bot.send_photo(chat_id, photo=payload, caption=caption)


def _file_id(message: Message, kind: MediaKind) -> str | None:
    if kind == "video":
        return message.video.file_id if message.video else None
    return message.photo[-1].file_id if message.photo else None


def _shown(source: str) -> str:
    return source if is_media_url(source) else f"content/media/{source}"


def _url_digest(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    stat = path.stat()
    return _digest_of(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _digest_of(path: Path, mtime_ns: int, size: int) -> str:
    """A file's sha256, read once per version of it (its time and size are part of the key)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
