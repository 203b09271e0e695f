"""Staff commands: /stats, /export_csv, /broadcasts, and the gate that makes every staff command
and button not exist for anyone else (checked by Telegram user id on every update)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop

from bot.context import Context
from bot.storage.staff import StaffStore
from conversations.broadcast import audience_name

STAFF_COMMANDS = {"escalations", "broadcast", "broadcasts", "stats", "export_csv"}
STAFF_BUTTONS = ("es1:", "bc1:", "bc2:")


# The staff commands that also work in the staff group (/broadcast needs a private chat).
STAFF_CHAT_COMMANDS = STAFF_COMMANDS - {"broadcast"}


def command_name(update: Update) -> str:
    """"stats" for "/stats@apex_run_ready_bot now"; "" when the update is not a command."""
    message = update.message
    words = (message.text or "").split() if message is not None else []
    if not words or not words[0].startswith("/"):
        return ""
    return words[0][1:].split("@")[0].lower()


async def staff_gate(update: Update, context: Context) -> None:
    """Group -2: a staff command from anyone else gets the unknown-command reply; a staff button
    pressed by anyone else is refused; either way nothing else runs."""
    deps = context.deps
    if update.effective_user is None or deps.settings.is_staff(update.effective_user.id):
        return
    if command_name(update) in STAFF_COMMANDS:
        await update.message.reply_text(deps.texts.msg("unknown_command"))
        raise ApplicationHandlerStop
    query = update.callback_query
    if query is not None and (query.data or "").startswith(STAFF_BUTTONS):
        await query.answer(deps.texts.msg("stale_button"))
        raise ApplicationHandlerStop


async def stats_command(update: Update, context: Context) -> None:
    deps = context.deps
    numbers = await StaffStore(deps.store).stats(deps.clock())
    by_phase = ", ".join(f"{'–' if phase is None else phase}: {count}"
                         for phase, count in sorted(numbers["by_phase"].items(),
                                                    key=lambda item: (item[0] is None, item[0] or 0)))
    median = numbers["median_contact_hours"]
    await update.effective_message.reply_text(deps.texts.staff(
        "stats", users=numbers["users"], new_week=numbers["new_week"],
        active_week=numbers["active_week"], by_phase=by_phase or "–",
        sessions_week=numbers["sessions_week"], open=numbers["open"],
        handled_month=numbers["handled_month"],
        median_contact="–" if median is None else f"{median:.1f} h",
        broadcasts=numbers["broadcasts"], reach=numbers["reach"]))


async def export_csv_command(update: Update, context: Context) -> None:
    deps = context.deps
    desk = StaffStore(deps.store)
    rows = await desk.progress_rows(deps.clock() - timedelta(days=30))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["row", *(rows[0].keys() if rows else ["joined"])])
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow({"row": number, **row})
    await desk.audit(update.effective_user.id, "export_csv")
    await update.effective_message.reply_document(
        out.getvalue().encode(), filename=f"apex-progress-{deps.clock():%Y-%m-%d}.csv",
        caption=deps.texts.staff("export_caption"))


async def broadcasts_command(update: Update, context: Context) -> None:
    deps = context.deps
    rows = await StaffStore(deps.store).recent_broadcasts()
    if not rows:
        await update.effective_message.reply_text(deps.texts.staff("broadcasts_none"))
        return
    lines, stops = [], []
    for row in rows:
        counts = await StaffStore(deps.store).counts(row.id)
        lines.append(deps.texts.staff(
            "broadcasts_line", id=row.id, when=f"{row.started_at:%d %b %H:%M}" if row.started_at else "–",
            audience=audience_name(deps, row), sent=counts.sent, total=counts.total,
            blocked=counts.blocked, failed=counts.failed, unsure=counts.unsure,
            status=row.status))
        if row.status == "sending":
            stops.append(InlineKeyboardButton(deps.texts.staff("broadcast_stop_button", id=row.id),
                                              callback_data=f"bc2:stop:{row.id}"))
    await update.effective_message.reply_text(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup([stops]) if stops else None)


async def stop_broadcast(update: Update, context: Context) -> None:
    deps, query = context.deps, update.callback_query
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        await query.answer(deps.texts.msg("stale_button"))
        return
    stopped = await StaffStore(deps.store).request_stop(int(parts[2]), update.effective_user.id)
    await query.answer(deps.texts.staff("broadcast_stopping", id=parts[2]) if stopped
                       else deps.texts.msg("stale_button"))
