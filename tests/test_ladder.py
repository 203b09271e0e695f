"""progress(): up, down or the same rung, by how her sessions went, and never by the calendar."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.core.ladder import Step, progress, running_seconds, weekly_volume_ok
from bot.platform.content import Rung, load_content

CONTENT = load_content()
TOP = 16
NEEDED = 3

# (story, her rung, sessions since she reached it (oldest first), where she runs next)
PROGRESS = [
    ("three fine sessions: up one", 4, ["fine", "fine", "fine"], Step(5, "up", "symptom_free_sessions")),
    ("two fine: not yet", 4, ["fine", "fine"], Step(4, "same", "not_enough_sessions")),
    ("one fine: not yet", 4, ["fine"], Step(4, "same", "not_enough_sessions")),
    ("no sessions yet (a week went by): the calendar alone never moves her", 4, [],
     Step(4, "same", "not_enough_sessions")),
    ("fine, fine, hard: repeat the rung", 4, ["fine", "fine", "hard"], Step(4, "same", "repeat_hard")),
    ("fine, fine, hard, fine: the repeat went fine, up", 4, ["fine", "fine", "hard", "fine"],
     Step(5, "up", "symptom_free_sessions")),
    ("hard, hard, fine: hard sessions were symptom-free, latest fine, up", 4, ["hard", "hard", "fine"],
     Step(5, "up", "symptom_free_sessions")),
    ("hard, hard, hard, hard: stay until one feels fine", 4, ["hard"] * 4, Step(4, "same", "repeat_hard")),
    ("a symptom in the latest: down one", 4, ["fine", "fine", "symptom"], Step(3, "down", "symptom")),
    ("a symptom in her first session at a rung: down one", 7, ["symptom"], Step(6, "down", "symptom")),
    ("a symptom at the top: down one", TOP, ["fine", "symptom"], Step(TOP - 1, "down", "symptom")),
    ("a symptom at rung 0: stays at 0", 0, ["symptom"], Step(0, "same", "bottom_of_ladder")),
    ("a symptom, then a skipped session: the latest she ran had the symptom, down", 4,
     ["fine", "symptom", "skipped"], Step(3, "down", "symptom")),
    ("at rung 0 after a symptom, two fine since: those two are all that count", 0,
     ["fine", "fine", "symptom", "fine", "fine"], Step(0, "same", "not_enough_sessions")),
    ("at rung 0 after a symptom, three fine since: up", 0,
     ["symptom", "fine", "fine", "fine"], Step(1, "up", "symptom_free_sessions")),
    ("top rung, three fine: stays at the top", TOP, ["fine"] * 3, Step(TOP, "same", "top_of_ladder")),
    ("top rung, latest hard: repeat", TOP, ["fine", "fine", "hard"], Step(TOP, "same", "repeat_hard")),
    ("skipped sessions don't count: fine, skipped, fine, skipped", 4,
     ["fine", "skipped", "fine", "skipped"], Step(4, "same", "not_enough_sessions")),
    ("skipped between fine ones: three fine is three fine, up", 4,
     ["fine", "skipped", "fine", "skipped", "fine"], Step(5, "up", "symptom_free_sessions")),
    ("fine, fine, fine, skipped: the latest she ran was fine, up", 4,
     ["fine", "fine", "fine", "skipped"], Step(5, "up", "symptom_free_sessions")),
    ("only skipped sessions: nothing to go on", 4, ["skipped"] * 5, Step(4, "same", "not_enough_sessions")),
    ("hard, fine, fine, hard, skipped: latest she ran was hard, repeat", 4,
     ["hard", "fine", "fine", "hard", "skipped"], Step(4, "same", "repeat_hard")),
    ("rung above a shortened ladder: read as the top", TOP + 3, ["fine"] * 3,
     Step(TOP, "same", "top_of_ladder")),
]


@pytest.mark.parametrize(("story", "rung", "sessions", "expected"), PROGRESS,
                         ids=[row[0] for row in PROGRESS])
def test_progress(story: str, rung: int, sessions: list, expected: Step) -> None:
    assert progress(rung, sessions, needed=NEEDED, top=TOP) == expected


# (story, needed, sessions, where she runs next from rung 4)
NEEDED_ROWS = [
    ("needed=1: one fine session moves her up", 1, ["fine"], Step(5, "up", "symptom_free_sessions")),
    ("needed=2: two fine", 2, ["fine", "fine"], Step(5, "up", "symptom_free_sessions")),
    ("needed=5: three fine is not yet", 5, ["fine"] * 3, Step(4, "same", "not_enough_sessions")),
]


@pytest.mark.parametrize(("story", "needed", "sessions", "expected"), NEEDED_ROWS,
                         ids=[row[0] for row in NEEDED_ROWS])
def test_progress_needs_as_many_as_asked(story: str, needed: int, sessions: list, expected: Step) -> None:
    assert progress(4, sessions, needed=needed, top=TOP) == expected


def test_moves_are_one_rung_at_a_time() -> None:
    for rung in range(TOP + 1):
        for sessions in (["fine"] * 3, ["symptom"], ["fine", "hard"], []):
            assert abs(progress(rung, sessions, needed=NEEDED, top=TOP).rung - rung) <= 1


@pytest.mark.parametrize(("rung", "needed", "top"), [(-1, 3, 16), (4, 0, 16), (0, 3, -1)])
def test_progress_refuses_nonsense(rung: int, needed: int, top: int) -> None:
    with pytest.raises(ValueError, match="bad ladder position"):
        progress(rung, ["fine"], needed=needed, top=top)


def test_progress_refuses_outcomes_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="done"):
        progress(4, ["fine", "done", "fine"], needed=NEEDED, top=TOP)


def r(run_s: int, walk_s: int, repeats: int) -> Rung:
    return Rung(run_s=run_s, walk_s=walk_s, repeats=repeats)


# (story, before, after, within 10 %?)
VOLUME = [
    ("6 -> 7 min: +1 min is the floor, allowed", r(60, 60, 6), r(60, 60, 7), True),
    ("6 -> 8 min: +2 min, too much", r(60, 60, 6), r(60, 60, 8), False),
    ("10 -> 12.5 min: +25 %", r(60, 60, 10), r(75, 60, 10), False),
    ("25 -> 27.5 min: exactly 10 %", r(150, 15, 10), r(165, 15, 10), True),
    ("27.5 -> 30 min: 9 %", r(165, 15, 10), r(180, 15, 10), True),
    ("shorter walks, same running", r(90, 60, 10), r(90, 45, 10), True),
    ("10 x 3 min -> 30 min continuous: same running", r(180, 15, 10), r(1800, 0, 1), True),
    ("dropping back is always fine", r(180, 15, 10), r(60, 60, 6), True),
]


@pytest.mark.parametrize(("story", "before", "after", "expected"), VOLUME, ids=[row[0] for row in VOLUME])
def test_weekly_volume_ok(story: str, before: Rung, after: Rung, expected: bool) -> None:
    assert weekly_volume_ok(before, after) is expected


def test_a_looser_limit_can_be_asked_for() -> None:
    assert weekly_volume_ok(r(60, 60, 10), r(75, 60, 10), limit=0.25)


def steep_steps(limit: float) -> list[tuple[int, int]]:
    pairs = enumerate(pairwise(CONTENT.ladder))
    return [(i, i + 1) for i, (before, after) in pairs if not weekly_volume_ok(before, after, limit)]


def test_the_ladder_never_takes_running_away_going_up() -> None:
    assert all(running_seconds(a) <= running_seconds(b) for a, b in pairwise(CONTENT.ladder))


def test_ladder_steps_over_10_percent_are_known() -> None:
    """Rungs (0-based) whose running grows by more than 10 % (and more than a minute).

    The ladder is the clinic's; this pins today's steep steps so a change to them is seen.
    Each adds 2.5 min of running a session: 10 -> 12.5 -> 15, 15 -> 17.5 -> 20, 20 -> 22.5 -> 25.
    """
    assert steep_steps(0.10) == [(4, 5), (5, 6), (7, 8), (8, 9), (10, 11), (11, 12)]
