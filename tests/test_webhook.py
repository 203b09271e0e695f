"""Webhook mode on loopback: Telegram's secret header is required on every update."""

from __future__ import annotations

import json
import socket

import httpx

from bot.platform.runner import webhook_path
from tests.harness import Harness

SECRET = "s3cret-for-the-webhook-test_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_webhook_refuses_updates_without_the_secret(harness: Harness) -> None:
    settings = harness.settings.model_copy(update={
        "webhook_url": "https://bot.apex.example/telegram/hook", "webhook_secret": SECRET})
    port = free_port()
    await harness.app.updater.stop()  # the harness polls; switch this bot to a webhook
    await harness.app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path=webhook_path(settings),
        webhook_url=settings.webhook_url, secret_token=SECRET)
    try:
        [registered] = harness.double.calls_to("setWebhook")
        assert registered["url"] == settings.webhook_url
        assert registered["secret_token"] == SECRET
        mum = harness.double.user(1001)
        harness.double.register_chat(mum)
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": {"id": 1001, "type": "private", "first_name": "Anna"},
            "from": {"id": 1001, "is_bot": False, "first_name": "Anna"}, "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        url = f"http://127.0.0.1:{port}/{webhook_path(settings)}"
        async with httpx.AsyncClient() as client:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                refused = await client.post(url, content=json.dumps(update), headers={
                    "Content-Type": "application/json", **headers})
                assert refused.status_code == 403
            accepted = await client.post(url, content=json.dumps(update), headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert accepted.status_code == 200
        await harness.double.wait_for_messages(1001, 1)
        [reply] = harness.double.messages(1001)
        assert "/reassess" in reply.text
    finally:
        await harness.app.updater.stop()
