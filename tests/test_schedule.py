"""next_due() and decide(): when her nudge is due, and whether a due nudge is sent, sent late or dropped.

Every instant is pinned in UTC. 2026 transitions: Europe/London jumps 01:00 GMT -> 02:00 BST on
29 Mar (01:00 UTC) and falls back 02:00 BST -> 01:00 GMT on 25 Oct (01:00 UTC);
America/New_York jumps 02:00 EST -> 03:00 EDT on 8 Mar (07:00 UTC) and falls back
02:00 EDT -> 01:00 EST on 1 Nov (06:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.schedule import decide, local_date, next_due


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (story, zone, reminder, after, expected due in UTC)
NEXT_DUE = [
    ("London 07:30 in winter is 07:30 UTC",
     "Europe/London", time(7, 30), utc(2026, 11, 26, 0, 0), utc(2026, 11, 26, 7, 30)),
    ("New York 02:30 EST is the same UTC minute",
     "America/New_York", time(2, 30), utc(2026, 11, 26, 0, 0), utc(2026, 11, 26, 7, 30)),
    ("Kolkata 13:00 IST (+05:30) is the same UTC minute",
     "Asia/Kolkata", time(13, 0), utc(2026, 11, 26, 0, 0), utc(2026, 11, 26, 7, 30)),
    ("Sydney 18:30 AEDT (+11) is the same UTC minute",
     "Australia/Sydney", time(18, 30), utc(2026, 11, 26, 0, 0), utc(2026, 11, 26, 7, 30)),
    ("in July London 08:30 BST is 07:30 UTC",
     "Europe/London", time(8, 30), utc(2026, 7, 1, 0, 0), utc(2026, 7, 1, 7, 30)),
    ("in July New York 03:30 EDT is 07:30 UTC",
     "America/New_York", time(3, 30), utc(2026, 7, 1, 0, 0), utc(2026, 7, 1, 7, 30)),
    ("in July Sydney 17:30 AEST (+10) is 07:30 UTC",
     "Australia/Sydney", time(17, 30), utc(2026, 7, 1, 0, 0), utc(2026, 7, 1, 7, 30)),
    ("already past today's time: tomorrow's",
     "Europe/London", time(7, 30), utc(2026, 11, 26, 9, 0), utc(2026, 11, 27, 7, 30)),
    ("a reminder exactly at `after` is not returned again: strictly after",
     "Europe/London", time(7, 30), utc(2026, 11, 26, 7, 30), utc(2026, 11, 27, 7, 30)),
    ("one microsecond before it is still today's",
     "Europe/London", time(7, 30), utc(2026, 11, 26, 7, 29, 59, 999999), utc(2026, 11, 26, 7, 30)),
    ("New York evening: her next morning is the next UTC day",
     "America/New_York", time(7, 30), utc(2026, 11, 26, 20, 0), utc(2026, 11, 27, 12, 30)),
    ("Sydney: her morning is the UTC evening before",
     "Australia/Sydney", time(6, 0), utc(2026, 11, 26, 12, 0), utc(2026, 11, 26, 19, 0)),
    # Spring forward: a time in the gap fires once, at the jump.
    ("London 01:30 on 29 Mar never shows: fires at the jump, 01:00 UTC (02:00 BST)",
     "Europe/London", time(1, 30), utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 0)),
    ("London 01:00 on 29 Mar, the gap's first minute: fires at the jump too",
     "Europe/London", time(1, 0), utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 0)),
    ("London 02:30 on 29 Mar is not in the gap (London jumps 01:00 -> 02:00): 02:30 BST",
     "Europe/London", time(2, 30), utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 30)),
    ("New York 02:30 on 8 Mar never shows: fires at the jump, 07:00 UTC (03:00 EDT, 02:00 EST)",
     "America/New_York", time(2, 30), utc(2026, 3, 7, 12, 0), utc(2026, 3, 8, 7, 0)),
    ("New York 03:00 on 8 Mar exists: the same instant as the gap's nudge, but a normal one",
     "America/New_York", time(3, 0), utc(2026, 3, 7, 12, 0), utc(2026, 3, 8, 7, 0)),
    ("Lord Howe moves 30 min: 02:15 on 4 Oct fires at its jump, 15:30 UTC (02:30 +11)",
     "Australia/Lord_Howe", time(2, 15), utc(2026, 10, 3, 0, 0), utc(2026, 10, 3, 15, 30)),
    # Fall back: an ambiguous time fires once, at its first occurrence.
    ("London 01:30 on 25 Oct shows twice: fires at the first, 00:30 UTC (01:30 BST)",
     "Europe/London", time(1, 30), utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 0, 30)),
    ("London: after the first 01:30, the second (01:30 GMT) is skipped; next is 26 Oct",
     "Europe/London", time(1, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)),
    ("New York 01:30 on 1 Nov shows twice: fires at the first, 05:30 UTC (01:30 EDT)",
     "America/New_York", time(1, 30), utc(2026, 10, 31, 12, 0), utc(2026, 11, 1, 5, 30)),
    ("New York: after the first 01:30, the second (06:30 UTC) is skipped; next is 2 Nov",
     "America/New_York", time(1, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)),
    ("Samoa skipped 30 Dec 2011: after the 29th comes the 31st (07:30 +14 = 17:30 UTC on the 30th)",
     "Pacific/Apia", time(7, 30), utc(2011, 12, 29, 17, 30), utc(2011, 12, 30, 17, 30)),
]


@pytest.mark.parametrize(("story", "tz", "reminder", "after", "expected"), NEXT_DUE,
                         ids=[row[0] for row in NEXT_DUE])
def test_next_due(story: str, tz: str, reminder: time, after: datetime, expected: datetime) -> None:
    due = next_due(reminder, tz, after)
    assert due == expected
    assert due.utcoffset() == timedelta(0)


# (story, zone, reminder, start, the due instants one after another across a transition)
ACROSS = [
    ("London 01:30 through spring forward: the 29th fires at the jump",
     "Europe/London", time(1, 30), utc(2026, 3, 27, 12, 0),
     [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30), utc(2026, 3, 31, 0, 30)]),
    ("London 01:30 through fall back: the 25th fires once, at 01:30 BST",
     "Europe/London", time(1, 30), utc(2026, 10, 23, 12, 0),
     [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30),
      utc(2026, 10, 27, 1, 30)]),
    ("New York 02:30 through spring forward: the 8th fires at the jump",
     "America/New_York", time(2, 30), utc(2026, 3, 6, 12, 0),
     [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30), utc(2026, 3, 10, 6, 30)]),
    ("New York 01:30 through fall back: the 1st fires once, at 01:30 EDT",
     "America/New_York", time(1, 30), utc(2026, 10, 30, 12, 0),
     [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30), utc(2026, 11, 3, 6, 30)]),
    ("London 07:30, a normal morning, both transitions just shift the UTC hour",
     "Europe/London", time(7, 30), utc(2026, 3, 28, 0, 0),
     [utc(2026, 3, 28, 7, 30), utc(2026, 3, 29, 6, 30), utc(2026, 3, 30, 6, 30)]),
]


@pytest.mark.parametrize(("story", "tz", "reminder", "start", "expected"), ACROSS,
                         ids=[row[0] for row in ACROSS])
def test_one_nudge_per_local_date_across_transitions(story: str, tz: str, reminder: time,
                                                     start: datetime, expected: list[datetime]) -> None:
    dues, after = [], start
    for _ in expected:
        after = next_due(reminder, tz, after)
        dues.append(after)
    assert dues == expected
    dates = [local_date(due, tz) for due in dues]
    first = dates[0]
    assert dates == [first + timedelta(days=i) for i in range(len(dates))]  # none twice, none skipped


@pytest.mark.parametrize("tz", ["Europe/London", "America/New_York", "Australia/Sydney",
                                "Australia/Lord_Howe", "Asia/Kolkata"])
@pytest.mark.parametrize("reminder", [time(0, 0), time(0, 30), time(1, 0), time(1, 30), time(2, 0),
                                      time(2, 30), time(3, 0), time(7, 30), time(23, 59)])
def test_a_whole_year_has_every_local_date_once(tz: str, reminder: time) -> None:
    after = utc(2025, 12, 31, 0, 0)
    dates = []
    while True:
        after = next_due(reminder, tz, after)
        if after.year > 2026:
            break
        dates.append(local_date(after, tz))
    assert len(dates) == len(set(dates))
    assert set(dates) >= {date(2026, 1, 2) + timedelta(days=i) for i in range(363)}


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_due(time(7, 30), "Europe/London", datetime(2026, 11, 26, 7, 0))
    with pytest.raises(ValueError, match="time zone"):
        local_date(datetime(2026, 11, 26, 7, 0), "Europe/London")


# (story, moment, zone, her local date)
LOCAL_DATES = [
    ("late evening in New York is the next day in UTC", utc(2026, 11, 27, 3, 0), "America/New_York",
     date(2026, 11, 26)),
    ("early UTC evening is already tomorrow in Sydney", utc(2026, 11, 26, 14, 0), "Australia/Sydney",
     date(2026, 11, 27)),
    ("the spring-forward jump in London is the 29th", utc(2026, 3, 29, 1, 0), "Europe/London",
     date(2026, 3, 29)),
]


@pytest.mark.parametrize(("story", "moment", "tz", "expected"), LOCAL_DATES,
                         ids=[row[0] for row in LOCAL_DATES])
def test_local_date(story: str, moment: datetime, tz: str, expected: date) -> None:
    assert local_date(moment, tz) == expected


GRACE = timedelta(hours=3)
MORNING = utc(2026, 11, 26, 7, 30)  # 07:30 in London, winter
EVENING = utc(2026, 11, 26, 19, 30)  # 19:30 in London
LATE_NIGHT = utc(2026, 11, 26, 22, 0)  # 22:00 in London

# (story, zone, reminder, due, now, decision)
DECIDE = [
    ("at the due minute: send", "Europe/London", time(7, 30), MORNING, MORNING, "send"),
    ("59 s late (the minute job's jitter): send", "Europe/London", time(7, 30), MORNING,
     MORNING + timedelta(seconds=59), "send"),
    ("exactly a minute late: still send", "Europe/London", time(7, 30), MORNING,
     MORNING + timedelta(minutes=1), "send"),
    ("61 s late: sent once, late", "Europe/London", time(7, 30), MORNING,
     MORNING + timedelta(seconds=61), "late"),
    ("2 h late after an outage: late", "Europe/London", time(7, 30), MORNING,
     MORNING + timedelta(hours=2), "late"),
    ("3 h late, exactly the grace: late", "Europe/London", time(7, 30), MORNING,
     MORNING + GRACE, "late"),
    ("3 h and a second late: skipped", "Europe/London", time(7, 30), MORNING,
     MORNING + GRACE + timedelta(seconds=1), "skip"),
    ("4 h late: skipped", "Europe/London", time(7, 30), MORNING, MORNING + timedelta(hours=4), "skip"),
    ("a day late: skipped", "Europe/London", time(7, 30), MORNING, MORNING + timedelta(days=1), "skip"),
    ("19:30 reminder 1 h 29 min late, at 20:59: late", "Europe/London", time(19, 30), EVENING,
     EVENING + timedelta(minutes=89), "late"),
    ("19:30 reminder late into quiet hours, at 21:00: skipped, never at night", "Europe/London",
     time(19, 30), EVENING, EVENING + timedelta(minutes=90), "skip"),
    ("19:30 reminder at 22:30, within grace but night: skipped", "Europe/London", time(19, 30),
     EVENING, EVENING + timedelta(hours=3), "skip"),
    ("quiet hours are hers: 19:30 New York reminder at 21:15 EST (02:15 UTC): skipped",
     "America/New_York", time(19, 30), utc(2026, 11, 27, 0, 30), utc(2026, 11, 27, 2, 15), "skip"),
    ("...while 21:15 UTC in London would be night, 16:15 in New York is not: late",
     "America/New_York", time(14, 30), utc(2026, 11, 26, 19, 30), utc(2026, 11, 26, 21, 15), "late"),
    ("she chose 22:00: sent at 22:00", "Europe/London", time(22, 0), LATE_NIGHT, LATE_NIGHT, "send"),
    ("she chose 22:00: 45 min late is still her time of night, late", "Europe/London", time(22, 0),
     LATE_NIGHT, LATE_NIGHT + timedelta(minutes=45), "late"),
    ("she chose 05:00, an early feed: sent at 05:00", "Europe/London", time(5, 0),
     utc(2026, 11, 26, 5, 0), utc(2026, 11, 26, 5, 0), "send"),
    ("05:30 reminder (quiet, her choice), 1 h late at 06:30: late", "Europe/London", time(5, 30),
     utc(2026, 11, 26, 5, 30), utc(2026, 11, 26, 6, 30), "late"),
    ("07:00 ends quiet hours: a 06:30 reminder 30 min late at 07:00 is late", "Europe/London",
     time(6, 30), utc(2026, 11, 26, 6, 30), utc(2026, 11, 26, 7, 0), "late"),
]


@pytest.mark.parametrize(("story", "tz", "reminder", "due", "now", "expected"), DECIDE,
                         ids=[row[0] for row in DECIDE])
def test_decide(story: str, tz: str, reminder: time, due: datetime, now: datetime, expected: str) -> None:
    assert decide(due, now, tz=tz, reminder=reminder, grace=GRACE) == expected


def test_quiet_hours_can_be_moved() -> None:
    due = utc(2026, 11, 26, 19, 30)
    now = due + timedelta(minutes=45)  # 20:15 in London
    assert decide(due, now, tz="Europe/London", reminder=time(19, 30), grace=GRACE) == "late"
    assert decide(due, now, tz="Europe/London", reminder=time(19, 30), grace=GRACE,
                  quiet_start=time(20), quiet_end=time(6)) == "skip"
