"""The programme as data: typed models for content/*.toml and a loader that refuses broken files.

Clinic staff edit the TOML files; this module checks them at start-up and names the file and
the entry that is wrong, so a typo never reaches a mother as a crash or a blank message.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.access.registry import COMMAND_NAMES, COMMANDS
from bot.platform.catalogue import Catalogue, CatalogueError, check_placeholders, check_translation
from bot.platform.locales import load_locales
from bot.platform.validation import one_line

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

Level = Literal["emergency", "urgent", "apex"]
MediaKind = Literal["photo", "video"]

# What Telegram takes: photos as JPEG or PNG up to 10 MB uploaded, videos as MP4 up to 50 MB
# (by URL Telegram fetches photos up to 5 MB and videos up to 20 MB itself).
MEDIA_KINDS: dict[str, MediaKind] = {".jpg": "photo", ".jpeg": "photo", ".png": "photo",
                                     ".mp4": "video"}
MEDIA_MAX_BYTES: dict[MediaKind, int] = {"photo": 10 * 1024 * 1024, "video": 50 * 1024 * 1024}
MAX_MEDIA_SOURCE = 512  # characters: the key of its row in media_file
TestKind = Literal["load", "impact", "strength"]


class ContentError(Exception):
    """A content file is missing, does not parse, or has an entry that is wrong."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    label: str = Field(min_length=1, max_length=60)


class TestAnswer(Option):
    """A button under a readiness test; `kinds` limits it to those kinds of test (empty: all)."""

    kinds: tuple[TestKind, ...] = ()


class Question(_Model):
    """One screen of the questionnaire. `kind` decides how the bot asks it."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    kind: Literal["date", "choice", "signs"]
    prompt: str = Field(min_length=1)
    hint: str = ""
    options: tuple[Option, ...] = ()
    levels: tuple[Level, ...] = ()  # for kind = "signs": which warning signs this screen lists

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.kind == "signs" and not self.levels:
            raise ValueError("a signs question needs `levels`")
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return self


class Sign(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    label: str = Field(min_length=1, max_length=60)
    level: Level
    # False: only the safety net finds it in her words; no sign picker shows it as a button.
    listed: bool = True
    # Her advice for this sign when it is not the plain one for its level (mental health).
    advice: Literal["crisis", "low_mood", "baby"] | None = None


class ReadinessTest(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    kind: TestKind
    name: str = Field(min_length=1, max_length=60)
    how: str = Field(min_length=1)  # how to try it safely, shown with the question


class Exercise(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    name: str = Field(min_length=1)
    from_weeks: int = Field(default=0, ge=0)  # left out of her plan until this week after birth
    sets: int = Field(ge=1, le=10)
    reps: str = Field(min_length=1)  # "10", "8 s hold", "5 min"
    cue: str = Field(min_length=1)
    # A picture or short video of the move: a file under content/media/ or an https:// URL,
    # checked at start-up (check_media). Sent the first time the move appears in her plan.
    media: str | None = Field(default=None, min_length=1, max_length=MAX_MEDIA_SOURCE)


class Week(_Model):
    """The shape of a phase's week: which days bring its session, which a strength session,
    and which are rest days (content/phases.toml explains each field)."""

    days: Literal["every", "hers"]  # the session every day, or on her chosen days
    session: Literal["exercises", "run"] = "exercises"
    per_session: int = Field(ge=1, le=10)  # exercises shown in one session
    strength_days: int = Field(default=0, ge=0, le=4)  # a week, on days without a session
    strength_phase: int | None = Field(default=None, ge=1, le=4)  # whose moves they bring

    @model_validator(mode="after")
    def _strength_has_moves(self) -> Week:
        if self.strength_days and self.strength_phase is None:
            raise ValueError("strength_days needs strength_phase (whose exercises they bring)")
        return self


class Phase(_Model):
    number: int = Field(ge=1, le=4)
    title: str = Field(min_length=1)
    goal: str = Field(min_length=1)
    moves_on: str = Field(min_length=1)  # what moves her to the next phase
    exercises: tuple[Exercise, ...] = Field(min_length=1)
    week: Week


class Rung(_Model):
    run_s: int = Field(ge=0)
    walk_s: int = Field(ge=0)
    repeats: int = Field(ge=1)


class Rules(_Model):
    """Thresholds the readiness rules use. Minimums, never targets."""

    # The floors are the time gates of content/SOURCES.md: content may make them later, never
    # earlier.
    strength_from_weeks: int = Field(ge=0)
    symptomatic_strength_from_weeks: int = Field(ge=6)
    caesarean_strength_from_weeks: int = Field(ge=6)
    impact_retrain_from_weeks: int = Field(ge=0)
    impact_tests_from_weeks: int = Field(ge=12)
    running_from_weeks: int = Field(ge=12)
    caesarean_running_from_weeks: int = Field(ge=12)
    max_weeks_back: int = Field(ge=1)
    phase3_tests: tuple[str, ...] = Field(min_length=1)  # load tests needed for impact retraining


class NudgeRules(_Model):
    checkin_after_hours: float = Field(gt=0, le=12)
    progress_after_sessions: int = Field(ge=1, le=10)
    partial_runs_count: bool = False
    reassess_every_days: int = Field(ge=1)
    grace_hours: float = Field(ge=0, le=12)


class Content(_Model):
    version: str = Field(min_length=1)
    consent_version: str = Field(min_length=1, max_length=32)
    rules: Rules
    nudges: NudgeRules
    questions: tuple[Question, ...]
    test_answers: tuple[TestAnswer, ...]
    test_symptoms: tuple[Option, ...]  # what she felt in a test: leaking, heaviness, pain
    signs: tuple[Sign, ...]
    tests: tuple[ReadinessTest, ...]
    phases: tuple[Phase, ...]
    ladder: tuple[Rung, ...] = Field(min_length=1)
    # Every day, in every phase, whatever else the day brings.
    pelvic_floor: tuple[Exercise, ...] = Field(min_length=1)
    # What a rest day brings besides the pelvic floor.
    rest_day: tuple[Exercise, ...] = ()

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)

    def sign(self, sign_id: str) -> Sign:
        return next(s for s in self.signs if s.id == sign_id)

    def test(self, test_id: str) -> ReadinessTest:
        return next(t for t in self.tests if t.id == test_id)

    def signs_at(self, *levels: Level) -> tuple[Sign, ...]:
        """The signs a picker lists as buttons, at these levels (all levels when none given)."""
        return tuple(s for s in self.signs if s.listed and (not levels or s.level in levels))

    def tests_of(self, *kinds: TestKind) -> tuple[ReadinessTest, ...]:
        return tuple(t for t in self.tests if t.kind in kinds)

    def answers_for(self, test: ReadinessTest) -> tuple[TestAnswer, ...]:
        """The answer buttons under this test."""
        return tuple(a for a in self.test_answers if not a.kinds or test.kind in a.kinds)

    @model_validator(mode="after")
    def _consistent(self) -> Content:
        _require_ids("questions", [q.id for q in self.questions], REQUIRED_QUESTIONS)
        _require_ids("test_answers", [o.id for o in self.test_answers], TEST_ANSWERS)
        _require_ids("test_symptoms", [o.id for o in self.test_symptoms], TEST_SYMPTOMS)
        for qid, levels in (("red_flags", {"emergency", "urgent"}), ("pelvic", {"apex"})):
            if set(self.question(qid).levels) != levels:
                raise ValueError(f"questions.{qid}.levels: must be exactly {sorted(levels)}")
        for qid, wanted in REQUIRED_OPTIONS.items():
            _require_ids(f"questions.{qid}.options", [o.id for o in self.question(qid).options], wanted)
        _require_ids("phases", [str(p.number) for p in self.phases], {"1", "2", "3", "4"})
        _unique("signs", [s.id for s in self.signs])
        _unique("tests", [t.id for t in self.tests])
        for level in ("emergency", "urgent", "apex"):
            if not self.signs_at(level):
                raise ValueError(f"signs: no sign has level {level!r}")
        for kind in ("load", "impact", "strength"):
            if not self.tests_of(kind):
                raise ValueError(f"tests: no test has kind {kind!r}")
        unknown = set(self.rules.phase3_tests) - {t.id for t in self.tests}
        if unknown:
            raise ValueError(f"rules.phase3_tests: unknown test ids {sorted(unknown)}")
        _unique("exercises", [e.id for e in self.all_exercises()])
        runs = [p.number for p in self.phases if p.week.session == "run"]
        if runs != [4]:
            raise ValueError(f"phases: only phase 4 runs (session = \"run\"), not {runs}")
        return self

    def all_exercises(self) -> tuple[Exercise, ...]:
        return (*(e for p in self.phases for e in p.exercises), *self.pelvic_floor,
                *self.rest_day)


# The ids the code relies on. Content may add options or templates, never drop these.
REQUIRED_QUESTIONS = {"birth_date", "delivery", "tear", "scar", "check", "red_flags", "pelvic",
                      "feeding", "sleep", "mood"}
REQUIRED_OPTIONS = {
    "delivery": {"vaginal", "assisted", "planned_cs", "emergency_cs"},
    "tear": {"yes", "no", "unsure"},
    "scar": {"healed", "not_healed", "unsure"},
    "check": {"cleared", "not_cleared", "not_yet"},
    "feeding": {"yes", "no"},
    "sleep": {"ok", "poor"},
    "mood": {"good", "up_down", "low"},
}
TEST_ANSWERS = {"comfortable", "fewer", "symptom", "could_not", "not_tried"}
TEST_SYMPTOMS = {"leaking", "heaviness", "pain"}

def _unique(where: str, ids: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{where}: duplicate ids {dupes}")


def _require_ids(where: str, ids: list[str], wanted: set[str]) -> None:
    _unique(where, ids)
    missing = wanted - set(ids)
    if missing:
        raise ValueError(f"{where}: missing {sorted(missing)}")


# Placeholders every message may use, whatever its own list says: the clinic's numbers.
ALWAYS_AVAILABLE = {"emergency_number", "crisis_line", "maternal_line"}

# Message id -> the placeholders it may use, per group of messages (the group's prefix and the
# id make the catalogue's id: "nudge-" + "paused"). Every one must be in the catalogue.
MESSAGE_FIELDS: dict[str, set[str]] = {
    "welcome": set(), "privacy_short": set(), "consent_button": set(), "consented": set(),
    "help": set(), "help_footer": set(), "help_staff": set(), "not_understood": set(),
    "timed_out_screening": set(), "timed_out_settings": set(),
    "contact": {"phone", "email", "booking_url"}, "cancelled": set(), "nothing_to_cancel": set(),
    "group_pointer": {"bot_username"}, "use_buttons": set(), "stale_button": set(),
    "too_quick": set(), "flood_warning": set(),
    "chart_done": set(), "chart_skipped": set(), "chart_sessions": set(), "chart_step": set(),
    "chart_title": set(),
    "edited_message": set(), "too_long": set(), "error": set(), "unknown_command": set(),
    "date_unreadable": set(), "date_future": set(), "date_which": set(),
    "date_with_weeks": {"date", "weeks"}, "date_too_old": {"years"},
    "signs_done_button": set(), "signs_none": set(), "tests_intro": set(),
    "skip_tests_button": set(), "impact_tests_later": {"weeks"}, "resume": set(),
    "questions_wait": set(),
    "reassess_default": {"answer"}, "keep_button": set(), "result_phase": {"number", "title"},
    "result_reasons": set(), "result_next": set(), "result_exercises": set(),
    "exercise_line": {"name", "sets", "reps", "cue"}, "not_a_substitute": set(),
    "escalation_emergency": {"signs", "emergency_number", "birth_date"},
    "escalation_urgent": {"signs", "emergency_number"},
    "escalation_apex": {"signs", "phone", "email", "booking_url"},
    "escalation_crisis": set(), "escalation_low_mood": {"phone", "email"},
    "escalation_baby": set(),
    "language_prompt": set(), "language_saved": set(),
    "callback_button": set(), "callback_requested": set(), "followed_up": set(),
    "staff_callback": {"name", "language"}, "born_about": {"weeks"}, "born_unknown": set(),
    "born_on": {"date"}, "first_nudge": {"when", "zone"}, "nudges_again": {"when", "zone"},
    # The tests in the screening (issue 12).
    "test_detail_could_not": set(), "test_detail_not_tried": set(), "test_detail_skipped": set(),
    "symptom_which": set(), "symptom_pick_one": set(),
    "impact_tests_held_scar": set(), "impact_tests_held_pelvic": set(),
    "impact_tests_held_symptom": set(),
    # desk slice (issue 12)
    "closed_reassess": set(), "closed_start": set(), "reassess_button": set(),
    "chart_unanswered": set(), "callback_share": set(), "share_phone_button": set(),
    "phone_saved": {"phone"}, "phone_not_yours": set(), "phone_not_needed": set(),
}
REASON_FIELDS: dict[str, set[str]] = {
    "emergency_signs": {"signs"}, "urgent_signs": {"signs"}, "pelvic_signs": {"signs"},
    "test_symptom": {"tests"}, "early_days": {"weeks", "min_weeks"},
    "caesarean_early": {"weeks", "min_weeks"}, "too_early_for_impact": {"weeks", "min_weeks"},
    "check_not_cleared": set(), "scar_not_healed": set(), "load_tests_not_passed": {"tests"},
    "too_early_for_running": {"weeks", "min_weeks"}, "impact_tests_not_passed": {"tests"},
    "ready_to_run": {"weeks"}, "strength_shortfall": {"tests"}, "strength_untried": {"tests"},
}
NEXT_STEP_FIELDS: dict[str, set[str]] = {
    "call_emergency": {"emergency_number"}, "contact_doctor_today": set(),
    "contact_apex": set(), "wait_until": {"date", "weeks"}, "get_postnatal_check": set(),
    "try_tests": {"tests"}, "scar_check": set(),
    "strength_focus": {"tests"}, "start_running": set(), "tear_assessment": set(),
    "sleep_easier": set(), "mood_support": set(), "feeding_tips": set(),
}


NUDGE_FIELDS: dict[str, set[str]] = {
    "daily_exercise": {"number", "title"}, "run_reminder": {"repeats", "run", "walk"},
    "run_continuous": {"total"}, "run_held": set(), "feeding_tip": set(), "stop_rule": set(),
    "button_done": set(), "button_skip": set(), "button_wrong": set(), "logged_done": set(),
    "logged_skip": set(), "logged_late": {"date"}, "already_logged": set(),
    "checkin_question": set(), "checkin_fine": set(), "checkin_hard": set(),
    "checkin_symptom": set(), "rung_up": {"count", "session"}, "rung_same": {"count", "session"},
    "rung_partial": {"session"}, "rung_down": {"session"}, "session_continuous": {"total"},
    "session_intervals": {"repeats", "run", "walk"}, "symptoms_prompt": set(), "symptoms_thanks": set(),
    "reassess_nudge": set(), "paused": set(), "resumed": {"time", "zone"},
    "needs_screening": set(), "held": set(),
    "plan_reassess": {"date"}, "plan_run_held": set(),
    "progress_caption": {"weeks", "done", "skipped", "rung", "rungs"}, "progress_empty": set(),
    # The plan (issue 12): the greeting, the week's days, logging another day, the reminder.
    "greeting_morning": set(), "greeting_afternoon": set(), "greeting_evening": set(),
    "greeting_night": set(), "pelvic_floor": set(), "strength_day": {"number", "title"},
    "rest_day": {"number", "title"}, "button_other_day": set(), "other_day_prompt": set(),
    "other_day_none": set(), "other_day_run": set(), "other_day_session": set(),
    "other_day_rest": set(), "other_day_what": {"date"}, "other_day_ran": set(),
    "other_day_planned": {"what"}, "pelvic_reminder": set(),
    # desk slice (issue 12)
    "needs_reassess": set(), "resumed_held": set(), "progress_unanswered": {"unanswered"},
    "resumed_reassess": set(),
}
SETTINGS_FIELDS: dict[str, set[str]] = {
    "menu": {"time", "zone", "days", "nudges", "announcements"}, "time_button": set(),
    "zone_button": set(), "days_button": set(), "pause_button": set(), "resume_button": set(),
    "announcements_on_button": set(), "announcements_off_button": set(), "close_button": set(),
    "time_prompt": set(), "time_unreadable": set(), "zone_prompt": {"zone"},
    "zone_unknown": set(), "zone_pick": set(), "days_prompt": set(), "days_consecutive": set(),
    "saved": set(), "closed": set(),
    "on": set(), "off": set(), "paused_word": set(), "running_word": set(),
    "held_word": set(), "reassess_word": set(), "no_days": set(),
    # Pelvic floor reminders (issue 12, the plan).
    "pelvic_line": {"times"}, "pelvic_button": set(), "pelvic_prompt": set(),
    "pelvic_off_button": set(), "pelvic_too_many": set(),
}

PRIVACY_FIELDS: dict[str, set[str]] = {
    "privacy": {"policy_url", "retention_months"}, "export_caption": set(),
    "delete_confirm": set(), "delete_button": set(), "keep_button": set(), "deleted": set(),
    "kept": set(), "nothing_stored": set(),
}

STAFF_FIELDS: dict[str, set[str]] = {
    "alert": {"level", "name", "signs", "source", "weeks", "phase", "state", "language"},
    "state_open": set(), "state_claimed": {"staff", "time"}, "state_contacted": {"staff", "time"},
    "state_closed": {"staff", "time"}, "claim_button": set(), "contacted_button": set(),
    "closed_button": set(), "already_claimed": {"staff"}, "close_needs_contact": set(),
    "reminder": {"waited"},
    "raised": set(), "reopened": set(), "new_serious": set(), "timed_out_broadcast": set(),
    "alert_unrecorded": {"level", "name", "signs"}, "recorded_late": {"time"},
    "level_emergency": set(), "level_urgent": set(), "level_apex": set(),
    "source_screening": set(), "source_checkin": set(), "source_symptoms": set(),
    "source_message": set(), "not_signed_up": {"name"}, "deleted_mother": set(),
    "desk_empty": set(), "desk_line": {"id", "level", "age", "source", "name", "state"},
    "age_minutes": {"minutes"}, "age_hours": {"hours"}, "age_days": {"days"}, "state_word_open": set(),
    "state_word_claimed": set(), "state_word_contacted": set(),
    "stats": {"users", "new_week", "active_week", "by_phase", "sessions_week", "open",
              "handled_month", "median_contact", "broadcasts", "reach"},
    "export_caption": set(), "broadcast_start": set(), "broadcast_audience": set(),
    "audience_all": set(), "audience_phase": {"phase"}, "audience_idle": set(),
    "audience_source": set(), "broadcast_source_prompt": set(),
    "broadcast_preview": {"count", "audience"}, "broadcast_send_button": set(),
    "broadcast_cancel_button": set(), "broadcast_nobody": set(), "broadcast_cancelled": set(),
    "broadcast_progress": {"id", "done", "total"},
    "broadcast_report": {"id", "seconds", "sent", "blocked", "failed", "unsure", "cancelled"},
    "broadcast_stopped": set(), "broadcasts_none": set(),
    "broadcasts_line": {"id", "when", "audience", "sent", "total", "blocked", "failed", "unsure",
                        "status"},
    "broadcast_stop_button": {"id"}, "broadcast_stopping": {"id"}, "use_a_button": set(),
    "not_a_message": set(), "announcement_header": set(), "announcement_footer": set(),
    "announcement_too_long": {"over"},
    # desk slice (issue 12)
    "stats_phase": {"count", "phase", "title"}, "stats_no_phase": {"count"}, "stats_nobody": set(),
    "stats_no_median": set(), "age_under_minute": set(), "age_hours_minutes": {"hours", "minutes"},
    "desk_signs": {"signs"}, "desk_more": {"count"}, "phone": {"phone"},
    "callback_phone": {"name", "phone", "language"}, "preview_all": set(),
    "preview_phase": {"phase"}, "preview_idle": set(), "preview_source": {"code"},
}

# A line to the clinic (issue 13): what she reads (/ask), and what the staff read (desk.ftl).
ASK_FIELDS: dict[str, set[str]] = {
    "button": set(), "prompt": set(), "needs_start": set(), "finish_questions": set(),
    "sent": set(), "sent_with_sign": set(), "done_button": set(), "closed": set(),
    "reply": {"name", "text"}, "reply_footer": set(), "not_sent": set(),
}
DESK_FIELDS: dict[str, set[str]] = {
    "from_mother": {"name", "phase", "weeks", "language"}, "weeks_unknown": set(),
    "open_escalation": {"level", "state"}, "flagged": {"level"}, "media": {"kind"},
    "reply_hint": set(), "record_button": set(), "reply_sent": {"name", "staff"},
    "reply_failed": {"name"}, "reply_gone": set(), "note_saved": {"name"}, "note_usage": set(),
    "deleted": set(), "record_sent": set(), "record_gone": set(),
    "record_head": {"name", "joined", "source", "phase", "birth", "language"},
    "record_answers": {"date"}, "record_history": set(), "record_phase": {"phase"},
    "record_sessions": {"weeks", "done", "skipped", "unanswered"}, "record_escalations": set(),
    "record_thread": set(), "record_her": set(), "record_note": {"staff"}, "record_none": set(),
    "record_cut": set(), "codes_head": set(), "codes_line": {"label", "count", "link"},
    "codes_none": set(), "codes_usage": set(), "code_created": {"label", "link"},
    "code_pick": set(),
}

# The run/walk coach (issue 13): bot/journey/coach.py.
COACH_FIELDS: dict[str, set[str]] = {
    "start_button": set(), "button_pause": set(), "button_resume": set(), "button_stop": set(),
    "status": {"session", "warmup"}, "state_running": {"started", "ends"},
    "state_paused": {"part", "left"}, "state_finished": {"time"}, "state_stopped": {"time"},
    "state_abandoned": {"time"},
    "part_warmup": set(), "part_run": {"number", "of"}, "part_walk": {"number", "of"},
    "part_cooldown": set(), "part_end": set(),
    "cue_warmup": {"length"}, "cue_run": {"length", "number", "of"}, "form_cue": set(),
    "cue_walk": {"length", "number", "of"}, "cue_cooldown": {"length"}, "cue_end": set(),
    "paused": set(), "resumed": {"part", "left"}, "stopped": set(), "ended_itself": set(),
    "over": set(), "already_running": set(), "not_run_day": set(), "run_held": set(), "not_started": set(),
    "already_logged": set(),
}

PREFIXES: dict[str, dict[str, set[str]]] = {
    "": MESSAGE_FIELDS, "reason-": REASON_FIELDS, "next-": NEXT_STEP_FIELDS,
    "nudge-": NUDGE_FIELDS, "settings-": SETTINGS_FIELDS, "privacy-": PRIVACY_FIELDS,
    "staff-": STAFF_FIELDS, "ask-": ASK_FIELDS, "staff-line-": DESK_FIELDS,
    "coach-": COACH_FIELDS,
}


def code_messages() -> dict[str, set[str]]:
    """Every message id the code uses, with the placeholders each may use."""
    found = {prefix + key: fields for prefix, table in PREFIXES.items()
             for key, fields in table.items()}
    found |= {f"command-{name}": set() for name in COMMAND_NAMES}
    return found


def content_messages(content: Content) -> dict[str, set[str]]:
    """The programme's words, by catalogue id (".attribute" for a second text of one thing)."""
    ids: dict[str, set[str]] = {}
    for q in content.questions:
        ids[f"question-{q.id}"] = set()
        ids |= {f"option-{q.id}-{o.id}": set() for o in q.options}
    ids |= {f"test-answer-{o.id}": set() for o in content.test_answers}
    ids |= {f"test-symptom-{o.id}": set() for o in content.test_symptoms}
    ids |= {f"sign-{s.id}": set() for s in content.signs}
    for t in content.tests:
        ids |= {f"test-{t.id}": set(), f"test-{t.id}.how": set()}
    for p in content.phases:
        ids |= {f"phase-{p.number}": set(), f"phase-{p.number}.goal": set(),
                f"phase-{p.number}.moves_on": set()}
    for e in content.all_exercises():
        ids |= {f"exercise-{e.id}": set(), f"exercise-{e.id}.reps": set(),
                f"exercise-{e.id}.cue": set()}
    return ids


# Which file holds which top-level keys; the loader merges them into one Content.
FILES = ("programme.toml", "questions.toml", "signs.toml", "tests.toml", "phases.toml",
         "ladder.toml")
LOCALES_DIR = CONTENT_DIR / "locales"
CLINIC_LANGUAGE = "en"


@dataclass(frozen=True)
class Library:
    """The programme in every language a mother can read, with each language's catalogue."""

    clinic_locale: str  # "en-US": the clinic's country and English
    names: Mapping[str, str]  # language code -> its name in that language
    catalogues: Mapping[str, Catalogue]
    contents: Mapping[str, Content]
    media_dir: Path = CONTENT_DIR / "media"  # where an exercise's `media` file is

    @property
    def clinic(self) -> Content:
        return self.contents[CLINIC_LANGUAGE]


def load_library(directory: Path = CONTENT_DIR, clinic_locale: str = "en-US") -> Library:
    """Every content file and catalogue, checked: the programme's structure once, its words in
    each language. Raises ContentError naming the file and entry that is wrong."""
    merged, origin = _read_structure(directory)
    try:
        locales = load_locales(directory / "locales.toml")
    except FileNotFoundError:
        raise ContentError("content/locales.toml: file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"content/locales.toml: {exc}") from None
    except ValidationError as exc:
        raise ContentError(f"content/locales.toml: {one_line(exc)}") from None
    if clinic_locale not in locales.clinics:
        raise ContentError(f"content/locales.toml: no clinic locale {clinic_locale!r}")
    folders = directory / "locales"
    territory = clinic_locale.partition("-")[2]
    try:
        english = Catalogue(clinic_locale, tuple(folders / f for f in
                                                 locales.clinics[clinic_locale].english))
        catalogues = {CLINIC_LANGUAGE: english}
        offered = locales.clinics[clinic_locale].languages
        for code in offered:
            if code not in locales.languages:
                raise ContentError(f"content/locales.toml: {clinic_locale} offers {code!r}, "
                                   "which [languages] does not name")
            if code != CLINIC_LANGUAGE:
                catalogues[code] = Catalogue(_babel_locale(code, territory), (folders / code,),
                                             fallback=english)
        clinic = _with_words(merged, origin, english)
        required = code_messages() | content_messages(clinic)
        check_placeholders(english, required, ALWAYS_AVAILABLE)
        for code, catalogue in catalogues.items():
            if code != CLINIC_LANGUAGE:
                check_translation(english, catalogue,
                                  [k for k in required if k not in STAFF_ONLY_MESSAGES])
    except CatalogueError as exc:
        raise ContentError(str(exc)) from None
    contents = {code: clinic if code == CLINIC_LANGUAGE else _with_words(merged, origin, catalogue)
                for code, catalogue in catalogues.items()}
    names = {code: name for code, name in locales.languages.items() if code in catalogues}
    check_media(clinic, directory / "media", origin.get("phases", "phases.toml"))
    return Library(clinic_locale, names, catalogues, contents, directory / "media")


def load_content(directory: Path = CONTENT_DIR, clinic_locale: str = "en-US") -> Content:
    """The programme in the clinic's own language."""
    return load_library(directory, clinic_locale).clinic


# Messages only the clinic's staff read: a translation may leave them to the clinic's language.
STAFF_ONLY_MESSAGES = frozenset(
    {f"staff-{key}" for key in STAFF_FIELDS} | {"help_staff", "staff_callback"}
    | {f"staff-line-{key}" for key in DESK_FIELDS}
    | {f"command-{c.name}" for c in COMMANDS if c.audience == "staff"})


def is_media_url(source: str) -> bool:
    """An exercise's media given as a web address (anything with a scheme) rather than a file."""
    return "://" in source or source.lower().startswith(("http:", "https:"))


def media_kind(source: str) -> MediaKind:
    """Photo or video, from the name's ending (the path of a URL). check_media has checked it."""
    path = urlsplit(source).path if is_media_url(source) else source
    return MEDIA_KINDS[PurePosixPath(path).suffix.lower()]


def check_media(content: Content, media_dir: Path, file: str = "phases.toml") -> None:
    """Every exercise's media is a readable file under media_dir, or an https:// URL, of a kind
    and size Telegram takes. Raises ContentError naming the exercise and the file or URL."""
    for phase in content.phases:
        for exercise in phase.exercises:
            if exercise.media is None:
                continue
            problem = _media_problem(exercise.media, media_dir)
            if problem:
                raise ContentError(f"content/{file}: exercise {exercise.id!r}: {problem}")


def _media_problem(source: str, media_dir: Path) -> str | None:
    kinds = ", ".join(MEDIA_KINDS)
    if is_media_url(source):
        parts = urlsplit(source)
        if parts.scheme != "https" or not parts.hostname or re.search(r"\s", source):
            return f"media {source!r} is not an https:// URL (a web address, or a file name " \
                   "under content/media/)"
        if PurePosixPath(parts.path).suffix.lower() not in MEDIA_KINDS:
            return f"media URL {source!r} must end in one of {kinds}"
        return None
    relative = PurePosixPath(source)
    if relative.is_absolute() or ".." in relative.parts or "\\" in source:
        return f"media {source!r} must be a file name under content/media/ (no '..', not absolute)"
    shown = f"content/media/{source}"
    if relative.suffix.lower() not in MEDIA_KINDS:
        return f"media file {shown} must end in one of {kinds}"
    path = media_dir / relative
    if not path.is_file():
        return f"media file {shown} is missing"
    kind, size = MEDIA_KINDS[relative.suffix.lower()], path.stat().st_size
    if size == 0:
        return f"media file {shown} is empty"
    if size > MEDIA_MAX_BYTES[kind]:
        return (f"media file {shown} is {size / 1024 / 1024:.1f} MB; Telegram takes a {kind} "
                f"of at most {MEDIA_MAX_BYTES[kind] // 1024 // 1024} MB")
    return None


def _babel_locale(language: str, territory: str) -> str:
    """Spanish at a US clinic formats as es-US; a pair Babel does not know falls back to es."""
    try:
        Locale.parse(f"{language}_{territory}")
    except (UnknownLocaleError, ValueError):
        return language
    return f"{language}-{territory}"


def _read_structure(directory: Path) -> tuple[dict[str, Any], dict[str, str]]:
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for name in FILES:
        path = directory / name
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ContentError(f"content/{name}: file is missing") from None
        except tomllib.TOMLDecodeError as exc:
            raise ContentError(f"content/{name}: {exc}") from None
        for key, value in data.items():
            if key in merged:
                raise ContentError(f"content/{name}: `{key}` is already set in content/{origin[key]}")
            merged[key] = value
            origin[key] = name
    return merged, origin


def _with_words(merged: dict[str, Any], origin: dict[str, str], words: Catalogue) -> Content:
    """The programme's structure with its words from one language's catalogue."""
    data = copy.deepcopy(merged)

    def word(message_id: str, attribute: str | None = None, *, optional: bool = False) -> str:
        if words.has(message_id, attribute) or (
                words.fallback is not None and words.fallback.has(message_id, attribute)):
            return words(message_id, attribute)
        if optional:
            return ""
        raise ContentError(f"{_shown_folder(words)}: missing "
                           f"{message_id}{'.' + attribute if attribute else ''}")

    for q in data.get("questions", ()):
        q["prompt"] = word(f"question-{q.get('id')}")
        q["hint"] = word(f"question-{q.get('id')}", "hint", optional=True)
        for o in q.get("options", ()):
            o["label"] = word(f"option-{q.get('id')}-{o.get('id')}")
    for o in data.get("test_answers", ()):
        o["label"] = word(f"test-answer-{o.get('id')}")
    for o in data.get("test_symptoms", ()):
        o["label"] = word(f"test-symptom-{o.get('id')}")
    for s in data.get("signs", ()):
        s["label"] = word(f"sign-{s.get('id')}")
    for t in data.get("tests", ()):
        t["name"], t["how"] = word(f"test-{t.get('id')}"), word(f"test-{t.get('id')}", "how")
    exercises = [e for p in data.get("phases", ()) for e in p.get("exercises", ())]
    exercises += [*data.get("pelvic_floor", ()), *data.get("rest_day", ())]
    for p in data.get("phases", ()):
        n = p.get("number")
        p["title"], p["goal"] = word(f"phase-{n}"), word(f"phase-{n}", "goal")
        p["moves_on"] = word(f"phase-{n}", "moves_on")
    for e in exercises:
        eid = f"exercise-{e.get('id')}"
        e["name"], e["reps"], e["cue"] = word(eid), word(eid, "reps"), word(eid, "cue")
    try:
        return Content.model_validate(data)
    except ValidationError as exc:
        message = one_line(exc)
        # The key the message is about (a check across entries names it first) gives its file.
        top = re.split(r"[.:\[]", message, maxsplit=1)[0]
        raise ContentError(f"content/{origin.get(top, 'content')}: {message}") from None


def _shown_folder(catalogue: Catalogue) -> str:
    return "content/locales/" + catalogue.folders[-1].name
