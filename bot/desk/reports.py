"""Staff commands: /stats, /export_csv, /broadcasts and stopping an announcement. Who may use
them is declared in bot/access/registry.py and checked by the staff gate."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access.registry import STOP_BROADCAST
from bot.platform.context import Context, Deps, message_of, person_of, query_of
from bot.storage.models import Broadcast, saved_id
from bot.storage.staff_store import PROGRESS_COLUMNS, StaffStore


async def stats_command(update: Update, context: Context) -> None:
    deps = context.deps
    numbers = await StaffStore(deps.store).stats(deps.clock())
    t = deps.staff_texts.staff
    by_phase = "; ".join(
        t("stats_phase", count=count, phase=phase, title=deps.content.phase(phase).title)
        if phase is not None else t("stats_no_phase", count=count)
        for phase, count in sorted(numbers["by_phase"].items(),
                                   key=lambda item: (item[0] is None, item[0] or 0)))
    median = numbers["median_contact_hours"]
    await message_of(update).reply_text(t(
        "stats", users=numbers["users"], new_week=numbers["new_week"],
        active_week=numbers["active_week"], by_phase=by_phase or t("stats_nobody"),
        sessions_week=numbers["sessions_week"], open=numbers["open"],
        handled_month=numbers["handled_month"],
        median_contact=t("stats_no_median") if median is None else waited(deps, median * 60),
        broadcasts=numbers["broadcasts"], reach=numbers["reach"]))


def waited(deps: Deps, minutes: float) -> str:
    """A wait as staff say it: "under a minute", "12 min", "3 h 20 min", "2 d"."""
    t = deps.staff_texts.staff
    whole = int(minutes)
    if whole < 1:
        return t("age_under_minute")
    if whole < 60:
        return t("age_minutes", minutes=whole)
    hours, rest = divmod(whole, 60)
    if hours >= 48:
        return t("age_days", days=hours // 24)
    return t("age_hours_minutes", hours=hours, minutes=rest) if rest else t("age_hours", hours=hours)


async def export_csv_command(update: Update, context: Context) -> None:
    deps = context.deps
    desk = StaffStore(deps.store)
    rows = await desk.progress_rows(deps.clock() - timedelta(days=30))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["row", *PROGRESS_COLUMNS])
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow({"row": number, **row})
    await desk.audit(person_of(update).id, "export_csv")
    await message_of(update).reply_document(
        out.getvalue().encode(), filename=f"apex-progress-{deps.clock():%Y-%m-%d}.csv",
        caption=deps.staff_texts.staff("export_caption"))


def audience_name(deps: Deps, row: Broadcast) -> str:
    """Who an announcement is for, as the staff read it."""
    t = deps.staff_texts.staff
    if row.audience == "phase":
        return t("audience_phase", phase=row.audience_value)
    if row.audience == "source":
        return f'{t("audience_source")}: {row.audience_value}'
    return t("audience_idle") if row.audience == "idle" else t("audience_all")


async def broadcasts_command(update: Update, context: Context) -> None:
    deps = context.deps
    rows = await StaffStore(deps.store).recent_broadcasts()
    if not rows:
        await message_of(update).reply_text(deps.staff_texts.staff("broadcasts_none"))
        return
    lines, stops = [], []
    moment = deps.staff_texts.moment
    for row in rows:
        counts = await StaffStore(deps.store).counts(saved_id(row))
        lines.append(deps.staff_texts.staff(
            "broadcasts_line", id=row.id, when=moment(row.started_at) if row.started_at else "–",
            audience=audience_name(deps, row), sent=counts.sent, total=counts.total,
            blocked=counts.blocked, failed=counts.failed, unsure=counts.unsure,
            status=row.status))
        if row.status == "sending":
            stops.append(InlineKeyboardButton(deps.staff_texts.staff("broadcast_stop_button", id=row.id),
                                              callback_data=STOP_BROADCAST.pack(row.id)))
    await message_of(update).reply_text(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup([stops]) if stops else None)


async def stop_broadcast(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    broadcast_id = STOP_BROADCAST.unpack(query.data).broadcast
    stopped = await StaffStore(deps.store).request_stop(broadcast_id, person_of(update).id)
    await query.answer(deps.staff_texts.staff("broadcast_stopping", id=broadcast_id) if stopped
                       else deps.texts.msg("stale_button"))
