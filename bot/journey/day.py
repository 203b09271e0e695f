"""What she does with her day's nudge: Done / Skip / Something felt wrong, and the run check-in
that moves her along the run/walk ladder."""

from __future__ import annotations

from telegram import Update

from bot.access.registry import CHECKIN, SESSION
from bot.core.ladder import progress
from bot.core.plan import describe_rung
from bot.core.schedule import local_date
from bot.journey.her_plan import checkin_buttons, her_zone, is_held
from bot.journey.symptoms import send_symptom_screen
from bot.platform.context import Context, Deps, person_of, query_message, query_of
from bot.storage.models import User, utcnow

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
    history = await deps.store.outcomes_at_rung(user_id, rung, user.interval_since)
    needed = deps.content.nudges.progress_after_sessions
    step = progress(rung, history, needed=needed, top=len(deps.content.ladder) - 1)
    if step.rung != user.interval_level:
        await deps.store.update_user(user_id, interval_level=step.rung, interval_since=utcnow())
    session = describe_session(deps, step.rung)
    key = {"up": "rung_up", "down": "rung_down"}.get(step.change, "rung_same")
    note = deps.texts.nudge(key, count=needed, session=session)
    if await is_held(deps, user_id):  # no word about her next run until the clinic closes it
        note = deps.texts.nudge("held")
    if answer == "symptom":  # one message: the step back, then what she noticed
        await send_symptom_screen(update, deps, source="c", ref=log_id, lead=note)
        return
    await query_message(query).reply_text(note)


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
