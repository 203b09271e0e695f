"""readiness(): the rules, as a table. Each row is a mother's answers and what she must be told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.answers import Answers
from bot.core.readiness import readiness
from bot.platform.content import Content, load_content

TODAY = date(2026, 11, 26)
CONTENT = load_content()
LOAD = [t.id for t in CONTENT.tests_of("load")]
IMPACT = [t.id for t in CONTENT.tests_of("impact")]
STRENGTH = [t.id for t in CONTENT.tests_of("strength")]
ALL_PASS = {t.id: "comfortable" for t in CONTENT.tests}


def mum(weeks: float = 14, *, delivery: str = "vaginal", check: str = "cleared",
        scar: str | None = None, tests: dict | None = None, red: tuple = (),
        pelvic: tuple = (), **more: object) -> Answers:
    if delivery in ("planned_cs", "emergency_cs") and scar is None:
        scar = "healed"
    return Answers(
        birth_date=TODAY - timedelta(days=round(weeks * 7)), delivery=delivery, check=check,
        scar=scar, tests=ALL_PASS if tests is None else tests, red_flags=frozenset(red),
        pelvic=frozenset(pelvic), **more)


def but(**changes: str) -> dict[str, str]:
    return {**ALL_PASS, **changes}


def signs(level: str) -> list[str]:
    return [s.id for s in CONTENT.signs_at(level)]


# (story, answers, phase, escalation, reason codes that must be there)
CASES = [
    ("14 weeks, every test comfortable: running", mum(14), 4, None, ["ready_to_run"]),
    ("exactly 12 weeks, all comfortable: running", mum(12), 4, None, ["ready_to_run"]),
    ("11 weeks 6 days: not yet running", mum(11 + 6 / 7), 3, None, ["too_early_for_running"]),
    ("11 weeks: impact retraining, 12-week reason", mum(11), 3, None, ["too_early_for_running"]),
    ("8 weeks passing everything: phase 3 at most", mum(8), 3, None, ["too_early_for_running"]),
    ("6 weeks, cleared, load tests fine: impact retraining", mum(6), 3, None,
     ["too_early_for_running"]),
    ("5 weeks: strength, impact waits", mum(5), 2, None, ["too_early_for_impact"]),
    ("2 weeks after a vaginal birth: strength", mum(2, check="not_yet"), 2, None,
     ["too_early_for_impact"]),
    ("1 week: reconnect", mum(1, check="not_yet"), 1, None, ["early_days"]),
    ("the day of the birth: reconnect", mum(0, check="not_yet"), 1, None, ["early_days"]),
    ("caesarean at 5 weeks: reconnect", mum(5, delivery="planned_cs"), 1, None,
     ["caesarean_early"]),
    ("emergency caesarean at 3 weeks: reconnect", mum(3, delivery="emergency_cs"), 1, None,
     ["caesarean_early"]),
    ("caesarean at 6 weeks, healed, cleared: impact retraining", mum(6, delivery="planned_cs"),
     3, None, ["too_early_for_running"]),
    ("caesarean at 14 weeks, healed, all fine: running", mum(14, delivery="emergency_cs"), 4,
     None, ["ready_to_run"]),
    ("caesarean at 14 weeks, scar not healed: strength", mum(14, delivery="planned_cs",
     scar="not_healed"), 2, None, ["scar_not_healed"]),
    ("caesarean at 14 weeks, unsure about the scar: strength", mum(14, delivery="emergency_cs",
     scar="unsure"), 2, None, ["scar_not_healed"]),
    ("caesarean at 12 weeks exactly, healed: running", mum(12, delivery="planned_cs"), 4, None,
     ["ready_to_run"]),
    ("caesarean at 11 weeks, healed: not running", mum(11, delivery="planned_cs"), 3, None,
     ["too_early_for_running"]),
    ("14 weeks, no postnatal check yet: strength", mum(14, check="not_yet"), 2, None,
     ["check_not_cleared"]),
    ("14 weeks, check done but not cleared: strength", mum(14, check="not_cleared"), 2, None,
     ["check_not_cleared"]),
    ("14 weeks, tried no tests: strength", mum(14, tests={}), 2, None, ["load_tests_not_passed"]),
    ("14 weeks, load fine, impact not tried: impact retraining",
     mum(14, tests=but(**dict.fromkeys(IMPACT, "not_tried"))), 3, None,
     ["impact_tests_not_passed"]),
    ("14 weeks, strength tests not tried: running, told they weren't done",
     mum(14, tests=but(**dict.fromkeys(STRENGTH, "not_tried"))), 4, None,
     ["ready_to_run", "strength_untried"]),
    ("14 weeks, strength tests short of 20: running, with strength focus",
     mum(14, tests=but(**dict.fromkeys(STRENGTH, "fewer"))), 4, None,
     ["ready_to_run", "strength_shortfall"]),
    ("a 3rd-degree tear changes no phase by itself", mum(14, tear="yes"), 4, None,
     ["ready_to_run"]),
    ("five years on, all fine: running", mum(260), 4, None, ["ready_to_run"]),
    ("emergency and urgent signs together: emergency",
     mum(14, red=(signs("emergency")[0], signs("urgent")[0])), None, "emergency",
     ["emergency_signs"]),
    ("an emergency sign with a pelvic sign: emergency, nothing else",
     mum(14, red=(signs("emergency")[0],), pelvic=(signs("apex")[0],)), None, "emergency",
     ["emergency_signs"]),
    ("urgent sign at 14 weeks passing everything: no exercise",
     mum(14, red=(signs("urgent")[0],)), None, "urgent", ["urgent_signs"]),
    ("a pelvic sign one week after birth: reconnect, contact APEX",
     mum(1, check="not_yet", pelvic=(signs("apex")[0],)), 1, "apex", ["pelvic_signs"]),
    ("a pelvic sign at 3 weeks: reconnect, not strength, contact APEX",
     mum(3, check="not_yet", pelvic=(signs("apex")[0],)), 1, "apex", ["pelvic_signs"]),
    ("a pelvic sign at 6 weeks: strength, contact APEX",
     mum(6, pelvic=(signs("apex")[0],)), 2, "apex", ["pelvic_signs"]),
    ("a pelvic sign and a hop symptom together: strength, contact APEX",
     mum(14, pelvic=(signs("apex")[0],), tests=but(hop="symptom")), 2, "apex",
     ["pelvic_signs", "test_symptom"]),
]
CASES += [
    (f"{t} not tried alone at 14 weeks", mum(14, tests=but(**{t: "not_tried"})),
     2 if t in LOAD else 3, None,
     ["load_tests_not_passed" if t in LOAD else "impact_tests_not_passed"])
    for t in LOAD + IMPACT
]
CASES += [
    (f"{t} brought on a symptom at 14 weeks", mum(14, tests=but(**{t: "symptom"})), 2, "apex",
     ["test_symptom"])
    for t in LOAD + IMPACT + STRENGTH
]
CASES += [(f"emergency sign {s} alone", mum(14, red=(s,)), None, "emergency", ["emergency_signs"])
          for s in signs("emergency")]
CASES += [(f"urgent sign {s} alone", mum(14, red=(s,)), None, "urgent", ["urgent_signs"])
          for s in signs("urgent")]
CASES += [(f"pelvic sign {s} alone, otherwise ready to run", mum(14, pelvic=(s,)), 2, "apex",
           ["pelvic_signs"]) for s in signs("apex")]


@pytest.mark.parametrize(("story", "answers", "phase", "escalation", "reasons"), CASES,
                         ids=[c[0] for c in CASES])
def test_readiness_table(story: str, answers: Answers, phase: int | None,
                         escalation: str | None, reasons: list[str]) -> None:
    rec = readiness(answers, TODAY, CONTENT)
    assert (rec.phase, rec.escalation) == (phase, escalation), rec
    assert set(reasons) <= set(rec.reason_codes), rec.reason_codes


def test_the_table_is_big_enough() -> None:
    assert len({c[0] for c in CASES}) >= 40


@pytest.mark.parametrize("weeks", [0, 5, 11, 12, 30])
def test_no_running_before_the_gate_whatever_else_she_reports(weeks: int) -> None:
    rec = readiness(mum(weeks), TODAY, CONTENT)
    assert (rec.phase == 4) == (weeks >= CONTENT.rules.running_from_weeks)


def test_an_emergency_carries_the_urgent_signs_she_ticked_too() -> None:
    both = (signs("emergency")[0], signs("urgent")[0])
    rec = readiness(mum(14, red=both), TODAY, CONTENT)
    assert rec.escalation == "emergency" and set(rec.signs) == set(both)


def test_emergency_gives_no_exercise_and_says_to_call() -> None:
    rec = readiness(mum(14, red=(signs("emergency")[0],)), TODAY, CONTENT)
    assert rec.phase is None
    assert rec.step_codes == ["call_emergency"]
    assert rec.signs == (signs("emergency")[0],)


def test_pelvic_sign_puts_contact_apex_first() -> None:
    rec = readiness(mum(14, pelvic=(signs("apex")[0],)), TODAY, CONTENT)
    assert rec.step_codes[0] == "contact_apex"
    assert rec.reason_codes[0] == "pelvic_signs"


@pytest.mark.parametrize(("story", "answers"), [
    ("a C-section at 14 weeks, her incision not checked", mum(14, delivery="planned_cs", scar="unsure",
                                                         tests=but(**dict.fromkeys(IMPACT, "not_tried")))),
    ("not yet cleared at her checkup", mum(14, check="not_yet",
                                           tests=but(**dict.fromkeys(IMPACT, "not_tried")))),
])
def test_held_at_strength_she_is_not_invited_to_hop(story: str, answers: Answers) -> None:
    """Her check or her scar holds her at strength: the impact tests wait for that first."""
    rec = readiness(answers, TODAY, CONTENT)
    assert rec.phase == 2, story
    assert "try_impact_tests" not in rec.step_codes and \
        "impact_tests_not_passed" not in rec.reason_codes, story


def test_waiting_gives_the_date_the_gate_opens() -> None:
    answers = mum(9)
    rec = readiness(answers, TODAY, CONTENT)
    wait = next(s for s in rec.next_steps if s.code == "wait_until")
    assert wait.params["date"] == answers.birth_date + timedelta(weeks=12)


@pytest.mark.parametrize("short", ["fewer", "could_not"])
def test_strength_shortfall_shapes_the_plan_but_never_blocks_running(short: str) -> None:
    rec = readiness(mum(14, tests=but(**{STRENGTH[0]: short})), TODAY, CONTENT)
    assert rec.phase == 4
    assert rec.strength_focus == (STRENGTH[0],)


@pytest.mark.parametrize(("more", "phase_weeks", "step", "present"), [
    ({"sleep": "poor"}, 14, "sleep_easier", True),
    ({"mood": "low"}, 14, "mood_support", True),
    ({"mood": "up_down"}, 14, "mood_support", False),
    ({"feeding": "yes"}, 14, "feeding_tips", True),
    ({"feeding": "yes"}, 8, "feeding_tips", False),
    ({"tear": "yes"}, 14, "tear_assessment", True),
])
def test_wellbeing_shapes_the_advice(more: dict, phase_weeks: int, step: str,
                                     present: bool) -> None:
    rec = readiness(mum(phase_weeks, **more), TODAY, CONTENT)
    assert (step in rec.step_codes) == present


def test_thresholds_come_from_content() -> None:
    stricter = CONTENT.model_copy(update={"rules": CONTENT.rules.model_copy(
        update={"running_from_weeks": 16})})
    assert isinstance(stricter, Content)
    assert readiness(mum(14), TODAY, stricter).phase == 3
    assert readiness(mum(16), TODAY, stricter).phase == 4


# --- The tests in the screening: what she felt, how each went, and only what moves her on ---

def notes(rec) -> dict[str, dict]:
    return {n.code: n.params for n in (*rec.reasons, *rec.next_steps)}


def every_test_named(rec) -> set[str]:
    return {t.partition(":")[0] for n in (*rec.reasons, *rec.next_steps)
            for t in n.params.get("tests", ())}


@pytest.mark.parametrize(("felt", "named"), [
    (("leaking",), "hop:leaking"),
    (("leaking", "pain"), "hop:leaking+pain"),
    ((), "hop"),  # an assessment stored before she was asked what she felt
])
def test_what_she_felt_in_a_test_goes_with_it_to_her_reason_and_the_staff(
        felt: tuple, named: str) -> None:
    answers = mum(16, tests=but(hop="symptom"))
    if felt:
        answers = Answers(**{**answers.__dict__, "test_symptoms": {"hop": felt}})
    rec = readiness(answers, TODAY, CONTENT)
    assert rec.escalation == "apex" and rec.signs == (named,)
    assert notes(rec)["test_symptom"] == {"tests": (named,)}


@pytest.mark.parametrize(("story", "answers"), [
    ("16 weeks, a pelvic sign, load tests fine, hops never offered",
     mum(16, pelvic=(signs("apex")[0],), tests={t: "comfortable" for t in LOAD + STRENGTH})),
    ("16 weeks, a hop symptom: running man never offered",
     mum(16, tests={**{t: "comfortable" for t in LOAD + STRENGTH}, "jog": "comfortable",
                    "bounds": "comfortable", "hop": "symptom"})),
    ("16 weeks, a pelvic sign and a squat she couldn't do",
     mum(16, pelvic=(signs("apex")[0],), tests=but(squat="could_not"))),
])
def test_held_by_a_sign_her_reason_is_the_sign_and_no_test_is_required(
        story: str, answers: Answers) -> None:
    rec = readiness(answers, TODAY, CONTENT)
    assert (rec.phase, rec.escalation) == (2, "apex"), story
    assert rec.reason_codes[0] in ("pelvic_signs", "test_symptom"), story
    assert not {"load_tests_not_passed", "impact_tests_not_passed", "too_early_for_running"} \
        & set(rec.reason_codes), story
    assert rec.step_codes[0] == "contact_apex" and "try_tests" not in rec.step_codes, story
    felt = {t for t, how in answers.tests.items() if how == "symptom"}
    assert not every_test_named(rec) & (set(IMPACT) - felt), story  # none she was not offered


@pytest.mark.parametrize(("how", "named"), [
    ("could_not", "squat:could_not"),
    ("not_tried", "squat:not_tried"),
    ("skipped", "squat:skipped"),
])
def test_could_not_did_not_try_and_skipped_are_told_apart(how: str, named: str) -> None:
    rec = readiness(mum(14, tests=but(squat=how)), TODAY, CONTENT)
    assert rec.phase == 2
    assert notes(rec)["load_tests_not_passed"] == {"tests": (named,)}
    assert notes(rec)["try_tests"] == {"tests": ("squat",)}


def test_skipped_strength_tests_are_reported_as_skipped_not_as_short_of_twenty() -> None:
    rec = readiness(mum(14, tests=but(**dict.fromkeys(STRENGTH, "skipped"))), TODAY, CONTENT)
    assert rec.phase == 4
    assert "strength_shortfall" not in rec.reason_codes and rec.strength_focus == ()
    assert notes(rec)["strength_untried"] == {"tests": tuple(f"{t}:skipped" for t in STRENGTH)}


def test_skipping_every_test_gives_one_line_to_try_them_when_ready() -> None:
    skipped = {t.id: "skipped" for t in CONTENT.tests}
    rec = readiness(mum(14, tests=skipped), TODAY, CONTENT)
    assert rec.step_codes.count("try_tests") == 1
    assert notes(rec)["try_tests"] == {"tests": tuple(LOAD)}  # the ones that move her on now


@pytest.mark.parametrize(("story", "answers", "shown", "not_shown"), [
    ("8 weeks, not cleared: the check holds her, not the 12-week gate",
     mum(8, check="not_yet"), ["check_not_cleared"], ["too_early_for_running"]),
    ("14 weeks, load and impact tests not tried: the load tests first",
     mum(14, tests=but(squat="not_tried", hop="not_tried")), ["load_tests_not_passed"],
     ["impact_tests_not_passed"]),
    ("9 weeks, all fine: the 12-week gate", mum(9), ["too_early_for_running"], []),
])
def test_she_reads_what_holds_her_in_this_phase_not_a_later_gate(
        story: str, answers: Answers, shown: list, not_shown: list) -> None:
    rec = readiness(answers, TODAY, CONTENT)
    assert set(shown) <= set(rec.reason_codes), story
    assert not set(not_shown) & set(rec.reason_codes), story
