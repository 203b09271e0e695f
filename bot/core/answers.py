"""A finished questionnaire as plain data, and the stored draft it is built from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

CAESAREAN = frozenset({"planned_cs", "emergency_cs"})

# How a readiness test went, as a draft stores it under "tests" (the buttons' ids, in
# content/programme.toml, and "skipped" for the tests "Skip the remaining tests" left).
# Drafts saved before "could_not", "fewer" and "skipped" existed hold "not_tried" for all three:
# it reads as "not tried", which is what she said.
COMFORTABLE = "comfortable"
FEWER = "fewer"  # a strength test done, short of 20 each side
SYMPTOM = "symptom"
COULD_NOT = "could_not"
NOT_TRIED = "not_tried"
SKIPPED = "skipped"
# What she felt in each test she had a symptom in: {"hop": ["leaking", "pain"]}.
TEST_SYMPTOMS = "test_symptoms"


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
    test_symptoms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

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
            test_symptoms={t: tuple(felt) for t, felt in (draft.get(TEST_SYMPTOMS) or {}).items()},
        )


def weeks_since(birth_date: date, today: date) -> int:
    """Completed weeks since the birth (day 0 to 6 is week 0)."""
    return (today - birth_date).days // 7


# A test named with what is known about it, in the lists a mother or the staff read: "hop" alone,
# or "hop:leaking+pain" (what she felt), "walk:skipped" (how it went). The same form goes into an
# escalation's signs, so the staff alert says what she felt in which test.
DETAIL_MARK, DETAIL_JOIN = ":", "+"


def with_detail(test_id: str, details: Iterable[str] = ()) -> str:
    details = tuple(details)
    return f"{test_id}{DETAIL_MARK}{DETAIL_JOIN.join(details)}" if details else test_id


def split_detail(item: str) -> tuple[str, tuple[str, ...]]:
    """("hop", ("leaking", "pain")) for "hop:leaking+pain"; (item, ()) for a plain id."""
    name, _, details = item.partition(DETAIL_MARK)
    return name, tuple(d for d in details.split(DETAIL_JOIN) if d)
