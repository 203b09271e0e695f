"""readiness(answers) -> Recommendation: which phase she is in, why, and what moves her on.

The checks run in a fixed order (emergency, urgent, contact APEX, time gates, tests) and every
threshold comes from content/programme.toml. Reasons and next steps are codes with parameters;
the catalogue (content/locales/) turns them into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.core.answers import Answers, weeks_since
from bot.platform.content import Content

COMFORTABLE = "comfortable"
SYMPTOM = "symptom"


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

    reasons: list[Note] = []
    steps: list[Note] = []
    pelvic = tuple(s for s in in_order if s in answers.pelvic and levels[s] == "apex")
    symptom_tests = tuple(t.id for t in content.tests if answers.tests.get(t.id) == SYMPTOM)
    if pelvic:
        reasons.append(Note("pelvic_signs", {"signs": pelvic}))
    if symptom_tests:
        reasons.append(Note("test_symptom", {"tests": symptom_tests}))
    escalation = "apex" if pelvic or symptom_tests else None
    if escalation:
        steps.append(Note("contact_apex"))

    phase = _phase_from_gates_and_tests(answers, weeks, content, reasons, steps)
    if escalation:
        # Held: no impact and no running until APEX has seen her, so no invitation to hop;
        # and strength work only once she is far enough on ("if symptom-free" before that).
        phase = min(phase, 2 if weeks >= content.rules.symptomatic_strength_from_weeks else 1)
        steps = [s for s in steps if s.code != "try_impact_tests"]
    if phase == 4:
        reasons.append(Note("ready_to_run", {"weeks": weeks}))
        steps.append(Note("start_running"))

    focus: tuple[str, ...] = ()
    if phase >= 2:
        focus = tuple(t.id for t in content.tests_of("strength")
                      if answers.tests.get(t.id) != COMFORTABLE)
        if focus:
            reasons.append(Note("strength_shortfall", {"tests": focus}))
            steps.append(Note("strength_focus", {"tests": focus}))
    steps.extend(_wellbeing_steps(answers, phase))
    return Recommendation(
        phase=phase, escalation=escalation, signs=pelvic + symptom_tests, weeks=weeks,
        reasons=tuple(reasons), next_steps=tuple(steps), strength_focus=focus,
    )


def _phase_from_gates_and_tests(
    answers: Answers, weeks: int, content: Content, reasons: list[Note], steps: list[Note]
) -> int:
    """Time gates first, then the tests. Appends the reason for every cap it applies."""
    rules = content.rules
    strength_gate = (rules.caesarean_strength_from_weeks if answers.caesarean
                     else rules.strength_from_weeks)
    if weeks < strength_gate:
        code = "caesarean_early" if answers.caesarean else "early_days"
        reasons.append(Note(code, {"weeks": weeks, "min_weeks": strength_gate}))
        steps.append(_wait_until(answers.birth_date, strength_gate))
        return 1

    phase = 4
    if weeks < rules.impact_retrain_from_weeks:
        phase = 2
        reasons.append(Note("too_early_for_impact",
                            {"weeks": weeks, "min_weeks": rules.impact_retrain_from_weeks}))
        steps.append(_wait_until(answers.birth_date, rules.impact_retrain_from_weeks))
    if answers.check != "cleared":
        phase = 2
        reasons.append(Note("check_not_cleared"))
        steps.append(Note("get_postnatal_check"))
    if answers.caesarean and answers.scar != "healed":
        phase = 2
        reasons.append(Note("scar_not_healed"))
        steps.append(Note("scar_check"))
    load_missing = _not_yet_comfortable(answers, rules.phase3_tests)
    if load_missing:
        phase = 2
        reasons.append(Note("load_tests_not_passed", {"tests": load_missing}))
        steps.append(Note("try_load_tests", {"tests": load_missing}))

    running_gate = (max(rules.running_from_weeks, rules.caesarean_running_from_weeks)
                    if answers.caesarean else rules.running_from_weeks)
    if weeks < running_gate:
        phase = min(phase, 3)
        reasons.append(Note("too_early_for_running", {"weeks": weeks, "min_weeks": running_gate}))
        steps.append(_wait_until(answers.birth_date, running_gate))
    else:
        impact_ids = tuple(t.id for t in content.tests_of("load", "impact"))
        impact_missing = tuple(t for t in _not_yet_comfortable(answers, impact_ids)
                               if t not in load_missing)
        # Held at strength (her check, her scar, the load tests): impact waits for that first,
        # so she is not invited to hop yet.
        if impact_missing and phase > 2:
            phase = min(phase, 3)
            reasons.append(Note("impact_tests_not_passed", {"tests": impact_missing}))
            steps.append(Note("try_impact_tests", {"tests": impact_missing}))
    if answers.tear == "yes":
        steps.append(Note("tear_assessment"))
    return phase


def _not_yet_comfortable(answers: Answers, test_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Tests not done comfortably, leaving out those with a symptom (reported on their own)."""
    return tuple(t for t in test_ids if answers.tests.get(t) not in (COMFORTABLE, SYMPTOM))


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
