"""One escalation per episode: what a new sign does to the one already open (pure, a table)."""

from __future__ import annotations

import pytest

from bot.core.episodes import can_close, merge

# (open level, open signs, new level, new signs, contacted) -> (level, change, staff alerted)
CASES = [
    ("nothing open: a new episode", None, (), "apex", ("leaking",), False,
     "apex", "opened", True),
    ("the same sign again: nothing new", "emergency", ("chest_pain",), "emergency",
     ("chest_pain",), False, "emergency", "same", False),
    ("more serious: raised", "apex", ("leaking",), "urgent", ("fever",), False,
     "urgent", "raised", True),
    ("a new emergency sign in an emergency someone is handling: alerted again",
     "emergency", ("heavy_bleeding",), "emergency", ("self_harm",), False,
     "emergency", "new_serious", True),
    ("a new urgent sign in an emergency: alerted again", "emergency", ("chest_pain",),
     "urgent", ("fever",), False, "emergency", "new_serious", True),
    ("a new pelvic sign in an emergency: edited in, no new alert", "emergency",
     ("chest_pain",), "apex", ("leaking",), False, "emergency", "added", False),
    ("a new pelvic sign in a pelvic episode: edited in", "apex", ("leaking",), "apex",
     ("heaviness",), False, "apex", "added", False),
    ("anything after she was contacted: reopened", "urgent", ("fever",), "urgent",
     ("fever",), True, "urgent", "reopened", True),
]


@pytest.mark.parametrize(
    ("story", "open_level", "open_signs", "level", "signs", "contacted", "want_level",
     "want_change", "alerted"), CASES, ids=[c[0] for c in CASES])
def test_merge(story: str, open_level: str | None, open_signs: tuple[str, ...], level: str,
               signs: tuple[str, ...], contacted: bool, want_level: str, want_change: str,
               alerted: bool) -> None:
    merged = merge(open_level, open_signs, level, signs, contacted=contacted)
    assert (merged.level, merged.change, merged.alert) == (want_level, want_change, alerted)
    assert set(merged.signs) == {*open_signs, *signs}


@pytest.mark.parametrize(("level", "status", "reachable", "closable"), [
    ("emergency", "open", True, False), ("emergency", "contacted", True, True),
    ("urgent", "open", False, True), ("apex", "open", True, True),
    ("apex", "closed", True, False),
])
def test_can_close(level: str, status: str, reachable: bool, closable: bool) -> None:
    assert can_close(level, status, reachable=reachable) is closable
