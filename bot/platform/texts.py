"""Turning content templates into Telegram HTML. Every value put into a template is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.access.buttons import Audience
from bot.access.registry import COMMANDS
from bot.core.answers import weeks_since
from bot.core.plan import available
from bot.core.readiness import Note, Recommendation
from bot.platform.content import Content, Phase
from bot.platform.settings import Settings


class Html(str):
    """Text that is already safe HTML and must not be escaped again."""


def user_link(telegram_id: int, first_name: str, username: str | None = None) -> Html:
    link = f'<a href="tg://user?id={telegram_id}">{html.escape(first_name)}</a>'
    return Html(f"{link} (@{html.escape(username)})" if username else link)


def format_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


class Texts:
    def __init__(self, content: Content, settings: Settings) -> None:
        self.content = content
        self.settings = settings

    def msg(self, key: str, /, **values: Any) -> str:
        values.setdefault("emergency_number", self.settings.emergency_number)
        return _fill(self.content.messages[key], values)

    def nudge(self, key: str, /, **values: Any) -> str:
        return _fill(self.content.nudge_messages[key], values)

    def setting(self, key: str, /, **values: Any) -> str:
        return _fill(self.content.settings_messages[key], values)

    def staff(self, key: str, /, **values: Any) -> str:
        return _fill(self.content.staff_messages[key], values)

    def privacy(self, key: str, /, **values: Any) -> str:
        return _fill(self.content.privacy_messages[key], values)

    def help(self, *, staff: bool = False) -> str:
        """/help, from the command registry: hers, then the staff's for staff."""
        def lines(audience: Audience) -> list[str]:
            return [f"/{c.name}: {html.escape(self.content.commands[c.name])}"
                    for c in COMMANDS if c.audience == audience]
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
        """Sign or test ids as the words she saw on the buttons."""
        names = {s.id: s.label for s in self.content.signs}
        names |= {t.id: t.name for t in self.content.tests}
        return "; ".join(names.get(i, i) for i in ids)

    def note(self, note: Note, table: dict[str, str]) -> str:
        values = {}
        for key, value in note.params.items():
            if key in ("signs", "tests"):
                value = self.labels(value)
            elif isinstance(value, date):
                value = format_date(value)
            values[key] = value
        if note.code == "call_emergency":
            values["emergency_number"] = self.settings.emergency_number
        return _fill(table[note.code], values)

    def exercises(self, phase: Phase, weeks: int | None = None) -> str:
        return "\n".join(
            "• " + self.msg("exercise_line", name=e.name, sets=e.sets, reps=e.reps, cue=e.cue)
            for e in available(phase.exercises, weeks)
        )

    def result(self, rec: Recommendation) -> str:
        """Her phase, why, what moves her on, and this week's exercises."""
        phase = self.content.phase(rec.phase or 1)
        parts = [self.msg("result_phase", number=phase.number, title=phase.title),
                 html.escape(phase.goal)]
        parts.append(_section(self.msg("result_reasons"),
                              [self.note(r, self.content.reasons) for r in rec.reasons]))
        steps = [self.note(s, self.content.next_steps) for s in rec.next_steps]
        if not rec.escalation:
            steps.append(html.escape(phase.moves_on))
        parts.append(_section(self.msg("result_next"), steps))
        parts.append(self.msg("result_exercises") + "\n" + self.exercises(phase, rec.weeks))
        parts.append(self.msg("not_a_substitute"))
        return "\n\n".join(p for p in parts if p)

    def escalation(self, level: str, signs: Sequence[str], birth: Birth | None) -> str:
        """What she is told to do. Emergency and urgent messages carry no exercise content."""
        signs_text = self.labels(signs)
        number = self.settings.emergency_number
        if level == "emergency":
            return self.msg("escalation_emergency", signs=signs_text, emergency_number=number,
                            birth_date=self.birth(birth))
        if level == "urgent":
            return self.msg("escalation_urgent", signs=signs_text, emergency_number=number)
        return self.msg("escalation_apex", signs=signs_text, **self.clinic())


    def birth(self, birth: Birth | None) -> str:
        """"on 14 Aug 2026", or "about 9 weeks ago" when she gave weeks rather than a date."""
        if birth is None:  # before she has answered (or before she consented)
            return self.msg("born_unknown")
        if birth.approximate:
            return self.msg("born_about", weeks=birth.weeks)
        return self.msg("born_on", date=format_date(birth.day))


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


def _section(heading: str, lines: list[str]) -> str:
    if not lines:
        return ""
    return heading + "\n" + "\n".join("• " + line for line in lines)


def _fill(template: str, values: dict[str, Any]) -> str:
    safe = {k: v if isinstance(v, Html) else html.escape(str(v)) for k, v in values.items()}
    return template.format(**safe)
