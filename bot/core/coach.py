"""The run/walk coach, as plain data: a session's timeline from her rung, where she is at a given
moment (pauses taken out), and which cue is due, if any.

Everything is in seconds of *running time* (the clock since she pressed Start, minus her pauses),
so a pause simply stops the timeline and a restart of the bot reads it again from the stored start
and pauses. Nothing here reads a clock or the database.

A session: a brisk warm-up walk [C25K: 5 minutes], then her rung's runs with a walk between each
two (the walk after the last run is the cool-down), then the end. Every switch is a cue; the end
is a cue too (it leads to the check-in).

Late cues (the bot was down, the sender was queued): a cue more than LATE_S seconds past its time
is never sent stale. It is folded into the next one: nothing goes out for it, the timeline moves
past it, and the next cue is the one she hears. Only the end is never folded: she always gets
her check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

WARMUP_S = 5 * 60  # a brisk walk to warm up [C25K]
COOLDOWN_S = 5 * 60  # walking to shake it out after the last run
LATE_S = 5.0  # a cue later than this is folded into the next one
ABANDON_MARGIN_S = 30 * 60  # a paused session not resumed this long after its planned end ends

Kind = Literal["warmup", "run", "walk", "cooldown", "end"]


@dataclass(frozen=True)
class Shape:
    """What a session is made of, stored with it so that a ladder edited mid-run changes nothing."""

    run_s: int
    walk_s: int
    repeats: int
    warmup_s: int = WARMUP_S
    cooldown_s: int = COOLDOWN_S

    def as_dict(self) -> dict[str, int]:
        return {"run_s": self.run_s, "walk_s": self.walk_s, "repeats": self.repeats,
                "warmup_s": self.warmup_s, "cooldown_s": self.cooldown_s}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> Shape:
        return cls(int(data["run_s"]), int(data["walk_s"]), int(data["repeats"]),
                   int(data.get("warmup_s", WARMUP_S)), int(data.get("cooldown_s", COOLDOWN_S)))


@dataclass(frozen=True)
class Cue:
    index: int  # position in the timeline: 0 is the warm-up
    kind: Kind
    at: int  # seconds of running time from the start
    length: int  # how long this part lasts (0 for the end)
    number: int  # which run this is, or the run a walk follows (1-based; 0 for warm-up and end)
    of: int  # how many runs in all
    first_run: bool = False  # form cue: short strides, slight forward lean
    last_part: bool = False  # the cool-down: shake it out


def timeline(shape: Shape) -> tuple[Cue, ...]:
    """Every cue of the session, in order, the end last.

    A rung with walk_s = 0 is one continuous run of run_s x repeats (content/ladder.toml).
    """
    if shape.run_s <= 0 or shape.repeats <= 0 or shape.walk_s < 0:
        raise ValueError(f"not a session: {shape}")
    if shape.walk_s == 0:
        runs, run_s = 1, shape.run_s * shape.repeats
    else:
        runs, run_s = shape.repeats, shape.run_s
    cues = [Cue(0, "warmup", 0, shape.warmup_s, 0, runs)]
    at = shape.warmup_s
    for n in range(1, runs + 1):
        cues.append(Cue(len(cues), "run", at, run_s, n, runs, first_run=n == 1))
        at += run_s
        if n < runs:
            cues.append(Cue(len(cues), "walk", at, shape.walk_s, n, runs))
            at += shape.walk_s
    cues.append(Cue(len(cues), "cooldown", at, shape.cooldown_s, runs, runs, last_part=True))
    at += shape.cooldown_s
    cues.append(Cue(len(cues), "end", at, 0, 0, runs))
    return tuple(cues)


def total_s(cues: tuple[Cue, ...]) -> int:
    return cues[-1].at


def runs_done(cues: tuple[Cue, ...], at: float) -> bool:
    """Has every run interval of the session been run by `at` seconds of running time (the
    cool-down has begun)?"""
    return at >= next(c.at for c in cues if c.kind == "cooldown")


def elapsed(started: datetime, now: datetime, paused_s: float,
            paused_at: datetime | None) -> float:
    """Seconds of running time: wall time since the start, less the pauses (the one under way
    counts up to now). Never negative (a clock read before the start reads 0)."""
    wall = (now - started).total_seconds()
    pausing = (now - paused_at).total_seconds() if paused_at is not None else 0.0
    return max(0.0, wall - paused_s - max(0.0, pausing))


def current(cues: tuple[Cue, ...], at: float) -> Cue:
    """The part she is in at `at` seconds of running time (the end once it is over)."""
    return next(c for c in reversed(cues) if c.at <= at)


def left_in(cues: tuple[Cue, ...], at: float) -> int:
    """Whole seconds left in the part she is in (rounded up, so 0 only at its very end)."""
    part = current(cues, at)
    return max(0, int(-(-(part.at + part.length - at) // 1)))


@dataclass(frozen=True)
class Due:
    send: Cue | None  # the cue to send now, or none
    last: int  # the index of the last cue sent or folded, after this step
    folded: tuple[int, ...]  # cues passed over without being sent
    next_at: int | None  # running time of the next cue to wait for; None once the end is reached


def due(cues: tuple[Cue, ...], at: float, last: int, late_s: float = LATE_S) -> Due:
    """What to do at `at` seconds of running time, when cue `last` was the last one handled.

    - Nothing reached since `last`: send nothing, wait for the next.
    - One or more reached: only the latest can be sent (the earlier ones are stale by
      definition: the latest supersedes them); it is sent if no more than `late_s` late,
      else folded too. The end is always sent, however late.
    """
    reached = [c for c in cues if last < c.index and c.at <= at]
    following = next((c.at for c in cues if c.index > last and c.at > at), None)
    if not reached:
        return Due(None, last, (), following)
    latest = reached[-1]
    in_time = latest.kind == "end" or at - latest.at <= late_s
    folded = tuple(c.index for c in reached[:-1]) + (() if in_time else (latest.index,))
    return Due(latest if in_time else None, latest.index, folded,
               None if latest.kind == "end" else following)


def abandoned(started: datetime, now: datetime, cues: tuple[Cue, ...],
              margin_s: int = ABANDON_MARGIN_S) -> bool:
    """A session still open this long after its start (its planned length plus the margin, in
    wall time) has been left: it ends itself."""
    return (now - started).total_seconds() >= total_s(cues) + margin_s


def clock_text(seconds: float) -> str:
    """A length as a runner's watch shows it: "1:00", "0:45", "30:00"."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
