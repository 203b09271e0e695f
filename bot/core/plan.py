"""What today's nudge offers her: a run on a run day in phase 4, otherwise a few exercises.

Pure functions over the content: the date is a parameter (her local date), never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from bot.platform.content import Content, Exercise, Rung

RUN_PHASE = 4
IMPACT_PHASE = 3
HELD_BACK_PHASE = 2  # strength without impact, while a pelvic-health sign is open
PER_DAY = 3  # exercises shown a day: a short list a tired parent will read
MONDAY, WEDNESDAY, FRIDAY, SUNDAY = 0, 2, 4, 6

T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    kind: Literal["exercise", "run"]
    exercises: tuple[Exercise, ...]  # empty on a run day: the session is the rung
    rung: Rung | None  # the run/walk session, on a run day only
    rung_index: int | None
    feeding_tip: bool  # on a run day when she is breastfeeding: feed or express before running
    phase: int = 0  # the phase whose exercises are shown (may be lower than hers: see plan_for)


def is_run_day(local_date: date, run_days: frozenset[int]) -> bool:
    """Whether her local date is one of her run days.

    Days count Monday=0 ... Sunday=6, as Python's `date.weekday()` does. Beware: PTB's
    `JobQueue.run_daily(days=...)` counts Sunday=0, so its numbers must never be stored here.
    """
    return local_date.weekday() in run_days


def plan_for(*, phase: int, local_date: date, run_days: frozenset[int], rung_index: int,
             breastfeeding: bool, run_held: bool, content: Content,
             weeks: int | None = None) -> Plan:
    """Today's plan.

    - Phase 4, a run day, running not held: a run at `content.ladder[rung_index]` (clamped into
      the ladder, so a shortened ladder never crashes a nudge), with the feeding tip if she
      breastfeeds.
    - Phase 3 or 4 with `run_held` (a pelvic-health sign is open, APEX has been asked to call):
      phase 2's exercises, every day. Held back to strength with no impact until she is seen.
    - Phase 4 on a rest day: phase 3's moves (strength and impact), never the run itself.
    - Otherwise: today's share of her phase's exercises (see `todays_exercises`).
    Exercises with a `from_weeks` later than `weeks` (her weeks since the birth; unknown: none
    are left out) wait: no hops before 12 weeks even in phase 3.
    """
    if phase >= IMPACT_PHASE and run_held:
        shown = HELD_BACK_PHASE
    elif phase == RUN_PHASE and is_run_day(local_date, run_days):
        index = min(max(rung_index, 0), len(content.ladder) - 1)
        return Plan("run", (), content.ladder[index], index, breastfeeding, RUN_PHASE)
    elif phase == RUN_PHASE:
        shown = IMPACT_PHASE
    else:
        shown = phase
    allowed = available(content.phase(shown).exercises, weeks)
    return Plan("exercise", todays_exercises(allowed, local_date), None, None, False, shown)


def available(exercises: Sequence[Exercise], weeks: int | None) -> tuple[Exercise, ...]:
    """The exercises her weeks since the birth allow."""
    return tuple(e for e in exercises if weeks is None or e.from_weeks <= weeks)


def todays_exercises(exercises: Sequence[T], local_date: date) -> tuple[T, ...]:
    """`min(n, 3)` exercises a day, taking up where yesterday's stopped, wrapping around.

    Day d starts at index (d * k) % n, with d = local_date.toordinal(), so consecutive days show
    consecutive slices: any 7 days in a row show 7k indices in a row, hence every exercise of
    a phase of up to 21 (content has at most 6). The same date always gives the same list.
    """
    n = len(exercises)
    k = min(n, PER_DAY)
    start = (local_date.toordinal() * k) % n
    return tuple(exercises[(start + i) % n] for i in range(k))


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
