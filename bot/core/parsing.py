"""Reading a reminder time and a time zone as she might type them."""

from __future__ import annotations

import re
from datetime import time

from bot.core.formats import fold
from bot.core.zones import find_zone as find_zone  # where callers have always found it

_MERIDIEM = r"(?:([ap])\.?\s*(?:m\b\.?)?)"
_CLOCK = re.compile(rf"^(\d{{1,2}})(?:[:.h](\d{{2}}))?\s*h?\s*{_MERIDIEM}?$")
_COMPACT = re.compile(rf"^(\d)(\d{{2}})\s*{_MERIDIEM}?$|^(\d{{2}})(\d{{2}})\s*{_MERIDIEM}?$")
_LEADING = re.compile(r"^(?:at|a\s+las|a\s+la|las|la)\s+")
_TRAILING = re.compile(r"\s*(?:o'?\s*clock|en\s+punto|hrs?|horas?)$")
# A time of day in words, in English and Spanish, with the hours each may go with: "for 12" is
# the hour "12 <words>" means (None: she could mean noon or midnight, so it is asked again).
_PERIODS: dict[str, tuple[str, range, int | None]] = {
    **dict.fromkeys(("in the morning", "morning", "de la manana", "por la manana", "de manana"),
                    ("am", range(1, 12), None)),
    **dict.fromkeys(("de la madrugada", "de madrugada"), ("am", range(1, 7), 0)),
    **dict.fromkeys(("in the afternoon", "afternoon", "de la tarde", "por la tarde"),
                    ("pm", range(1, 12), 12)),
    **dict.fromkeys(("in the evening", "evening", "tonight"), ("pm", range(4, 12), None)),
    **dict.fromkeys(("at night", "de la noche", "por la noche"), ("pm", range(6, 12), 0)),
}
_NOON = {"noon": time(12), "midday": time(12), "mediodia": time(12), "12 noon": time(12),
         "midnight": time(0), "medianoche": time(0), "12 midnight": time(0)}


def parse_time(text: str, locale: str | None = None) -> time | None:
    """A time of day: "7", "7am", "7:30 pm", "7.30pm", "19:30", "0730", "19h", "7 a. m.".
    Given her locale, words too, in English and Spanish: "noon", "7 in the evening",
    "7 de la mañana", "7:30 de la tarde", "mediodía". None when it cannot be read for sure."""
    cleaned = fold(text)
    if locale is None:
        return _clock(cleaned)
    cleaned = _TRAILING.sub("", _LEADING.sub("", cleaned))
    if cleaned in _NOON:
        return _NOON[cleaned]
    for words, (meridiem, hours, twelve) in _PERIODS.items():
        if cleaned.endswith(" " + words):
            bare = _clock(cleaned.removesuffix(words).strip())
            if bare is None or bare.hour == 0 or bare.hour > 12:
                return None
            if bare.hour == 12:
                return None if twelve is None else bare.replace(hour=twelve)
            if bare.hour not in hours:
                return None
            return bare.replace(hour=bare.hour + (12 if meridiem == "pm" else 0))
    return _clock(cleaned)


def _clock(cleaned: str) -> time | None:
    match = _CLOCK.match(cleaned)
    if match:
        hour, minute, meridiem = int(match[1]), int(match[2] or 0), match[3]
    elif compact := _COMPACT.match(cleaned):
        hour, minute, meridiem = (int(compact[1]), int(compact[2]), compact[3]) if compact[1] \
            else (int(compact[4]), int(compact[5]), compact[6])
    else:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
