"""What every handler can reach: the store, the content, the texts, the settings and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from telegram.ext import Application, CallbackContext, ExtBot

from bot.core.signs import PhraseBook, load_phrases
from bot.platform.content import Content
from bot.platform.settings import Settings
from bot.platform.texts import Texts
from bot.storage.store import Store


def system_clock() -> datetime:
    return datetime.now(UTC)


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
    texts: Texts = field(init=False)
    phrases: PhraseBook = field(init=False)
    # Per mother, when (time.monotonic) a screening question last turned into the next one.
    question_shown_at: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.texts = Texts(self.content, self.settings)
        self.phrases = phrase_book()
        self.phrases.check_against(self.content.signs)

    def today(self) -> date:
        """Today's date in the clinic's time zone (her own zone once she has set one)."""
        return self.clock().astimezone(ZoneInfo(self.settings.default_timezone)).date()


class Context(CallbackContext[ExtBot, dict, dict, dict]):
    @property
    def deps(self) -> Deps:
        return self.application.bot_data["deps"]


def deps_of(application: Application) -> Deps:
    return application.bot_data["deps"]
