"""The shipped content in content/*.toml, and the loader's errors when a file is wrong."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bot.platform.content import (
    ALWAYS_AVAILABLE,
    CONTENT_DIR,
    FILES,
    MESSAGE_FIELDS,
    NEXT_STEP_FIELDS,
    NUDGE_FIELDS,
    PRIVACY_FIELDS,
    REASON_FIELDS,
    REQUIRED_OPTIONS,
    SETTINGS_FIELDS,
    TEST_ANSWERS,
    Content,
    ContentError,
    Rung,
    load_content,
)

ASKING_ORDER = ["birth_date", "red_flags", "delivery", "tear", "scar", "check", "pelvic",
                "feeding", "sleep", "mood"]

# The facts' load-and-impact tests (all 7 needed for phase 4) and strength tests.
LOAD_TESTS = {"walk", "balance", "squat"}
IMPACT_TESTS = {"jog", "bounds", "hop", "running_man"}
STRENGTH_TESTS = {"calf_raise", "bridge", "sit_to_stand", "leg_lift"}

# Every row of the facts' warning-sign table. The clinic may add signs, never drop these.
FACTS_SIGNS = {
    "emergency": {"chest_pain", "breathing", "seizure", "harm_thoughts", "collapse",
                  "heavy_bleeding", "bleed_faint", "belly_pain", "confusion"},
    "urgent": {"fever", "discharge", "wound", "leg", "headache", "rib_pain", "swelling",
               "dizzy", "no_urine", "lost_control"},
    "apex": {"leaking", "urgency", "heaviness", "sex_pain", "bowel", "tummy", "pelvic_pain",
             "late_bleeding"},
}

TEMPLATE_TABLES = [("messages", MESSAGE_FIELDS), ("reasons", REASON_FIELDS),
                   ("next_steps", NEXT_STEP_FIELDS), ("nudge_messages", NUDGE_FIELDS),
                   ("settings_messages", SETTINGS_FIELDS), ("privacy_messages", PRIVACY_FIELDS)]

# Messages used as button texts, and one shown as a pop-up: Telegram shows them as plain text.
PLAIN_MESSAGES = ["consent_button", "consented", "skip_tests_button", "signs_none",
                  "signs_done_button", "callback_button", "keep_button", "stale_button"]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


# --- the shipped content -------------------------------------------------------------------

def test_shipped_content_loads(content: Content) -> None:
    assert content.version == "2026-11-26.1"
    assert {p.name for p in CONTENT_DIR.glob("*.toml")} >= set(FILES)


def test_time_gates_never_below_the_facts(content: Content) -> None:
    rules = content.rules
    assert rules.running_from_weeks >= 12
    assert rules.caesarean_running_from_weeks >= 12
    assert rules.impact_tests_from_weeks >= 12
    assert rules.caesarean_strength_from_weeks >= 6
    assert rules.strength_from_weeks >= 2


def test_every_phase_has_exercises(content: Content) -> None:
    assert [p.number for p in content.phases] == [1, 2, 3, 4]
    for phase in content.phases:
        assert phase.exercises, f"phase {phase.number} has no exercises"
        for exercise in phase.exercises:
            assert exercise.name.strip(), phase.number
            assert exercise.reps.strip(), exercise.name
            assert exercise.cue.strip(), exercise.name


def test_questions_come_in_asking_order(content: Content) -> None:
    assert [q.id for q in content.questions] == ASKING_ORDER
    assert content.question("birth_date").kind == "date"


def test_every_choice_question_has_its_options(content: Content) -> None:
    for qid, wanted in REQUIRED_OPTIONS.items():
        question = content.question(qid)
        assert question.kind == "choice", qid
        assert {o.id for o in question.options} >= wanted, qid
    for question in content.questions:
        if question.kind == "choice":
            assert len(question.options) >= 2, question.id
        else:
            assert not question.options, f"{question.id} is not a choice but has options"
    assert {o.id for o in content.test_answers} == TEST_ANSWERS


def test_every_sign_has_a_level_and_every_level_has_signs(content: Content) -> None:
    for level in ("emergency", "urgent", "apex"):
        assert content.signs_at(level), f"no sign has level {level}"
    for sign in content.signs:
        assert sign.level in FACTS_SIGNS, sign.id


def test_the_facts_warning_signs_are_all_there(content: Content) -> None:
    for level, ids in FACTS_SIGNS.items():
        assert {s.id for s in content.signs_at(level)} >= ids, level


def test_every_sign_is_asked_on_some_screen(content: Content) -> None:
    assert content.question("red_flags").levels == ("emergency", "urgent")
    assert content.question("pelvic").levels == ("apex",)
    asked = {level for q in content.questions if q.kind == "signs" for level in q.levels}
    assert asked == {s.level for s in content.signs}


def test_the_facts_readiness_tests_are_all_there(content: Content) -> None:
    assert {t.id for t in content.tests_of("load")} == LOAD_TESTS
    assert {t.id for t in content.tests_of("impact")} == IMPACT_TESTS
    assert {t.id for t in content.tests_of("strength")} == STRENGTH_TESTS
    assert set(content.rules.phase3_tests) == LOAD_TESTS


def test_load_tests_are_asked_before_impact_tests(content: Content) -> None:
    kinds = [t.kind for t in content.tests]
    assert kinds == sorted(kinds, key=["load", "impact", "strength"].index)


# --- the run/walk ladder ---------------------------------------------------------------------

def _as_split(rung: Rung, repeats: int) -> tuple[int, int, int]:
    """A rung without walks is one continuous run, however many pieces it is written in."""
    total = rung.run_s * rung.repeats
    if rung.walk_s == 0 and rung.repeats != repeats and total % repeats == 0:
        return total // repeats, 0, repeats
    return rung.run_s, rung.walk_s, rung.repeats


def test_ladder_starts_at_one_minute_run_one_minute_walk(content: Content) -> None:
    first = content.ladder[0]
    assert (first.run_s, first.walk_s) == (60, 60)


def test_ladder_ends_in_continuous_running(content: Content) -> None:
    assert content.ladder[-1].walk_s == 0


def test_ladder_changes_one_thing_per_rung_and_never_gets_easier(content: Content) -> None:
    for i, (before, after) in enumerate(pairwise(content.ladder), start=1):
        run, walk, repeats = before.run_s, before.walk_s, before.repeats
        new_run, new_walk, new_repeats = _as_split(after, repeats)
        changed = [run != new_run, walk != new_walk, repeats != new_repeats]
        assert sum(changed) == 1, f"rung {i} -> {i + 1} changes {sum(changed)} things"
        easier = f"rung {i + 1} is easier than rung {i}"
        assert new_run >= run, easier
        assert new_walk <= walk, easier
        assert new_repeats >= repeats, easier


def test_phase_4_intervals_match_the_first_rung(content: Content) -> None:
    intervals = next(e for e in content.phase(4).exercises if "run/walk" in e.name.lower())
    assert intervals.sets == content.ladder[0].repeats


def test_ladder_split_rule_is_strict() -> None:
    assert _as_split(Rung(run_s=1800, walk_s=0, repeats=1), 10) == (180, 0, 10)
    assert _as_split(Rung(run_s=1800, walk_s=15, repeats=1), 10) == (1800, 15, 1)
    assert _as_split(Rung(run_s=1700, walk_s=0, repeats=1), 3) == (1700, 0, 1)


# --- the wording ---------------------------------------------------------------------------

def _templates(content: Content) -> list[tuple[str, str, set[str]]]:
    return [(f"{table}.{name}", getattr(content, table)[name], fields[name] | ALWAYS_AVAILABLE)
            for table, fields in TEMPLATE_TABLES for name in fields]


def test_every_template_formats_with_its_fields(content: Content) -> None:
    for where, text, fields in _templates(content):
        filled = text.format(**{field: f"[{field}]" for field in fields})
        assert filled.strip(), f"{where} is empty"
        for field in fields & _placeholders(text):
            assert f"[{field}]" in filled, where


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def _html_problem(text: str) -> str | None:
    """Why Telegram's HTML parser would refuse the text (or show it wrongly), or None."""
    open_tags: list[str] = []
    for closing, tag in re.findall(r"<(/?)([^<>]*)>", text):
        if tag not in ("b", "i"):
            return f"tag <{closing}{tag}> is not <b> or <i>"
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            return f"</{tag}> does not close the tag before it"
    if open_tags:
        return f"<{open_tags[-1]}> is never closed"
    rest = re.sub(r"</?[bi]>", "", text)
    if "<" in rest or ">" in rest:
        return "a bare < or >"
    if "&" in re.sub(r"&(amp|lt|gt|quot);", "", rest):
        return "a bare & (write &amp;)"
    return None


def test_templates_are_valid_telegram_html(content: Content) -> None:
    for where, text, fields in _templates(content):
        filled = text.format(**{field: "x" for field in fields})
        assert _html_problem(filled) is None, f"{where}: {_html_problem(filled)}"


def test_html_checker_catches_mistakes() -> None:
    assert _html_problem("<b>fine</b> &amp; <i>fine</i>") is None
    assert _html_problem("Wellness & Rehab") is not None
    assert _html_problem("<b>open") is not None
    assert _html_problem("<u>x</u>") is not None
    assert _html_problem("less < more") is not None


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"</?\w+>|&#?\w+;", text))


def _plain_texts(content: Content) -> list[tuple[str, str]]:
    """Texts the code escapes or shows as buttons: they must not contain HTML."""
    texts = [(f"messages.{name}", content.messages[name]) for name in PLAIN_MESSAGES]
    for q in content.questions:
        texts += [(f"questions.{q.id}.prompt", q.prompt), (f"questions.{q.id}.hint", q.hint)]
        texts += [(f"questions.{q.id}.{o.id}", o.label) for o in q.options]
    texts += [(f"test_answers.{o.id}", o.label) for o in content.test_answers]
    texts += [(f"signs.{s.id}", s.label) for s in content.signs]
    texts += [(f"tests.{t.id}.{key}", getattr(t, key)) for t in content.tests
              for key in ("name", "how")]
    for p in content.phases:
        texts += [(f"phases.{p.number}.{key}", getattr(p, key))
                  for key in ("title", "goal", "moves_on")]
        texts += [(f"phases.{p.number}.{e.name}", f"{e.name} {e.reps} {e.cue}")
                  for e in p.exercises]
    return texts


def test_plain_texts_carry_no_html(content: Content) -> None:
    for where, text in _plain_texts(content):
        assert not _looks_like_html(text), f"{where} looks like HTML: {text!r}"


def test_buttons_are_short(content: Content) -> None:
    labels = [o.label for q in content.questions for o in q.options]
    labels += [o.label for o in content.test_answers] + [s.label for s in content.signs]
    labels += [content.messages[name] for name in PLAIN_MESSAGES if name != "stale_button"]
    for label in labels:
        assert len(label) <= 60, label
    assert len(content.messages["stale_button"]) <= 200  # a pop-up's limit


def test_test_names_have_no_commas(content: Content) -> None:
    # The bot lists the tests she named joined by commas.
    for test in content.tests:
        assert "," not in test.name, test.id


# --- the loader's errors, on a copy of content/ ----------------------------------------------

@pytest.fixture
def copy(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    directory.mkdir()
    for name in FILES:
        shutil.copy(CONTENT_DIR / name, directory / name)
    return directory


def _read(directory: Path, name: str) -> dict[str, Any]:
    return tomllib.loads((directory / name).read_text(encoding="utf-8"))


def _write(directory: Path, name: str, data: dict[str, Any]) -> None:
    (directory / name).write_text("\n".join(_dump(data)) + "\n", encoding="utf-8")


def _dump(table: dict[str, Any], prefix: str = "") -> list[str]:
    """Just enough TOML writing for the shapes in content/ (JSON strings are TOML strings)."""
    def is_table_list(value: Any) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in table.items()
             if not isinstance(value, dict) and not is_table_list(value)]
    for key, value in table.items():
        if isinstance(value, dict):
            lines += ["", f"[{prefix}{key}]", *_dump(value, f"{prefix}{key}.")]
        elif is_table_list(value):
            for item in value:
                lines += ["", f"[[{prefix}{key}]]", *_dump(item, f"{prefix}{key}.")]
    return lines


def _error(directory: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    return str(caught.value)


def test_the_copy_loads_like_the_original(copy: Path) -> None:
    for name in FILES:
        _write(copy, name, _read(copy, name))
    assert load_content(copy) == load_content()


def test_a_broken_toml_file_is_named(copy: Path) -> None:
    path = copy / "questions.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\nprompt = "no closing quote\n',
                    encoding="utf-8")
    message = _error(copy)
    assert message.startswith("content/questions.toml: ")
    assert "line" in message


def test_a_missing_file_is_named(copy: Path) -> None:
    (copy / "ladder.toml").unlink()
    assert _error(copy) == "content/ladder.toml: file is missing"


@pytest.mark.parametrize("how", ["empty list", "no key"])
def test_a_phase_with_no_exercises_is_named(copy: Path, how: str) -> None:
    data = _read(copy, "phases.toml")
    if how == "empty list":
        data["phases"][2]["exercises"] = []
    else:
        del data["phases"][2]["exercises"]
    _write(copy, "phases.toml", data)
    message = _error(copy)
    assert message.startswith("content/phases.toml: phases.2.exercises: ")


def test_a_sign_with_an_unknown_level_is_named(copy: Path) -> None:
    data = _read(copy, "signs.toml")
    data["signs"][3]["level"] = "severe"
    _write(copy, "signs.toml", data)
    message = _error(copy)
    assert message.startswith("content/signs.toml: signs.3.level: ")
    assert "emergency" in message  # it says which levels are allowed


def _template_with_unknown_placeholder(copy: Path) -> str:
    data = _read(copy, "messages.toml")
    data["messages"]["consented"] = "Thank you, {nobody}."
    _write(copy, "messages.toml", data)
    return _error(copy)


def test_a_template_with_an_unknown_placeholder_is_named(copy: Path) -> None:
    message = _template_with_unknown_placeholder(copy)
    assert "messages.consented" in message
    assert "nobody" in message


def test_a_template_with_an_unknown_placeholder_names_its_file(copy: Path) -> None:
    assert _template_with_unknown_placeholder(copy).startswith("content/messages.toml: ")
