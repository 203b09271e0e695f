"""Turning the catalogue's messages into Telegram HTML, in the reader's language. Every value
put into a message is escaped; numbers stay numbers, so a language's plural rules can see them."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_skeleton, get_day_names, get_timezone_location, get_timezone_name

from bot.access.buttons import Audience
from bot.access.registry import COMMANDS
from bot.core.answers import split_detail, weeks_since
from bot.core.dates import birth_in_text
from bot.core.formats import format_clock, format_day
from bot.core.plan import available
from bot.core.readiness import Note, Recommendation
from bot.platform.catalogue import Catalogue
from bot.platform.content import Content, Phase
from bot.platform.settings import Settings

# How a test went, as her result names it after the test: "30-minute walk (skipped)".
TEST_DETAILS = ("could_not", "not_tried", "skipped")


class Html(str):
    """Text that is already safe HTML and must not be escaped again."""


def user_link(telegram_id: int, first_name: str, username: str | None = None) -> Html:
    link = f'<a href="tg://user?id={telegram_id}">{html.escape(first_name)}</a>'
    return Html(f"{link} (@{html.escape(username)})" if username else link)


class Texts:
    """Everything one reader is told, in her language: `content` is the programme in it."""

    def __init__(self, content: Content, settings: Settings, catalogue: Catalogue,
                 language: str = "en", hidden: frozenset[str] = frozenset()) -> None:
        self.content = content
        self.settings = settings
        self.catalogue = catalogue
        self.language = language
        # Commands this clinic does not offer (/language where it speaks one language).
        self.hidden = hidden
        self.locale = catalogue.locale.replace("-", "_")  # Babel's spelling

    def msg(self, key: str, /, **values: Any) -> str:
        return self._fill(key, values)

    def nudge(self, key: str, /, **values: Any) -> str:
        return self._fill("nudge-" + key, values)

    def setting(self, key: str, /, **values: Any) -> str:
        return self._fill("settings-" + key, values)

    def staff(self, key: str, /, **values: Any) -> str:
        return self._fill("staff-" + key, values)

    def privacy(self, key: str, /, **values: Any) -> str:
        return self._fill("privacy-" + key, values)

    def command(self, name: str) -> str:
        """A command's line in Telegram's menu and in /help: plain text."""
        return self.catalogue(f"command-{name}")

    def day(self, day: date) -> str:
        """A date as her locale writes it: "Nov 8, 2026", "8 Nov 2026", "8 nov 2026"."""
        return format_day(day, self.catalogue.locale)

    def zone_name(self, zone: str) -> str:
        """A time zone as she would name it: "Eastern Time (New York)", "hora central (Chicago)"."""
        generic = get_timezone_name(zone, "long", locale=self.locale, zone_variant="generic")
        city = get_timezone_location(zone, locale=self.locale, return_city=True)
        return city if not generic or "(" in generic or generic == city else f"{generic} ({city})"

    def her_moment(self, at: datetime, zone: str) -> str:
        """When something reaches her, in her zone, the day in full (an abbreviated Spanish
        "mar" reads as "the sea"): "Wednesday, December 2, 2026, 7:30 AM"."""
        local = at.astimezone(ZoneInfo(zone))
        return (babel_date(local.date(), "full", locale=self.locale) + ", "
                + format_clock(local, self.catalogue.locale))

    def weekdays(self) -> tuple[str, ...]:
        """Monday first (as date.weekday()), abbreviated: "Mon", "lun"."""
        names = get_day_names("abbreviated", locale=self.locale)
        return tuple(names[d] for d in range(7))

    def short_day(self, day: date) -> str:
        """A day without its year: "Nov 8", "8 Nov"."""
        return format_skeleton("MMMd", day, locale=self.locale)

    def clock(self, at: time | datetime) -> str:
        """A time of day as her locale reads it: "7:30 AM", "07:30"."""
        return format_clock(at, self.catalogue.locale)

    def moment(self, at: datetime) -> str:
        """A moment in the clinic's time zone, short: "Dec 1, 7:30 AM" (for the staff)."""
        local = at.astimezone(ZoneInfo(self.settings.default_timezone))
        return (format_skeleton("MMMd", local, locale=self.locale) + ", "
                + format_clock(local, self.catalogue.locale))

    def _fill(self, key: str, values: dict[str, Any]) -> str:
        s = self.settings
        args: dict[str, Any] = {"emergency_number": s.emergency_number,
                                "crisis_line": s.crisis_line, "maternal_line": s.maternal_line}
        for name, value in values.items():
            # A count stays a number, for plural rules and the locale's grouping ("2,000"); an
            # id is a name, never grouped ("#1234").
            plain = isinstance(value, (int, float)) and not isinstance(value, bool) and name != "id"
            args[name] = value if plain or isinstance(value, Html) else html.escape(str(value))
        return self.catalogue(key, args=args)

    def help(self, *, staff: bool = False) -> str:
        """/help, from the command registry: hers, then the staff's for staff."""
        def lines(audience: Audience) -> list[str]:
            return [f"/{c.name}: {html.escape(self.command(c.name))}"
                    for c in COMMANDS if c.audience == audience and c.name not in self.hidden]
        text = [self.msg("help"), *lines("mother")]
        if staff:
            text += ["", self.msg("help_staff"), *lines("staff")]
        return "\n".join([*text, "", self.msg("help_footer")])

    def contact(self) -> str:
        return self.msg("contact", **self.clinic())

    def clinic(self) -> dict[str, str]:
        s = self.settings
        return {"phone": s.apex_phone, "email": s.apex_email, "booking_url": s.apex_booking_url}

    def labels(self, ids: Iterable[str]) -> str:
        """Sign or test ids as the words she saw on the buttons; a test with its detail
        ("hop:leaking+pain", bot.core.answers.with_detail) as "Hop on one leg (leaking, pain)"."""
        names = {s.id: s.label for s in self.content.signs}
        names |= {t.id: t.name for t in self.content.tests}
        return "; ".join(self._label(names, i) for i in ids)

    def _label(self, names: Mapping[str, str], item: str) -> str:
        name, details = split_detail(item)
        if not details:
            return names.get(name, item)
        felt = {o.id: o.label.lower() for o in self.content.test_symptoms}
        words = [felt[d] if d in felt else self.catalogue(f"test_detail_{d}")
                 if d in TEST_DETAILS else d for d in details]
        return f"{names.get(name, name)} ({', '.join(words)})"

    def note(self, note: Note, prefix: str) -> str:
        """A reason ("reason-") or a next step ("next-") of her recommendation."""
        values = {}
        for key, value in note.params.items():
            if key in ("signs", "tests"):
                value = self.labels(value)
            elif isinstance(value, date):
                value = self.day(value)
            values[key] = value
        return self._fill(prefix + note.code, values)

    def exercises(self, phase: Phase, weeks: int | None = None) -> str:
        return "\n".join(
            "• " + self.msg("exercise_line", name=e.name, sets=e.sets, reps=e.reps, cue=e.cue)
            for e in (*self.content.pelvic_floor, *available(phase.exercises, weeks))
        )

    def result(self, rec: Recommendation) -> str:
        """Her phase, why, what moves her on, and this week's exercises."""
        phase = self.content.phase(rec.phase or 1)
        parts = [self.msg("result_phase", number=phase.number, title=phase.title),
                 html.escape(phase.goal)]
        parts.append(_section(self.msg("result_reasons"),
                              [self.note(r, "reason-") for r in rec.reasons]))
        steps = [self.note(s, "next-") for s in rec.next_steps]
        if rec.phase == 4 and not rec.escalation:
            # Only then: before phase 4 her own steps say what moves her on, and the phase's
            # general words ("from 6 weeks, once ...") would repeat gates she already meets.
            steps.append(html.escape(phase.moves_on))
        parts.append(_section(self.msg("result_next"), steps))
        parts.append(self.msg("result_exercises") + "\n" + self.exercises(phase, rec.weeks))
        parts.append(self.msg("not_a_substitute"))
        return "\n\n".join(p for p in parts if p)

    def escalation(self, level: str, signs: Sequence[str], birth: Birth | None) -> str:
        """What she is told to do. Emergency and urgent messages carry no exercise content;
        thoughts of harm and low mood get their own, warmer words and the support lines."""
        advice = {s.id: s.advice for s in self.content.signs}
        plain = [s for s in signs if advice.get(s) is None]
        parts = []
        if plain or not signs:
            if level == "emergency":
                parts.append(self.msg("escalation_emergency", signs=self.labels(plain),
                                      birth_date=self.birth(birth)))
            elif level == "urgent":
                parts.append(self.msg("escalation_urgent", signs=self.labels(plain)))
            else:
                parts.append(self.msg("escalation_apex", signs=self.labels(plain), **self.clinic()))
        if any(advice.get(s) == "low_mood" for s in signs):
            parts.append(self.msg("escalation_low_mood", phone=self.settings.apex_phone,
                                  email=self.settings.apex_email))
        if any(advice.get(s) == "baby" for s in signs):
            parts.insert(0, self.msg("escalation_baby"))
        if any(advice.get(s) == "crisis" for s in signs):
            parts.insert(0, self.msg("escalation_crisis"))  # first: the warmest words first
        return "\n\n".join(parts)

    def birth(self, birth: Birth | None) -> str:
        """"on 14 Aug 2026", or "about 9 weeks ago" when she gave weeks rather than a date."""
        if birth is None:  # before she has answered (or before she consented)
            return self.msg("born_unknown")
        if birth.approximate:
            return self.msg("born_about", weeks=birth.weeks)
        return self.msg("born_on", date=self.day(birth.day))


@dataclass(frozen=True)
class Birth:
    """The birth date as she gave it: a date, or a number of weeks (then only approximate)."""

    day: date
    approximate: bool = False
    weeks: int = 0

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any], today: date) -> Birth | None:
        if "birth_date" not in answers:
            return None
        day = date.fromisoformat(answers["birth_date"])
        return cls(day, bool(answers.get("birth_date_approx")), weeks_since(day, today))

    @classmethod
    def said_in(cls, text: str, locale: str, today: date, max_weeks_back: int) -> Birth | None:
        """The birth as a message names it in passing ("born 9 weeks ago and I have chest
        pain"), or None when it names none for sure."""
        found = birth_in_text(text, locale, today, max_weeks_back)
        return None if found is None else cls(found.day, found.approximate,
                                              weeks_since(found.day, today))


def _section(heading: str, lines: list[str]) -> str:
    if not lines:
        return ""
    return heading + "\n" + "\n".join("• " + line for line in lines)

