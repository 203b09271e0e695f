"""A loopback double of the Telegram Bot API for tests, benchmarks and offline runs.

:class:`TelegramDouble` is a real HTTP server on 127.0.0.1 that answers the Bot API methods
this bot uses with the JSON shapes and error texts Telegram uses, so python-telegram-bot's own
HTTP client runs unchanged against it::

    async with TelegramDouble() as tg:
        app = Application.builder().token(tg.token).base_url(tg.base_url).build()
        anna = tg.user(1001, "Anna")
        tg.send_text(anna, "/start")
        ...                                  # run the app with updater.start_polling()
        await tg.wait_for_messages(anna, 1)
        assert tg.last_message(anna).text == "Welcome!"

The control side is plain Python in the same process. Use it from the thread that runs the
double's event loop:

- inject updates: ``send_text`` (commands too), ``press``/``press_button``, ``edit_text``,
  ``send_photo``, ``send_album``, ``send_document``, ``send_sticker``, ``send_group_text``,
  ``add_to_group``;
- read what the bot did: ``calls``, ``calls_for`` (one chat's), ``messages``, ``last_message``,
  ``files``, ``commands``, ``transcript`` (both sides of a chat, as text), or ``watch`` to hear
  of each message as it is sent, edited or deleted;
- wait without sleeping: ``wait_for`` (any condition), ``wait_for_messages``, ``wait_for_call``,
  ``wait_until_consumed``, ``wait_for_quiet``;
- inject faults, per method (or ``"*"``) and optionally per chat, for a number of calls or for a
  number of seconds: ``fail`` (429 with retry_after, 403, 400, 500, 502, ...), ``block``
  (403 for one user), ``delay``, ``drop`` (the connection closes without an answer, before or
  after the call took effect) and ``outage`` (every call dropped, long polls cut);
- check Telegram's limits: ``monitor`` (a :class:`LimitMonitor`) counts the sends the bot makes
  against about 30 a second overall, one a second per private chat and 20 a minute per group,
  and every call made while a 429's retry_after was still running.

Not modelled: webhooks deliver nothing (updates stay queued for getUpdates), MarkdownV2 text is
not validated, text lengths are counted in Python characters, files are never fetched from URLs.

The modules: ``server`` (the aiohttp app and :class:`TelegramDouble`, composed of the mixins
below), ``methods`` (the Bot API methods), ``control`` (the test-facing side), ``faults``,
``limits``, ``markup`` (HTML parsing) and ``model`` (users, chats, messages, files, errors).
The double needs aiohttp: install the ``double`` extra (``pip install -e '.[double]'``).
"""

from telegram_double.limits import Breach, LimitMonitor, is_send
from telegram_double.markup import parse_html
from telegram_double.model import (
    BLOCKED,
    CHAT_NOT_FOUND,
    DEFAULT_TOKEN,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    BotMessage,
    Group,
    StoredFile,
    Upload,
    User,
    bad_request,
)
from telegram_double.server import TelegramDouble

__all__ = ["BLOCKED", "CHAT_NOT_FOUND", "DEFAULT_TOKEN", "MAX_CALLBACK_DATA_BYTES",
           "MAX_CAPTION_LENGTH", "MAX_TEXT_LENGTH", "NOT_MODIFIED", "QUERY_TOO_OLD", "ApiError",
           "BotMessage", "Breach", "Group", "LimitMonitor", "StoredFile", "TelegramDouble",
           "Upload", "User", "bad_request", "is_send", "parse_html"]
