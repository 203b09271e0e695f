"""Reading a reminder time and a time zone as she might type them."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from zoneinfo import available_timezones

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
# Offsets that are not whole hours have no Etc/ zone; these places keep them all year.
_ODD_OFFSETS = {330: "Asia/Kolkata", 345: "Asia/Kathmandu", 270: "Asia/Kabul",
                390: "Asia/Yangon", 570: "Australia/Darwin", 525: "Australia/Eucla",
                210: "Asia/Tehran", -210: "America/St_Johns", -570: "Pacific/Marquesas"}


def parse_time(text: str) -> time | None:
    match = _TIME.match(text.strip().lower())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def find_zone(text: str) -> str | None:
    """An IANA zone name from a city ("new york"), an IANA name, or a UTC offset ("UTC+2")."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned or len(cleaned) > 60:
        return None
    if cleaned in ("utc", "gmt", "utc+0", "gmt+0"):
        return "Etc/UTC"
    offset = _OFFSET.match(cleaned)
    if offset:
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        minutes *= -1 if offset[1] == "-" else 1
        if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
            hours = minutes // 60
            # POSIX-style names invert the sign: Etc/GMT-2 is two hours ahead of UTC.
            return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
        return _ODD_OFFSETS.get(minutes)
    key = cleaned.replace(" ", "_")
    return _zones_by_name().get(key)


@cache
def _zones_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if zone.startswith(("Etc/", "SystemV/", "US/")) or "/" not in zone:
            continue
        names.setdefault(zone.lower(), zone)
        names.setdefault(zone.rsplit("/", 1)[-1].lower(), zone)
    return names
