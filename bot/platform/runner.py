"""How the bot meets Telegram: long polling by default, a webhook when WEBHOOK_URL is set.

The webhook server is PTB's (tornado), on WEBHOOK_LISTEN:WEBHOOK_PORT (loopback by default)
behind the TLS proxy that WEBHOOK_URL names. It serves exactly the path of WEBHOOK_URL (the
settings refuse a URL without one at start), so Telegram is never registered at a URL the
server does not serve; any other path gets 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from bot.platform.settings import Settings, SettingsError

# A Telegram update is one message, edit or button press: a text is at most 4,096 characters,
# a caption 1,024, so even with its entities, the message it replies to and every character
# JSON-escaped an update is tens of kilobytes. 1 MiB leaves room to spare and is 1/100 of
# tornado's default (100 MB), which let anyone who can reach the port make the bot hold 100 MB
# per request before the secret was even checked.
WEBHOOK_MAX_BODY_BYTES = 1024 * 1024


def webhook_path(settings: Settings) -> str:
    """The path Telegram posts to and the server serves: WEBHOOK_URL's own, e.g. "/telegram/x"
    (the settings check that it has one)."""
    if not settings.webhook_url:
        raise SettingsError("WEBHOOK_URL is not set")
    return urlsplit(settings.webhook_url).path


def limit_webhook_bodies(max_bytes: int = WEBHOOK_MAX_BODY_BYTES) -> None:
    """Make tornado refuse a request whose body is over `max_bytes` before reading it.

    PTB builds its `HTTPServer` itself and passes no limits; tornado's documented way to set
    defaults for every `HTTPServer` is `HTTPServer.configure(None, **defaults)`, and the webhook
    server is this process's only one. A Content-Length over the limit gets "400 Bad Request"
    as soon as the headers are read, with no byte of the body read; a chunked body is cut off
    (400) as soon as it passes the limit, so at most `max_bytes` is ever buffered.
    """
    HTTPServer.configure(None, max_body_size=max_bytes)


def run(application: Application, settings: Settings) -> None:
    """Blocks until SIGINT/SIGTERM; PTB then stops cleanly and flushes persistence."""
    if settings.webhook_url:
        if settings.webhook_secret is None:  # the settings refuse a webhook without its secret
            raise SettingsError("WEBHOOK_SECRET must be set when WEBHOOK_URL is set")
        limit_webhook_bodies()
        # Telegram sends the secret in X-Telegram-Bot-Api-Secret-Token with every update; PTB's
        # webhook server refuses any request without it (403).
        application.run_webhook(
            listen=settings.webhook_listen, port=settings.webhook_port,
            url_path=webhook_path(settings), webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
