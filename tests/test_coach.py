"""The coach's pure core, in tables: the timeline from a rung, where she is with pauses, which
cue is due, and how late cues fold into the next."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.coach import (
    Shape,
    abandoned,
    clock_text,
    current,
    due,
    elapsed,
    left_in,
    runs_done,
    timeline,
    total_s,
)
from bot.platform.content import load_content

START = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)


def kinds(shape: Shape) -> list[tuple[str, int, int, int]]:
    return [(c.kind, c.at, c.length, c.number) for c in timeline(shape)]


def test_three_intervals_with_warm_up_and_cool_down() -> None:
    assert kinds(Shape(60, 90, 3)) == [
        ("warmup", 0, 300, 0),
        ("run", 300, 60, 1), ("walk", 360, 90, 1),
        ("run", 450, 60, 2), ("walk", 510, 90, 2),
        ("run", 600, 60, 3),
        ("cooldown", 660, 300, 3),
        ("end", 960, 0, 0),
    ]
    cues = timeline(Shape(60, 90, 3))
    assert [c.first_run for c in cues] == [False, True] + [False] * 6
    assert [c.last_part for c in cues][-2:] == [True, False]
    assert {c.of for c in cues} == {3}


def test_a_continuous_rung_is_one_long_run() -> None:
    assert kinds(Shape(1800, 0, 1)) == [
        ("warmup", 0, 300, 0), ("run", 300, 1800, 1), ("cooldown", 2100, 300, 1),
        ("end", 2400, 0, 0)]


def test_every_rung_of_the_ladder_makes_a_timeline_whose_runs_add_up() -> None:
    for rung in load_content().ladder:
        cues = timeline(Shape(rung.run_s, rung.walk_s, rung.repeats))
        running = sum(c.length for c in cues if c.kind == "run")
        assert running == rung.run_s * rung.repeats
        assert total_s(cues) == cues[-1].at
        assert all(a.at + a.length == b.at for a, b in itertools.pairwise(cues))


@pytest.mark.parametrize("shape", [Shape(0, 60, 3), Shape(60, -1, 3), Shape(60, 60, 0)])
def test_a_shape_that_is_no_session_is_refused(shape: Shape) -> None:
    with pytest.raises(ValueError, match="not a session"):
        timeline(shape)


@pytest.mark.parametrize(("wall", "paused_s", "paused_for", "expected"), [
    (0, 0, None, 0),
    (95, 0, None, 95),
    (95, 30, None, 65),  # a 30 s pause taken and over
    (95, 30, 10, 55),  # and another 10 s under way now
    (-5, 0, None, 0),  # a clock read before the start
])
def test_elapsed_running_time_leaves_out_the_pauses(wall: int, paused_s: float,
                                                    paused_for: int | None,
                                                    expected: float) -> None:
    now = START + timedelta(seconds=wall)
    paused_at = None if paused_for is None else now - timedelta(seconds=paused_for)
    assert elapsed(START, now, paused_s, paused_at) == expected


CUES = timeline(Shape(60, 90, 3))  # cues at 0, 300, 360, 450, 510, 600, 660, 960


@pytest.mark.parametrize(("at", "last", "send", "new_last", "folded", "next_at"), [
    (10, 0, None, 0, (), 300),  # in the warm-up: wait for run 1
    (300, 0, 1, 1, (), 360),  # run 1, on its second
    (304, 0, 1, 1, (), 360),  # 4 s late: still sent
    (305, 0, 1, 1, (), 360),  # 5 s late: still sent
    (306, 0, None, 1, (1,), 360),  # 6 s late: folded into the walk at 360
    (301, 1, None, 1, (), 360),  # already sent: never twice
    (362, 0, 2, 2, (1,), 450),  # run 1 missed while down; the walk is on time
    (500, 0, None, 3, (1, 2, 3), 510),  # down through three cues: nothing stale
    (960, 5, 7, 7, (6,), None),  # the end is reached: it is sent
    (4000, 1, 7, 7, (2, 3, 4, 5, 6), None),  # however late, she gets her check-in
    (961, 7, None, 7, (), None),  # after the end: nothing more
])
def test_which_cue_is_due(at: float, last: int, send: int | None, new_last: int,
                          folded: tuple[int, ...], next_at: int | None) -> None:
    decision = due(CUES, at, last)
    assert (decision.send.index if decision.send else None) == send
    assert (decision.last, decision.folded, decision.next_at) == (new_last, folded, next_at)


@pytest.mark.parametrize(("at", "kind", "number", "left"), [
    (0, "warmup", 0, 300), (299.5, "warmup", 0, 1), (300, "run", 1, 60), (340, "run", 1, 20),
    (400, "walk", 1, 50), (620, "run", 3, 40), (700, "cooldown", 3, 260), (960, "end", 0, 0),
])
def test_where_she_is_and_what_is_left(at: float, kind: str, number: int, left: int) -> None:
    part = current(CUES, at)
    assert (part.kind, part.number, left_in(CUES, at)) == (kind, number, left)


@pytest.mark.parametrize(("minutes", "expected"), [(15, False), (45, False), (46, True)])
def test_a_session_left_open_ends_after_its_length_and_a_margin(minutes: int,
                                                                expected: bool) -> None:
    # 16 min planned + 30 min margin
    assert abandoned(START, START + timedelta(minutes=minutes), CUES) is expected


@pytest.mark.parametrize(("seconds", "text"), [(60, "1:00"), (45, "0:45"), (90, "1:30"),
                                               (1800, "30:00"), (59.6, "1:00"), (-3, "0:00")])
def test_lengths_read_as_a_watch(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


def test_a_shape_survives_storage() -> None:
    shape = Shape(75, 60, 10)
    assert Shape.from_dict(shape.as_dict()) == shape


@pytest.mark.parametrize(("at", "done"), [
    (0, False),  # the warm-up
    (300, False),  # her first run begins
    (300 + 15 * 60 - 1, False),  # the last run, a second before its end
    (300 + 15 * 60, True),  # the cool-down begins: every run interval run
    (300 + 15 * 60 + 300, True),  # the end
])
def test_runs_done_once_the_cool_down_begins(at: float, done: bool) -> None:
    assert runs_done(timeline(Shape(60, 60, 8)), at) is done
