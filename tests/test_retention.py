"""The daily retention job, through the real bot, on SQLite and PostgreSQL: what a purged mother's
escalations keep, what is kept about people who never consented and for how long, and the
delivery rows' 90 days. (Her health answers: tests/test_privacy.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from sqlmodel import col, select, update

from bot.jobs.retention import retention_job
from bot.journey import privacy
from bot.platform.context import Context
from bot.storage.migrate import alembic_config
from bot.storage.models import (
    Assessment,
    ClinicThread,
    ConversationState,
    Delivery,
    Escalation,
    EscalationNote,
    SessionLog,
    ThreadMessage,
    User,
    saved_id,
)
from bot.storage.store import Store
from bot.storage.threads_store import ThreadStore
from tests.conftest import STAFF_ID
from tests.harness import Harness, seed_mum
from tests.test_privacy import health, in_memory_keys, register
from tests.test_screening import Mum


async def job_at(h: Harness, when: datetime) -> None:
    h.clock.now = when
    await retention_job(Context(h.app))


async def rows(h: Harness, model: type) -> list:
    async with h.store.session() as s:
        return list((await s.exec(select(model))).all())


async def escalation_of(h: Harness, **where: int) -> Escalation:
    [row] = [r for r in await rows(h, Escalation)
             if all(getattr(r, k) == v for k, v in where.items())]
    return row


# --- a purged mother's escalations ---------------------------------------------------------

async def test_a_purged_mothers_escalations_lose_their_signs(harness: Harness) -> None:
    h = harness
    h.clock.now = datetime.now(UTC)  # the store stamps activity with the wall clock
    apex = h.content.signs_at("apex")[0].id
    ida = Mum(h, 1001, weeks=14, pelvic=(apex,), name="Ida")
    await ida.answer_everything()
    await ida.say("/pause")
    bea = Mum(h, 1002, weeks=14, pelvic=(apex,), name="Bea")
    await bea.answer_everything()
    await bea.say("/pause")
    start = h.clock.now
    before = await escalation_of(h, user_id=ida.id)
    assert before.signs == [apex]
    threads = ThreadStore(h.store)
    for mum in (ida, bea):  # a staff note, a message to the clinic, the number she shared
        escalation = await escalation_of(h, user_id=mum.id)
        await threads.add_escalation_note(saved_id(escalation), STAFF_ID, "Sam", "Rang her", start)
        thread = await threads.start_thread(mum.id, start)
        await threads.add_message(saved_id(thread), sender="mother", kind="text",
                                  text="Is it normal to leak a little?", now=start)
        async with h.store.session() as s:
            await s.exec(update(User).where(col(User.telegram_id) == mum.id).values(phone="+15550100"))

    # 23 months on, nothing goes.
    await job_at(h, start + timedelta(days=700))
    assert (await escalation_of(h, user_id=ida.id)).signs == [apex]
    # Bea names a warning sign after two years of silence: she is active again.
    h.clock.now = start + timedelta(days=740)
    await bea.say("I have chest pain")
    beas = await escalation_of(h, user_id=bea.id)
    beas_health = await health(h, bea.id)
    await job_at(h, start + timedelta(days=745))

    idas = await escalation_of(h, user_id=ida.id)
    assert idas.signs == [] and idas.name is None
    for kept in ("level", "source", "status", "created_at", "callback_requested_at"):
        assert getattr(idas, kept) == getattr(before, kept), kept  # the clinic's statistics
    assert all(row == ({}, {}, [], None) for row in (await health(h, ida.id))[0])
    assert (await escalation_of(h, user_id=bea.id)).signs == beas.signs != []
    assert await health(h, bea.id) == beas_health
    # Ida's notes and number go with her signs, her quiet thread with its messages. Bea's stay.
    notes = {n.escalation_id for n in await rows(h, EscalationNote)}
    assert notes == {saved_id(await escalation_of(h, user_id=bea.id))}
    said = {(t.user_id, m.text) for t in await rows(h, ClinicThread) for m in await rows(h, ThreadMessage)
            if m.thread_id == t.id}
    assert (bea.id, "Is it normal to leak a little?") in said  # her thread was still open, so
    assert {who for who, _ in said} == {bea.id}                 # her chest pain is in it too
    assert [(await h.store.get_user(m.id)).phone for m in (ida, bea)] == [None, "+15550100"]
    report = await privacy.purge_inactive(h.store, h.clock.now, h.settings.retention_months)
    assert (report.users, report.escalations, report.notes, report.phones) == (
        0, 0, 0, 0)  # a second run changes nothing


# --- people who never consented ------------------------------------------------------------

async def test_the_conversation_of_someone_who_never_consented_goes_after_30_days(
        harness: Harness) -> None:
    h = register(harness)
    h.clock.now = start = datetime.now(UTC)  # conversation states are stamped by the wall clock
    assert h.settings.retention_days_unconsented == 30
    sue = Mum(h, 1003, name="Sue")
    seen = await sue.say("/start")  # and she leaves it there
    consent = h.content.messages["consent_button"]
    assert consent in [label for label, _ in seen.buttons]
    anna = Mum(h, 1001, weeks=14)
    await anna.consent()  # half way through her questions, for as long as she likes
    sam = h.double.user(STAFF_ID, "Sam")
    h.double.register_chat(sam)
    await h.say(sam, "/broadcast")  # staff never consent: their drafts are not this job's
    states = {(row.name, row.key) for row in await rows(h, ConversationState)}
    assert {key for _, key in states} == {f"[{sue.id}, {sue.id}]", f"[{anna.id}, {anna.id}]",
                                          f"[{STAFF_ID}, {STAFF_ID}]"}

    await job_at(h, start + timedelta(days=29))
    assert {(row.name, row.key) for row in await rows(h, ConversationState)} == states
    await job_at(h, start + timedelta(days=31))
    left = {(row.name, row.key) for row in await rows(h, ConversationState)}
    assert left == {s for s in states if str(sue.id) not in s[1]}
    assert in_memory_keys(h, sue.id) == []
    assert in_memory_keys(h, anna.id) and in_memory_keys(h, STAFF_ID)
    # Nothing resurrects it, and she can still start.
    await h.app.update_persistence()
    assert {(row.name, row.key) for row in await rows(h, ConversationState)} == left
    seen = await sue.say("/start")
    assert consent in [label for label, _ in seen.buttons]
    await sue.press(consent, exact=True)
    assert (await h.store.get_user(sue.id)) is not None
    # Anna carries on where she was.
    seen = await anna.say("14 weeks")
    assert h.content.question("birth_date").prompt[:20] not in seen.text
    assert (await anna.draft()).answers.get("birth_date")


async def test_a_sign_named_before_consenting_keeps_her_name_30_days(harness: Harness) -> None:
    h = harness
    start = h.clock.now
    sue = Mum(h, 1003, name="Sue")
    await sue.say("I have chest pain")  # before consenting: the clinic gets her first name
    before = await escalation_of(h, chat_id=sue.id)
    assert before.user_id is None and before.name == "Sue"

    await job_at(h, start + timedelta(days=29))
    assert (await escalation_of(h, chat_id=sue.id)).name == "Sue"
    await job_at(h, start + timedelta(days=31))
    after = await escalation_of(h, chat_id=sue.id)
    assert after.name is None
    assert (after.level, after.signs, after.status) == (before.level, before.signs, before.status)
    # Her Telegram id stays with it: the clinic can still reach her, and it is still hers to
    # export and delete.
    await sue.say("/export")
    [document] = [f for f in h.double.files(sue.id) if f.kind == "document"]
    assert b'"escalation"' in document.data and b"Sue" not in document.data


# --- delivery rows -------------------------------------------------------------------------

async def add_deliveries(h: Harness, user_id: int, *days_ago: int) -> None:
    today = h.clock.now.date()
    async with h.store.session() as s:
        s.add_all(Delivery(user_id=user_id, kind="daily", local_date=today - timedelta(days=n),
                           status="sent", claimed_at=h.clock.now - timedelta(days=n),
                           sent_at=h.clock.now - timedelta(days=n)) for n in days_ago)


async def test_delivery_rows_go_after_90_days_and_each_nudge_still_goes_once(
        harness: Harness) -> None:
    h = harness
    mum = await seed_mum(h, 1001)
    due = (await h.store.get_user(mum.id)).next_nudge_at
    await h.tick_at(due)  # today's nudge
    assert len(h.double.messages(mum.id)) == 1
    await add_deliveries(h, mum.id, 91, 120, 89)

    await job_at(h, h.clock.now)
    kept = sorted((h.clock.now.date() - d.local_date).days for d in await h.store.deliveries(mum.id))
    assert kept == [0, 89]
    # Today's claim still stands: the same nudge falling due again is not sent twice.
    await h.store.update_user(mum.id, next_nudge_at=due)
    await h.tick()
    assert len(h.double.messages(mum.id)) == 1


async def test_a_mother_nudged_until_100_days_ago_is_not_purged_when_those_rows_go(
        harness: Harness) -> None:
    """Her last nudge is 100 days old and its delivery row goes; her answers are older than the
    retention period. The session log that nudge wrote still says she was active."""
    h = harness
    h.clock.now = now = datetime.now(UTC)
    mum = Mum(h, 1001, weeks=8)
    await mum.answer_everything()
    await h.tick_at((await h.store.get_user(mum.id)).next_nudge_at)
    h.clock.now = now
    long_ago, nudged = now - timedelta(days=800), now - timedelta(days=100)
    async with h.store.session() as s:
        await s.exec(update(User).where(col(User.telegram_id) == mum.id).values(
            consented_at=long_ago))
        await s.exec(update(Assessment).where(col(Assessment.user_id) == mum.id).values(
            started_at=long_ago, completed_at=long_ago))
        await s.exec(update(SessionLog).where(col(SessionLog.user_id) == mum.id).values(
            created_at=nudged, local_date=nudged.date()))
        await s.exec(update(Delivery).where(col(Delivery.user_id) == mum.id).values(
            claimed_at=nudged, sent_at=nudged, local_date=nudged.date()))
    before = await health(h, mum.id)
    assert before[1] == 1 and any(answers for answers, *_ in before[0])

    await job_at(h, now)
    assert await h.store.deliveries(mum.id) == []
    await job_at(h, now)  # now with nothing but her session log to say she was active
    assert await health(h, mum.id) == before


# --- the migration -------------------------------------------------------------------------

async def test_the_migration_keeps_the_alert_it_knew_and_dates_states_from_now(
        database_url: str) -> None:
    store = Store.from_url(database_url)
    escalation = sa.table(
        "escalation", sa.column("id", sa.Integer()), sa.column("level", sa.String()),
        sa.column("source", sa.String()), sa.column("signs", sa.JSON()),
        sa.column("status", sa.String()), sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("alert_chat_id", sa.BigInteger()), sa.column("alert_message_id", sa.Integer()))
    conversation = sa.table("ptb_conversation", sa.column("name", sa.String()),
                            sa.column("key", sa.String()), sa.column("state", sa.JSON()))
    try:
        async with store.engine.begin() as connection:
            await connection.run_sync(
                lambda sync: command.upgrade(alembic_config(sync), "f1a2b3c4d5e6"))
            at = datetime(2026, 11, 30, tzinfo=UTC)
            await connection.execute(escalation.insert(), [
                {"id": 1, "level": "apex", "source": "screening", "signs": [], "status": "open",
                 "created_at": at, "alert_chat_id": -1001234, "alert_message_id": 7},
                {"id": 2, "level": "apex", "source": "screening", "signs": [], "status": "open",
                 "created_at": at, "alert_chat_id": None, "alert_message_id": None}])
            await connection.execute(conversation.insert(),
                                     [{"name": "screening", "key": "[5, 5]", "state": 0}])
        before = datetime.now(UTC)
        async with store.engine.begin() as connection:
            await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
        async with store.session() as s:
            found = {row.id: row.staff_messages for row in
                     (await s.exec(select(Escalation).order_by(Escalation.id))).all()}
            [state] = (await s.exec(select(ConversationState))).all()
    finally:
        await store.close()
    assert found == {1: [{"chat": -1001234, "message": 7, "kind": "alert"}], 2: []}
    assert state.updated_at is not None
    assert before - timedelta(seconds=5) <= state.updated_at <= datetime.now(UTC)
