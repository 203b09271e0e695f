"""Which question comes next, given the answers saved so far.

A draft is the JSON the store keeps for a questionnaire in progress. Steps are question ids
("delivery"), test steps ("t.hop") and, after "Felt a symptom", which symptoms ("s.hop").
Because the next step is derived from saved answers alone, a restart of the bot resumes exactly
at the next unanswered question.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.core.answers import CAESAREAN, SYMPTOM, TEST_SYMPTOMS, weeks_since
from bot.platform.content import Content

TEST_PREFIX = "t."
FELT_PREFIX = "s."  # which symptoms she felt in a test


def step_for_test(test_id: str) -> str:
    return TEST_PREFIX + test_id


def step_for_felt(test_id: str) -> str:
    return FELT_PREFIX + test_id


def all_steps(content: Content) -> list[str]:
    return [q.id for q in content.questions] + [
        step for t in content.tests for step in (step_for_test(t.id), step_for_felt(t.id))]


def has_red_flag(draft: Mapping[str, Any], content: Content) -> bool:
    levels = {s.id: s.level for s in content.signs}
    return any(levels.get(s) in ("emergency", "urgent") for s in draft.get("red_flags", ()))


def impact_tests_gate(draft: Mapping[str, Any], content: Content) -> int:
    """The weeks after the birth before hops and jogging are offered (later after a caesarean)."""
    rules = content.rules
    if draft.get("delivery") in CAESAREAN:
        return max(rules.impact_tests_from_weeks, rules.caesarean_running_from_weeks)
    return rules.impact_tests_from_weeks


def too_early_for_impact_tests(draft: Mapping[str, Any], today: date, content: Content) -> bool:
    return weeks_since(date.fromisoformat(draft["birth_date"]), today) < impact_tests_gate(
        draft, content)


def impact_tests_held(draft: Mapping[str, Any], today: date, content: Content) -> str | None:
    """Why hops and jogging are not offered ("too_early", "scar", "pelvic", "symptom"), the
    first that applies, or None when they are. What she is told names this reason."""
    if too_early_for_impact_tests(draft, today, content):
        return "too_early"
    if draft.get("delivery") in CAESAREAN and draft.get("scar") != "healed":
        return "scar"
    if draft.get("pelvic"):
        return "pelvic"
    if SYMPTOM in draft.get("tests", {}).values():
        return "symptom"
    return None


def impact_tests_allowed(draft: Mapping[str, Any], today: date, content: Content) -> bool:
    """Hops and jogging are offered only when the time gates and her answers allow them."""
    return impact_tests_held(draft, today, content) is None


def tests_allowed(draft: Mapping[str, Any], today: date, content: Content) -> bool:
    """No tests at all in the first weeks (longer after a caesarean): she is reconnecting."""
    rules = content.rules
    gate = (rules.caesarean_strength_from_weeks if draft.get("delivery") in CAESAREAN
            else rules.strength_from_weeks)
    return weeks_since(date.fromisoformat(draft["birth_date"]), today) >= gate


def is_relevant(step: str, draft: Mapping[str, Any], today: date, content: Content) -> bool:
    delivery = draft.get("delivery")
    if step == "tear":
        return delivery is not None and delivery not in CAESAREAN
    if step == "scar":
        return delivery in CAESAREAN
    if step.startswith(FELT_PREFIX):  # asked right after her "Felt a symptom", whatever follows
        return draft.get("tests", {}).get(step.removeprefix(FELT_PREFIX)) == SYMPTOM
    if step.startswith(TEST_PREFIX):
        if not tests_allowed(draft, today, content):
            return False
        if content.test(step.removeprefix(TEST_PREFIX)).kind == "impact":
            return impact_tests_allowed(draft, today, content)
    return True


def is_answered(step: str, draft: Mapping[str, Any]) -> bool:
    if step.startswith(TEST_PREFIX):
        return step.removeprefix(TEST_PREFIX) in draft.get("tests", {})
    if step.startswith(FELT_PREFIX):
        return step.removeprefix(FELT_PREFIX) in (draft.get(TEST_SYMPTOMS) or {})
    return step in draft


def next_step(draft: Mapping[str, Any], today: date, content: Content) -> str | None:
    """The next unanswered step, or None when the questionnaire is complete.

    An emergency or urgent sign ends it at once: nothing about exercise is asked after that.
    """
    for step in all_steps(content):
        if has_red_flag(draft, content):
            return None
        if not is_answered(step, draft) and is_relevant(step, draft, today, content):
            return step
    return None


def remaining_test_steps(draft: Mapping[str, Any], today: date, content: Content) -> list[str]:
    return [s for s in all_steps(content) if s.startswith(TEST_PREFIX)
            and not is_answered(s, draft) and is_relevant(s, draft, today, content)]
