"""How the bot meets Telegram: long polling by default, a webhook when WEBHOOK_URL is set."""

from __future__ import annotations

from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application

from bot.platform.settings import Settings, SettingsError


def webhook_path(settings: Settings) -> str:
    return urlparse(settings.webhook_url or "").path.lstrip("/") or "telegram"


def run(application: Application, settings: Settings) -> None:
    """Blocks until SIGINT/SIGTERM; PTB then stops cleanly and flushes persistence."""
    if settings.webhook_url:
        if settings.webhook_secret is None:  # the settings refuse a webhook without its secret
            raise SettingsError("WEBHOOK_SECRET must be set when WEBHOOK_URL is set")
        # Telegram sends the secret in X-Telegram-Bot-Api-Secret-Token with every update; PTB's
        # webhook server refuses any request without it (403).
        application.run_webhook(
            listen=settings.webhook_listen, port=settings.webhook_port,
            url_path=webhook_path(settings), webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
