"""The local chat: `python -m bot` without a token, driven by a script as its README shows."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.platform.content import Content
from bot.platform.local_chat import MOTHER, STAFF, STAFF_CHAT_ID, LocalChat, parse_delta, render
from bot.platform.settings import Settings


def run_bot(tmp_path: Path, script: str, *args: str,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bot` in an empty directory (no .env), its input piped from `script`."""
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
             **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=script, text=True,  # noqa: S603
                          capture_output=True, cwd=tmp_path, env=clean, timeout=60, check=False)


def test_make_run_without_a_token_is_a_local_chat_a_script_can_drive(
        tmp_path: Path, content: Content) -> None:
    done = run_bot(tmp_path, "/start\n1\n9 weeks\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Checked offline: settings, content (")
    assert lines[1].startswith("No TELEGRAM_BOT_TOKEN: a local chat")
    assert lines[4] == "mother> /start"  # the check and a three-line banner, then the chat
    out = done.stdout
    assert "mother> /start" in out
    assert f"[1] {content.messages['consent_button']}" in out
    assert f"  -> [{content.messages['consent_button']}]" in out
    assert content.question("birth_date").prompt in out
    assert f"[1] {content.messages['signs_none']}" in out  # the answer to "9 weeks" came
    assert "<b>" not in out and "&amp;" not in out  # HTML turned into text
    assert done.stderr == ""
    assert (tmp_path / "data" / "local-chat.db").exists()


def test_local_mode_and_a_wrong_argument(tmp_path: Path) -> None:
    done = run_bot(tmp_path, "/help\n/quit\nnever read\n", "local")
    assert done.returncode == 0, done.stderr
    assert "Local mode" in done.stdout and "/reassess" in done.stdout
    assert "never read" not in done.stdout
    wrong = run_bot(tmp_path, "", "chat")
    assert wrong.returncode == 2 and "usage: python -m bot" in wrong.stderr


async def chat(tmp_path: Path, content: Content, script: str) -> tuple[LocalChat, str]:
    """The local chat in this process, reading `script`; returns it and what it printed."""
    out = io.StringIO()
    local = LocalChat(Settings(_env_file=None), content, data_dir=tmp_path / "data",
                      stdin=io.StringIO(script), stdout=out)
    assert await local.run() == 0
    return local, out.getvalue()


async def test_sides_clock_and_the_staff_chat(tmp_path: Path, content: Content) -> None:
    chest = next(s for s in content.signs_at("emergency") if "chest" in s.label.lower())
    red_flags = [s.id for s in content.signs_at(*content.question("red_flags").levels)]
    script = "\n".join([
        "/start", "7", "1", "3 weeks", "\\400", str(red_flags.index(chest.id) + 2), "99",
        str(len(red_flags) + 2), "/as staff", "/escalations", "/as nobody", "/as user",
        "/clock +1d2h", "/clock soon", ""])
    local, out = await chat(tmp_path, content, script)
    assert "(there is no button 7; the latest buttons are 1 to 1" in out
    assert content.messages["use_buttons"][:20] in out  # "\400" was sent as text, not pressed
    assert f"bot (edit): [1] {content.messages['signs_none']}" in out  # the tick shows
    assert "(there is no button 99" in out
    assert "911" in out  # the emergency answer: the default clinic is American
    assert "[to staff chat] bot: EMERGENCY" in out
    assert "staff> /escalations\nbot: #1 " in out
    assert "(use /as staff or /as user)" in out
    assert "(the bot's clock now says" in out and "(use /clock +1d" in out
    assert local.clock.offset == timedelta(days=1, hours=2)
    assert local.app is None  # stopped at the end of the input


async def test_photos_are_saved_and_their_path_printed(tmp_path: Path, content: Content) -> None:
    out = io.StringIO()
    local = LocalChat(Settings(_env_file=None), content, data_dir=tmp_path / "data",
                      stdin=io.StringIO(""), stdout=out)
    async with local.double as double:
        double.register_chat(MOTHER)
        double.register_chat(double.group(STAFF_CHAT_ID))
        double.watch(local._show)
        async with Bot(double.token, base_url=double.base_url) as bot:
            await bot.send_photo(MOTHER.id, b"\x89PNG chart", caption="<b>Your week</b>",
                                 parse_mode="HTML")
            await bot.send_document(STAFF_CHAT_ID, b"a,b\n", filename="export.csv")
            await bot.send_message(MOTHER.id, "Book", reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Book online", url="https://apex.example/book")]]))
            await local._press(double.last_message(MOTHER), 1)
            await bot.send_message(STAFF_CHAT_ID, "Alert", reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("I'll call her", callback_data="x")]]))
            assert local._latest_with_buttons().text == "Book"  # hers: the staff chat's is not
            local.me = STAFF
            double.register_chat(STAFF)
            assert local._latest_with_buttons().text == "Alert"  # staff press the staff chat's
    printed = out.getvalue()
    saved = sorted((tmp_path / "data" / "local-chat").iterdir())
    assert [p.read_bytes() for p in saved] == [b"a,b\n", b"\x89PNG chart"]
    assert f"bot: (photo saved to {saved[1]})\n     Your week" in printed
    assert f"[to staff chat] bot: (document saved to {saved[0]})" in printed
    assert "(that button opens https://apex.example/book)" in printed


async def test_the_clock_brings_the_next_nudge(tmp_path: Path, content: Content) -> None:
    answers = ["1", "1", "2", "1", "1", "2", "1", "1"]  # none, vaginal, no tear, ..., mood good
    local, out = await chat(tmp_path, content,
                            "\n".join(["/start", "1", "1 weeks", *answers, "/clock 07:30", ""]))
    assert content.phase(1).title in out
    after = out.split("/clock 07:30\n", 1)[1]
    assert after.startswith("(the bot's clock now says ") and " 07:30 " in after
    assert "\nbot: " in after, "a nudge arrives at the new time"
    assert local.clock().astimezone(ZoneInfo(local.settings.default_timezone)).hour == 7


def test_render_and_parse_delta() -> None:
    entities = [{"type": "bold", "offset": 0, "length": 2},
                {"type": "text_link", "offset": 6, "length": 4, "url": "https://x.y"},
                {"type": "text_link", "offset": 11, "length": 3, "url": "tg://user?id=1"}]
    text = "💪 ok book Sam"  # the emoji is two UTF-16 units
    assert render(text, entities) == "💪 ok book (https://x.y) Sam"
    assert render(text, entities, color=True).startswith("\033[1m💪\033[0m ok")
    assert parse_delta("+1d") == timedelta(days=1)
    assert parse_delta("2h30m") == timedelta(hours=2, minutes=30)
    assert parse_delta("+1w") is None and parse_delta("soon") is None


async def test_the_stdin_reader_never_blocks_the_loop(tmp_path: Path, content: Content) -> None:
    """A script with no end (a pipe kept open) still gets answers as each line arrives."""
    read_end, write_end = os.pipe()
    out = io.StringIO()
    with os.fdopen(read_end) as stdin, os.fdopen(write_end, "w") as feed:
        local = LocalChat(Settings(_env_file=None), content, data_dir=tmp_path / "data",
                          stdin=stdin, stdout=out)
        running = asyncio.create_task(local.run())
        feed.write("/start\n")
        feed.flush()
        await local.double.wait_for(lambda: local.double.messages(MOTHER), timeout=20)
        assert content.messages["consent_button"] in out.getvalue()
        feed.write("/quit\n")
        feed.flush()
        assert await asyncio.wait_for(running, 20) == 0
