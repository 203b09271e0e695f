"""What she does with her day's nudge: Done / Skip / Something felt wrong, and the run check-in
that moves her along the run/walk ladder."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.access.registry import CHECKIN, OTHER_DAY, SESSION
from bot.core.ladder import progress
from bot.core.plan import Plan, describe_rung
from bot.core.schedule import local_date
from bot.journey.her_plan import (
    checkin_buttons,
    exercise_gate,
    her_zone,
    is_held,
    tell_gate,
    todays_plan,
)
from bot.journey.symptoms import send_symptom_screen
from bot.platform.context import Context, Deps, message_of, person_of, query_message, query_of
from bot.storage.models import SessionLog, User, saved_id, utcnow

# How far back "I did it another day" reaches.
OTHER_DAYS = 7

# --- Done / Skip / Something felt wrong ------------------------------------------------

async def session_action(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    log_id, action = SESSION.unpack(query.data)
    row = await deps.store.session_log(log_id)
    if row is None or row.user_id != person_of(update).id:
        await query.answer(deps.texts.msg("stale_button"))
        return
    if action == "wrong":
        await query.answer()
        await send_symptom_screen(update, deps, source="w", ref=log_id)
        return
    if row.outcome is not None:
        await query.answer(deps.texts.nudge("already_logged"))
        return
    if row.kind == "run" and action == "done" and not await is_held(deps, row.user_id):
        # How it went matters more than that it happened: ask now instead of later.
        await query.answer()
        await deps.store.record_outcome(log_id, row.user_id, "done")
        await query.edit_message_reply_markup(reply_markup=None)
        await query_message(query).reply_text(deps.texts.nudge("checkin_question"),
                                              reply_markup=checkin_buttons(deps, log_id))
        return
    await deps.store.record_outcome(log_id, row.user_id, "done" if action == "done" else "skipped")
    await query.answer()
    note = deps.texts.nudge("logged_done" if action == "done" else "logged_skip")
    today = local_date(deps.clock(), her_zone(deps, await _her_row(deps, row.user_id)))
    if row.local_date != today:
        note += " " + deps.texts.nudge("logged_late", date=deps.texts.day(row.local_date))
    await query.edit_message_text(f"{query_message(query).text_html}\n\n{note}", reply_markup=None)


# --- the run check-in and progression --------------------------------------------------

async def checkin_answer(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    log_id, answer = CHECKIN.unpack(query.data)
    user_id = person_of(update).id
    row = await deps.store.record_outcome(log_id, user_id, answer, over=("done",))
    if row is None:
        await query.answer(deps.texts.nudge("already_logged"))
        return
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    user = await _her_row(deps, user_id)
    rung = user.interval_level if row.rung is None else row.rung
    counts = deps.content.nudges.partial_runs_count
    history = await deps.store.outcomes_at_rung(user_id, rung, user.interval_since,
                                                partial_count=counts)
    needed = deps.content.nudges.progress_after_sessions
    step = progress(rung, history, needed=needed, top=len(deps.content.ladder) - 1)
    if step.rung != user.interval_level:
        await deps.store.update_user(user_id, interval_level=step.rung, interval_since=utcnow())
    session = describe_session(deps, step.rung)
    key = {"up": "rung_up", "down": "rung_down"}.get(step.change, "rung_same")
    if key == "rung_same" and row.partial and not counts:  # a shorter run is fine, not a step
        key = "rung_partial"
    note = deps.texts.nudge(key, count=needed, session=session)
    if await is_held(deps, user_id):  # no word about her next run until the clinic closes it
        note = deps.texts.nudge("held")
    if answer == "symptom":  # one message: the step back, then what she noticed
        await send_symptom_screen(update, deps, source="c", ref=log_id, lead=note)
        return
    await query_message(query).reply_text(note)


# --- "I did it another day": /log, or the button under /today ------------------------------

async def plan_of_day(deps: Deps, user: User, day: date) -> tuple[Plan, bool]:
    """What that day of her plan brings, as /today shows it, and whether a pelvic-health sign
    holds her running (the caller has checked she is not held by an emergency or urgent one)."""
    levels = (await deps.store.open_levels([user.telegram_id])).get(user.telegram_id, set())
    latest = await deps.store.latest_assessment(user.telegram_id)
    held = "apex" in levels
    return todays_plan(deps, user, latest.answers if latest else {}, day, run_held=held), held


async def log_of_day(deps: Deps, user: User, day: date, plan: Plan) -> SessionLog:
    """That day's session log, written as the daily prompt would have (or as it was)."""
    if user.phase is None:  # the callers check: only a mother with a phase has a plan
        raise ValueError("she has no phase yet")
    return await deps.store.ensure_session(
        user.telegram_id, day, plan.kind, phase=user.phase,
        rung=plan.rung_index if plan.kind == "run" else None,
        planned=[e.name for e in (*plan.exercises, *plan.pelvic_floor)])


def other_day_button(deps: Deps) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(deps.texts.nudge("button_other_day"),
                                 callback_data=OTHER_DAY.pack("pick"))]


async def offer_other_days(deps: Deps, user: User, message: Message) -> None:
    """The past week's days not logged yet, each with what it brought, to tap."""
    today = local_date(deps.clock(), her_zone(deps, user))
    joined = min(user.consented_at, user.phase_since or user.consented_at)
    first = max(today - timedelta(days=OTHER_DAYS), local_date(joined, her_zone(deps, user)))
    rows = []
    for back in range(1, OTHER_DAYS + 1):
        day = today - timedelta(days=back)
        if day < first:
            break
        logged = await deps.store.sessions_on(user.telegram_id, day)
        if any(row.outcome is not None for row in logged):
            continue
        kind = logged[0].kind if logged else (await plan_of_day(deps, user, day))[0].kind
        label = f"{deps.texts.weekdays()[day.weekday()]} {deps.texts.short_day(day)} · " \
                f"{_what_it_brought(deps, kind)}"
        rows.append([InlineKeyboardButton(label, callback_data=OTHER_DAY.pack(f"{day:%Y%m%d}"))])
    if not rows:
        await message.reply_text(deps.texts.nudge("other_day_none"))
        return
    await message.reply_text(deps.texts.nudge("other_day_prompt"),
                             reply_markup=InlineKeyboardMarkup(rows))


async def log_command(update: Update, context: Context) -> None:
    """/log: a session or run done on another day."""
    deps = context.deps
    user = await _ready(update, deps)
    if user is not None:
        await offer_other_days(deps, user, message_of(update))


async def _ready(update: Update, deps: Deps) -> User | None:
    """Her row when she has a plan to log against; otherwise she is told why not."""
    user = await deps.store.get_user(person_of(update).id)
    if (gate := await exercise_gate(deps, user)) is not None:
        await tell_gate(message_of(update), deps, gate)
        return None
    return user


async def other_day_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    choice = OTHER_DAY.unpack(query.data).day
    user = await deps.store.get_user(person_of(update).id)
    if user is None:
        await query.answer(deps.texts.msg("stale_button"))
        return
    if (gate := await exercise_gate(deps, user)) is not None:
        await query.answer()
        await tell_gate(query_message(query), deps, gate)
        return
    if choice == "pick":
        await query.answer()
        await offer_other_days(deps, user, query_message(query))
        return
    day, how = datetime.strptime(choice[:8], "%Y%m%d").date(), choice[8:]
    today = local_date(deps.clock(), her_zone(deps, user))
    if not today - timedelta(days=OTHER_DAYS) <= day < today:
        await query.answer(deps.texts.msg("stale_button"))
        return
    plan, run_held = await plan_of_day(deps, user, day)
    logged = await deps.store.sessions_on(user.telegram_id, day)
    kind = logged[0].kind if logged else plan.kind
    # A runner moves her runs around the week: on a day that brought no run, she may have run.
    runs = user.phase == 4 and not run_held
    if how == "r" and not runs:
        await query.answer(deps.texts.msg("stale_button"))
        return
    if any(row.outcome is not None for row in logged):
        await query.answer(deps.texts.nudge("already_logged"))
        return
    if how == "" and runs and kind != "run":
        await query.answer()
        await query.edit_message_reply_markup(reply_markup=None)
        await query_message(query).reply_text(
            deps.texts.nudge("other_day_what", date=deps.texts.day(day)),
            reply_markup=InlineKeyboardMarkup([
                [InlineKeyboardButton(deps.texts.nudge("other_day_ran"),
                                      callback_data=OTHER_DAY.pack(f"{day:%Y%m%d}r"))],
                [InlineKeyboardButton(deps.texts.nudge(
                    "other_day_planned", what=_what_it_brought(deps, kind)),
                    callback_data=OTHER_DAY.pack(f"{day:%Y%m%d}p"))]]))
        return
    if how == "r":
        row = await deps.store.ensure_session(user.telegram_id, day, "run", phase=4,
                                              rung=user.interval_level, planned=[])
    else:
        row = logged[0] if logged else await log_of_day(deps, user, day, plan)
    if row.outcome is not None:
        await query.answer(deps.texts.nudge("already_logged"))
        return
    await deps.store.record_outcome(saved_id(row), user.telegram_id, "done")
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    note = deps.texts.nudge("logged_done") + " " + deps.texts.nudge(
        "logged_late", date=deps.texts.day(day))
    if row.kind == "run":  # how it went moves her along the ladder: ask, as after any run
        await query_message(query).reply_text(
            note + "\n\n" + deps.texts.nudge("checkin_question"),
            reply_markup=checkin_buttons(deps, saved_id(row)))
        return
    await query_message(query).reply_text(note)


def _what_it_brought(deps: Deps, kind: str) -> str:
    return deps.texts.nudge({"run": "other_day_run", "rest": "other_day_rest"}.get(
        kind, "other_day_session"))


async def _her_row(deps: Deps, user_id: int) -> User:
    """The row of the mother whose session log she just pressed on (the log is hers, so the
    row exists: deleting her deletes her logs)."""
    user = await deps.store.get_user(user_id)
    if user is None:
        raise RuntimeError("a session log without its mother")
    return user


def describe_session(deps: Deps, rung_index: int) -> str:
    numbers = describe_rung(deps.content.ladder[rung_index])
    if numbers["continuous"]:
        return deps.texts.nudge("session_continuous", total=numbers["total"])
    return deps.texts.nudge("session_intervals", repeats=numbers["repeats"], run=numbers["run"],
                            walk=numbers["walk"])
