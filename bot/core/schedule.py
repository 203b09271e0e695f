"""When her daily nudge is due, and whether a due nudge is still worth sending.

Pure functions: the time is always a parameter, never read from a clock. Instants are aware
datetimes in UTC; her reminder is a wall-clock time in her IANA zone (`zoneinfo`).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Decision = Literal["send", "late", "skip"]

ON_TIME = timedelta(minutes=1)


def next_due(reminder: time, tz: str, after: datetime) -> datetime:
    """The first instant strictly after `after` at which her clock in `tz` shows `reminder` (UTC).

    One nudge per local date, every local date, whatever the clocks do:
    - Spring forward: a reminder inside the gap (01:30 in Europe/London, 02:30 in
      America/New_York) never shows on the clock that day. It fires once, at the instant the
      clocks jump (London 01:00 UTC, shown as 02:00 BST; New York 07:00 UTC, 03:00 EDT). Firing
      at the jump keeps the nudge on her morning rather than an hour late.
    - Fall back: an ambiguous reminder (01:30 in both zones) shows twice. It fires once, at
      the first occurrence (fold=0); the repeat an hour later is not a new due time.
    - A date her zone skipped entirely (Pacific/Apia, 30 Dec 2011) has no nudge: it never
      happened on her clock.
    """
    _require_aware(after)
    zone = ZoneInfo(tz)
    day = after.astimezone(zone).date()
    for offset in range(4):
        candidate = day + timedelta(days=offset)
        due = _instant(candidate, reminder, zone)
        if due > after and due.astimezone(zone).date() == candidate:
            return due
    raise ValueError(f"no {reminder} within four days after {after} in {tz}")


def decide(due: datetime, now: datetime, *, tz: str, reminder: time, grace: timedelta,
           quiet_start: time = time(21), quiet_end: time = time(7)) -> Decision:
    """Send a due nudge now, send it late, or drop it.

    - At most a minute after `due` (the minute job's own jitter): "send".
    - Later, but within `grace` (an outage, a slow restart): "late", sent once, late.
      Except at night: if `now` is in her local quiet hours and she did not choose a quiet-hours
      time herself, "skip". A nudge she never asked for must not wake her or the baby.
    - Older than `grace`: "skip". Yesterday's prompt is noise, not help.
    A reminder she chose inside quiet hours (22:00, say) is sent at that time as usual.
    The caller asks only once `due` has come (`now >= due`).
    """
    _require_aware(due)
    _require_aware(now)
    lateness = now - due
    if lateness <= ON_TIME:
        return "send"
    if lateness > grace:
        return "skip"
    local_now = now.astimezone(ZoneInfo(tz)).time()
    if _quiet(local_now, quiet_start, quiet_end) and not _quiet(reminder, quiet_start, quiet_end):
        return "skip"
    return "late"


def local_date(moment: datetime, tz: str) -> date:
    """The date on her clock at `moment`: the date a delivery counts for (one per date)."""
    _require_aware(moment)
    return moment.astimezone(ZoneInfo(tz)).date()


def _instant(day: date, reminder: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of `reminder` on `day`: first occurrence if ambiguous, the jump if in a gap."""
    wall = datetime.combine(day, reminder.replace(tzinfo=None))
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first  # the wall time exists (fold=0 is its first occurrence when it shows twice)
    # In a gap, fold=0 reads the wall time with the offset before the jump (an instant after it)
    # and fold=1 with the offset after (an instant before it): the jump lies between them.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return _jump_between(before, first, zone)


def _jump_between(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """The first whole second, in (before, after], at which `zone` uses the later offset."""
    new_offset = after.astimezone(zone).utcoffset()
    low = math.floor(before.timestamp())  # still the old offset
    high = math.ceil(after.timestamp())  # already the new offset
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == new_offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _quiet(moment: time, start: time, end: time) -> bool:
    """Whether a wall-clock time is in quiet hours [start, end), which may wrap midnight."""
    moment = moment.replace(tzinfo=None)
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment} has no time zone: pass an aware UTC datetime")
