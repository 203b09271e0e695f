"""A finished questionnaire as plain data, and the stored draft it is built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

CAESAREAN = frozenset({"planned_cs", "emergency_cs"})


@dataclass(frozen=True)
class Answers:
    birth_date: date
    delivery: str
    tear: str | None = None
    scar: str | None = None
    check: str = "not_yet"
    red_flags: frozenset[str] = frozenset()
    pelvic: frozenset[str] = frozenset()
    feeding: str | None = None
    sleep: str | None = None
    mood: str | None = None
    tests: Mapping[str, str] = field(default_factory=dict)

    @property
    def caesarean(self) -> bool:
        return self.delivery in CAESAREAN

    @classmethod
    def from_draft(cls, draft: Mapping[str, Any]) -> Answers:
        """Build from the JSON a draft assessment stores; unanswered questions take defaults."""
        return cls(
            birth_date=date.fromisoformat(draft["birth_date"]),
            delivery=draft.get("delivery", "vaginal"),
            tear=draft.get("tear"),
            scar=draft.get("scar"),
            check=draft.get("check", "not_yet"),
            red_flags=frozenset(draft.get("red_flags", ())),
            pelvic=frozenset(draft.get("pelvic", ())),
            feeding=draft.get("feeding"),
            sleep=draft.get("sleep"),
            mood=draft.get("mood"),
            tests=dict(draft.get("tests", {})),
        )


def weeks_since(birth_date: date, today: date) -> int:
    """Completed weeks since the birth (day 0 to 6 is week 0)."""
    return (today - birth_date).days // 7
