"""One escalation per mother per episode: how a new warning sign changes the one already open.

Pure: `merge` takes the open episode's level and signs and the new ones, and says what the
episode becomes and whether the staff must hear of it again (a new episode, a higher level,
a new emergency or urgent sign, or anything after the clinic contacted her).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

LEVELS = ("emergency", "urgent", "apex")  # most serious first
RANK = {level: rank for rank, level in enumerate(LEVELS)}
# An escalation at these levels holds all exercise content until the clinic closes it.
HOLDING = frozenset({"emergency", "urgent"})
# An episode is over only when the clinic closes it: "contacted" is not "cleared", so she stays
# held. Anything she reports after the clinic contacted her reopens the episode and alerts the
# staff again: they have spoken to her, and this is news.
NOT_CLOSED = ("open", "contacted")


def can_close(level: str, status: str, *, reachable: bool = True) -> bool:
    """An emergency or urgent escalation closes only once someone has reached her: closing one
    releases her plan and tells her the team followed up, which must be true. One whose mother
    has deleted her data (nobody left to reach) can always be closed."""
    if status == "closed":
        return False
    return status == "contacted" or level not in HOLDING or not reachable

Change = Literal["opened", "reopened", "raised", "new_serious", "added", "same"]


@dataclass(frozen=True, slots=True)
class Merged:
    level: str
    signs: tuple[str, ...]
    change: Change

    @property
    def alert(self) -> bool:
        """A new alert to the staff: a new episode, one reported again after the clinic
        contacted her, one that became more serious, or a new emergency or urgent sign in one
        already that serious (the person calling her must hear of it, not find it edited in)."""
        return self.change in ("opened", "reopened", "raised", "new_serious")


def more_serious(a: str, b: str) -> bool:
    return RANK[a] < RANK[b]


def merge(open_level: str | None, open_signs: Sequence[str], level: str,
          signs: Sequence[str], *, contacted: bool = False) -> Merged:
    """`open_level` None: no episode is open, so this one opens it. `contacted`: the clinic has
    contacted her about the open one, so whatever she reports now reopens it."""
    if open_level is None:
        return Merged(level, tuple(dict.fromkeys(signs)), "opened")
    merged = tuple(dict.fromkeys([*open_signs, *signs]))
    if contacted:
        return Merged(most_serious([open_level, level]), merged, "reopened")
    if more_serious(level, open_level):
        return Merged(level, merged, "raised")
    if len(merged) == len(open_signs):
        return Merged(open_level, merged, "same")
    return Merged(open_level, merged, "new_serious" if level in HOLDING else "added")


def most_serious(levels: Sequence[str]) -> str:
    return min(levels, key=RANK.__getitem__)
