"""Reading the baby's birth date as a tired parent might type it, without ever guessing.

A numeric date is read both ways, day first and month first. When only one reading is a real
date within range, that is the date ("08/14/2026" can only be 14 Aug, "14/08/2026" too). When both
are and they differ ("11/08/2026": 8 Nov or 11 Aug), the answer is `Ambiguous`, and she is asked
which she meant: a guess could put a three-week mother into running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Unambiguous forms: ISO, and forms with the month's name (with or without the year).
_NAMED = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")
_NAMED_NO_YEAR = ("%d %b", "%d %B", "%b %d", "%B %d")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WEEKS = re.compile(r"^(\d{1,4})\s*(w|wk|wks|week|weeks)?(\s+ago)?$")


@dataclass(frozen=True)
class DateProblem:
    code: str  # "unreadable" | "future" | "too_old"


@dataclass(frozen=True)
class Ambiguous:
    """Two real dates she may have meant, month-first reading first."""

    month_first: date
    day_first: date


Reading = date | Ambiguous | DateProblem


def parse_birth_date(text: str, today: date, max_weeks_back: int) -> Reading:
    """A date in a common form, a number of weeks since the birth, or the two dates a numeric
    date could be."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned or len(cleaned) > 40:
        return DateProblem("unreadable")
    weeks = _WEEKS.match(cleaned)
    if weeks:
        count = int(weeks.group(1))
        if count > max_weeks_back:
            return DateProblem("too_old")
        return today - timedelta(weeks=count)
    numeric = _NUMERIC.match(cleaned)
    if numeric:
        first, second, year = numeric.groups()
        readings = [_real(int(year), int(first), int(second)),   # month first
                    _real(int(year), int(second), int(first))]   # day first
        return _choose([d for d in readings if d is not None], today, max_weeks_back)
    for fmt in _NAMED:
        try:
            return _in_range(datetime.strptime(cleaned, fmt).date(), today, max_weeks_back)
        except ValueError:
            continue
    for fmt in _NAMED_NO_YEAR:  # "Oct 3": the last one that has been
        try:
            parsed = datetime.strptime(f"{cleaned} {today.year}", f"{fmt} %Y").date()
        except ValueError:
            continue
        if parsed > today:
            parsed = _real(today.year - 1, parsed.month, parsed.day) or parsed
        return _in_range(parsed, today, max_weeks_back)
    return DateProblem("unreadable")


def _real(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_range(day: date, today: date, max_weeks_back: int) -> date | DateProblem:
    if day > today:
        return DateProblem("future")
    if (today - day).days > max_weeks_back * 7:
        return DateProblem("too_old")
    return day


def _choose(candidates: list[date], today: date, max_weeks_back: int) -> Reading:
    if not candidates:
        return DateProblem("unreadable")
    results = [_in_range(d, today, max_weeks_back) for d in dict.fromkeys(candidates)]
    fitting = [r for r in results if isinstance(r, date)]
    if len(fitting) == 2:
        return Ambiguous(month_first=fitting[0], day_first=fitting[1])
    if fitting:
        return fitting[0]
    return results[0]  # why the first reading does not fit: the future, or too long ago


def typed_as_weeks(text: str) -> bool:
    """She gave a number of weeks, so the date worked out from it is only approximate."""
    return bool(_WEEKS.match(" ".join(text.strip().lower().split())))
