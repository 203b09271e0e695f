"""Her plan, as every part of her journey sees it: her time zone, reminder time and run days,
when her next nudge is due, today's plan and how it reads, and the buttons under it."""

from __future__ import annotations

import html
from datetime import date, datetime, time
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.access.registry import CHECKIN, REASSESS, SESSION
from bot.core.answers import Answers, weeks_since
from bot.core.episodes import HOLDING
from bot.core.plan import IMPACT_PHASE, Plan, describe_rung, part_of_day, plan_for
from bot.core.readiness import Note, readiness
from bot.core.schedule import next_due
from bot.platform.content import Exercise
from bot.platform.context import Deps
from bot.storage.models import Assessment, User


def her_zone(deps: Deps, user: User) -> str:
    return user.timezone or deps.settings.default_timezone


def her_time(deps: Deps, user: User) -> time:
    if user.reminder_time:
        hours, minutes = user.reminder_time.split(":")
        return time(int(hours), int(minutes))
    return deps.settings.default_reminder_time


def her_run_days(user: User) -> frozenset[int]:
    return frozenset(int(d) for d in (user.run_days or "0,2,4").split(",") if d)


def first_due(deps: Deps, user: User, now: datetime) -> datetime:
    return next_due(her_time(deps, user), her_zone(deps, user), now)


def her_pelvic_times(user: User) -> tuple[time, ...]:
    """Her pelvic floor reminder times, earliest first (none: they are off)."""
    return tuple(sorted({time.fromisoformat(t) for t in (user.pelvic_times or "").split(",") if t}))


def next_pelvic_at(deps: Deps, user: User, after: datetime) -> datetime | None:
    """When her next pelvic floor reminder is due: the first of her times after `after`, on
    her clock. None when she has none. The one rule every change to those times goes through."""
    zone = her_zone(deps, user)
    return min((next_due(t, zone, after) for t in her_pelvic_times(user)), default=None)


async def is_held(deps: Deps, user_id: int) -> bool:
    """An emergency or urgent escalation of hers is not yet closed: no exercise talk at all."""
    levels = (await deps.store.open_levels([user_id])).get(user_id, set())
    return bool(levels & HOLDING)


Gate = Literal["screening", "reassess", "held"]


async def exercise_gate(deps: Deps, user: User | None) -> Gate | None:
    """Why she may not be given exercise now, if she may not: the one rule for /today, /plan,
    /log and her runs (the nudges follow it through next_nudge_at and the hold).

    - "screening": she has not signed up, or never finished the questions;
    - "held": an emergency or urgent episode of hers is not closed: no exercise talk at all;
    - "reassess": the clinic closed such an episode (her result had no phase, or it came after
      her result): her plan waits until she answers the questions again."""
    if user is None:
        return "screening"
    if await is_held(deps, user.telegram_id):
        return "held"
    if user.phase is None:
        return "reassess" if await deps.store.latest_assessment(user.telegram_id) else "screening"
    return "reassess" if user.reassess_due_at is not None else None


def reassess_markup(deps: Deps) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(deps.texts.msg("reassess_button"),
                                                       callback_data=REASSESS.pack())]])


async def tell_gate(message: Message, deps: Deps, gate: Gate) -> None:
    if gate == "reassess":
        await message.reply_text(deps.texts.nudge("needs_reassess"), reply_markup=reassess_markup(deps))
    else:
        await message.reply_text(deps.texts.nudge("held" if gate == "held" else "needs_screening"))


def next_nudge_at(deps: Deps, user: User, now: datetime) -> datetime | None:
    """When her next daily nudge is due, from her row: none while she is paused, has blocked
    the bot, has no phase yet or is to answer the questions again after an emergency or
    urgent episode. The one rule every change to her schedule goes through."""
    if user.paused or not user.active or user.phase is None or user.reassess_due_at is not None:
        return None
    return first_due(deps, user, now)


def todays_plan(deps: Deps, user: User, answers: dict, day: date, *, run_held: bool) -> Plan:
    if user.phase is None:  # the callers check: no plan before her first result
        raise ValueError("she has no phase yet, so no plan")
    birth = answers.get("birth_date")
    weeks = weeks_since(date.fromisoformat(birth), day) if birth else None
    return plan_for(phase=user.phase, local_date=day, run_days=her_run_days(user),
                    rung_index=user.interval_level, breastfeeding=answers.get("feeding") == "yes",
                    run_held=run_held, content=deps.texts.content, weeks=weeks)


def reassess_due(assessed_on: date, today: date, every_days: int) -> bool:
    days = (today - assessed_on).days
    return days > 0 and days % every_days == 0


def render_plan(deps: Deps, plan: Plan, *, run_held: bool = False,
                local_time: time | None = None) -> str:
    """Today's plan as she reads it: a greeting for her own hour (`local_time`, on her clock),
    what the day brings (a run, a session, a strength session or a rest day, labelled with
    her phase), then the pelvic floor, which every day brings."""
    texts = deps.texts
    parts = [texts.nudge(f"greeting_{part_of_day(local_time)}")] if local_time else []
    if plan.kind == "run":
        if plan.rung is None:  # plan_for gives every run its rung
            raise ValueError("a run without its rung")
        numbers = describe_rung(plan.rung)
        key = "run_continuous" if numbers["continuous"] else "run_reminder"
        parts.append(texts.nudge(key, **{k: numbers[k] for k in ("repeats", "run", "walk", "total")
                                         if k in numbers}))
        if plan.feeding_tip:
            parts.append(texts.nudge("feeding_tip"))
    else:
        mine = texts.content.phase(plan.her_phase or plan.phase)
        lines = [texts.nudge("run_held")] if run_held and plan.kind != "rest" else []
        if plan.kind == "rest":
            lines.append(texts.nudge("rest_day", number=mine.number, title=mine.title))
        elif plan.day == "strength":
            lines.append(texts.nudge("strength_day", number=mine.number, title=mine.title))
        else:
            phase = texts.content.phase(plan.phase)
            lines.append(texts.nudge("daily_exercise", number=phase.number, title=phase.title))
        lines += [_line(deps, e) for e in plan.exercises]
        parts.append("\n".join(lines))
    if plan.pelvic_floor:
        parts.append("\n".join([texts.nudge("pelvic_floor")]
                               + [_line(deps, e) for e in plan.pelvic_floor]))
    if plan.kind == "run":
        parts.append(texts.nudge("stop_rule"))
    return "\n\n".join(parts)


def _line(deps: Deps, exercise: Exercise) -> str:
    return "• " + deps.texts.msg("exercise_line", name=exercise.name, sets=exercise.sets,
                                 reps=exercise.reps, cue=exercise.cue)


def session_buttons(deps: Deps, log_id: int) -> InlineKeyboardMarkup:
    texts = deps.texts
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.nudge("button_done"), callback_data=SESSION.pack(log_id, "done")),
         InlineKeyboardButton(texts.nudge("button_skip"), callback_data=SESSION.pack(log_id, "skip"))],
        [InlineKeyboardButton(texts.nudge("button_wrong"), callback_data=SESSION.pack(log_id, "wrong"))],
    ])


def checkin_buttons(deps: Deps, log_id: int) -> InlineKeyboardMarkup:
    texts = deps.texts
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.nudge(f"checkin_{answer}"),
                              callback_data=CHECKIN.pack(log_id, answer))]
        for answer in ("fine", "hard", "symptom")
    ])


def plan_summary(deps: Deps, user: User, latest: Assessment | None, today: date, *,
                 run_held: bool = False) -> str:
    """/plan: her phase, why she is in it and what would move her on, from her own answers (as
    her result said them, with today's weeks). When a gate has opened since her last check:
    what held her then, and one step, /reassess. The phase's general words only when her
    answers cannot explain her phase (none stored, or content changed since). `run_held`: a
    pelvic-health sign she raised (in the chat, after a run) is open, so running waits."""
    texts = deps.texts
    if user.phase is None:  # the caller checks: no plan before her first result
        raise ValueError("she has no phase yet, so no plan")
    phase = texts.content.phase(user.phase)
    parts = [texts.msg("result_phase", number=phase.number, title=phase.title),
             html.escape(phase.goal)]
    if run_held and user.phase >= IMPACT_PHASE:
        parts.append(texts.nudge("plan_run_held"))
    answers = (Answers.from_draft(latest.answers)
               if latest is not None and "birth_date" in latest.answers else None)
    checked = latest.completed_at.date() if latest and latest.completed_at else today
    then = readiness(answers, checked, deps.content) if answers else None
    if answers is None or then is None or then.phase != user.phase:
        parts.append(_section(texts.msg("result_next"), [html.escape(phase.moves_on)]))
        return "\n\n".join(parts)
    rec = readiness(answers, today, deps.content)
    steps = [texts.note(s, "next-") for s in rec.next_steps]
    if rec.phase != then.phase or set(rec.reason_codes) != set(then.reason_codes):
        # A gate has opened since (her 12 weeks): what held her then, and the way on.
        rec = then
        steps = [texts.note(Note("plan_reassess", {"date": checked}), "nudge-")]
    elif rec.phase == 4 and not rec.escalation:
        steps.append(html.escape(phase.moves_on))
    parts.append(_section(texts.msg("result_reasons"), [texts.note(r, "reason-") for r in rec.reasons]))
    parts.append(_section(texts.msg("result_next"), steps))
    return "\n\n".join(p for p in parts if p)


def _section(heading: str, lines: list[str]) -> str:
    return heading + "\n" + "\n".join("• " + line for line in lines) if lines else ""
