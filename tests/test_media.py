"""Pictures of the moves: an exercise's picture or video (a file under content/media/ or an
https:// URL) follows her plan the first time the move appears in it, uploaded once and sent by
Telegram's file_id after that. Broken media stops the start naming it; a picture Telegram
refuses never costs her the words. Through the double, on both databases, the clock moved."""

from __future__ import annotations

import shutil
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.journey import privacy
from bot.platform import context as context_module
from bot.platform.content import (
    CONTENT_DIR,
    FILES,
    Content,
    ContentError,
    Library,
    load_content,
    load_library,
)
from bot.storage.models import Delivery
from telegram_double import Upload
from tests.harness import Harness, seed_mum

THURSDAY = datetime(2026, 11, 26, tzinfo=UTC)
VIDEO_URL = "https://media.apex.example/moves/step-ups.mp4"
# Phase 2's sessions come on her training days: every day here, so each tick brings moves.
EVERY_DAY = "0,1,2,3,4,5,6"


def png(seed: int) -> bytes:
    """A real 1x1 PNG, a different colour per seed: enough for Telegram's checks."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    pixel = zlib.compress(bytes([0, seed % 256, 80, 120]))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixel) + chunk(b"IEND", b""))


def copy_content(directory: Path) -> Path:
    directory.mkdir(parents=True)
    for name in (*FILES, "locales.toml"):
        shutil.copy(CONTENT_DIR / name, directory / name)
    shutil.copytree(CONTENT_DIR / "locales", directory / "locales")
    return directory


def give_media(directory: Path, media: dict[str, str]) -> None:
    """Add `media = "..."` to these exercises in phases.toml, as the clinic would."""
    path = directory / "phases.toml"
    text = path.read_text(encoding="utf-8")
    for exercise_id, source in media.items():
        line = f'id = "{exercise_id}"\n'
        assert line in text, exercise_id
        text = text.replace(line, f'{line}media = "{source}"\n')
    path.write_text(text, encoding="utf-8")


# --- start-up: broken media stops the start, naming the exercise and the file ----------------

def _error(directory: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_library(directory, "en-US")
    return str(caught.value)


def test_a_missing_media_file_stops_the_start_naming_it_and_the_exercise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    content = copy_content(tmp_path / "content")
    give_media(content, {"squats": "squats.jpg"})
    assert _error(content) == ("content/phases.toml: exercise 'squats': media file "
                               "content/media/squats.jpg is missing")
    # What the clinic sees when it runs the bot: one line, and no start.
    from bot import __main__ as entry

    monkeypatch.setattr(entry, "load_content",
                        lambda clinic_locale: load_content(content, clinic_locale))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert entry.main([]) == 2
    assert capsys.readouterr().err.strip() == (
        "Cannot start: content/phases.toml: exercise 'squats': media file "
        "content/media/squats.jpg is missing")


@pytest.mark.parametrize(("source", "problem"), [
    ("http://media.apex.example/squats.jpg", "is not an https:// URL"),
    ("ftp://media.apex.example/squats.jpg", "is not an https:// URL"),
    ("https:/squats.jpg", "is not an https:// URL"),
    ("https://media.apex.example/squats", "must end in one of .jpg, .jpeg, .png, .mp4"),
    ("squats.gif", "must end in one of .jpg, .jpeg, .png, .mp4"),
    ("../secrets/squats.png", "must be a file name under content/media/"),
    ("/etc/squats.png", "must be a file name under content/media/"),
    ("empty.png", "content/media/empty.png is empty"),
    ("huge.png", "content/media/huge.png is 10.5 MB; Telegram takes a photo of at most 10 MB"),
])
def test_bad_media_is_named_with_its_exercise(tmp_path: Path, source: str, problem: str) -> None:
    content = copy_content(tmp_path / "content")
    (content / "media").mkdir()
    (content / "media" / "empty.png").write_bytes(b"")
    with (content / "media" / "huge.png").open("wb") as big:
        big.truncate(int(10.5 * 1024 * 1024))
    give_media(content, {"hip-bridges": source})
    error = _error(content)
    assert error.startswith("content/phases.toml: exercise 'hip-bridges': "), error
    assert problem in error


def test_good_media_loads_with_its_kind(tmp_path: Path) -> None:
    from bot.platform.content import media_kind

    content = copy_content(tmp_path / "content")
    (content / "media" / "phase2").mkdir(parents=True)
    (content / "media" / "phase2" / "squats.png").write_bytes(png(1))
    give_media(content, {"squats": "phase2/squats.png", "step-ups": VIDEO_URL})
    library = load_library(content, "en-US")
    exercises = {e.id: e for p in library.clinic.phases for e in p.exercises}
    assert exercises["squats"].media == "phase2/squats.png"
    assert library.media_dir == content / "media"
    assert [media_kind(exercises[i].media or "") for i in ("squats", "step-ups")] == \
        ["photo", "video"]
    # Every language reads the same media: the structure is one.
    assert {c.phase(2).exercises[0].media for c in library.contents.values()} == \
        {"phase2/squats.png"}


def test_the_shipped_content_has_no_media_and_says_how_to_add_it() -> None:
    content = load_content()
    assert all(e.media is None for p in content.phases for e in p.exercises)
    readme = (CONTENT_DIR / "media" / "README.md").read_text(encoding="utf-8")
    for needed in ("media = ", ".jpg", ".png", ".mp4", "10 MB", "50 MB", "https://"):
        assert needed in readme, needed


# --- journeys: the pictures follow her words ------------------------------------------------

PHASE2_MEDIA = {"squats": "squats.png", "sumo-deadlifts": "sumo-deadlifts.jpg",
                "hip-bridges": "hip-bridges.png", "step-ups": VIDEO_URL}


@pytest.fixture
def media_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """The shipped content with a picture for each move of phase 2 (one a video by URL); the
    bot under test reads it instead of content/."""
    content = copy_content(tmp_path / "content-with-media")
    (content / "media").mkdir()
    for n, source in enumerate(PHASE2_MEDIA.values(), 1):
        if not source.startswith("https://"):
            (content / "media" / source).write_bytes(png(n))
    give_media(content, PHASE2_MEDIA)
    library = load_library(content, "en-GB")
    monkeypatch.setattr(context_module, "library", lambda clinic_locale: library)
    return library


@pytest.fixture
def content(media_library: Library) -> Content:
    return media_library.clinic


def media_calls(h: Harness, user_id: int, since: int = 0) -> list[tuple[str, dict[str, Any]]]:
    return [(method, params) for method, params in h.double.calls[since:]
            if method in ("sendPhoto", "sendVideo") and params.get("chat_id") == user_id]


def calls_to(h: Harness, user_id: int, since: int = 0) -> list[str]:
    return [method for method, params in h.double.calls[since:]
            if method.startswith("send") and params.get("chat_id") == user_id]


def moves_in(h: Harness, text: str) -> list[str]:
    """The phase-2 moves a prompt lists, in its order."""
    moves = [e for e in h.content.phase(2).exercises if f"<b>{e.name}</b>" in text]
    return [e.name for e in sorted(moves, key=lambda e: text.index(f"<b>{e.name}</b>"))]


def caption(params: dict[str, Any]) -> str:
    return params["caption"]


async def prompt(h: Harness, user_id: int) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """Run the tick at her next nudge: the prompt's words, and the pictures sent after them."""
    user = await h.store.get_user(user_id)
    before = len(h.double.calls)
    await h.tick_at(user.next_nudge_at)
    sends = calls_to(h, user_id, before)
    assert sends and sends[0] == "sendMessage", "her words come first"
    words = next(p["text"] for m, p in h.double.calls[before:]
                 if m == "sendMessage" and p.get("chat_id") == user_id)
    return words, media_calls(h, user_id, before)


async def test_the_first_prompt_uploads_the_pictures_and_later_ones_reuse_telegrams_file_ids(
        harness: Harness) -> None:
    harness.clock.now = THURSDAY
    await seed_mum(harness, 1, phase=2, at="07:30", run_days=EVERY_DAY)
    await seed_mum(harness, 2, phase=2, at="08:00", run_days=EVERY_DAY, name="Bea")

    words, pictures = await prompt(harness, 1)
    moves = moves_in(harness, words)
    assert len(moves) == 4, "a phase-2 session: all four moves"
    assert [caption(p) for _, p in pictures] == moves, "each move of the day, named, in order"
    first_ids: dict[str, str] = {}
    for method, params in pictures:
        field = "video" if method == "sendVideo" else "photo"
        sent = params[field]
        if field == "photo":
            assert isinstance(sent, Upload) and sent.data.startswith(b"\x89PNG"), "uploaded"
        else:
            assert sent == VIDEO_URL, "a video by URL: Telegram fetches it"
    for stored in harness.double.files(1):
        first_ids[stored.file_name or ""] = stored.file_id
    assert len(first_ids) == 4  # three photos uploaded, one video Telegram fetched

    # Bea, the same morning, the same moves: no upload, Telegram's file_ids.
    words_b, pictures_b = await prompt(harness, 2)
    assert moves_in(harness, words_b) == moves
    for method, params in pictures_b:
        sent = params["video" if method == "sendVideo" else "photo"]
        assert isinstance(sent, str) and sent in first_ids.values(), (method, sent)
    assert [f.file_id for f in harness.double.files(2)] == \
        [f.file_id for f in harness.double.files(1)]

    # Anna, every day of the week after: her words, and no picture she has already been shown.
    shown = [caption(p) for _, p in pictures]
    for _ in range(7):
        words, pictures = await prompt(harness, 1)
        assert moves_in(harness, words)
        shown += [caption(p) for _, p in pictures]
    assert sorted(shown) == sorted(e.name for e in harness.content.phase(2).exercises)
    uploads = [p for m, p in media_calls(harness, 1) + media_calls(harness, 2)
               if isinstance(p.get("photo"), Upload)]
    assert len(uploads) == 3, "each photo uploaded once, whoever it went to"


async def test_today_shows_the_pictures_first_time_then_only_words(harness: Harness) -> None:
    harness.clock.now = THURSDAY.replace(hour=9)
    mum = await seed_mum(harness, 1, phase=2, at="19:00", run_days=EVERY_DAY)
    before = len(harness.double.calls)
    seen = await harness.say(mum, "/today")
    sends = calls_to(harness, 1, before)
    assert sends[0] == "sendMessage" and len(sends) == 5  # her words, then four moves
    assert [caption(p) for _, p in media_calls(harness, 1, before)] == moves_in(harness, seen.text)
    before = len(harness.double.calls)
    await harness.say(mum, "/today")
    assert calls_to(harness, 1, before) == ["sendMessage"], "shown once: words only now"
    words, pictures = await prompt(harness, 1)  # the evening prompt, the same moves
    assert pictures == [] and moves_in(harness, words)


async def test_a_refused_picture_never_stops_her_words(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    await seed_mum(harness, 1, phase=2, at="07:30", run_days=EVERY_DAY)
    harness.double.fail("sendPhoto", description="Bad Request: IMAGE_PROCESS_FAILED", times=1)
    words, pictures = await prompt(harness, 1)
    moves = moves_in(harness, words)
    [plan] = [m for m in harness.double.messages(1) if m.buttons]
    assert all(move in (plan.text or "") for move in moves), "her plan arrived whole"
    assert len(plan.buttons) == 3, "with Done, Skip and the third button"
    refused = next(caption(p) for m, p in pictures if m == "sendPhoto")

    def delivered() -> list[str]:
        return [m.data["caption"] for m in harness.double.messages(1) if "caption" in m.data]

    assert refused not in delivered() and sorted([*delivered(), refused]) == sorted(moves), \
        "the other pictures still went"
    async with harness.store.session() as s:
        [delivery] = (await s.exec(select(Delivery).where(Delivery.user_id == 1))).all()
    assert delivery.status == "sent", "the prompt counts as sent"
    for _ in range(3):  # tried again the next time its move appears
        await prompt(harness, 1)
    assert refused in delivered()
    assert len(delivered()) == len(set(delivered())), "no picture twice"


async def test_a_file_id_telegram_forgot_is_uploaded_again(harness: Harness) -> None:
    harness.clock.now = THURSDAY
    await seed_mum(harness, 1, phase=2, at="07:30", run_days=EVERY_DAY)
    await seed_mum(harness, 2, phase=2, at="08:00", run_days=EVERY_DAY, name="Bea")
    await prompt(harness, 1)
    harness.double.fail("sendPhoto", description="Bad Request: wrong file identifier/HTTP URL "
                                                 "specified", times=1)
    words, pictures = await prompt(harness, 2)
    photos = [p["photo"] for m, p in pictures if m == "sendPhoto"]
    assert isinstance(photos[0], str) and isinstance(photos[1], Upload), \
        "the forgotten file_id, then the file uploaded once more"
    delivered = [m.data["caption"] for m in harness.double.messages(2) if "caption" in m.data]
    assert delivered == moves_in(harness, words), "every picture reached her"


async def test_her_pictures_shown_are_exported_and_deleted_with_the_rest(
        harness: Harness) -> None:
    harness.clock.now = THURSDAY
    await seed_mum(harness, 1, phase=2, at="07:30", run_days=EVERY_DAY)
    await prompt(harness, 1)
    found = await privacy.collect(harness.store, 1)
    assert len(found["media_shown"]) == 4
    assert {row["exercise_id"] for row in found["media_shown"]} <= set(PHASE2_MEDIA)
    erased = await privacy.erase(harness.store, 1)
    assert erased.deleted["media_shown"] == 4
    assert not (await privacy.collect(harness.store, 1))["media_shown"]
    # The file_ids are the clinic's, not hers: they stay, and the next mother reuses them.
    await seed_mum(harness, 2, phase=2, at="08:00", run_days=EVERY_DAY, name="Bea")
    harness.clock.now = THURSDAY + timedelta(hours=1)
    _, pictures = await prompt(harness, 2)
    assert pictures and all(isinstance(p.get("photo", p.get("video")), str) for _, p in pictures)
