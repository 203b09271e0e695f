"""Reading the baby's birth date as a tired parent might type it, in her language, without ever guessing.

A numeric date is read both ways, day first and month first. When only one reading is a real
date within range, that is the date ("08/14/2026" can only be 14 Aug, "14/08/2026" too). When both
are and they differ ("11/08/2026": 8 Nov or 11 Aug), the answer is `Ambiguous`, and she is asked
which she meant, her locale's own order offered first: a guess could put a three-week mother into
running.

Also read: ISO dates; a month's name or abbreviation in her language or in English, accents
optional ("Nov 8, 2026", "November 8th 2026", "8 de noviembre de 2026", "8 nov", "sept 3");
how long ago, in English or Spanish ("6 wks", "2 months", "3 weeks ago", "hace 10 días",
"yesterday", "ayer"); a bare number is weeks. Weeks and months give an approximate date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel.dates import get_day_names, get_month_names

from bot.core.formats import DEFAULT_LOCALE, babel_locale, fold, writes_day_first

MAX_TEXT = 60


@dataclass(frozen=True)
class DateProblem:
    code: str  # "unreadable" | "future" | "too_old"


@dataclass(frozen=True)
class Ambiguous:
    """Two real dates she may have meant. `choices` gives them in her locale's order: the
    reading her locale writes (month first in en-US, day first in en-GB and es) comes first."""

    month_first: date
    day_first: date
    locale_day_first: bool = False

    @property
    def choices(self) -> tuple[date, date]:
        if self.locale_day_first:
            return self.day_first, self.month_first
        return self.month_first, self.day_first


@dataclass(frozen=True)
class BirthDate:
    """The date she gave; `approximate` when worked out from weeks or months ("6 wks", "2 months")."""

    day: date
    approximate: bool = False


DateReading = BirthDate | Ambiguous | DateProblem
Reading = date | Ambiguous | DateProblem


def parse_date(text: str, locale: str, today: date, max_weeks_back: int) -> DateReading:
    """What she typed as the baby's birth date, read in her locale (a BCP-47 tag): a date or a
    "how long ago" on its own, or hedged ("about 16 weeks ago", "9 weeks ish"), or in a sentence
    beside a birth word ("I had my baby 16 weeks ago")."""
    cleaned = fold(text)
    reading = _strict(cleaned, locale, today, max_weeks_back)
    if not (isinstance(reading, DateProblem) and reading.code == "unreadable"):
        return reading
    unhedged = _HEDGES.sub(" ", f" {cleaned} ").strip(" ,.!?")
    if unhedged and unhedged != cleaned:
        reading = _strict(unhedged, locale, today, max_weeks_back)
        if not (isinstance(reading, DateProblem) and reading.code == "unreadable"):
            return reading
    return birth_in_text(text, locale, today, max_weeks_back) or reading


# Words around a date or a "how long ago" that do not change it (folded: no accents).
_HEDGES = re.compile(
    r"(?<=\s)(?:about|around|approximately|approx|roughly|almost|nearly|just over|just under|"
    r"over|under|maybe|probably|like|it was|it's been|its been|it has been|been|"
    r"unos|unas|casi|aproximadamente|como|mas o menos|hace como)(?=\s)"
    r"|\s(?:ish|or so|now|today|so far|ya|hoy)(?=\s*$)", re.IGNORECASE)


def _strict(cleaned: str, locale: str, today: date, max_weeks_back: int) -> DateReading:
    """The whole of `cleaned` (folded) as a date, or why not."""
    if not cleaned or len(cleaned) > MAX_TEXT:
        return DateProblem("unreadable")
    numeric = _numeric(cleaned, today)
    if numeric is not None:
        month_first, day_first = numeric
        return _choose(month_first, day_first, today, max_weeks_back, writes_day_first(locale))
    named = _named(cleaned, locale, today)  # before "how long ago": "8 ago" is 8 August in Spanish
    if named is not None:
        checked = _in_range(named, today, max_weeks_back)
        return BirthDate(checked) if isinstance(checked, date) else checked
    relative = _relative(cleaned, today)
    if relative is not None:
        day, approximate = relative
        if day is None:
            return DateProblem("too_old")
        checked = _in_range(day, today, max_weeks_back)
        return BirthDate(checked, approximate) if isinstance(checked, date) else checked
    return DateProblem("unreadable")


def parse_birth_date(text: str, today: date, max_weeks_back: int, *,
                     locale: str = DEFAULT_LOCALE) -> Reading:
    """`parse_date` with the date itself rather than a `BirthDate`; `typed_as_weeks` tells
    whether it is approximate."""
    reading = parse_date(text, locale, today, max_weeks_back)
    return reading.day if isinstance(reading, BirthDate) else reading


def typed_as_weeks(text: str, *, locale: str = DEFAULT_LOCALE) -> bool:
    """She gave a number of weeks or months since the birth (in English or Spanish), so the date
    worked out from it is only approximate."""
    reading = parse_date(text, locale, date(2000, 1, 1), 10**6)
    return isinstance(reading, BirthDate) and reading.approximate


# --- How long ago -----------------------------------------------------------------------------

_UNITS = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "sem", "sems", "semana", "semanas"), "weeks"),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "month", "months", "mes", "meses"), "months"),
    **dict.fromkeys(("d", "day", "days", "dia", "dias"), "days"),
}
_NUMBER_WORDS = {
    **dict.fromkeys(("a", "an", "one", "un", "una", "uno"), 1),
    **{w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine",
                                    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                    "sixteen", "seventeen", "eighteen", "nineteen", "twenty"),
                                   start=2)},
    **{w: n for n, w in enumerate(("dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
                                    "nueve", "diez", "once", "doce", "trece", "catorce", "quince",
                                    "dieciseis", "diecisiete", "dieciocho", "diecinueve", "veinte"),
                                   start=2)},
}
_DAYS_AGO = {"today": 0, "hoy": 0, "yesterday": 1, "ayer": 1, "the day before yesterday": 2,
             "day before yesterday": 2, "anteayer": 2, "antier": 2, "antes de ayer": 2}
_UNIT_WORDS = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# "6 wks", "6wks", "9", "hace 3 semanas", "two months ago": a word number needs its unit.
_AGO = re.compile(rf"^(?:hace\s+)?(?:(\d{{1,5}})\s*|({_NUMBER_WORD})\s+(?=\w))(?:({_UNIT_WORDS})\.?)?"
                  r"(?:\s+(?:ago|old|atras|de\s+nacid[oa]|de\s+vida))?$")
_LIMITS = {"weeks": 9999, "months": 999, "days": 9999}  # longer is not a number of weeks


def _relative(cleaned: str, today: date) -> tuple[date | None, bool] | None:
    """(the date, approximate?) for "how long ago"; the date is None when it is far too long ago;
    None when the text is not a "how long ago" at all."""
    if cleaned in _DAYS_AGO:
        return today - timedelta(days=_DAYS_AGO[cleaned]), False
    match = _AGO.match(cleaned)
    if not match:
        return None
    digits, word, said_unit = match[1], match[2], match[3]
    if said_unit is None and (word or cleaned.startswith("hace")):
        return None  # "two", "hace 3": could be anything
    unit = _UNITS[said_unit] if said_unit else "weeks"  # a bare number is weeks
    count = int(digits) if digits else _NUMBER_WORDS[word]
    if count > _LIMITS[unit]:
        return None
    if unit == "days":
        return _days_back(today, count), False
    if unit == "weeks":
        return _days_back(today, 7 * count), True
    return _months_back(today, count), True


def _days_back(today: date, days: int) -> date | None:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        return None


def _months_back(today: date, months: int) -> date | None:
    """The same day `months` earlier, or that month's last day (31 March, 1 month back: 28 Feb)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    if year < 1:
        return None
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


# --- Numbers only -----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$")
# Without a year only "11/8": "6.5" may be weeks and a half, "6-5" a range.


def _numeric(cleaned: str, today: date) -> tuple[date | None, date | None] | None:
    """The month-first and day-first readings of a numeric date (None where not a real date);
    None when it is not a numeric date."""
    compact = re.sub(r"\s*([/.\-])\s*", r"\1", cleaned)
    iso = _ISO.match(compact)
    if iso:  # year first: always year, month, day
        day = _real(int(iso[1]), int(iso[2]), int(iso[3]))
        return day, day
    match = _NUMERIC.match(compact)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[3]), match[4]
    if year is None and match[2] != "/":
        return None
    if year is None:  # "11/8": the last time each reading came round
        return _last(first, second, today), _last(second, first, today)
    return _real(int(year), first, second), _real(int(year), second, first)


def _choose(month_first: date | None, day_first: date | None, today: date, max_weeks_back: int,
            locale_day_first: bool) -> DateReading:
    ordered = [day_first, month_first] if locale_day_first else [month_first, day_first]
    candidates = list(dict.fromkeys(d for d in ordered if d is not None))
    if not candidates:
        return DateProblem("unreadable")
    results = [_in_range(d, today, max_weeks_back) for d in candidates]
    fitting = [r for r in results if isinstance(r, date)]
    if len(fitting) == 2 and month_first is not None and day_first is not None:
        return Ambiguous(month_first, day_first, locale_day_first)
    if fitting:
        return BirthDate(fitting[0])
    first = results[0]  # why her locale's reading does not fit: the future, or too long ago
    return first if isinstance(first, DateProblem) else DateProblem("unreadable")


# --- With a month's name ----------------------------------------------------------------------

_FILLERS = frozenset(("de", "del", "of", "the", "el", "on", "in"))
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|o|ro|ero|er|°)$")


@cache
def _vocabulary(locale: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names, wide and abbreviated, in her language and in English, folded."""
    months: dict[str, int] = {"sep": 9, "sept": 9, "setiembre": 9, "set": 9}
    weekdays: dict[str, int] = {}
    for tag in dict.fromkeys(("en", babel_locale(locale).language)):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_month_names(width, context, tag)
                months.update({fold(n).rstrip("."): m for m, n in names.items()})
                days = get_day_names(width, context, tag)
                weekdays.update({fold(n).rstrip("."): d for d, n in days.items()})
    # A short weekday that is also a month ("mar": martes, marzo) is read as the month.
    return months, {name: d for name, d in weekdays.items() if name not in months}


def _named(cleaned: str, locale: str, today: date) -> date | None:
    months, weekdays = _vocabulary(locale)
    words = re.sub(r"[.,/\-]", " ", cleaned).split()
    month: int | None = None
    weekday: int | None = None
    numbers: list[tuple[str, bool]] = []  # (digits, came after the month)
    for word in words:
        if word in _FILLERS:
            continue
        if word in months and month is None:
            month = months[word]
        elif word in weekdays and weekday is None:
            weekday = weekdays[word]
        elif (ordinal := _ORDINAL.match(word)) or word.isdigit():
            numbers.append((ordinal[1] if ordinal else word, month is not None))
        else:
            return None
    if month is None or not 1 <= len(numbers) <= 2:
        return None
    day_text, year_text = numbers[0][0], numbers[1][0] if len(numbers) == 2 else None
    if len(day_text) == 4 and year_text is not None and not numbers[0][1]:  # "2026 nov 8"
        day_text, year_text = year_text, day_text
    if len(day_text) > 2 or (year_text is not None and len(year_text) not in (2, 4)):
        return None
    if year_text is None:
        found = _last(month, int(day_text), today)
    else:
        found = _real(int(year_text), month, int(day_text))
    if found is None or (weekday is not None and found.weekday() != weekday):
        return None
    return found


# --- Shared -----------------------------------------------------------------------------------

def _real(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _last(month: int, day: int, today: date) -> date | None:
    """The last time this day of the year came round ("Dec 25" on 1 Dec 2026: 25 Dec 2025)."""
    for year in (today.year, today.year - 1):
        found = _real(year, month, day)
        if found is not None and found <= today:
            return found
    return None


def _in_range(day: date, today: date, max_weeks_back: int) -> date | DateProblem:
    if day > today:
        return DateProblem("future")
    if (today - day).days > max_weeks_back * 7:
        return DateProblem("too_old")
    return day


# --- Said in passing --------------------------------------------------------------------------

# Words that say the date or time beside them is the birth's: "born 9 weeks ago", "gave birth on
# 8/14", "nacio hace 3 semanas" (the date follows); "9 weeks postpartum", "a 6 week old" (it
# comes before). Without one, a date in a sentence is not taken as the birth ("pain for 2 days").
_BIRTH_THEN = re.compile(
    r"\b(?:born|gave birth|giving birth|delivered|had (?:my|the|our|her|him) baby|birth was"
    r"|nacio|naciste|di a luz|dio a luz|parto fue|tuve a mi bebe|tuve al bebe)\b"
    r"(?:\s+(?:on|was|is|about|around|the|el|fue|unas|unos))*\s+")
_THEN_BIRTH = re.compile(
    r"\s+(?:postpartum|post-partum|post partum|pp|after (?:the )?birth|after giving birth"
    r"|after delivery|posparto|postparto|despues del parto|de nacid[oa]|old)\b")
_WINDOW = 5  # words: "14 de agosto de 2026", "9 weeks ago"


def birth_in_text(text: str, locale: str, today: date, max_weeks_back: int) -> BirthDate | None:
    """The birth date a sentence names beside a birth word ("my baby was born 9 weeks ago and I
    have chest pain"), or None when it names none, or not one date for sure (never guessed)."""
    cleaned = fold(text)
    for cue in _BIRTH_THEN.finditer(cleaned):
        words = cleaned[cue.end():].split()[:_WINDOW]
        found = _first_reading([" ".join(words[:n]) for n in range(len(words), 0, -1)],
                               locale, today, max_weeks_back)
        if found is not None:
            return found
    for cue in _THEN_BIRTH.finditer(cleaned):
        words = cleaned[:cue.start()].split()[-_WINDOW:]
        spans = [" ".join(words[-n:]) for n in range(len(words), 0, -1)]
        if cue.group().strip() in ("old", "de nacido", "de nacida"):  # part of "9 weeks old"
            spans = [f"{s} {cue.group().strip()}" for s in spans] + spans
        found = _first_reading(spans, locale, today, max_weeks_back)
        if found is not None:
            return found
    return None


def _first_reading(spans: list[str], locale: str, today: date,
                   max_weeks_back: int) -> BirthDate | None:
    for span in spans:
        if span.strip(" .,;").isdigit():  # a bare number is weeks only when it is all she sent
            continue
        reading = _strict(fold(span.strip(" .,;!?")), locale, today, max_weeks_back)
        if isinstance(reading, BirthDate):
            return reading
    return None
