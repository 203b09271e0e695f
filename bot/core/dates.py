"""Reading the baby's birth date as a tired parent might type it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y",
            "%d/%m/%y", "%b %d %Y", "%B %d %Y")
_WEEKS = re.compile(r"^(\d{1,4})\s*(w|wk|wks|week|weeks)?(\s+ago)?$")


@dataclass(frozen=True)
class DateProblem:
    code: str  # "unreadable" | "future" | "too_old"


def parse_birth_date(text: str, today: date, max_weeks_back: int) -> date | DateProblem:
    """A date in a common form, or a number of weeks since the birth."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned or len(cleaned) > 40:
        return DateProblem("unreadable")
    weeks = _WEEKS.match(cleaned)
    if weeks:
        count = int(weeks.group(1))
        if count > max_weeks_back:
            return DateProblem("too_old")
        return today - timedelta(weeks=count)
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        if parsed > today:
            return DateProblem("future")
        if (today - parsed).days > max_weeks_back * 7:
            return DateProblem("too_old")
        return parsed
    return DateProblem("unreadable")


def typed_as_weeks(text: str) -> bool:
    """She gave a number of weeks, so the date worked out from it is only approximate."""
    return bool(_WEEKS.match(" ".join(text.strip().lower().split())))
