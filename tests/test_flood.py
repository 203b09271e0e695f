"""The per-user flood guard: the token bucket in a table, then through the real Application."""

from __future__ import annotations

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.platform.app import FLOOD_GUARD
from bot.platform.context import deps_of
from bot.platform.flood import BURST, RATE, FloodGuard, flood_guard, guard_of
from tests.harness import Harness
from tests.words import suite_content

# What she reads when the guard steps in: the catalogue's words (the suite's UK English).
WARNING = suite_content().messages["flood_warning"]

# --- FloodGuard, pure --------------------------------------------------------------------

# (user, seconds, verdict), in order, against one guard with the default 5 burst, 1 a second.
TABLE = {
    "a burst: five, one warning, then silence": [
        *[(1, 0.0, "ok")] * 5, (1, 0.0, "warn"), (1, 0.0, "drop"), (1, 0.1, "drop")],
    "one a second is never limited": [(1, float(t), "ok") for t in range(30)],
    "two a second: the bucket runs dry after nine": [
        *[(1, t / 2, "ok") for t in range(9)], (1, 4.5, "warn"), (1, 5.0, "drop")],
    "a refill is spent as it comes": [
        *[(1, 0.0, "ok")] * 5, (1, 1.0, "ok"), (1, 1.0, "warn")],
    "ignored until the bucket is full again": [
        *[(1, 0.0, "ok")] * 5, (1, 0.0, "warn"),
        (1, 1.0, "drop"), (1, 2.0, "drop"), (1, 3.0, "drop"), (1, 4.9, "drop"),
        (1, 5.0, "ok"), (1, 5.0, "ok")],
    "another user is unaffected": [
        *[(1, 0.0, "ok")] * 5, (1, 0.0, "warn"), (2, 0.0, "ok"), (1, 0.0, "drop"), (2, 0.0, "ok")],
    "warned again only after a fresh burst": [
        *[(1, 0.0, "ok")] * 5, (1, 0.0, "warn"), (1, 10.0, "ok"), *[(1, 10.0, "ok")] * 4,
        (1, 10.0, "warn"), (1, 10.0, "drop")],
    "a clock set back refills nothing, then counts on from there": [
        *[(1, 100.0, "ok")] * 5, (1, 50.0, "warn"), (1, 51.0, "drop"), (1, 55.0, "ok")],
}


@pytest.mark.parametrize("rows", TABLE.values(), ids=TABLE.keys())
def test_flood_guard_table(rows: list[tuple[int, float, str]]) -> None:
    guard = FloodGuard(rate=RATE, burst=BURST)
    assert [guard.allow(user, now) for user, now, _ in rows] == [verdict for *_, verdict in rows]


def test_defaults_are_five_at_once_and_one_a_second() -> None:
    assert (BURST, RATE) == (5, 1.0)


def test_idle_users_are_forgotten_and_forgetting_changes_nothing() -> None:
    guard = FloodGuard(rate=1, burst=5)
    for user in range(1000):
        guard.allow(user, 0.0)
    assert len(guard) == 1000
    assert guard.allow(5000, 4.9) == "ok" and len(guard) == 1001  # nobody is full again yet
    assert guard.allow(5001, 5.0) == "ok"
    assert len(guard) == 2, "those idle for a full refill are gone"
    assert [guard.allow(7, 5.0) for _ in range(6)] == ["ok"] * 5 + ["warn"], "a fresh bucket"


def test_memory_is_capped_least_recently_seen_first() -> None:
    guard = FloodGuard(rate=1, burst=5, max_users=3)
    for user in (1, 2, 3, 1, 4):
        guard.allow(user, 0.0)
    assert len(guard) == 3
    assert [guard.allow(1, 0.0) for _ in range(4)] == ["ok", "ok", "ok", "warn"], "1 is kept"


def test_the_clock_is_used_when_no_time_is_given() -> None:
    now = [0.0]
    guard = FloodGuard(rate=1, burst=2, clock=lambda: now[0])
    assert [guard.allow(1) for _ in range(3)] == ["ok", "ok", "warn"]
    now[0] = 2.0
    assert guard.allow(1) == "ok"


@pytest.mark.parametrize(("rate", "burst", "max_users"), [(0, 5, 10), (1, 0, 10), (1, 5, 0)])
def test_nonsense_settings_are_refused(rate: float, burst: int, max_users: int) -> None:
    with pytest.raises(ValueError, match="rate"):
        FloodGuard(rate=rate, burst=burst, max_users=max_users)


# --- through the Application -------------------------------------------------------------

pytest_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _guarded(h: Harness) -> None:
    h.app.add_handler(TypeHandler(Update, flood_guard), group=FLOOD_GUARD)


def _sent(h: Harness, chat_id: int, since: int = 0) -> list[str]:
    return [p["text"] for m, p in h.double.calls[since:]
            if m == "sendMessage" and p.get("chat_id") == chat_id]


@pytest_sqlite
async def test_twenty_messages_in_one_burst_get_a_budget_of_replies_and_one_warning(
        harness: Harness) -> None:
    _guarded(harness)
    anna, bea = harness.double.user(1001, "Anna"), harness.double.user(1002, "Bea")
    help_text = deps_of(harness.app).texts.msg("not_understood")
    for n in range(20):  # all queued before the bot reads any: one burst
        harness.double.send_text(anna, f"hello {n}")
        if n % 7 == 0:
            harness.double.send_text(bea, "hi")
    await harness.settle()
    to_anna = _sent(harness, anna.id)
    assert to_anna.count(WARNING) == 1
    assert to_anna == [help_text] * BURST + [WARNING], "her replies stay within the bucket"
    assert _sent(harness, bea.id) == [help_text] * 3, "Bea, in the same burst, is unaffected"
    assert len(harness.double.updates) == 23


@pytest_sqlite
async def test_a_burst_spread_over_two_seconds_stays_within_a_second_s_budget(
        harness: Harness) -> None:
    _guarded(harness)
    anna = harness.double.user(1001, "Anna")
    started = harness.clock()
    for _ in range(20):
        await harness.say(anna, "hello")
        harness.clock.advance(seconds=0.1)
    elapsed = (harness.clock() - started).total_seconds()
    replies = [t for t in _sent(harness, anna.id) if t != WARNING]
    assert _sent(harness, anna.id).count(WARNING) == 1
    assert len(replies) <= BURST + RATE * elapsed
    assert len(replies) == BURST, "muted until her bucket is full again"
    harness.clock.advance(seconds=BURST / RATE)
    seen = await harness.say(anna, "hello again")
    assert seen.texts == [deps_of(harness.app).texts.msg("not_understood")], "answered once she slows down"


@pytest_sqlite
async def test_presses_over_the_limit_are_answered_without_text(harness: Harness) -> None:
    _guarded(harness)
    anna = harness.double.user(1001, "Anna")
    await harness.say(anna, "/help")  # a message to press on (1 of 5)
    message = harness.double.last_message(anna.id)
    for _ in range(BURST - 1):
        harness.double.press(anna, message, "zz")
    await harness.settle()
    answers = harness.double.calls_to("answerCallbackQuery")
    stale = harness.content.messages["stale_button"]
    assert [a.get("text") for a in answers] == [stale] * (BURST - 1)
    calls = len(harness.double.calls)
    for _ in range(3):
        harness.double.press(anna, message, "zz")
    await harness.settle()
    over = [p for m, p in harness.double.calls[calls:] if m == "answerCallbackQuery"]
    assert len(over) == 3 and all(not a.get("text") for a in over), "the spinner stops, no text"
    assert _sent(harness, anna.id, calls) == [WARNING], "the first press over the limit warns"
    assert not harness.double.errors


@pytest_sqlite
async def test_a_flood_in_a_group_is_dropped_without_a_warning_there(harness: Harness) -> None:
    _guarded(harness)
    anna = harness.double.user(1001, "Anna")
    group = harness.double.group(-555, "Mums' running club")
    for _ in range(8):
        harness.double.send_group_text(anna, group, "/start")
    await harness.settle()
    pointers = harness.double.messages(group.id)
    assert len(pointers) == BURST and all(WARNING not in (m.text or "") for m in pointers)


@pytest_sqlite
@pytest.mark.parametrize("settings_overrides", [{"clinic_locale": "en-US"}])  # offers Spanish
async def test_the_guard_reads_the_bot_s_clock_and_warns_in_her_language(
        harness: Harness) -> None:
    guard = guard_of(harness.app)
    assert guard is guard_of(harness.app), "one guard per Application"
    assert guard.clock() == harness.clock().timestamp()
    harness.clock.advance(seconds=3)
    assert guard.clock() == harness.clock().timestamp()
    # The warning is in her language: the catalogue's words, not the code's.
    _guarded(harness)
    ana = harness.double.user(1001, "Ana", language_code="es")
    for _ in range(BURST + 1):
        harness.double.send_text(ana, "hola")
    await harness.settle()
    worded = deps_of(harness.app).texts_in("es").msg("flood_warning")
    assert _sent(harness, ana.id)[-1] == worded != WARNING
