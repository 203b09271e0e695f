"""Webhook mode, end to end: `python -m bot` with WEBHOOK_URL set (tests/process_kit.py), its real
webhook server on loopback, real HTTP requests to it, no mock of the server.

It serves the path of WEBHOOK_URL and no other, listens on 127.0.0.1 unless told otherwise,
requires Telegram's secret header, refuses a body over 1 MiB before buffering it, and never logs
the content of an update it cannot read. A WEBHOOK_URL without a path stops the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.platform.logs import configure_logging
from bot.platform.runner import WEBHOOK_MAX_BODY_BYTES
from bot.platform.settings import SettingsError, load_settings
from telegram_double import TelegramDouble
from tests.process_kit import REPLY_TIMEOUT, START_TIMEOUT, BotProcess

SECRET = "s3cret-for-the-webhook-test_123"
URL = "https://bot.apex.example/telegram/hook-7Qx"
PATH = "/telegram/hook-7Qx"
HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
OVERSIZED = 64 * 1024 * 1024  # tornado's own limit (100 MB) would have taken all of it
PRIVATE = "chest pain since this morning, Zx7-private"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- updates, as Telegram would post them --------------------------------------------------

_update_ids = iter(range(1, 10**6))


def private_text(user_id: int, text: str, **extra: Any) -> dict[str, Any]:
    person = {"id": user_id, "is_bot": False, "first_name": "Anna"}
    message = {"message_id": next(_update_ids), "date": 0, "text": text, "from": person,
               "chat": {"id": user_id, "type": "private", "first_name": "Anna"}, **extra}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
    return {"update_id": next(_update_ids), "message": message}


# --- the bot in webhook mode -------------------------------------------------------------

class WebhookBot:
    def __init__(self, process: BotProcess, port: int) -> None:
        self.process, self.port = process, port
        self.url = f"http://127.0.0.1:{port}{PATH}"

    async def post(self, update: Any, path: str = PATH,
                   headers: dict[str, str] = HEADERS) -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.post(f"http://127.0.0.1:{self.port}{path}",
                                     content=json.dumps(update), headers=headers)

    def peak_rss_kib(self) -> int:
        """The process's peak resident memory since `reset_peak` (VmHWM, in KiB)."""
        status = Path(f"/proc/{self.process.proc.pid}/status").read_text()
        return int(next(line for line in status.splitlines()
                        if line.startswith("VmHWM:")).split()[1])

    def reset_peak(self) -> None:
        """Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS."""
        Path(f"/proc/{self.process.proc.pid}/clear_refs").write_text("5")


async def start_webhook_bot(launch, double: TelegramDouble, **env: str) -> WebhookBot:
    port = free_port()
    mark = len(double.calls)
    process = await launch(wait=False, WEBHOOK_URL=URL, WEBHOOK_SECRET=SECRET,
                           WEBHOOK_PORT=str(port), **env)
    registered = await double.wait_for_call("setWebhook", timeout=START_TIMEOUT, since=mark)
    assert registered["url"] == URL and registered["secret_token"] == SECRET
    # PTB registers the URL, then starts listening: wait until it accepts connections.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as refused:
            if loop.time() > deadline or not process.running:
                raise AssertionError(
                    f"the webhook server never listened:\n{process.log()}") from refused
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return WebhookBot(process, port)


# --- the tests ---------------------------------------------------------------------------

async def test_it_serves_the_path_of_webhook_url_with_the_secret_and_nothing_else(
        launch, double: TelegramDouble) -> None:
    bot = await start_webhook_bot(launch, double)
    mum = double.user(1001)
    double.register_chat(mum)
    for path in ("/", "/telegram", f"{PATH}x", "/telegram/HOOK-7QX", "/hook-7Qx"):
        wrong = await bot.post(private_text(mum.id, "/contact"), path=path)
        assert wrong.status_code == 404, path
    for headers in ({"Content-Type": "application/json"},
                    {**HEADERS, "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-of-16-chars"}):
        refused = await bot.post(private_text(mum.id, "/contact"), headers=headers)
        assert refused.status_code == 403

    accepted = await bot.post(private_text(mum.id, "/help"))
    assert accepted.status_code == 200
    # One person's updates are handled one at a time, in order: had any /contact above been
    # handled, its answer would have come before this one.
    [reply] = await double.wait_for_messages(mum, 1, timeout=REPLY_TIMEOUT)
    assert "/reassess" in reply.text
    await bot.post(private_text(mum.id, "/help"))
    await double.wait_for_messages(mum, 2, timeout=REPLY_TIMEOUT)
    assert [m.text for m in double.messages(mum)] == [reply.text] * 2, \
        "an update to a wrong path or without the secret was handled"


async def test_it_listens_on_loopback_by_default(launch, double: TelegramDouble) -> None:
    assert load_settings(_env_file=None).webhook_listen == "127.0.0.1"
    bot = await start_webhook_bot(launch, double)  # no WEBHOOK_LISTEN in its environment
    assert "WEBHOOK_LISTEN" not in bot.process.env
    assert listening_on(bot.port) == {"127.0.0.1"}


def listening_on(port: int) -> set[str]:
    """The addresses with a socket listening on `port` (Linux: /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        if not Path(table).exists():
            pytest.skip("needs Linux's /proc/net/tcp")
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1]
                               for i in range(0, len(address), 8))
                family = socket.AF_INET if width == 4 else socket.AF_INET6
                found.add(socket.inet_ntop(family, raw))
    return found


@pytest.mark.parametrize(("url", "why"), [
    ("https://bot.apex.example", "needs a path"),
    ("https://bot.apex.example/", "needs a path"),
    ("https://bot.apex.example/hook?key=1", "needs a path"),
    ("https://bot.apex.example/a.b", "needs a path"),
    ("http://bot.apex.example/hook", "https"),
    ("https://bot.apex.example:8080/hook", "port 8080"),
])
def test_a_webhook_url_the_server_would_not_serve_is_refused(url: str, why: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(_env_file=None, webhook_url=url, webhook_secret=SECRET)
    assert str(refused.value).startswith("WEBHOOK_URL: ") and why in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("url", [URL, "https://bot.apex.example:8443/hook/", "https://h.example/a"])
def test_a_webhook_url_with_a_path_is_taken(url: str) -> None:
    assert load_settings(_env_file=None, webhook_url=url, webhook_secret=SECRET).webhook_url == url


async def test_a_webhook_url_without_a_path_stops_the_start(launch, double: TelegramDouble) -> None:
    process = await launch(wait=False, WEBHOOK_URL="https://bot.apex.example",
                           WEBHOOK_SECRET=SECRET, WEBHOOK_PORT=str(free_port()))
    assert await asyncio.wait_for(process.proc.wait(), START_TIMEOUT) == 2
    [said] = process.log().splitlines()[1:]  # after the kit's "--- start 1"
    assert said.startswith("Cannot start: WEBHOOK_URL: needs a path"), said
    assert double.calls_to("setWebhook") == [], "Telegram was told a URL the bot does not serve"


async def test_an_oversized_body_is_refused_before_it_is_held(
        launch, double: TelegramDouble) -> None:
    bot = await start_webhook_bot(launch, double)

    # Announced by Content-Length: refused on the headers alone, before any of the body is read
    # (none is sent until the answer is in).
    bot.reset_peak()
    before = bot.peak_rss_kib()
    status, sent = await raw_post(bot.port, OVERSIZED, chunked=False)
    assert status == b"HTTP/1.1 400 Bad Request", status
    peak_announced = bot.peak_rss_kib() - before

    # Sent in chunks (no length known in advance): cut off once it passes the limit.
    bot.reset_peak()
    before = bot.peak_rss_kib()
    status, sent = await raw_post(bot.port, OVERSIZED, chunked=True)
    peak_chunked = bot.peak_rss_kib() - before
    assert sent < OVERSIZED, "the server read the whole oversized body"
    print(f"peak RSS growth: {peak_announced} KiB (Content-Length {OVERSIZED >> 20} MiB), "
          f"{peak_chunked} KiB ({OVERSIZED >> 20} MiB chunked, {sent >> 10} KiB accepted by the "
          f"socket before it was refused)")
    assert peak_announced < 16 * 1024 and peak_chunked < 16 * 1024  # KiB, vs 64 MiB sent

    # A real update, even a large one, is well under the limit and still served.
    mum = double.user(1002)
    double.register_chat(mum)
    padded = private_text(mum.id, "/help", x_padding="x" * (WEBHOOK_MAX_BODY_BYTES // 4))
    assert (await bot.post(padded)).status_code == 200
    await double.wait_for_messages(mum, 1, timeout=REPLY_TIMEOUT)


async def raw_post(port: int, size: int, *, chunked: bool) -> tuple[bytes, int]:
    """POST `size` bytes with the right secret, over a plain socket so that nothing on this side
    holds the body; returns the status line (b"" if the connection was cut) and how many bytes
    of the body the socket took before the server refused."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    writer.write(f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n{length}\r\n\r\n".encode())
    await writer.drain()
    status, sent = b"", 0
    try:
        if not chunked:  # the answer comes on the headers alone
            status = (await asyncio.wait_for(reader.readline(), 10)).rstrip()
        chunk = b" " * 65536
        framed = b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk
        while sent < size:
            writer.write(framed)
            await asyncio.wait_for(writer.drain(), 10)
            sent += len(chunk)
        if chunked:
            writer.write(b"0\r\n\r\n")
            await writer.drain()
    except (ConnectionError, TimeoutError):
        pass
    if not status:
        try:
            status = (await asyncio.wait_for(reader.readline(), 10)).rstrip()
        except (ConnectionError, TimeoutError):
            status = b""
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    return status, sent


async def test_an_unreadable_update_is_logged_without_its_content(
        launch, double: TelegramDouble) -> None:
    bot = await start_webhook_bot(launch, double)
    broken = private_text(1003, PRIVATE)
    broken["message"]["chat"] = PRIVATE  # not a chat: PTB cannot read the update
    for body in (broken, PRIVATE):  # an update, and JSON that is not one at all
        refused = await bot.post(body)
        assert refused.status_code == 400
    await bot.process.wait_for_log("Received data was", timeout=REPLY_TIMEOUT)
    log = bot.process.log()
    assert log.count("CRITICAL telegram.ext.Updater: Something went wrong processing") == 2
    assert "TypeError: (its text is not logged)" in log
    for private in (PRIVATE, "chest pain", "Zx7", "Anna", SECRET):
        assert private not in log, private


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("INFO", "123:token-in-the-log", stream)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)


def test_ptb_critical_records_keep_their_sentence_not_their_data(captured: io.StringIO) -> None:
    """Every CRITICAL record of PTB is about data it could not process, and quotes it (the
    update, or an error whose text repeats it); the sentence and the error's type stay."""
    try:
        int(PRIVATE)
    except ValueError:
        logging.getLogger("telegram.ext.Application").critical(
            "Error while building CallbackContext for update %s. Update will not be processed.",
            {"message": {"text": PRIVATE}}, exc_info=sys.exc_info())
    logging.getLogger("telegram.ext.Updater").warning("kept at WARNING: %s", "a value")
    text = captured.getvalue()
    assert "Error while building CallbackContext for update …. Update will not be" in text
    assert "ValueError: (its text is not logged)" in text and "int(PRIVATE)" in text
    assert "kept at WARNING: a value" in text
    assert "chest pain" not in text and "Zx7" not in text
