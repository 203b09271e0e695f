"""The catalogue's messages as the tests read them: by table and key, with {placeholders}.

Journeys compare what the bot sent with the message she should have read. `words(content)`
gives the programme plus, for each group of messages, a table whose entries are the UK
clinic's English (the suite's clinic) with each placeholder left as "{name}", ready for
str.format (the clinic's numbers filled in), as the messages were before they moved to content/locales/.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.platform.catalogue import Catalogue
from bot.platform.content import Content, load_library

SUITE_LOCALE = "en-GB"
# The clinic's numbers every message may use: the suite's UK clinic's, filled in.
NUMBERS = {"emergency_number": "999", "crisis_line": "116 123", "maternal_line": "111"}


class _Table(Mapping[str, str]):
    def __init__(self, catalogue: Catalogue, prefix: str) -> None:
        self.catalogue, self.prefix = catalogue, prefix

    def __getitem__(self, key: str) -> str:
        full = self.prefix + key
        if not self.catalogue.has(full):
            raise KeyError(key)
        names = self.catalogue.variables[full]
        return self.catalogue(full, args={n: NUMBERS.get(n, "{" + n + "}") for n in names})

    def __iter__(self) -> Iterator[str]:
        return (k.removeprefix(self.prefix) for k in self.catalogue.ids()
                if k.startswith(self.prefix) and "." not in k)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Words:
    """A Content with the old tables: content.messages["consented"], content.nudge_messages..."""

    def __init__(self, content: Content, catalogue: Catalogue) -> None:
        self._content = content
        self.messages = _Table(catalogue, "")
        self.reasons = _Table(catalogue, "reason-")
        self.next_steps = _Table(catalogue, "next-")
        self.nudge_messages = _Table(catalogue, "nudge-")
        self.settings_messages = _Table(catalogue, "settings-")
        self.privacy_messages = _Table(catalogue, "privacy-")
        self.staff_messages = _Table(catalogue, "staff-")
        self.commands = _Table(catalogue, "command-")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._content, name)


def suite_content() -> Any:
    library = load_library(clinic_locale=SUITE_LOCALE)
    return Words(library.clinic, library.catalogues["en"])
