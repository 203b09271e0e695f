"""/privacy, /export, /delete and retention, through the real bot, on SQLite and PostgreSQL.

Which tables hold rows about her is read from the schema here too (every column whose foreign
key points at user.telegram_id, and PTB's conversation keys), independently of bot.journey.privacy, so
a table added later is seeded, exported and checked without editing this file.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, insert, select
from sqlmodel import SQLModel

from bot.jobs.retention import retention_job
from bot.journey import privacy
from bot.journey.privacy import DELETE, EXPORT_FILENAME, KEEP, privacy_handlers, purge_before
from bot.platform.context import Context
from bot.storage.models import Assessment, ConversationState, Escalation, SessionLog
from tests.conftest import STAFF_CHAT_ID, STAFF_ID
from tests.harness import Harness
from tests.test_screening import Mum

USER_KEY = "user.telegram_id"


# --- helpers -------------------------------------------------------------------------------

def register(h: Harness) -> Harness:
    """Put the privacy handlers at the front of group 0, unless bot/platform/app.py already has them."""
    if not any(getattr(handler, "callback", None) is privacy.delete_press
               for group in h.app.handlers.values() for handler in group):
        h.app.handlers[0][0:0] = privacy_handlers()
    return h


@pytest.fixture
def h(harness: Harness) -> Harness:
    return register(harness)


def referring_columns() -> dict[str, list[str]]:
    """Every table of the schema with the columns that refer to a mother, by foreign key."""
    found: dict[str, list[str]] = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [c.name for c in table.columns
                   if any(fk.target_fullname == USER_KEY for fk in c.foreign_keys)]
        if table.name == "user":
            columns.append("telegram_id")
        if columns:
            found[table.name] = columns
    return found


async def about(h: Harness, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that refers to her, table by table, and her PTB conversation keys."""
    found: dict[str, list[dict[str, Any]]] = {}
    async with h.store.session() as s:
        for name, columns in referring_columns().items():
            table = SQLModel.metadata.tables[name]
            for column in columns:
                result = await s.exec(select(table).where(table.c[column] == user_id))
                found.setdefault(name, []).extend(
                    dict(row._mapping) for row in result.all())
            found[name].sort(key=repr)
        rows = (await s.exec(select(ConversationState))).scalars().all()
    found["ptb_conversation"] = sorted(
        [{"name": r.name, "key": r.key, "state": r.state} for r in rows
         if user_id in json.loads(r.key)], key=repr)
    return found


def in_memory_keys(h: Harness, user_id: int) -> list[tuple]:
    keys = []
    for group in h.app.handlers.values():
        for handler in group:
            conversations = getattr(handler, "_conversations", {})
            keys += [(handler.name, k) for k in conversations if user_id in k]
    return keys


def _dummy(column: Column) -> Any:
    kind = getattr(column.type, "impl_instance", column.type).python_type  # TypeDecorator
    values = {int: 1, str: "x", bool: False, float: 0.0, dict: {}, list: [],
              date: date(2026, 1, 1), datetime: datetime(2026, 1, 1, tzinfo=UTC)}
    if kind not in values:
        raise AssertionError(f"{column.table.name}.{column.name}: seed this {kind.__name__} "
                             "column in test_privacy._dummy")
    return values[kind]


async def seed_row(h: Harness, table: Table, user_id: int) -> dict[str, Any]:
    """A minimal row about her in `table` (and in any parent table it needs)."""
    values: dict[str, Any] = {}
    for column in table.columns:
        fks = list(column.foreign_keys)
        if fks and fks[0].target_fullname == USER_KEY:
            values[column.name] = user_id
        elif fks:
            parent = await seed_row(h, fks[0].column.table, user_id)
            values[column.name] = parent[fks[0].column.name]
        elif column.primary_key and column.type.python_type is int:
            continue  # autoincrement
        elif not column.nullable and column.default is None and column.server_default is None:
            values[column.name] = _dummy(column)
    async with h.store.session() as s:
        result = await s.exec(insert(table).values(**values).returning(*table.columns))
        return dict(result.one()._mapping)


async def seed_every_table(h: Harness, user_id: int) -> None:
    """Any table that refers to a mother but which her journey left empty gets a row: a
    table added later is covered without editing this test."""
    for name, rows in (await about(h, user_id)).items():
        if not rows and name != "ptb_conversation":
            await seed_row(h, SQLModel.metadata.tables[name], user_id)


async def a_full_journey(h: Harness, user_id: int, name: str, *, pelvic: bool = True) -> Mum:
    """Screening (with an escalation), a nudge, and two conversations left open."""
    signs = (h.content.signs_at("apex")[0].id,) if pelvic else ()
    mum = Mum(h, user_id, weeks=14, pelvic=signs, name=name)
    h.double.register_chat(mum.user)
    await mum.answer_everything()
    user = await h.store.get_user(user_id)
    await h.tick_at(user.next_nudge_at)  # her daily prompt: a session log and a delivery
    h.clock.now = h.clock.now + timedelta(minutes=1)
    await mum.say("/settings")  # the settings conversation, open
    await mum.say("/reassess")  # and the screening again, half way
    await mum.say(f"{mum.weeks} weeks")
    return mum


def documents(h: Harness, user_id: int) -> list[Any]:
    return [f for f in h.double.files(user_id) if f.kind == "document"]


def callback_answers(h: Harness) -> list[str]:
    return [c.get("text") or "" for c in h.double.calls_to("answerCallbackQuery")]


# --- /privacy ------------------------------------------------------------------------------

async def test_privacy_says_what_why_how_long_who_and_how_to_leave(h: Harness) -> None:
    mum = Mum(h, 1001)
    seen = await mum.say("/privacy")
    [text] = seen.texts
    assert h.settings.privacy_policy_url in text
    assert f"{h.settings.retention_months} months" in text
    assert "/export" in text and "/delete" in text
    assert "APEX" in text
    assert "emergency" in text.lower() and h.settings.emergency_number in text
    assert await about(h, 1001) == {name: [] for name in [*referring_columns(), "ptb_conversation"]}


# --- /export -------------------------------------------------------------------------------

async def test_export_is_a_json_file_of_her_data_and_nobody_elses(h: Harness) -> None:
    anna = await a_full_journey(h, 1001, "Anna")
    await a_full_journey(h, 1002, "Beth")
    await anna.say("/export")
    [sent] = documents(h, anna.id)
    assert sent.file_name == EXPORT_FILENAME
    data = json.loads(sent.data)
    assert data["telegram_id"] == anna.id
    assert data["profile"]["first_name"] == "Anna"
    datetime.fromisoformat(data["profile"]["consented_at"])  # ISO dates
    tables = data["tables"]
    finished = [a for a in tables["assessment"] if a["completed_at"]]
    assert finished and finished[0]["answers"]["delivery"] == "vaginal"
    assert "birth_date" in finished[0]["answers"]
    date.fromisoformat(finished[0]["answers"]["birth_date"])
    [escalation] = tables["escalation"]
    assert escalation["signs"] == [h.content.signs_at("apex")[0].id]
    assert "handled_by" not in escalation  # a staff member's id is not hers to receive
    assert tables["session_log"] and tables["delivery"]
    date.fromisoformat(tables["delivery"][0]["local_date"])
    assert {c["name"] for c in data["conversation_state"]} == {"screening", "settings"}
    for name in referring_columns():  # every table that can refer to her is in the file
        assert name == "user" or name in tables, name
    for name, rows in tables.items():
        for row in rows:
            assert row.get("user_id", anna.id) == anna.id, name
    text = sent.data.decode("utf-8")
    assert "Beth" not in text and "1002" not in text
    assert documents(h, 1002) == []


async def test_export_and_delete_with_nothing_stored_say_so(h: Harness) -> None:
    stranger = Mum(h, 1003)
    nothing = h.content.privacy_messages["nothing_stored"]
    assert (await stranger.say("/export")).texts == [nothing]
    assert (await stranger.say("/delete")).texts == [nothing]
    assert documents(h, 1003) == []


# --- /delete -------------------------------------------------------------------------------

async def test_delete_leaves_no_row_about_her_in_any_table(h: Harness) -> None:
    anna = await a_full_journey(h, 1001, "Anna")
    beth = await a_full_journey(h, 1002, "Beth")
    await seed_every_table(h, anna.id)
    await seed_every_table(h, beth.id)
    for mum in (anna, beth):  # a conversation this process has no handler for (another version's)
        await h.store.save_conversation("retired_flow", json.dumps([mum.id, mum.id]), 1)
    before = await about(h, anna.id)
    empty = [name for name, rows in before.items() if not rows]
    assert empty == [], f"nothing about her in {empty}: the test would prove nothing there"
    assert in_memory_keys(h, anna.id)
    beths = await about(h, beth.id)

    seen = await anna.say("/delete")
    assert seen.texts == [h.content.privacy_messages["delete_confirm"].strip()] or \
        "Delete" in seen.text
    assert {data for _, data in seen.buttons} == {DELETE, KEEP}
    seen = await anna.press(h.content.privacy_messages["delete_button"], exact=True)
    assert "deleted" in seen.text.lower() and "/start" in seen.text

    after = await about(h, anna.id)
    assert after == {name: [] for name in before}, {k: v for k, v in after.items() if v}
    assert in_memory_keys(h, anna.id) == []
    assert await about(h, beth.id) == beths

    # Half way through /reassess before, but that conversation is gone: no question is answered.
    await anna.say("12 weeks")
    assert await about(h, anna.id) == after

    # A restart resurrects nothing; /start starts from consent again. Beth carries on.
    await h.stop()
    await h.start()
    register(h)
    assert in_memory_keys(h, anna.id) == []
    assert in_memory_keys(h, beth.id)
    seen = await anna.say("/start")
    assert h.content.messages["consent_button"] in [label for label, _ in seen.buttons]
    assert await h.store.get_user(anna.id) is None
    await anna.press(h.content.messages["consent_button"], exact=True)
    assert (await h.store.get_user(anna.id)).phase is None
    assert await about(h, beth.id) == beths


async def test_delete_then_keep_changes_nothing(h: Harness) -> None:
    anna = await a_full_journey(h, 1001, "Anna")
    before = await about(h, anna.id)
    await anna.say("/delete")
    seen = await anna.press(h.content.privacy_messages["keep_button"], exact=True)
    assert seen.texts == [h.content.privacy_messages["kept"]]
    assert await about(h, anna.id) == before
    assert in_memory_keys(h, anna.id)
    # The buttons are gone; a late press on that message is stale and deletes nothing.
    confirm = h.double.last_message(anna.id)
    assert confirm.buttons == []
    await h.press_data(anna.user, DELETE, confirm)
    assert callback_answers(h)[-1] == h.content.messages["stale_button"]
    assert await about(h, anna.id) == before


async def test_a_forged_delete_press_deletes_nothing(h: Harness) -> None:
    anna = await a_full_journey(h, 1001, "Anna")
    mallory = await a_full_journey(h, 1002, "Mallory")
    await anna.say("/delete")
    confirm = h.double.last_message(anna.id)
    annas, mallorys = await about(h, anna.id), await about(h, mallory.id)

    # Another user presses Anna's button: neither Anna's data nor hers goes.
    await h.press_data(mallory.user, DELETE, confirm)
    assert callback_answers(h)[-1] == h.content.messages["stale_button"]
    # Anna's own forged press on a message that never had the button does nothing either.
    result = next(m for m in h.double.messages(anna.id) if m.buttons and DELETE not in dict(
        (d, t) for t, d in m.buttons))
    await h.press_data(anna.user, DELETE, result)
    assert callback_answers(h)[-1] == h.content.messages["stale_button"]
    await h.press_data(anna.user, "pv1:everyone", confirm)
    assert await about(h, anna.id) == annas
    assert await about(h, mallory.id) == mallorys
    assert h.double.last_message(anna.id).buttons  # the real confirmation still stands


async def test_escalations_are_anonymised_for_the_clinics_statistics(h: Harness) -> None:
    anna = await a_full_journey(h, 1001, "Anna")
    [before] = (await about(h, anna.id))["escalation"]
    await anna.say("/delete")
    await anna.press(h.content.privacy_messages["delete_button"], exact=True)
    assert (await about(h, anna.id))["escalation"] == []
    async with h.store.session() as s:
        table = SQLModel.metadata.tables["escalation"]
        rows = [dict(r._mapping) for r in (await s.exec(select(table))).all()]
    kept = [r for r in rows if r["id"] == before["id"]]
    assert kept, "her escalation is gone from the clinic's statistics"
    [row] = kept
    for name in ("level", "source", "status", "created_at"):
        assert row[name] == before[name], name
    assert row["user_id"] is None and row["signs"] == []


# --- the staff messages about her, after /delete -------------------------------------------

async def edits_done(h: Harness) -> None:
    """Wait for the background edits of the staff messages that /delete started."""
    await asyncio.gather(*(t for t in asyncio.all_tasks()
                           if t.get_name() == privacy.REDACTION_TASK))


def staff_side(h: Harness) -> list[Any]:
    """Every message the bot sent the staff chat and each staff member, as it reads now."""
    return [*h.double.messages(STAFF_CHAT_ID), *h.double.messages(STAFF_ID)]


async def escalations(h: Harness) -> list[Escalation]:
    async with h.store.session() as s:
        return list((await s.exec(select(Escalation).order_by(Escalation.id))).scalars().all())


async def delete_everything(mum: Mum) -> None:
    await mum.say("/delete")
    seen = await mum.press(mum.c.privacy_messages["delete_button"], exact=True)
    assert "/start" in seen.text  # she has her answer, whatever the staff chat does


async def test_delete_edits_her_name_and_signs_out_of_every_staff_message(h: Harness) -> None:
    apex = h.content.signs_at("apex")[0]
    anna = Mum(h, 1001, weeks=14, pelvic=(apex.id,), name="Anna")
    await anna.answer_everything()  # the alert
    await anna.press(h.content.messages["callback_button"], exact=True)  # "asks for a call"
    h.double.fail("sendMessage", chat_id=STAFF_CHAT_ID, error_code=403)  # the group refuses once:
    await h.tick_at(h.clock.now + timedelta(hours=25))  # the reminder goes to each staff member
    await anna.say("and now I have chest pain")  # more serious: a new alert
    beth = Mum(h, 1002, weeks=14, pelvic=(apex.id,), name="Beth")
    await beth.answer_everything()
    [alert, callback, raised] = [m for m in h.double.messages(STAFF_CHAT_ID) if "Anna" in m.text]
    [reminder] = h.double.messages(STAFF_ID)
    about_anna = [alert, callback, raised, reminder]
    assert all("Anna" in m.text for m in about_anna)
    assert all(apex.label in m.text for m in (alert, raised, reminder))

    await delete_everything(anna)
    await edits_done(h)
    deleted = h.content.staff_messages["deleted_mother"]
    assert deleted == "(deleted)"
    for message in about_anna:
        assert "Anna" not in message.text and "anna" not in message.text, message.text
        assert apex.label not in message.text and "chest" not in message.text.lower()
        assert deleted in message.text
    for message in (alert, raised, reminder):
        assert message.text.count(deleted) == 2, message.text  # her name and her signs
        assert message.buttons, "the alert's buttons stay"
    assert deleted in callback.text
    # Beth's alert is untouched.
    [beths] = [m for m in staff_side(h) if "Beth" in m.text]
    assert apex.label in beths.text
    # The clinic can still close Anna's escalation from the alert that carries its state.
    [row, _] = await escalations(h)
    assert row.user_id is None and row.staff_messages == []
    sam = h.double.user(STAFF_ID, "Sam")
    await h.press_data(sam, f"es1:{row.id}:closed", raised)
    assert "Closed by Sam" in raised.text and deleted in raised.text and "Anna" not in raised.text


async def test_a_telegram_failure_while_editing_does_not_stop_the_deletion(h: Harness) -> None:
    apex = h.content.signs_at("apex")[0]
    anna = Mum(h, 1001, weeks=14, pelvic=(apex.id,), name="Anna")
    await anna.answer_everything()
    [alert] = staff_side(h)
    # Telegram is failing (a 5xx, and again on each of the 3 retries) when she deletes her data.
    h.double.fail("editMessageText", chat_id=STAFF_CHAT_ID, error_code=500, times=4)
    await delete_everything(anna)
    await edits_done(h)
    assert (await about(h, anna.id)) == {name: [] for name in await about(h, anna.id)}
    assert "Anna" in alert.text  # not yet
    [row] = await escalations(h)
    assert row.user_id is None and len(row.staff_messages) == 1  # still to do
    # The daily retention job edits it.
    await retention_job(Context(h.app))
    assert "Anna" not in alert.text and apex.label not in alert.text and "(deleted)" in alert.text
    [row] = await escalations(h)
    assert row.staff_messages == []


async def test_a_staff_message_that_is_gone_is_given_up(h: Harness) -> None:
    anna = Mum(h, 1001, weeks=14, pelvic=(h.content.signs_at("apex")[0].id,), name="Anna")
    await anna.answer_everything()
    h.double.fail("editMessageText", chat_id=STAFF_CHAT_ID,
                  description="Bad Request: message to edit not found")  # a staff member deleted it
    await delete_everything(anna)
    await edits_done(h)
    [row] = await escalations(h)
    assert row.staff_messages == []
    edits = len(h.double.calls_to("editMessageText"))
    await retention_job(Context(h.app))
    assert len(h.double.calls_to("editMessageText")) == edits  # nothing tried again


# --- the schema ----------------------------------------------------------------------------

def test_every_column_that_holds_a_mothers_id_has_a_foreign_key() -> None:
    """/delete and /export find her rows by foreign key: a user id without one would be missed."""
    missed = [f"{table.name}.{column.name}" for table in SQLModel.metadata.sorted_tables
              for column in table.columns
              if (column.name in ("user_id", "telegram_id") or column.name.endswith("_user_id"))
              and table.name != "user"
              and not any(fk.target_fullname == USER_KEY for fk in column.foreign_keys)]
    assert missed == []


def test_rows_found_through_a_table_added_later_and_its_children() -> None:
    metadata = MetaData()
    Table("user", metadata, Column("telegram_id", Integer, primary_key=True))
    Table("note", metadata, Column("id", Integer, primary_key=True),
          Column("mum", Integer, ForeignKey("user.telegram_id")))
    Table("note_reply", metadata, Column("id", Integer, primary_key=True),
          Column("note_id", Integer, ForeignKey("note.id")), Column("text", String))
    Table("unrelated", metadata, Column("id", Integer, primary_key=True))
    found = privacy._her_rows(7, metadata)
    assert [t.name for t in found] == ["user", "note", "note_reply"]
    assert [(t.name, c.name) for t, c in privacy.user_references(metadata)] == [("note", "mum")]


# --- retention -----------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "months", "expected"), [
    (datetime(2026, 11, 26, 10, 0, tzinfo=UTC), 24, datetime(2024, 11, 26, 10, 0, tzinfo=UTC)),
    (datetime(2027, 3, 31, 23, 59, tzinfo=UTC), 1, datetime(2027, 2, 28, 23, 59, tzinfo=UTC)),
    (datetime(2028, 3, 31, 0, 0, tzinfo=UTC), 1, datetime(2028, 2, 29, 0, 0, tzinfo=UTC)),
    (datetime(2028, 2, 29, 12, 0, tzinfo=UTC), 12, datetime(2027, 2, 28, 12, 0, tzinfo=UTC)),
    (datetime(2026, 1, 15, 8, 0, tzinfo=UTC), 1, datetime(2025, 12, 15, 8, 0, tzinfo=UTC)),
    (datetime(2026, 1, 15, 8, 0, tzinfo=UTC), 13, datetime(2024, 12, 15, 8, 0, tzinfo=UTC)),
    (datetime(2026, 12, 31, 8, 0, tzinfo=UTC), 120, datetime(2016, 12, 31, 8, 0, tzinfo=UTC)),
])
def test_purge_before_counts_calendar_months(now: datetime, months: int,
                                             expected: datetime) -> None:
    assert purge_before(now, months) == expected


async def health(h: Harness, user_id: int) -> tuple[list, int]:
    async with h.store.session() as s:
        assessments = (await s.exec(select(Assessment).where(
            Assessment.user_id == user_id))).scalars().all()
        sessions = (await s.exec(select(SessionLog).where(
            SessionLog.user_id == user_id))).scalars().all()
    return [(a.answers, a.defaults, a.reasons, a.escalation) for a in assessments], len(sessions)


async def test_retention_purges_the_health_answers_of_the_long_inactive_only(
        h: Harness) -> None:
    # The store stamps activity with the wall clock, so the bot's clock starts there too.
    h.clock.now = datetime.now(UTC)
    idle = Mum(h, 1001, weeks=8, name="Ida")  # phase 3: exercise prompts, no run check-ins
    await idle.answer_everything()
    await h.tick_at((await h.store.get_user(idle.id)).next_nudge_at)
    await idle.say("/pause")
    last_seen = h.clock.now
    busy = Mum(h, 1002, weeks=14, name="Bea")
    await busy.answer_everything()
    idle_before, busy_before = await health(h, idle.id), await health(h, busy.id)
    assert idle_before[1] == 1 and any(answers for answers, *_ in idle_before[0])

    async def job_at(when: datetime) -> None:
        h.clock.now = when
        await retention_job(Context(h.app))

    # 23 months on, nothing is purged yet.
    await job_at(last_seen + timedelta(days=700))
    assert await health(h, idle.id) == idle_before
    # Bea still gets her daily prompts 24 months on; Ida paused hers and never came back.
    await h.tick_at(last_seen + timedelta(days=745))
    await h.tick_at((await h.store.get_user(busy.id)).next_nudge_at)
    busy_before = await health(h, busy.id)
    await job_at(h.clock.now)
    assessments, sessions = await health(h, idle.id)
    assert sessions == 0
    assert assessments and all(row == ({}, {}, [], None) for row in assessments)
    assert await health(h, busy.id) == busy_before
    ida = await h.store.get_user(idle.id)
    assert ida is not None and ida.phase == 3  # her profile stays: she can come back
    report = await privacy.purge_inactive(h.store, h.clock.now, h.settings.retention_months)
    assert (report.users, report.assessments, report.sessions) == (0, 0, 0)
    assert (await idle.say("/start")).texts  # and the bot still answers her


async def test_a_mother_who_comes_back_is_not_purged(h: Harness) -> None:
    h.clock.now = datetime.now(UTC)
    mum = Mum(h, 1001, weeks=8)
    await mum.answer_everything()
    await mum.say("/pause")
    h.clock.now += timedelta(days=746)
    await mum.say("/resume")  # 24 months on she restarts her prompts, and gets one
    await h.tick_at((await h.store.get_user(mum.id)).next_nudge_at)
    before = await health(h, mum.id)
    report = await privacy.purge_inactive(h.store, h.clock.now, h.settings.retention_months)
    assert report.users == 0
    assert await health(h, mum.id) == before
