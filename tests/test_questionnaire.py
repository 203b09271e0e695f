"""Which question comes next, and reading a birth date: pure functions, tested in tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.answers import Answers
from bot.core.dates import Ambiguous, BirthDate, DateProblem, birth_in_text, parse_birth_date
from bot.core.questionnaire import (
    impact_tests_held,
    next_step,
    remaining_test_steps,
    step_for_felt,
    step_for_test,
)
from bot.platform.content import load_content

TODAY = date(2026, 11, 26)
CONTENT = load_content()
MAX_WEEKS = CONTENT.rules.max_weeks_back


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-08-14", date(2026, 8, 14)),
    ("14/08/2026", date(2026, 8, 14)),
    ("14.08.2026", date(2026, 8, 14)),
    ("14 Aug 2026", date(2026, 8, 14)),
    ("14 august 2026", date(2026, 8, 14)),
    ("Aug 14, 2026", date(2026, 8, 14)),
    ("  14 AUG 2026 ", date(2026, 8, 14)),
    ("9 weeks", TODAY - timedelta(weeks=9)),
    ("9w", TODAY - timedelta(weeks=9)),
    ("9", TODAY - timedelta(weeks=9)),
    ("0 weeks", TODAY),
    ("12 weeks ago", TODAY - timedelta(weeks=12)),
    ("2026-11-26", TODAY),
    # Numeric dates with only one real reading, whichever order she uses.
    ("08/14/2026", date(2026, 8, 14)),
    ("10/13/2026", date(2026, 10, 13)),
    ("13/10/2026", date(2026, 10, 13)),
    ("1/12/2026", date(2026, 1, 12)),  # 1 Dec 2026 is still to come
    ("11/26/26", TODAY),
    ("5-20-2026", date(2026, 5, 20)),
    ("7/7/2026", date(2026, 7, 7)),  # both readings are the same day
    # A month's name, with or without the year.
    ("Oct 3", date(2026, 10, 3)),
    ("3 October", date(2026, 10, 3)),
    ("Dec 25", date(2025, 12, 25)),  # this year's is still to come
    ("October 3, 2026", date(2026, 10, 3)),
])
def test_birth_dates_she_might_type(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, TODAY, MAX_WEEKS) == expected


@pytest.mark.parametrize(("typed", "problem"), [
    ("2026-11-27", "future"),
    ("01/01/2030", "future"),
    ("2020-01-01", "too_old"),
    ("300 weeks", "too_old"),
    ("99999 weeks", "unreadable"),
    ("-3 weeks", "unreadable"),
    ("last tuesday", "unreadable"),
    ("31/02/2026", "unreadable"),
    ("", "unreadable"),
    ("🍼", "unreadable"),
    ("x" * 500, "unreadable"),
])
def test_birth_dates_refused_with_a_reason(typed: str, problem: str) -> None:
    assert parse_birth_date(typed, TODAY, MAX_WEEKS) == DateProblem(problem)


@pytest.mark.parametrize(("typed", "month_first", "day_first"), [
    ("11/08/2026", date(2026, 11, 8), date(2026, 8, 11)),  # 3 weeks, or 16: never guessed
    ("3/4/2026", date(2026, 3, 4), date(2026, 4, 3)),
    ("10/3/2026", date(2026, 10, 3), date(2026, 3, 10)),
    ("11.08.26", date(2026, 11, 8), date(2026, 8, 11)),
    ("02-01-2026", date(2026, 2, 1), date(2026, 1, 2)),
])
def test_a_numeric_date_with_two_readings_is_asked_not_guessed(
        typed: str, month_first: date, day_first: date) -> None:
    assert parse_birth_date(typed, TODAY, MAX_WEEKS) == Ambiguous(month_first, day_first)


@pytest.mark.parametrize(("typed", "problem"), [
    ("12/12/2026", "future"),
    ("11/27/2026", "future"),
    ("13/13/2026", "unreadable"),
    ("0/5/2026", "unreadable"),
    ("Feb 30", "unreadable"),
])
def test_numeric_and_named_dates_refused(typed: str, problem: str) -> None:
    assert parse_birth_date(typed, TODAY, MAX_WEEKS) == DateProblem(problem)


def born(weeks: int) -> str:
    return (TODAY - timedelta(weeks=weeks)).isoformat()


BASE = {"check": "cleared", "red_flags": [], "pelvic": [], "feeding": "no", "sleep": "ok",
        "mood": "good"}


def test_questions_come_in_order_and_tear_only_after_a_vaginal_birth() -> None:
    assert next_step({}, TODAY, CONTENT) == "birth_date"
    assert next_step({"birth_date": born(14)}, TODAY, CONTENT) == "red_flags"
    draft = {"birth_date": born(14), "red_flags": []}
    assert next_step(draft, TODAY, CONTENT) == "delivery"
    assert next_step({**draft, "delivery": "vaginal"}, TODAY, CONTENT) == "tear"
    assert next_step({**draft, "delivery": "planned_cs"}, TODAY, CONTENT) == "scar"
    assert next_step({**draft, "delivery": "assisted", "tear": "no"}, TODAY, CONTENT) == "check"


def test_an_emergency_or_urgent_sign_ends_the_questions() -> None:
    red = CONTENT.signs_at("urgent")[0].id
    draft = {"birth_date": born(14), "delivery": "vaginal", "tear": "no", "check": "cleared",
             "red_flags": [red]}
    assert next_step(draft, TODAY, CONTENT) is None


def test_impact_tests_are_offered_only_from_twelve_weeks() -> None:
    early = {"birth_date": born(11), "delivery": "vaginal", "tear": "no", **BASE}
    later = {**early, "birth_date": born(12)}
    impact = {step_for_test(t.id) for t in CONTENT.tests_of("impact")}
    assert not impact & set(remaining_test_steps(early, TODAY, CONTENT))
    assert impact <= set(remaining_test_steps(later, TODAY, CONTENT))


@pytest.mark.parametrize("blocker", [
    {"pelvic": ["PELVIC"]},
    {"delivery": "planned_cs", "scar": "not_healed"},
    {"tests": {"walk": "symptom"}},
])
def test_impact_tests_are_not_offered_when_her_answers_say_no(blocker: dict) -> None:
    draft = {"birth_date": born(20), "delivery": "vaginal", "tear": "no", **BASE, **blocker}
    if draft["pelvic"] == ["PELVIC"]:
        draft["pelvic"] = [CONTENT.signs_at("apex")[0].id]
    impact = {step_for_test(t.id) for t in CONTENT.tests_of("impact")}
    assert not impact & set(remaining_test_steps(draft, TODAY, CONTENT))


@pytest.mark.parametrize(("weeks", "delivery", "offered"), [
    (1, "vaginal", False), (2, "vaginal", True), (5, "planned_cs", False), (6, "emergency_cs", True),
])
def test_no_tests_at_all_in_the_first_weeks(weeks: int, delivery: str, offered: bool) -> None:
    draft = {"birth_date": born(weeks), "delivery": delivery, "tear": "no", "scar": "healed", **BASE}
    assert bool(remaining_test_steps(draft, TODAY, CONTENT)) == offered
    if not offered:
        assert next_step(draft, TODAY, CONTENT) is None


def test_all_answered_means_done() -> None:
    draft = {"birth_date": born(14), "delivery": "vaginal", "tear": "no", **BASE,
             "tests": {t.id: "comfortable" for t in CONTENT.tests}}
    assert next_step(draft, TODAY, CONTENT) is None


def test_felt_a_symptom_asks_which_right_after_that_test() -> None:
    draft = {"birth_date": born(16), "delivery": "vaginal", "tear": "no", **BASE,
             "tests": {"walk": "comfortable", "balance": "symptom"}}
    assert next_step(draft, TODAY, CONTENT) == step_for_felt("balance")
    felt = {**draft, "test_symptoms": {"balance": ["leaking", "heaviness"]}}
    assert next_step(felt, TODAY, CONTENT) == step_for_test("squat")
    assert Answers.from_draft(felt).test_symptoms == {"balance": ("leaking", "heaviness")}


@pytest.mark.parametrize(("story", "draft", "why"), [
    ("11 weeks", {"birth_date": born(11)}, "too_early"),
    ("16 weeks, a pelvic sign", {"pelvic": ["leaking"]}, "pelvic"),
    ("16 weeks, C-section, incision not checked", {"delivery": "planned_cs", "scar": "unsure"}, "scar"),
    ("16 weeks, a symptom in the walk", {"tests": {"walk": "symptom"}}, "symptom"),
    ("16 weeks, nothing holding the hops", {}, None),
])
def test_the_hops_are_held_for_the_real_reason(story: str, draft: dict, why: str | None) -> None:
    draft = {"birth_date": born(16), "delivery": "vaginal", "tear": "no", **BASE, **draft}
    assert impact_tests_held(draft, TODAY, CONTENT) == why, story


def test_a_draft_saved_before_this_change_still_reads_and_resumes() -> None:
    """Mothers are mid-screening when this ships: "not_tried" (once "couldn't / didn't try")
    reads as not tried, and a symptom saved without what she felt asks what she felt."""
    old = {"birth_date": born(16), "delivery": "vaginal", "tear": "no", **BASE,
           "tests": {"walk": "not_tried", "balance": "symptom"}}
    assert Answers.from_draft(old).tests == {"walk": "not_tried", "balance": "symptom"}
    assert Answers.from_draft(old).test_symptoms == {}
    assert next_step(old, TODAY, CONTENT) == step_for_felt("balance")


@pytest.mark.parametrize(("said", "weeks_ago", "approximate"), [
    ("my baby was born 9 weeks ago and I have chest pain", 9, True),
    ("I'm 9 weeks postpartum and can't breathe", 9, True),
    ("my 6 week old is fine but I have a fever", 6, True),
    ("mi bebé nació hace 9 semanas y tengo dolor en el pecho", 9, True),
])
def test_a_birth_named_in_the_same_message_as_a_sign_is_read(said: str, weeks_ago: int,
                                                            approximate: bool) -> None:
    assert birth_in_text(said, "en-US", TODAY, MAX_WEEKS) == BirthDate(
        TODAY - timedelta(weeks=weeks_ago), approximate)


@pytest.mark.parametrize("said", [
    "I have chest pain",
    "chest pain for 2 days",  # not the birth
    "born 11/08/2026 and chest pain",  # two readings: never guessed
    "born 3 and chest pain",  # a bare number, in a sentence
])
def test_no_birth_is_read_from_a_sentence_that_does_not_say_it_for_sure(said: str) -> None:
    assert birth_in_text(said, "en-US", TODAY, MAX_WEEKS) is None
