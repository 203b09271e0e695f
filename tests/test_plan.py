"""plan_for() and friends: what today's nudge offers her, as tables over the real content."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.core.plan import (
    Plan,
    describe_rung,
    is_run_day,
    non_consecutive,
    part_of_day,
    plan_for,
    session_number,
    suggest_run_days,
    todays_exercises,
    week_of,
)
from bot.platform.content import Rung, load_content

CONTENT = load_content()
MON_WED_FRI = frozenset({0, 2, 4})
MONDAY = date(2026, 11, 30)  # a real Monday on the calendar
TUESDAY = date(2026, 12, 1)
SUNDAY = date(2026, 11, 29)


def names(exercises: tuple) -> list[str]:
    return [e.name for e in exercises]


def plan(**changes: object) -> Plan:
    mum = {"phase": 4, "local_date": MONDAY, "run_days": MON_WED_FRI, "rung_index": 0,
           "breastfeeding": False, "run_held": False, "content": CONTENT}
    return plan_for(**{**mum, **changes})


def test_the_calendar_agrees_monday_is_zero() -> None:
    assert MONDAY.strftime("%A") == "Monday"
    assert SUNDAY.strftime("%A") == "Sunday"
    assert TUESDAY.strftime("%A") == "Tuesday"


# (story, her local date, her run days, run day?)
RUN_DAYS = [
    ("Monday 30 Nov 2026 with Mon/Wed/Fri runs: run day", MONDAY, MON_WED_FRI, True),
    ("Tuesday 1 Dec 2026: rest day", TUESDAY, MON_WED_FRI, False),
    ("Wednesday 2 Dec 2026: run day", date(2026, 12, 2), MON_WED_FRI, True),
    ("Friday 4 Dec 2026: run day", date(2026, 12, 4), MON_WED_FRI, True),
    ("Sunday 29 Nov 2026 is 6, not PTB's 0: rest day with Mon/Wed/Fri", SUNDAY, MON_WED_FRI, False),
    ("Sunday 29 Nov 2026 with Tue/Thu/Sun (1, 3, 6): run day", SUNDAY, frozenset({1, 3, 6}), True),
    ("Monday with Tue/Thu/Sun: rest day (PTB would have called Monday 1)", MONDAY,
     frozenset({1, 3, 6}), False),
    ("no run days chosen yet: never a run day", MONDAY, frozenset(), False),
]


@pytest.mark.parametrize(("story", "day", "run_days", "expected"), RUN_DAYS,
                         ids=[row[0] for row in RUN_DAYS])
def test_is_run_day(story: str, day: date, run_days: frozenset[int], expected: bool) -> None:
    assert is_run_day(day, run_days) is expected


# (story, her situation, kind, rung index, feeding tip, exercises come from phase)
PLANS = [
    ("phase 4, Monday run day: a run at her rung", {}, "run", 0, False, None),
    ("phase 4, run day, rung 5", {"rung_index": 5}, "run", 5, False, None),
    ("phase 4, run day, breastfeeding: the feeding tip comes with the run",
     {"breastfeeding": True}, "run", 0, True, None),
    ("phase 4, run day, a rung below the ladder: the first rung", {"rung_index": -3}, "run", 0,
     False, None),
    ("phase 4, run day, the clinic shortened the ladder: the top rung", {"rung_index": 99}, "run",
     len(CONTENT.ladder) - 1, False, None),
    ("phase 4, Tuesday between runs: a strength day with phase 3's moves, never a run",
     {"local_date": TUESDAY}, "exercise", None, False, 3),
    ("phase 4, Thursday: a rest day", {"local_date": TUESDAY + timedelta(days=2)}, "rest", None,
     False, 4),
    ("phase 4, strength day, breastfeeding: no feeding tip without a run",
     {"local_date": TUESDAY, "breastfeeding": True}, "exercise", None, False, 3),
    ("phase 4, run held (pelvic-health sign open), run day: phase 2, no impact",
     {"run_held": True}, "exercise", None, False, 2),
    ("phase 4, run held, Tuesday: phase 2's rest day", {"run_held": True, "local_date": TUESDAY},
     "rest", None, False, 4),
    ("phase 4, run held, breastfeeding: no run, so no feeding tip",
     {"run_held": True, "breastfeeding": True}, "exercise", None, False, 2),
    ("phase 3 on a Monday: no running before phase 4", {"phase": 3}, "exercise", None, False, 3),
    ("phase 2 with run_held: phase 2 as usual", {"phase": 2, "run_held": True}, "exercise", None,
     False, 2),
    ("phase 1 on a Monday: reconnecting", {"phase": 1}, "exercise", None, False, 1),
    ("phase 1 on a Tuesday: reconnecting every day", {"phase": 1, "local_date": TUESDAY},
     "exercise", None, False, 1),
]


@pytest.mark.parametrize(("story", "changes", "kind", "rung_index", "tip", "from_phase"), PLANS,
                         ids=[row[0] for row in PLANS])
def test_plan_for(story: str, changes: dict, kind: str, rung_index: int | None, tip: bool,
                  from_phase: int | None) -> None:
    today = plan(**changes)
    assert today.kind == kind
    assert today.rung_index == rung_index
    assert today.feeding_tip is tip
    assert today.pelvic_floor == CONTENT.pelvic_floor, "the pelvic floor, every day"
    if kind == "run":
        assert today.rung == CONTENT.ladder[rung_index]
        assert today.exercises == ()
    elif kind == "rest":
        assert today.rung is None and today.exercises == CONTENT.rest_day
        assert today.phase == today.her_phase == from_phase, "labelled with her own phase"
    else:
        assert today.rung is None
        shown = set(names(today.exercises))
        assert shown <= set(names(CONTENT.phase(from_phase).exercises))
        per = CONTENT.phase(changes.get("phase", 4)).week.per_session
        if changes.get("run_held"):
            per = CONTENT.phase(2).week.per_session
        assert len(today.exercises) == min(per, len(CONTENT.phase(from_phase).exercises))


# What a week brings, Monday first: R a run, S her phase's session, G a strength session,
# - a rest day. Her days are Mon, Wed, Fri unless the story says otherwise.
WEEKS = [
    ("phase 1: gentle work every day", 1, {0, 2, 4}, "SSSSSSS"),
    ("phase 2: strength on her three days, rest between", 2, {0, 2, 4}, "S-S-S--"),
    ("phase 3: impact retraining on her three days", 3, {0, 2, 4}, "S-S-S--"),
    ("phase 4: three runs, strength twice, spread out; two rest days", 4, {0, 2, 4}, "RGR-RG-"),
    ("phase 4 with Tue, Thu, Sat runs: strength Mon and Fri", 4, {1, 3, 5}, "GR-RGR-"),
    ("phase 4 with Tue, Thu, Sun runs", 4, {1, 3, 6}, "GR-RG-R"),
    ("phase 2, she cleared her days: rest days and the pelvic floor only", 2, set(), "-------"),
    ("phase 4, she cleared her days: no run, strength twice", 4, set(), "G--G---"),
]


@pytest.mark.parametrize(("story", "phase", "days", "expected"), WEEKS,
                         ids=[row[0] for row in WEEKS])
def test_a_week_in_each_phase_has_the_shape_the_plan_says(story: str, phase: int, days: set[int],
                                                          expected: str) -> None:
    week = [plan(phase=phase, local_date=MONDAY + timedelta(days=i), run_days=frozenset(days),
                 weeks=16) for i in range(7)]
    letters = "".join("R" if p.kind == "run" else "-" if p.kind == "rest"
                      else "G" if p.day == "strength" else "S" for p in week)
    assert letters == expected
    assert all(p.pelvic_floor == CONTENT.pelvic_floor for p in week)


@pytest.mark.parametrize("phase", [p.number for p in CONTENT.phases])
@pytest.mark.parametrize("start", [date(2026, 11, 26) + timedelta(days=i) for i in range(14)])
def test_any_seven_days_show_every_exercise_of_the_phase(phase: int, start: date) -> None:
    week = [plan(phase=phase, local_date=start + timedelta(days=i)) for i in range(7)]
    shown = {name for day in week for name in names(day.exercises)}
    expected = CONTENT.phase(3 if phase == 4 else phase)  # phase 4's strength days train phase 3
    assert set(names(expected.exercises)) <= shown


@pytest.mark.parametrize("phase", [p.number for p in CONTENT.phases])
def test_no_strength_day_and_no_run_side_by_side_with_another_of_its_kind(phase: int) -> None:
    shape = week_of(CONTENT.phase(phase).week, MON_WED_FRI)
    for kind in ("strength",):
        days = [d for d, k in shape.items() if k == kind]
        assert all((d + 1) % 7 not in days for d in days)


def test_run_held_weeks_show_all_of_phase_2() -> None:
    week = [plan(run_held=True, local_date=MONDAY + timedelta(days=i)) for i in range(7)]
    trained = {name for day in week if day.kind == "exercise" for name in names(day.exercises)}
    assert trained == set(names(CONTENT.phase(2).exercises))
    assert all(day.kind != "run" for day in week)


@pytest.mark.parametrize("size", range(1, 22))
@pytest.mark.parametrize("per_session", [2, 3, 4])
def test_turns_cover_the_list_in_as_few_sessions_as_it_can(size: int, per_session: int) -> None:
    exercises = tuple(range(size))
    needed = -(-size // per_session)
    for first in range(10):
        turns = [todays_exercises(exercises, first + i, per_session) for i in range(needed)]
        assert {e for turn in turns for e in turn} == set(exercises)
        assert all(len(set(turn)) == len(turn) == min(size, per_session) for turn in turns)


def test_same_turn_same_exercises_and_the_next_turn_carries_on() -> None:
    exercises = tuple("ABCDE")
    assert todays_exercises(exercises, 7, 3) == todays_exercises(exercises, 7, 3)
    assert todays_exercises(exercises, 0, 3) == ("A", "B", "C")
    assert todays_exercises(exercises, 1, 3) == ("A", "D", "E"), "D, E, then A: in list order"
    assert todays_exercises(exercises, 2, 3) == ("B", "C", "D")


def test_sessions_are_counted_across_weeks() -> None:
    days = frozenset({1, 5})  # Tuesday and Saturday
    tuesday, saturday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=5)
    assert session_number(saturday, days) == session_number(tuesday, days) + 1
    assert session_number(tuesday + timedelta(weeks=1), days) == session_number(saturday, days) + 1


# (story, her local time, greeting)
GREETINGS = [
    ("07:30: morning", time(7, 30), "morning"),
    ("05:00: morning already", time(5, 0), "morning"),
    ("11:59: still morning", time(11, 59), "morning"),
    ("12:30: afternoon", time(12, 30), "afternoon"),
    ("16:59: afternoon", time(16, 59), "afternoon"),
    ("17:50: evening, never morning", time(17, 50), "evening"),
    ("20:15: evening", time(20, 15), "evening"),
    ("22:30: night", time(22, 30), "night"),
    ("03:00: night", time(3, 0), "night"),
]


@pytest.mark.parametrize(("story", "at", "expected"), GREETINGS, ids=[row[0] for row in GREETINGS])
def test_the_greeting_follows_her_hour(story: str, at: time, expected: str) -> None:
    assert part_of_day(at) == expected


def test_suggested_run_days_are_mon_wed_fri_with_rest_between() -> None:
    assert suggest_run_days() == frozenset({0, 2, 4})
    assert [MONDAY + timedelta(days=i) for i in range(7) if is_run_day(MONDAY + timedelta(days=i),
            suggest_run_days())] == [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 4)]
    assert non_consecutive(suggest_run_days())


# (story, run days, no two side by side?)
SPACING = [
    ("Mon, Wed, Fri", {0, 2, 4}, True),
    ("Tue, Thu, Sat", {1, 3, 5}, True),
    ("Tue, Thu, Sun", {1, 3, 6}, True),
    ("Mon, Tue", {0, 1}, False),
    ("Sat, Sun", {5, 6}, False),
    ("Sun and Mon are side by side across the week's end", {6, 0}, False),
    ("Mon, Thu, Sun: Sunday runs into Monday", {0, 3, 6}, False),
    ("one day", {3}, True),
    ("none chosen", set(), True),
    ("four days can't all have a rest between", {0, 2, 4, 6}, False),
]


@pytest.mark.parametrize(("story", "days", "expected"), SPACING, ids=[row[0] for row in SPACING])
def test_non_consecutive(story: str, days: set[int], expected: bool) -> None:
    assert non_consecutive(frozenset(days)) is expected


@pytest.mark.parametrize("days", [{7}, {-1}, {0, 8}])
def test_non_consecutive_refuses_days_outside_the_week(days: set[int]) -> None:
    with pytest.raises(ValueError, match="Monday"):
        non_consecutive(frozenset(days))


# (story, rung, the numbers for the template)
RUNGS = [
    ("first rung: 6 x (1 min run, 1 min walk)", Rung(run_s=60, walk_s=60, repeats=6),
     {"run": "1 min", "walk": "1 min", "repeats": 6, "total": 12, "run_min": 6,
      "continuous": False}),
    ("75 s runs: seconds, not 1.25 min", Rung(run_s=75, walk_s=60, repeats=10),
     {"run": "75 s", "walk": "1 min", "repeats": 10, "total": 22.5, "run_min": 12.5,
      "continuous": False}),
    ("90 s run, 45 s walk", Rung(run_s=90, walk_s=45, repeats=10),
     {"run": "90 s", "walk": "45 s", "repeats": 10, "total": 22.5, "run_min": 15,
      "continuous": False}),
    ("3 min run, 15 s walk", Rung(run_s=180, walk_s=15, repeats=10),
     {"run": "3 min", "walk": "15 s", "repeats": 10, "total": 32.5, "run_min": 30,
      "continuous": False}),
    ("30 min continuous", Rung(run_s=1800, walk_s=0, repeats=1),
     {"run": "30 min", "walk": "0 s", "repeats": 1, "total": 30, "run_min": 30,
      "continuous": True}),
    ("continuous written as repeats: 2 x 10 min with no walk is one 20 min run",
     Rung(run_s=600, walk_s=0, repeats=2),
     {"run": "20 min", "walk": "0 s", "repeats": 2, "total": 20, "run_min": 20,
      "continuous": True}),
]


@pytest.mark.parametrize(("story", "rung", "expected"), RUNGS, ids=[row[0] for row in RUNGS])
def test_describe_rung(story: str, rung: Rung, expected: dict) -> None:
    assert describe_rung(rung) == expected


def test_every_rung_of_the_ladder_can_be_described() -> None:
    for rung in CONTENT.ladder:
        numbers = describe_rung(rung)
        assert numbers["continuous"] is (rung.walk_s == 0)
        assert numbers["run"].endswith((" min", " s"))
