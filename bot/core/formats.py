"""Her locale, read with Babel (CLDR): how she writes a date, and how a day or a time is shown to her.

A locale is a BCP-47 tag as the bot keeps it ("en-US", "en-GB", "es", "es-US"); an unknown or
malformed tag falls back to the clinic's default, en-US, rather than failing a reply.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_date_format

DEFAULT_LOCALE = "en-US"


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale for a BCP-47 tag ("es-US" or "es_US"); en-US when it cannot be read."""
    try:
        return Locale.parse(tag.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return Locale.parse(DEFAULT_LOCALE.replace("-", "_"))


@cache
def writes_day_first(tag: str) -> bool:
    """Whether her locale writes a numeric date day first, from CLDR's short date pattern
    ("M/d/yy" in en-US: no; "dd/MM/y" in en-GB, "d/M/yy" in es: yes; "y-MM-dd": no)."""
    pattern = get_date_format("short", locale=babel_locale(tag)).pattern
    day, month = pattern.find("d"), pattern.find("M")
    return 0 <= day < month


def fold(text: str) -> str:
    """Lower case, accents dropped, spaces collapsed: "  Mañana " -> "manana"."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def format_day(day: date, locale: str) -> str:
    """"Nov 8, 2026" (en-US), "8 Nov 2026" (en-GB), "8 nov 2026" (es)."""
    return format_date(day, "medium", locale=babel_locale(locale))


def format_clock(at: time | datetime, locale: str) -> str:
    """"7:30 AM" (en-US), "07:30" (en-GB), "7:30" (es), "7:30 a.m." (es-US). A datetime is shown
    as its own wall clock: convert it to her zone first."""
    return format_time(at, "short", locale=babel_locale(locale))
