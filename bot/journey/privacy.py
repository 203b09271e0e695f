"""Her data is hers: /privacy, /export, /delete, and the daily retention job.

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    MetaData,
    String,
    Table,
    cast,
    delete,
    exists,
    inspect,
    or_,
    select,
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
from bot.platform.context import Context, message_of, person_of, query_of
from bot.storage.models import (
    Assessment,
    ConversationState,
    Delivery,
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
# every column referring to her in that table is nullable; until the schema allows it (see
# escalation.user_id, NOT NULL today) the rows are deleted like any other.
ANONYMISED: dict[str, dict[str, Any]] = {"escalation": {"signs": [], "name": None,
                                                       "chat_id": None}}
# Columns that hold her Telegram id without a foreign key: a warning sign she named before she
# consented (there was no user row to point at). They are hers to export and erase too.
ALSO_HERS: dict[str, tuple[str, ...]] = {"escalation": ("chat_id",)}

# Columns left out of her export: they hold other people's Telegram ids (the staff member who
# claimed or handled an alert) or where the alert sits in the staff chat, not data about her.
NOT_EXPORTED: dict[str, set[str]] = {
    "escalation": {"handled_by", "claimed_by", "alert_chat_id", "alert_message_id"},
}


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


async def export_document(store: Store, user_id: int, now: datetime) -> bytes | None:
    """Her data as a JSON document, or None when nothing at all is stored about her."""
    found = await collect(store, user_id)
    if not any(found.values()):
        return None
    for name, rows in found.items():
        hidden = NOT_EXPORTED.get(name, set())
        found[name] = [{k: v for k, v in row.items() if k not in hidden} for row in rows]
    profile = found.pop(USER_TABLE, [])
    conversations = found.pop(ConversationState.__tablename__, [])
    document = {
        "exported_at": now.isoformat(),
        "telegram_id": user_id,
        "profile": profile[0] if profile else None,
        "tables": found,
        "conversation_state": conversations,
    }
    return json.dumps(document, default=_jsonable, ensure_ascii=False, indent=2).encode("utf-8")


# --- erasing -------------------------------------------------------------------------------

@dataclass
class Erasure:
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
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
                result = await s.exec(update(table).where(condition)
                                      .values(**refs, **ANONYMISED[table.name]))
                report.anonymised[table.name] = result.rowcount
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


def _table(model: type[SQLModel]) -> Table:
    """A table model's Table (what SQLModel sets as __table__ without declaring it)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table")
    return table


def _inactive_since(cutoff: datetime) -> Any:
    """The ids of the mothers with no activity at or after `cutoff`.

    Activity is any of: consenting (again), starting or finishing an assessment, a session being
    logged or answered, a nudge being claimed or sent to her. A mother who still gets her daily
    nudges is active, even if she never presses a button; one who paused them, blocked the bot
    or finished and walked away becomes inactive from her last such moment."""
    # Aliases, so that the subquery never correlates with the table an UPDATE or DELETE is on.
    a, sl = _table(Assessment).alias("recent_a"), _table(SessionLog).alias("recent_s")
    d, u = _table(Delivery).alias("recent_d"), _table(User).alias("inactive_u")
    recent = or_(
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
    escalation level; her session logs are deleted. Her profile and settings stay, so she can
    come back; a second run changes nothing."""
    cutoff = purge_before(now, months)
    report = Retention(cutoff)
    a, sl = _table(Assessment), _table(SessionLog)
    inactive = _inactive_since(cutoff)
    # JSON has no equality in PostgreSQL; its text form is what SQLAlchemy wrote ("{}", "[]").
    health = or_(cast(a.c.answers, String) != "{}", cast(a.c.defaults, String) != "{}",
                 cast(a.c.reasons, String) != "[]", a.c.escalation.is_not(None))
    async with store.session() as s:
        users = set((await s.exec(select_rows(a.c.user_id).where(
            a.c.user_id.in_(inactive), health).distinct())).all())
        users |= set((await s.exec(select_rows(sl.c.user_id).where(
            sl.c.user_id.in_(inactive)).distinct())).all())
        report.users = len(users)
        if not users:
            return report
        result = await s.exec(update(a).where(a.c.user_id.in_(inactive), health).values(
            answers={}, defaults={}, reasons=[], escalation=None))
        report.assessments = result.rowcount
        result = await s.exec(delete(sl).where(sl.c.user_id.in_(inactive)))
        report.sessions = result.rowcount
    return report


# --- handlers ------------------------------------------------------------------------------

async def privacy_command(update: Update, context: Context) -> None:
    deps = context.deps
    settings = deps.settings
    await message_of(update).reply_text(deps.texts.privacy(
        "privacy", policy_url=settings.privacy_policy_url,
        retention_months=settings.retention_months, emergency_number=settings.emergency_number))


async def export_command(update: Update, context: Context) -> None:
    deps = context.deps
    document = await export_document(deps.store, person_of(update).id, deps.clock())
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
    log.info("erasure: deleted %s, anonymised %s, %d conversations in memory",
             report.deleted, report.anonymised, report.in_memory)
    await query.edit_message_text(deps.texts.privacy("deleted"))


def privacy_handlers() -> list[BaseHandler]:
    """For group 0 of the Application, before the catch-alls."""
    return [
        CommandHandler("privacy", privacy_command),
        CommandHandler("export", export_command),
        CommandHandler("delete", delete_command),
        CallbackQueryHandler(delete_press, pattern=DELETE_BUTTON),
    ]
