"""What today's nudge offers her: a run on a run day in phase 4, otherwise a few exercises.

Pure functions over the content: the date is a parameter (her local date), never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import combinations
from typing import Literal, TypeVar

from bot.platform.content import Content, Exercise, Rung, Week

RUN_PHASE = 4
IMPACT_PHASE = 3
HELD_BACK_PHASE = 2  # strength without impact, while a pelvic-health sign is open
MONDAY, WEDNESDAY, FRIDAY, SUNDAY = 0, 2, 4, 6

DayKind = Literal["session", "strength", "rest"]
PartOfDay = Literal["morning", "afternoon", "evening", "night"]

T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    kind: Literal["exercise", "run", "rest"]
    exercises: tuple[Exercise, ...]  # empty on a run day: the session is the rung
    rung: Rung | None  # the run/walk session, on a run day only
    rung_index: int | None
    feeding_tip: bool  # on a run day when she is breastfeeding: feed or express before running
    phase: int = 0  # the phase whose exercises are shown (may be lower than hers: see plan_for)
    pelvic_floor: tuple[Exercise, ...] = ()  # every day, whatever else the day brings
    her_phase: int = 0  # her own phase, which a rest day is labelled with
    day: DayKind = "session"


def is_run_day(local_date: date, run_days: frozenset[int]) -> bool:
    """Whether her local date is one of her run days.

    Days count Monday=0 ... Sunday=6, as Python's `date.weekday()` does. Beware: PTB's
    `JobQueue.run_daily(days=...)` counts Sunday=0, so its numbers must never be stored here.
    """
    return local_date.weekday() in run_days


def week_of(week: Week, her_days: frozenset[int]) -> dict[int, DayKind]:
    """What each weekday (Monday=0) brings in a phase whose week is `week`.

    - days = "every": a session every day.
    - days = "hers": a session on her days (she cleared them all: none; a mother who never
      chose has Mon, Wed, Fri); `strength_days` of the others bring a strength session, chosen
      as far apart from each other as the week allows (the earliest such choice); the rest
      are rest days.
    """
    if week.days == "every":
        return dict.fromkeys(range(7), "session")
    sessions = her_days
    shape: dict[int, DayKind] = {d: "session" if d in sessions else "rest" for d in range(7)}
    for day in _spread([d for d in range(7) if d not in sessions], week.strength_days):
        shape[day] = "strength"
    return shape


def _spread(free: list[int], count: int) -> tuple[int, ...]:
    """`count` of the free weekdays, the smallest gap between any two (round the week) as large
    as it can be; among equals, the earliest."""
    if count >= len(free):
        return tuple(free)

    def smallest_gap(days: tuple[int, ...]) -> int:
        if len(days) < 2:
            return 7
        return min((b - a) % 7 or 7 for a, b in zip(days, (*days[1:], days[0]), strict=True))

    return max(combinations(free, count), key=smallest_gap, default=())


def session_number(local_date: date, days: frozenset[int]) -> int:
    """How many sessions on these weekdays came before `local_date` since a fixed Monday: the
    turn-taking through a phase's list counts sessions, not dates, so two sessions a week
    still show every exercise."""
    monday = local_date - timedelta(days=local_date.weekday())
    ordered = sorted(days)
    earlier = sum(1 for d in ordered if d < local_date.weekday())
    return (monday.toordinal() // 7) * len(ordered) + earlier


def plan_for(*, phase: int, local_date: date, run_days: frozenset[int], rung_index: int,
             breastfeeding: bool, run_held: bool, content: Content,
             weeks: int | None = None) -> Plan:
    """Today's plan: what this day of her phase's week brings (`week_of`), with the pelvic
    floor every day.

    - A session day of phase 4, running not held: a run at `content.ladder[rung_index]`
      (clamped into the ladder, so a shortened ladder never crashes a nudge), with the feeding
      tip if she breastfeeds.
    - Phase 3 or 4 with `run_held` (a pelvic-health sign is open, APEX has been asked to call):
      phase 2's week and exercises instead. Held back to strength with no impact until seen.
    - A session day of another phase: that phase's exercises, taking turns (`todays_exercises`).
    - A strength day (phase 4: twice a week): the moves of the week's `strength_phase`.
    - A rest day: the rest-day content, labelled with her own phase.
    Exercises with a `from_weeks` later than `weeks` (her weeks since the birth; unknown: none
    are left out) wait: no hops before 12 weeks even in phase 3.
    """
    shown = HELD_BACK_PHASE if phase >= IMPACT_PHASE and run_held else phase
    week = content.phase(shown).week
    shape = week_of(week, run_days)
    kind = shape[local_date.weekday()]
    daily = content.pelvic_floor
    if kind == "rest":
        return Plan("rest", content.rest_day, None, None, False, phase, daily, phase, "rest")
    if kind == "session" and week.session == "run":
        index = min(max(rung_index, 0), len(content.ladder) - 1)
        return Plan("run", (), content.ladder[index], index, breastfeeding, shown, daily, phase)
    if kind == "strength" and week.strength_phase is not None:
        shown = week.strength_phase
    on_days = frozenset(d for d, k in shape.items() if k == kind)
    allowed = available(content.phase(shown).exercises, weeks)
    turn = session_number(local_date, on_days)
    return Plan("exercise", todays_exercises(allowed, turn, week.per_session), None, None, False,
                shown, daily, phase, kind)


def available(exercises: Sequence[Exercise], weeks: int | None) -> tuple[Exercise, ...]:
    """The exercises her weeks since the birth allow."""
    return tuple(e for e in exercises if weeks is None or e.from_weeks <= weeks)


def todays_exercises(exercises: Sequence[T], turn: int, per_session: int) -> tuple[T, ...]:
    """`min(n, per_session)` exercises for session number `turn`, taking up where the last one
    stopped and wrapping around: consecutive sessions show consecutive slices, so any
    ceil(n / per_session) sessions in a row show every exercise. The same turn, the same list,
    in the content's order.
    """
    n = len(exercises)
    if n == 0:
        return ()
    k = min(n, per_session)
    start = (turn * k) % n
    # In the list's own order (strength before hops), whichever slice this turn takes.
    return tuple(exercises[i] for i in sorted((start + i) % n for i in range(k)))


def part_of_day(local_time: time) -> PartOfDay:
    """Which greeting her own clock calls for: morning from 05:00, afternoon from 12:00,
    evening from 17:00, night from 22:00 (and until 05:00)."""
    hour = local_time.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def suggest_run_days() -> frozenset[int]:
    """Monday, Wednesday, Friday: three runs a week with a rest day between. [C25K]"""
    return frozenset({MONDAY, WEDNESDAY, FRIDAY})


def non_consecutive(days: frozenset[int]) -> bool:
    """No two run days side by side; the week wraps, so Sunday and Monday are side by side."""
    if any(not 0 <= day <= SUNDAY for day in days):
        raise ValueError(f"run days must be 0 (Monday) to 6 (Sunday), not {sorted(days)}")
    return all((day + 1) % 7 not in days for day in days)


def describe_rung(rung: Rung) -> dict[str, object]:
    """The numbers a message template needs for one session.

    run / walk: "1 min", "90 s"; repeats; total: the whole session, runs and walks, in
    minutes (20, 12.5); run_min: the running alone, in minutes. continuous: walk_s == 0, when the
    session is one run of run_s x repeats seconds, so `run` gives that whole run ("30 min").
    """
    continuous = rung.walk_s == 0
    running = rung.run_s * rung.repeats
    return {
        "run": _duration(running if continuous else rung.run_s),
        "walk": _duration(rung.walk_s),
        "repeats": rung.repeats,
        "total": _minutes((rung.run_s + rung.walk_s) * rung.repeats),
        "run_min": _minutes(running),
        "continuous": continuous,
    }


def _duration(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds and seconds % 60 == 0 else f"{seconds} s"


def _minutes(seconds: int) -> int | float:
    """A number, so that a message's plural rules can read it: 20, 12.5."""
    minutes = seconds / 60
    return int(minutes) if minutes.is_integer() else minutes
