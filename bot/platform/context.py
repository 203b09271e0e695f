"""What every handler can reach: the store, the content, the texts, the settings and the clock,
and the parts of its update (the message, the person, the button press), typed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Chat, Message, Update
from telegram import User as TelegramUser
from telegram.ext import Application, CallbackContext, ExtBot

from bot.core.signs import PhraseBook, load_phrases
from bot.platform.content import CLINIC_LANGUAGE, Content, Library, load_library
from bot.platform.settings import Settings
from bot.platform.texts import Texts
from bot.storage.outbox import Outbox
from bot.storage.store import Store


def system_clock() -> datetime:
    return datetime.now(UTC)


@cache
def library(clinic_locale: str) -> Library:
    """Every language's catalogue and programme: read and checked once per process."""
    return load_library(clinic_locale=clinic_locale)


# The language of the person this update (or this job's step) is for. Set once by the ordered
# path's first step (bot/platform/language.py) and by the jobs for each mother they write to;
# `Deps.texts` reads it, so no handler has to pass her language along.
_reader: ContextVar[str | None] = ContextVar("reader_language", default=None)


def set_reader(language: str | None) -> None:
    _reader.set(language)


@contextmanager
def reading_as(language: str | None) -> Iterator[None]:
    token = _reader.set(language)
    try:
        yield
    finally:
        _reader.reset(token)


@cache
def phrase_book() -> PhraseBook:
    """The free-text safety net's phrases: built once per process (it takes a few tenths of a
    second), checked against the warning signs at start-up."""
    return load_phrases()


@dataclass
class Deps:
    settings: Settings
    content: Content
    store: Store
    clock: Callable[[], datetime] = system_clock
    library: Library = field(init=False)
    phrases: PhraseBook = field(init=False)
    outbox: Outbox = field(init=False)
    # Each mother's language, once known (her choice, or her stored one): read from the database
    # once per process, so the ordered path's first step rarely waits for it.
    languages: dict[int, str | None] = field(default_factory=dict)
    # Per mother, when (time.monotonic) a screening question last turned into the next one.
    question_shown_at: dict[int, float] = field(default_factory=dict)
    # The signs she has ticked on an open /symptoms screen, by (chat, message): two quick taps
    # both carry the keyboard as it was before either was handled, so the keyboard alone would
    # lose the first. In memory only: nothing about her health is stored before she presses Done.
    picking: dict[tuple[int, int], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.library = library(self.settings.clinic_locale)
        # Each language's words come with its catalogue; `content` (the same programme) is
        # what the rules read.
        hidden = frozenset({"language"}) if len(self.library.names) < 2 else frozenset()
        self._texts = {code: Texts(content, self.settings, self.library.catalogues[code], code,
                                   hidden)
                       for code, content in self.library.contents.items()}
        self.phrases = phrase_book()
        self.phrases.check_against(self.content.signs)
        self.outbox = Outbox(self.settings.outbox_path)

    @property
    def texts(self) -> Texts:
        """Texts in the language of whoever this update or job step is for."""
        return self.texts_in(_reader.get())

    @property
    def staff_texts(self) -> Texts:
        """The clinic's own language: what its staff read, whoever the update is from."""
        return self._texts[CLINIC_LANGUAGE]

    def texts_in(self, language: str | None) -> Texts:
        return self._texts.get(language or CLINIC_LANGUAGE, self._texts[CLINIC_LANGUAGE])

    def today(self) -> date:
        """Today's date in the clinic's time zone (her own zone once she has set one)."""
        return self.clock().astimezone(ZoneInfo(self.settings.default_timezone)).date()


class Context(CallbackContext[ExtBot, dict, dict, dict]):
    @property
    def deps(self) -> Deps:
        return self.application.bot_data["deps"]


def deps_of(application: Application) -> Deps:
    return application.bot_data["deps"]


T = TypeVar("T")


# --- the parts of an update ----------------------------------------------------------------
# PTB types every part of an Update as optional, since one update carries one kind of thing. The
# ordered path (bot/platform/app.py) guarantees the parts each handler uses: a CommandHandler or a
# MessageHandler runs only for an update with a message from someone, a CallbackQueryHandler only
# for a button press whose data its pattern has decoded. These accessors say so once, typed, and
# raise MissingPart (a RuntimeError, so the error handler answers her kindly) should a handler
# ever be registered where its part can be missing.
#
# The steps that really do meet updates without these parts (the safety net, the flood guard, the
# access gate, the error handler) check for None themselves and do not use these accessors.
class MissingPart(RuntimeError):
    """A handler got an update without the part its registration guarantees."""


def _present(part: T | None, what: str) -> T:
    if part is None:
        raise MissingPart(f"the update has no {what}")
    return part


def message_of(update: Update) -> Message:
    """The message a command or message handler answers; for a button press, the message that
    carries the button."""
    return _present(update.effective_message, "message")


def person_of(update: Update) -> TelegramUser:
    """Who sent the message or pressed the button."""
    return _present(update.effective_user, "sender")


def chat_of(update: Update) -> Chat:
    return _present(update.effective_chat, "chat")


def query_of(update: Update) -> CallbackQuery:
    """The button press a CallbackQueryHandler was called for."""
    return _present(update.callback_query, "button press")


def data_of(query: CallbackQuery) -> str:
    """The pressed button's data (always a string: the bot uses no arbitrary callback data)."""
    data = query.data
    if not isinstance(data, str):
        raise MissingPart("the button press carries no data")
    return data


def query_message(query: CallbackQuery) -> Message:
    """The message that carries the pressed button. Telegram sends an inaccessible one instead
    when the bot may no longer see it (deleted, or too old); nothing can be done with it then."""
    message = query.message
    if not isinstance(message, Message):
        raise MissingPart("the pressed button's message is not accessible")
    return message


def text_of(message: Message) -> str:
    """The text of a message that a filters.TEXT handler was given."""
    return _present(message.text, "text")
