"""readiness(answers) -> Recommendation: which phase she is in, why, and what moves her on.

The checks run in a fixed order (emergency, urgent, contact APEX, time gates, tests) and every
threshold comes from content/programme.toml. Reasons and next steps are codes with parameters;
the catalogue (content/locales/) turns them into words.

Each check that holds her back is a cap on her phase, with its reason and its next step. Her
phase is the lowest cap, and she reads the reasons and steps of the caps that hold her there:
what keeps her in this phase and what would move her on, never a later gate she still has to
meet, nor a test she was not offered. A warning sign or a symptom holds her until APEX has seen
her: no test is then an invitation. Tests appear with how they went ("skipped", "couldn't yet")
or what she felt ("leaking"), as `with_detail` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.core.answers import (
    COMFORTABLE,
    COULD_NOT,
    FEWER,
    NOT_TRIED,
    SKIPPED,
    SYMPTOM,
    Answers,
    weeks_since,
    with_detail,
)
from bot.platform.content import Content


@dataclass(frozen=True)
class Note:
    """A reason or a next step: a template name in content plus the values it needs."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    phase: int | None  # None: no exercise at all until a doctor or emergency care has seen her
    escalation: str | None  # "emergency" | "urgent" | "apex" | None
    signs: tuple[str, ...]  # the sign ids (or test ids) behind the escalation
    reasons: tuple[Note, ...]
    next_steps: tuple[Note, ...]
    strength_focus: tuple[str, ...] = ()
    weeks: int = 0

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def step_codes(self) -> list[str]:
        return [s.code for s in self.next_steps]


@dataclass(frozen=True)
class _Cap:
    phase: int
    reason: Note
    step: Note | None = None


def readiness(answers: Answers, today: date, content: Content) -> Recommendation:
    weeks = weeks_since(answers.birth_date, today)
    levels = {s.id: s.level for s in content.signs}
    in_order = [s.id for s in content.signs]

    for level, step in (("emergency", "call_emergency"), ("urgent", "contact_doctor_today")):
        if any(levels.get(s) == level for s in answers.red_flags):
            # Every red flag she ticked goes with it: emergency care needs the urgent ones too.
            hits = tuple(s for s in in_order if s in answers.red_flags)
            return Recommendation(
                phase=None, escalation=level, signs=hits, weeks=weeks,
                reasons=(Note(f"{level}_signs", {"signs": hits}),),
                next_steps=(Note(step),),
            )

    caps: list[_Cap] = []
    pelvic = tuple(s for s in in_order if s in answers.pelvic and levels[s] == "apex")
    symptom_tests = tuple(with_detail(t.id, answers.test_symptoms.get(t.id, ()))
                          for t in content.tests if answers.tests.get(t.id) == SYMPTOM)
    escalation = "apex" if pelvic or symptom_tests else None
    if escalation:
        # Held: no impact and no running until APEX has seen her; and strength work only once
        # she is far enough on ("if symptom-free" before that).
        held = 2 if weeks >= content.rules.symptomatic_strength_from_weeks else 1
        if pelvic:
            caps.append(_Cap(held, Note("pelvic_signs", {"signs": pelvic})))
        if symptom_tests:
            caps.append(_Cap(held, Note("test_symptom", {"tests": symptom_tests})))
        caps[0] = _Cap(held, caps[0].reason, Note("contact_apex"))
    caps += _gates(answers, weeks, content, tests_count=not escalation)

    phase = min([4, *(c.phase for c in caps)])
    holding = [c for c in caps if c.phase == phase]
    reasons = [c.reason for c in holding]
    steps = _one_each([c.step for c in holding if c.step is not None])
    if phase == 4:
        reasons.append(Note("ready_to_run", {"weeks": weeks}))
        steps.append(Note("start_running"))
    if answers.tear == "yes" and not escalation:
        steps.append(Note("tear_assessment"))

    focus: tuple[str, ...] = ()
    if phase >= 2:
        strength = content.tests_of("strength")
        focus = tuple(t.id for t in strength if answers.tests.get(t.id) in (FEWER, COULD_NOT))
        if focus:
            reasons.append(Note("strength_shortfall",
                                {"tests": tuple(_as_tried(answers, t) for t in focus)}))
            steps.append(Note("strength_focus", {"tests": focus}))
        untried = tuple(_as_tried(answers, t.id) for t in strength
                        if answers.tests.get(t.id) not in (COMFORTABLE, FEWER, COULD_NOT, SYMPTOM))
        if untried:
            reasons.append(Note("strength_untried", {"tests": untried}))
    steps.extend(_wellbeing_steps(answers, phase))
    return Recommendation(
        phase=phase, escalation=escalation, signs=pelvic + symptom_tests, weeks=weeks,
        reasons=tuple(reasons), next_steps=tuple(steps), strength_focus=focus,
    )


def _gates(answers: Answers, weeks: int, content: Content, *, tests_count: bool) -> list[_Cap]:
    """Every time gate and answer that caps her phase. `tests_count`: the load and impact tests
    she has not yet done comfortably cap it too (not while a sign holds her: APEX comes first)."""
    rules = content.rules
    strength_gate = (rules.caesarean_strength_from_weeks if answers.caesarean
                     else rules.strength_from_weeks)
    if weeks < strength_gate:
        code = "caesarean_early" if answers.caesarean else "early_days"
        return [_Cap(1, Note(code, {"weeks": weeks, "min_weeks": strength_gate}),
                     _wait_until(answers.birth_date, strength_gate))]
    caps = []
    if weeks < rules.impact_retrain_from_weeks:
        caps.append(_Cap(2, Note("too_early_for_impact",
                                 {"weeks": weeks, "min_weeks": rules.impact_retrain_from_weeks}),
                         _wait_until(answers.birth_date, rules.impact_retrain_from_weeks)))
    if answers.check != "cleared":
        caps.append(_Cap(2, Note("check_not_cleared"), Note("get_postnatal_check")))
    if answers.caesarean and answers.scar != "healed":
        caps.append(_Cap(2, Note("scar_not_healed"), Note("scar_check")))
    load_missing = _not_yet_comfortable(answers, rules.phase3_tests)
    if load_missing and tests_count:
        caps.append(_Cap(2, Note("load_tests_not_passed",
                                 {"tests": tuple(_as_tried(answers, t) for t in load_missing)}),
                         Note("try_tests", {"tests": load_missing})))
    running_gate = (max(rules.running_from_weeks, rules.caesarean_running_from_weeks)
                    if answers.caesarean else rules.running_from_weeks)
    if weeks < running_gate:
        caps.append(_Cap(3, Note("too_early_for_running", {"weeks": weeks, "min_weeks": running_gate}),
                         _wait_until(answers.birth_date, running_gate)))
    elif tests_count:
        impact_ids = tuple(t.id for t in content.tests_of("load", "impact"))
        impact_missing = tuple(t for t in _not_yet_comfortable(answers, impact_ids)
                               if t not in load_missing)
        if impact_missing:
            caps.append(_Cap(3, Note("impact_tests_not_passed",
                                     {"tests": tuple(_as_tried(answers, t) for t in impact_missing)}),
                             Note("try_tests", {"tests": impact_missing})))
    return caps


def _not_yet_comfortable(answers: Answers, test_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Tests not done comfortably, leaving out those with a symptom (reported on their own)."""
    return tuple(t for t in test_ids if answers.tests.get(t) not in (COMFORTABLE, SYMPTOM))


def _as_tried(answers: Answers, test_id: str) -> str:
    """The test as her result's reasons name it: with "skipped", "couldn't yet" or "not tried
    yet" when she said so ("walk:skipped"); alone otherwise (fewer than 20 is what the strength
    line says of all it lists)."""
    how = answers.tests.get(test_id)
    return with_detail(test_id, (how,) if how in (COULD_NOT, NOT_TRIED, SKIPPED) else ())


def _one_each(steps: list[Note]) -> list[Note]:
    """The steps, each code once: the tests to try become one line, the latest date one wait."""
    merged: dict[str, Note] = {}
    for step in steps:
        before = merged.get(step.code)
        if before is None:
            merged[step.code] = step
        elif step.code == "try_tests":
            merged[step.code] = Note("try_tests", {
                "tests": tuple(dict.fromkeys((*before.params["tests"], *step.params["tests"])))})
        elif step.code == "wait_until" and step.params["weeks"] > before.params["weeks"]:
            merged[step.code] = step
    return list(merged.values())


def _wait_until(birth_date: date, weeks: int) -> Note:
    return Note("wait_until", {"date": birth_date + timedelta(weeks=weeks), "weeks": weeks})


def _wellbeing_steps(answers: Answers, phase: int) -> list[Note]:
    steps = []
    if answers.sleep == "poor":
        steps.append(Note("sleep_easier"))
    if answers.mood == "low":
        steps.append(Note("mood_support"))
    if answers.feeding == "yes" and phase == 4:
        steps.append(Note("feeding_tips"))
    return steps
