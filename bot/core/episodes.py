"""One escalation per mother per episode: how a new warning sign changes the one already open.

Pure: `merge` takes the open episode's level and signs and the new ones, and says what the
episode becomes and whether the staff must hear of it again (only when the level rises).
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
# held, and a new sign is added to the same episode.
NOT_CLOSED = ("open", "contacted")

Change = Literal["opened", "raised", "added", "same"]


@dataclass(frozen=True, slots=True)
class Merged:
    level: str
    signs: tuple[str, ...]
    change: Change

    @property
    def alert(self) -> bool:
        """A new alert to the staff: a new episode, or one that became more serious."""
        return self.change in ("opened", "raised")


def more_serious(a: str, b: str) -> bool:
    return RANK[a] < RANK[b]


def merge(open_level: str | None, open_signs: Sequence[str], level: str,
          signs: Sequence[str]) -> Merged:
    """`open_level` None: no episode is open, so this one opens it."""
    if open_level is None:
        return Merged(level, tuple(dict.fromkeys(signs)), "opened")
    merged = tuple(dict.fromkeys([*open_signs, *signs]))
    if more_serious(level, open_level):
        return Merged(level, merged, "raised")
    return Merged(open_level, merged, "added" if len(merged) > len(open_signs) else "same")


def most_serious(levels: Sequence[str]) -> str:
    return min(levels, key=RANK.__getitem__)
