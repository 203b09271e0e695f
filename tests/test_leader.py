"""Two real `python -m bot` processes on one database: one leads, the other waits, and takes over
within seconds of the leader's `kill -9` (bot/platform/leader.py). On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

from bot.platform.leader import POLL_SECONDS
from telegram_double import TelegramDouble

TAKEOVER_LIMIT = 15.0  # seconds from the leader's death to the standby polling


def _url(database_url: str, tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'apex.db'}" if database_url == "sqlite" \
        else database_url


async def _one_reply(double: TelegramDouble, user_id: int) -> list[str]:
    """/help from a mother; the bot's replies to her once it has answered."""
    mum = double.user(user_id, "Anna")
    before = len(double.messages(user_id))
    double.send_text(mum, "/help")
    await double.wait_for(lambda: len(double.messages(user_id)) > before or None, 10,
                          "a reply to /help")
    await double.wait_until_consumed()
    return [m.text or "" for m in double.messages(user_id)[before:]]


async def test_a_standby_waits_then_takes_over_within_seconds_of_a_kill_9(
        launch, double: TelegramDouble, database_url: str, tmp_path: Path) -> None:
    url = _url(database_url, tmp_path)
    leader = await launch(url, workdir=tmp_path / "a")
    standby = await launch(url, wait=False, workdir=tmp_path / "b")
    await standby.wait_for_log("standby: another process is the leader")
    assert len(await _one_reply(double, 1001)) == 1, "one answer, from the leader alone"
    assert "Conflict" not in leader.log() + standby.log()
    assert "Application started" not in standby.log()

    mark = len(double.calls)
    await leader.kill()
    began = time.monotonic()
    await double.wait_for_call("getUpdates", timeout=TAKEOVER_LIMIT + 30, since=mark)
    took = time.monotonic() - began
    print(f"takeover after kill -9: {took:.1f} s ({database_url})")
    assert took <= TAKEOVER_LIMIT
    assert "leader: this process handles updates and jobs" in standby.log()
    assert len(await _one_reply(double, 1002)) == 1


async def test_two_first_starts_at_once_migrate_once_and_one_leads(
        launch, double: TelegramDouble, database_url: str, tmp_path: Path) -> None:
    url = _url(database_url, tmp_path)
    first = await launch(url, wait=False, workdir=tmp_path / "a")
    second = await launch(url, wait=False, workdir=tmp_path / "b")
    await double.wait_for_call("getUpdates", timeout=60)
    leaders = [p for p in (first, second) if "leader: this process" in p.log()]
    assert len(leaders) == 1, "exactly one leads"
    other = second if leaders[0] is first else first
    await other.wait_for_log("standby: another process", timeout=3 * POLL_SECONDS)
    assert all(p.running for p in (first, second)), "neither failed its migration"
    assert "Traceback" not in first.log() + second.log()
    assert len(await _one_reply(double, 1003)) == 1
