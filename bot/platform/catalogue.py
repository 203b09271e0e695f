"""Every word the bot says, per language: Fluent files in content/locales/, checked at start-up.

Why Fluent (fluent.runtime, with Babel underneath for CLDR plural rules): a message is found by
its id, not by its English, so the clinic can reword English without breaking a translation; a
translator writes plurals and other variants inside the message, in her language's own rules
("{ $weeks -> [one] 1 week *[other] { $weeks } weeks }"), without the code knowing how many
forms a language has; and terms (`-checkup`) let one file change a country's words (en-GB over
en-US) without copying every message.

A language is a stack of folders, later ones overriding earlier ones: English for a UK clinic is
content/locales/en-US then content/locales/en-GB. A message a translation lacks falls back to
the clinic's own language (staff texts are only ever in the clinic's language).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

log = logging.getLogger(__name__)


class CatalogueError(Exception):
    """A catalogue file does not parse, or a message is missing or uses the wrong placeholders."""


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()
        self.terms: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_TermReference(self, node: ast.TermReference) -> None:
        self.terms.add(node.id.name)
        self.generic_visit(node)


def _key(message_id: str, attribute: str | None) -> str:
    return f"{message_id}.{attribute}" if attribute else message_id


@dataclass
class Catalogue:
    """One language's messages, as the reader sees them (overlays applied)."""

    locale: str  # for plural rules and number formats, e.g. "en-US", "es-US"
    folders: tuple[Path, ...]
    fallback: Catalogue | None = None
    _bundle: FluentBundle = field(init=False, repr=False)
    # message id (".attribute" appended for an attribute) -> its variables, and where it is from
    variables: dict[str, set[str]] = field(init=False, default_factory=dict)
    origin: dict[str, str] = field(init=False, default_factory=dict)
    _terms: dict[str, ast.Term] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._bundle = FluentBundle([self.locale], use_isolating=False)
        parser = FluentParser()
        for depth, folder in enumerate(self.folders):
            known = set(self.variables)
            files = sorted(folder.glob("*.ftl"))
            if not files:
                raise CatalogueError(f"{_shown(folder)}: no .ftl files")
            for path in files:
                source = path.read_text(encoding="utf-8")
                resource = parser.parse(source)
                for entry in resource.body:
                    if isinstance(entry, ast.Junk):
                        line = source[: entry.span.start].count("\n") + 1 if entry.span else 0
                        why = entry.annotations[0].message if entry.annotations else "cannot read"
                        raise CatalogueError(f"{_shown(path)}:{line}: {why}")
                    self._index(entry, path)
                    if depth and isinstance(entry, ast.Message) and entry.id.name not in known:
                        # An overlay (en-GB over en-US) only rewords: a new id is a typo.
                        raise CatalogueError(f"{_shown(path)}: {entry.id.name} is not a message "
                                             f"of {_shown(self.folders[0])}")
                self._bundle.add_resource(FluentResource(source), allow_overrides=True)

    def _index(self, entry: ast.EntryType, path: Path) -> None:
        if isinstance(entry, ast.Term):
            self._terms[entry.id.name] = entry
        if not isinstance(entry, ast.Message):
            return
        for attribute, pattern in [(None, entry.value),
                                   *((a.id.name, a.value) for a in entry.attributes)]:
            if pattern is None:
                continue
            found = _Variables()
            found.visit(pattern)
            key = _key(entry.id.name, attribute)
            self.variables[key] = found.names
            self.origin[key] = _shown(path)

    def has(self, message_id: str, attribute: str | None = None) -> bool:
        return _key(message_id, attribute) in self.variables

    def __call__(self, message_id: str, attribute: str | None = None,
                 args: Mapping[str, Any] | None = None) -> str:
        """The message (or one of its attributes) with `args` put in. Values are put in as
        given: escaping them for Telegram's HTML is the caller's job (bot.platform.texts)."""
        if not self.has(message_id, attribute):
            if self.fallback is not None:
                return self.fallback(message_id, attribute, args)
            raise KeyError(_key(message_id, attribute))
        message = self._bundle.get_message(message_id)
        pattern = message.attributes[attribute] if attribute else message.value
        if pattern is None:  # has() saw a value, so never
            raise KeyError(_key(message_id, attribute))
        text, errors = self._bundle.format_pattern(pattern, dict(args or {}))
        for error in errors:  # the start-up check makes this a bug, never her problem
            log.warning("catalogue %s %s: %s", self.locale, _key(message_id, attribute), error)
        return str(text)

    def ids(self) -> set[str]:
        return set(self.variables)


def check_placeholders(catalogue: Catalogue, allowed: Mapping[str, set[str]],
                       always: Iterable[str] = ()) -> None:
    """Every message the code uses is there, and uses only the placeholders the code fills in."""
    always = set(always)
    missing = sorted(set(allowed) - catalogue.ids())
    if missing:
        raise CatalogueError(f"{_shown(catalogue.folders[-1])}: missing {', '.join(missing)}")
    for key, wanted in allowed.items():
        unknown = catalogue.variables[key] - wanted - always
        if unknown:
            raise CatalogueError(f"{catalogue.origin[key]}: {key} uses unknown placeholders "
                                 f"{', '.join('$' + u for u in sorted(unknown))}")


def check_translation(base: Catalogue, translation: Catalogue, required: Iterable[str]) -> None:
    """A translation has every `required` message, nothing the base lacks, and the same
    placeholders as the base in each message it has."""
    extra = sorted(translation.ids() - base.ids())
    if extra:
        raise CatalogueError(f"{_shown(translation.folders[-1])}: unknown messages {', '.join(extra)}")
    missing = sorted(set(required) - translation.ids())
    if missing:
        raise CatalogueError(f"{_shown(translation.folders[-1])}: missing {', '.join(missing)}")
    for key in translation.ids():
        if translation.variables[key] != base.variables[key]:
            raise CatalogueError(
                f"{translation.origin[key]}: {key} uses "
                f"{_names(translation.variables[key])}, the original {_names(base.variables[key])}")


def _names(names: set[str]) -> str:
    return ", ".join("$" + n for n in sorted(names)) or "no placeholders"


def _shown(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("content"):]) if "content" in parts else str(path)
