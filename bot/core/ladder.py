"""Moving up and down the run/walk ladder, by how her sessions went and never by the calendar.

The rules [DEERING24; C25K]: move up only after sessions reported symptom-free; repeat a level
whenever needed; drop back after a symptom; one change at a time, running up by no more than
about 10 %. There is no date anywhere in here on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

from bot.platform.content import Rung

Outcome = Literal["fine", "hard", "symptom", "skipped"]
OUTCOMES = frozenset(get_args(Outcome))
Change = Literal["up", "down", "same"]


def is_outcome(value: object) -> TypeGuard[Outcome]:
    return value in OUTCOMES


# The first rungs are a few minutes of running; 10 % of 6 minutes could never add a repeat.
VOLUME_FLOOR_S = 60


@dataclass(frozen=True)
class Step:
    rung: int
    change: Change
    # "symptom_free_sessions", "symptom", "repeat_hard", "not_enough_sessions",
    # "top_of_ladder", "bottom_of_ladder"
    reason: str


def progress(rung: int, sessions_at_rung: Sequence[Outcome], *, needed: int, top: int) -> Step:
    """Where she runs next, from her sessions since she reached `rung` (oldest first).

    - Skipped sessions are ignored: they tell nothing about how running went.
    - A symptom in her latest completed session: one rung down ("symptom"); at rung 0 she
      stays ("bottom_of_ladder"). The caller starts a fresh list at the new rung.
    - Only sessions after her last symptom count as symptom-free. Fewer than `needed`: stay
      ("not_enough_sessions").
    - `needed` or more, but the latest felt hard: stay and repeat it ("repeat_hard").
    - `needed` or more and the latest felt fine: one rung up ("symptom_free_sessions"), or stay
      at the top ("top_of_ladder").
    A rung above `top` (the clinic shortened the ladder) is read as `top`. An outcome it does
    not know ("done", say) is refused rather than counted as symptom-free.
    """
    if needed < 1 or top < 0 or rung < 0:
        raise ValueError(f"bad ladder position: rung={rung}, needed={needed}, top={top}")
    unknown = set(sessions_at_rung) - OUTCOMES
    if unknown:
        raise ValueError(f"unknown session outcomes {sorted(unknown)}")
    rung = min(rung, top)
    completed = [o for o in sessions_at_rung if o != "skipped"]
    if completed and completed[-1] == "symptom":
        if rung == 0:
            return Step(0, "same", "bottom_of_ladder")
        return Step(rung - 1, "down", "symptom")
    last_symptom = max((i for i, o in enumerate(completed) if o == "symptom"), default=-1)
    symptom_free = completed[last_symptom + 1:]
    if len(symptom_free) < needed:
        return Step(rung, "same", "not_enough_sessions")
    if symptom_free[-1] == "hard":
        return Step(rung, "same", "repeat_hard")
    if rung == top:
        return Step(rung, "same", "top_of_ladder")
    return Step(rung + 1, "up", "symptom_free_sessions")


def running_seconds(rung: Rung) -> int:
    """Running in one session; weekly volume is this times the (fixed) sessions a week."""
    return rung.run_s * rung.repeats


def weekly_volume_ok(before: Rung, after: Rung, limit: float = 0.10) -> bool:
    """Whether moving from `before` to `after` adds no more than `limit` of the running.

    Sessions a week stay the same, so the weekly rule is the per-session rule. The allowance is
    at least VOLUME_FLOOR_S seconds, so the first rungs (6 to 10 minutes) can move at all.
    """
    grown = running_seconds(after) - running_seconds(before)
    return grown <= max(limit * running_seconds(before), VOLUME_FLOOR_S)
