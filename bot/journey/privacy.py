"""Her data is hers: /privacy, /export, /delete, and the daily retention job.

/delete erases every row about her (below), then edits her name and signs out of the staff
messages about her escalations (bot.safety.alerts.redact_alerts), in the background: she is
answered at once, and a Telegram failure never undoes or holds up the erasure.

Which rows are "about her" is read from the schema itself (SQLModel.metadata), never from a list
kept by hand, so a table added later is exported and erased without touching this file:

- the `user` row whose telegram_id is hers;
- every row of every table with a column whose foreign key points at user.telegram_id, where
  that column holds her id (assessment, session_log, delivery, escalation, broadcast_recipient...);
- transitively, every row whose foreign key points at one of those rows (a future table of,
  say, notes on an assessment);
- python-telegram-bot's conversation states: the ptb_conversation rows whose key (the JSON list
  of chat id and user id, see bot/platform/persistence.py) contains her id, and the same keys in the
  running Application's ConversationHandlers.

Button data (64 bytes at most), checked on arrival: the press must come from her, in her own
private chat, on a message that still carries that button.
  pv1:delete   yes, erase everything
  pv1:keep     no, keep it
"""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import get_day_names
from sqlalchemy import (
    Column,
    ColumnElement,
    MetaData,
    String,
    Table,
    cast,
    delete,
    exists,
    func,
    inspect,
    or_,
    select,
    tuple_,
    update,
)
from sqlmodel import SQLModel, col
from sqlmodel import select as select_rows
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot.access.registry import DELETE as DELETE_BUTTON
from bot.journey.thread_copies import forget_threads
from bot.platform.context import Context, deps_of, message_of, person_of, query_of
from bot.safety.alerts import redact_alerts
from bot.storage.models import (
    Assessment,
    ClinicThread,
    ConversationState,
    Delivery,
    Escalation,
    EscalationNote,
    SessionLog,
    User,
)
from bot.storage.store import Store

log = logging.getLogger(__name__)

EXPORT_FILENAME = "apex-run-ready-data.json"
DELETE, KEEP = DELETE_BUTTON.pack("delete"), DELETE_BUTTON.pack("keep")
USER_TABLE = "user"
USER_KEY = "user.telegram_id"

# Tables whose rows about her are anonymised instead of deleted, so that the clinic keeps its
# statistics: her reference is set to NULL and these columns are reset. This only happens when
# every column referring to her in that table is nullable (escalation.user_id is); otherwise the
# rows are deleted like any other.
ANONYMISED: dict[str, dict[str, Any]] = {"escalation": {"signs": [], "name": None,
                                                       "chat_id": None},
                                        # her thread's staff messages: to read "(deleted)"
                                        "staff_copy": {"redact": True}}
# Columns that hold her Telegram id without a foreign key: a warning sign she named before she
# consented (there was no user row to point at). They are hers to export and erase too.
ALSO_HERS: dict[str, tuple[str, ...]] = {"escalation": ("chat_id",)}

# Columns left out of her export: they hold other people's Telegram ids (the staff member who
# claimed or handled an alert) or where the alerts sit in the staff chat, not data about her.
NOT_EXPORTED: dict[str, set[str]] = {
    "escalation": {"handled_by", "claimed_by", "staff_name", "alert_chat_id",
                   "alert_message_id", "staff_messages"},
    "staff_copy": {"chat_id", "message_id", "thread_id", "redact"},
    "escalation_note": {"staff_id"},
}
# Delivery rows (one per nudge claimed) are deleted this many days after their date. Only
# today's row is ever looked up (the claim is by user, kind and local date); /export_csv counts
# the last 30 days; her activity for retention is read from her session logs, written with
# every daily nudge and kept as long as her answers.
DELIVERY_DAYS = 90
REDACTION_TASK = "redact-staff-messages"  # the asyncio task /delete starts


# --- which rows are hers -------------------------------------------------------------------

def user_references(metadata: MetaData | None = None) -> list[tuple[Table, Column]]:
    """Every (table, column) whose foreign key points at user.telegram_id, in schema order."""
    metadata = metadata or SQLModel.metadata
    return [(table, column) for table in metadata.sorted_tables for column in table.columns
            if any(fk.target_fullname == USER_KEY for fk in column.foreign_keys)]


def _her_rows(user_id: int, metadata: MetaData | None = None) -> dict[Table, ColumnElement]:
    """For every table holding rows about her, the condition that selects them; parents first."""
    metadata = metadata or SQLModel.metadata
    conditions: dict[Table, ColumnElement] = {}
    for table in metadata.sorted_tables:
        if table.name == ConversationState.__tablename__:
            continue  # PTB's keys are JSON text, matched separately
        parts: list[ColumnElement] = []
        if table.name == USER_TABLE:
            parts.append(table.c.telegram_id == user_id)
        parts += [table.c[name] == user_id for name in ALSO_HERS.get(table.name, ())]
        for column in table.columns:
            for fk in column.foreign_keys:
                if fk.target_fullname == USER_KEY:
                    parts.append(column == user_id)
                elif fk.column.table in conditions and fk.column.table.name != USER_TABLE:
                    parent = fk.column.table
                    parts.append(column.in_(select(fk.column).where(conditions[parent])))
        if parts:
            conditions[table] = or_(*parts) if len(parts) > 1 else parts[0]
    return conditions


def _holds(key: str, user_id: int) -> bool:
    """Does a persisted conversation key (a JSON list of ids) contain her id?"""
    try:
        parts = json.loads(key)
    except ValueError:
        return False
    return isinstance(parts, list) and user_id in parts


async def _conversation_rows(store: Store, user_id: int) -> list[ConversationState]:
    async with store.session() as s:
        rows = (await s.exec(select_rows(ConversationState).where(
            col(ConversationState.key).like(f"%{user_id}%")))).all()
    return [row for row in rows if _holds(row.key, user_id)]


def _order(table: Table) -> list[Column]:
    return list(table.primary_key.columns) or list(table.columns)[:1]


async def collect(store: Store, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about her, by table name (tables with none included, as empty lists), and her
    conversation states under "ptb_conversation"."""
    found: dict[str, list[dict[str, Any]]] = {}
    async with store.session() as s:
        connection = await s.connection()  # whole rows of Core tables, in the session's transaction
        for table, condition in _her_rows(user_id).items():
            result = await connection.execute(select(table).where(condition).order_by(*_order(table)))
            found[table.name] = [dict(row._mapping) for row in result.all()]
    found[ConversationState.__tablename__] = [
        {"name": row.name, "key": json.loads(row.key), "state": row.state}
        for row in await _conversation_rows(store, user_id)]
    return found


async def holds_anything(store: Store, user_id: int) -> bool:
    return any((await collect(store, user_id)).values())


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


async def export_document(store: Store, user_id: int, now: datetime,
                          day_names: Sequence[str] | None = None,
                          sign_words: Callable[[str], str] | None = None) -> bytes | None:
    """Her data as a JSON document, or None when nothing at all is stored about her.
    `day_names` (Monday first, in her language) name her run days, stored as day numbers;
    `sign_words` says each escalation's signs as the buttons she pressed said them."""
    found = await collect(store, user_id)
    if not any(found.values()):
        return None
    for name, rows in found.items():
        hidden = NOT_EXPORTED.get(name, set())
        found[name] = [{k: v for k, v in row.items() if k not in hidden} for row in rows]
    profile = found.pop(USER_TABLE, [])
    for row in profile:
        row["run_days"] = _named_days(row.get("run_days"), day_names)
    if sign_words is not None:
        for row in found.get(_table(Escalation).name, []):
            row["signs_in_words"] = [sign_words(sign) for sign in row.get("signs") or []]
    conversations = found.pop(ConversationState.__tablename__, [])
    document = {
        "exported_at": now.isoformat(),
        "telegram_id": user_id,
        "profile": profile[0] if profile else None,
        "tables": found,
        "conversation_state": conversations,
    }
    return json.dumps(document, default=_jsonable, ensure_ascii=False, indent=2).encode("utf-8")


def _named_days(stored: str | None, day_names: Sequence[str] | None) -> list[str] | str | None:
    """"0,2,4" as ["Monday", "Wednesday", "Friday"] (her language's names)."""
    if not stored or day_names is None:
        return stored
    return [day_names[int(d)] for d in stored.split(",") if d.strip().isdigit() and int(d) < 7]


# --- erasing -------------------------------------------------------------------------------

@dataclass
class Erasure:
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    # The primary keys of the anonymised rows, by table: which escalations were hers.
    anonymised_ids: dict[str, list[Any]] = field(default_factory=dict)
    in_memory: int = 0


def _anonymisable(table: Table) -> bool:
    refs = [c for c in table.columns if any(fk.target_fullname == USER_KEY for fk in c.foreign_keys)]
    return table.name in ANONYMISED and bool(refs) and all(c.nullable for c in refs)


async def erase(store: Store, user_id: int) -> Erasure:
    """Delete every row about her in every table (children before parents), in one transaction,
    then her conversation states. Rows of ANONYMISED tables lose their link to her instead,
    when the schema allows it."""
    report = Erasure()
    conditions = _her_rows(user_id)
    keys = [row.key for row in await _conversation_rows(store, user_id)]
    async with store.session() as s:
        for table in reversed(list(conditions)):
            condition = conditions[table]
            if _anonymisable(table):
                refs = {c.name: None for c in table.columns
                        if any(fk.target_fullname == USER_KEY for fk in c.foreign_keys)}
                key = _order(table)[0]
                ids = (await s.exec(select_rows(key).where(condition).with_for_update())).all()
                result = await s.exec(update(table).where(condition)
                                      .values(**refs, **ANONYMISED[table.name]))
                report.anonymised[table.name] = result.rowcount
                report.anonymised_ids[table.name] = list(ids)
            else:
                result = await s.exec(delete(table).where(condition))
                report.deleted[table.name] = result.rowcount
        if keys:
            result = await s.exec(delete(ConversationState).where(
                col(ConversationState.key).in_(keys)))
            report.deleted[ConversationState.__tablename__] = result.rowcount
    return report


def _conversation_handlers(handlers: list[BaseHandler]) -> Iterator[ConversationHandler]:
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            yield handler
            inner = [*handler.entry_points, *handler.fallbacks]
            for state_handlers in handler.states.values():
                inner += state_handlers
            yield from _conversation_handlers(inner)


def forget_conversations(application: Application,
                         conversations: Iterable[tuple[str, tuple[Any, ...]]]) -> int:
    """Drop these (handler name, key) conversations from the running ConversationHandlers, with
    their timeouts. Returns how many were there."""
    wanted: dict[str, set[tuple[Any, ...]]] = {}
    for name, key in conversations:
        wanted.setdefault(name, set()).add(key)
    dropped = 0
    seen: set[int] = set()
    for group in application.handlers.values():
        for handler in _conversation_handlers(group):
            if id(handler) in seen or handler.name not in wanted:
                continue
            seen.add(id(handler))
            for key in wanted[handler.name]:
                job = handler.timeout_jobs.pop(key, None)
                if job is not None:
                    job.schedule_removal()
                if handler._conversations.pop(key, None) is not None:
                    dropped += 1
    return dropped


def forget_in_memory(application: Application, user_id: int) -> int:
    """Drop her conversations from the running ConversationHandlers (deleting from their
    tracking dicts also deletes the persisted row at the next update_persistence, so nothing
    resurrects them), and her user_data and chat_data. Returns how many conversations."""
    dropped = 0
    seen: set[int] = set()
    for group in application.handlers.values():
        for handler in _conversation_handlers(group):
            if id(handler) in seen:
                continue
            seen.add(id(handler))
            conversations = handler._conversations
            for key in [k for k in conversations if user_id in k]:
                del conversations[key]
                dropped += 1
    application.drop_user_data(user_id)
    application.drop_chat_data(user_id)
    return dropped


# --- retention -----------------------------------------------------------------------------

def purge_before(now: datetime, months: int) -> datetime:
    """The moment `months` calendar months before `now`, at the same time of day; the day is
    clamped to the end of a shorter month (31 Mar 2027 - 1 month = 28 Feb 2027)."""
    index = now.year * 12 + (now.month - 1) - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


@dataclass
class Retention:
    cutoff: datetime
    users: int = 0
    assessments: int = 0
    sessions: int = 0
    escalations: int = 0
    notes: int = 0  # staff notes on her escalations
    phones: int = 0


def _table(model: type[SQLModel]) -> Table:
    """A table model's Table (what SQLModel sets as __table__ without declaring it)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table")
    return table


def _inactive_since(cutoff: datetime) -> Any:
    """The ids of the mothers with no activity at or after `cutoff`.

    Activity is any of: consenting (again), starting or finishing an assessment, a session being
    logged or answered, a nudge being claimed or sent to her, naming a warning sign or asking
    APEX to call her, a message in her thread with the clinic. A mother who still gets her
    daily nudges is active, even if she never presses a button (each daily nudge logs a
    session, so this holds after her delivery rows are pruned); one who paused them, blocked
    the bot or finished and walked away becomes inactive from her last such moment."""
    # Aliases, so that the subquery never correlates with the table an UPDATE or DELETE is on.
    a, sl = _table(Assessment).alias("recent_a"), _table(SessionLog).alias("recent_s")
    d, u = _table(Delivery).alias("recent_d"), _table(User).alias("inactive_u")
    e = _table(Escalation).alias("recent_e")
    t = _table(ClinicThread).alias("recent_t")
    recent = or_(
        exists().where(t.c.user_id == u.c.telegram_id, t.c.updated_at >= cutoff),
        exists().where(e.c.user_id == u.c.telegram_id,
                       or_(e.c.created_at >= cutoff, e.c.updated_at >= cutoff,
                           e.c.callback_requested_at >= cutoff)),
        exists().where(a.c.user_id == u.c.telegram_id,
                       or_(a.c.started_at >= cutoff, a.c.completed_at >= cutoff)),
        exists().where(sl.c.user_id == u.c.telegram_id,
                       or_(sl.c.created_at >= cutoff, sl.c.answered_at >= cutoff)),
        exists().where(d.c.user_id == u.c.telegram_id,
                       or_(d.c.claimed_at >= cutoff, d.c.sent_at >= cutoff)),
    )
    return select(u.c.telegram_id).where(u.c.consented_at < cutoff, ~recent)


async def purge_inactive(store: Store, now: datetime, months: int) -> Retention:
    """Erase the health answers of mothers inactive for `months` months (see _inactive_since):
    her assessments keep their dates and phase but lose their answers, defaults, reasons and
    escalation level; her session logs are deleted; her escalations keep their level, source,
    status and times (the clinic's statistics) but lose their signs and the staff's notes; the
    phone number she shared is deleted. (Her threads with the clinic, quiet as long, go whole:
    ThreadStore.purge_threads.) Her profile and settings stay, so she can come back; a second
    run changes nothing."""
    cutoff = purge_before(now, months)
    report = Retention(cutoff)
    a, sl, e = _table(Assessment), _table(SessionLog), _table(Escalation)
    n, u = _table(EscalationNote), _table(User)
    inactive = _inactive_since(cutoff)
    her_notes = n.c.escalation_id.in_(select(e.c.id).where(e.c.user_id.in_(inactive)))
    # JSON has no equality in PostgreSQL; its text form is what SQLAlchemy wrote ("{}", "[]").
    health = or_(cast(a.c.answers, String) != "{}", cast(a.c.defaults, String) != "{}",
                 cast(a.c.reasons, String) != "[]", a.c.escalation.is_not(None))
    signs = or_(cast(e.c.signs, String) != "[]", e.c.name.is_not(None))
    async with store.session() as s:
        users = set((await s.exec(select_rows(a.c.user_id).where(
            a.c.user_id.in_(inactive), health).distinct())).all())
        users |= set((await s.exec(select_rows(sl.c.user_id).where(
            sl.c.user_id.in_(inactive)).distinct())).all())
        users |= set((await s.exec(select_rows(e.c.user_id).where(
            e.c.user_id.in_(inactive), signs).distinct())).all())
        users |= set((await s.exec(select_rows(e.c.user_id).join(n, n.c.escalation_id == e.c.id)
                                   .where(e.c.user_id.in_(inactive)).distinct())).all())
        users |= set((await s.exec(select_rows(u.c.telegram_id).where(
            u.c.telegram_id.in_(inactive), u.c.phone.is_not(None)))).all())
        report.users = len(users)
        if not users:
            return report
        result = await s.exec(update(a).where(a.c.user_id.in_(inactive), health).values(
            answers={}, defaults={}, reasons=[], escalation=None))
        report.assessments = result.rowcount
        result = await s.exec(delete(sl).where(sl.c.user_id.in_(inactive)))
        report.sessions = result.rowcount
        result = await s.exec(update(e).where(e.c.user_id.in_(inactive), signs).values(
            signs=[], name=None))
        report.escalations = result.rowcount
        report.notes = (await s.exec(delete(n).where(her_notes))).rowcount
        report.phones = (await s.exec(update(u).where(
            u.c.telegram_id.in_(inactive), u.c.phone.is_not(None)).values(phone=None))).rowcount
    return report


@dataclass
class Unconsented:
    cutoff: datetime
    conversations: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    names: int = 0


def _ids(key: str) -> set[int]:
    """The Telegram ids in a persisted conversation key."""
    try:
        parts = json.loads(key)
    except ValueError:
        return set()
    return {p for p in parts if isinstance(p, int)} if isinstance(parts, list) else set()


async def purge_unconsented(store: Store, now: datetime, days: int,
                            keep: Collection[int] = (), batch: int = 1000) -> Unconsented:
    """What is kept about people who never consented, `days` after it last changed: their
    conversation states are deleted (a visitor who pressed /start and left), and a warning sign
    named before consenting keeps its level and times but no longer her name (her Telegram id
    stays with it, so that she can still /export or /delete it, and the clinic reach her).
    The conversations of `keep` (the staff: their /broadcast drafts) are left alone. Returns
    which conversations went, to be dropped from the running Application too."""
    cutoff = now - timedelta(days=days)
    report = Unconsented(cutoff)
    cs, u, e = _table(ConversationState), _table(User), _table(Escalation)
    async with store.session() as s:
        stale = (await s.exec(select_rows(cs.c.name, cs.c.key).where(
            cs.c.updated_at < cutoff).order_by(cs.c.name, cs.c.key))).all()
        for start in range(0, len(stale), batch):
            rows = {(name, key): _ids(key) for name, key in stale[start:start + batch]}
            everyone = set().union(*rows.values())
            consented = set((await s.exec(select_rows(u.c.telegram_id).where(
                u.c.telegram_id.in_(everyone)))).all()) if everyone else set()
            theirs = [row for row, ids in rows.items() if ids and not ids & (consented | set(keep))]
            if not theirs:
                continue
            # Still stale: a state that changed meanwhile is someone's next step, and stays.
            gone = (await s.exec(delete(cs).where(
                tuple_(cs.c.name, cs.c.key).in_(theirs), cs.c.updated_at < cutoff)
                .returning(cs.c.name, cs.c.key))).all()
            report.conversations += [(name, tuple(json.loads(key))) for name, key in gone]
        result = await s.exec(update(e).where(
            e.c.user_id.is_(None), e.c.chat_id.is_not(None), e.c.name.is_not(None),
            func.coalesce(e.c.updated_at, e.c.created_at) < cutoff).values(name=None))
        report.names = result.rowcount
    return report


async def prune_deliveries(store: Store, now: datetime, days: int = DELIVERY_DAYS,
                           batch: int = 10_000) -> int:
    """Delete the delivery rows dated more than `days` days ago (see DELIVERY_DAYS), a batch
    per transaction, so that a first run on a large table never holds the database for long."""
    d = _table(Delivery)
    before = (now - timedelta(days=days)).date()
    deleted = 0
    while True:
        async with store.session() as s:
            oldest = select(d.c.id).where(d.c.local_date < before).limit(batch).scalar_subquery()
            result = await s.exec(delete(d).where(d.c.id.in_(oldest)))
        deleted += result.rowcount
        if result.rowcount < batch:
            return deleted


# --- handlers ------------------------------------------------------------------------------

async def privacy_command(update: Update, context: Context) -> None:
    deps = context.deps
    settings = deps.settings
    await message_of(update).reply_text(deps.texts.privacy(
        "privacy", policy_url=settings.privacy_policy_url,
        retention_months=settings.retention_months, emergency_number=settings.emergency_number))


async def export_command(update: Update, context: Context) -> None:
    deps = context.deps
    names = get_day_names("wide", locale=deps.texts.locale)
    document = await export_document(deps.store, person_of(update).id, deps.clock(),
                                     [names[d] for d in range(7)],
                                     lambda sign: deps.texts.labels([sign]))
    if document is None:
        await message_of(update).reply_text(deps.texts.privacy("nothing_stored"))
        return
    await message_of(update).reply_document(
        document=document, filename=EXPORT_FILENAME, caption=deps.texts.privacy("export_caption"))
    log.info("export sent (%d bytes)", len(document))


async def delete_command(update: Update, context: Context) -> None:
    deps = context.deps
    if not await holds_anything(deps.store, person_of(update).id):
        await message_of(update).reply_text(deps.texts.privacy("nothing_stored"))
        return
    buttons = InlineKeyboardMarkup([
        [InlineKeyboardButton(deps.texts.privacy("delete_button"), callback_data=DELETE)],
        [InlineKeyboardButton(deps.texts.privacy("keep_button"), callback_data=KEEP)],
    ])
    await message_of(update).reply_text(deps.texts.privacy("delete_confirm"), reply_markup=buttons)


def _her_own_confirmation(update: Update) -> bool:
    """The press is hers, in her own private chat, on a message that carries this very button."""
    query, user = query_of(update), update.effective_user
    message, data = query.message, query.data
    if data not in (DELETE, KEEP) or user is None or not isinstance(message, Message):
        return False
    if message.chat.type != ChatType.PRIVATE or message.chat.id != user.id:
        return False
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(button.callback_data == data for row in rows for button in row)


async def delete_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    if not _her_own_confirmation(update):
        await query.answer(deps.texts.msg("stale_button"))
        return
    await query.answer()
    if query.data == KEEP:
        await query.edit_message_text(deps.texts.privacy("kept"))
        return
    user_id = person_of(update).id
    report = await erase(deps.store, user_id)
    report.in_memory = forget_in_memory(context.application, user_id)
    deps.languages.pop(user_id, None)
    deps.outbox.forget(user_id)  # a sign waiting for the database (the staff had its alert)
    await forget_threads(context.application, user_id)  # her thread's staff messages: "(deleted)"
    log.info("erasure: deleted %s, anonymised %s, %d conversations in memory",
             report.deleted, report.anonymised, report.in_memory)
    escalations = report.anonymised_ids.get(_table(Escalation).name, [])
    if escalations:  # her name and signs leave the staff chat too, without holding her up
        context.application.create_task(_redact(context.application, escalations),
                                         name=REDACTION_TASK)
    await query.edit_message_text(deps.texts.privacy("deleted"))


async def _redact(application: Application, escalation_ids: list[int]) -> None:
    """Edit the staff messages about her escalations, one by one (a staff group takes about
    one edit every 3 seconds). A stop leaves the rest, and any failure, to the daily retention
    job; nothing here reaches her or can undo the erasure."""
    try:
        edited = await redact_alerts(application.bot, deps_of(application), escalation_ids,
                                     keep_going=lambda: application.running)
    except Exception as exc:  # noqa: BLE001  (the erasure is done; the retention job retries)
        log.error("editing the staff messages after an erasure failed: %s", type(exc).__name__)
        return
    log.info("erasure: %d staff messages edited", edited)


def privacy_handlers() -> list[BaseHandler]:
    """For group 0 of the Application, before the catch-alls."""
    return [
        CommandHandler("privacy", privacy_command),
        CommandHandler("export", export_command),
        CommandHandler("delete", delete_command),
        CallbackQueryHandler(delete_press, pattern=DELETE_BUTTON),
    ]
