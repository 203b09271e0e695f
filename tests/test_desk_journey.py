"""The journey around an escalation and the desk, as a mother and the clinic's staff live it:
closing a serious episode leads her back into the questions, /resume during a hold says why the
nudges wait, /progress tells unanswered days apart, /export names her run days, and the desk
shows what staff need (issue 12)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from bot.desk.escalations import PAGE
from bot.storage.models import Escalation
from bot.storage.staff_store import PROGRESS_COLUMNS
from tests.conftest import STAFF_CHAT_ID, STAFF_ID
from tests.harness import Harness, seed_mum
from tests.test_screening import Mum, label
from tests.test_staff import announce, open_escalation, rows, staff

# --- after the clinic closes a serious episode --------------------------------------------

async def test_closing_an_emergency_asks_her_to_answer_again_with_one_button(
        harness: Harness) -> None:
    h, words = harness, harness.content
    row = await open_escalation(h, "emergency")
    sam, alert = staff(h), h.double.messages(STAFF_CHAT_ID)[-1]
    await h.press_data(sam, f"es1:{row.id}:contacted", alert)
    await h.press_data(sam, f"es1:{row.id}:closed", alert)
    note = h.double.last_message(1001)
    assert words.messages["closed_reassess"][:40] in note.text
    assert "/today" not in note.text
    assert [label for label, _ in note.buttons] == [words.messages["reassess_button"]]

    # Every door she might try leads to the questions, never to a dead end.
    mum = Mum(h, weeks=14)
    seen = await mum.say("/today")
    assert words.nudge_messages["needs_reassess"] in seen.text and "/start" not in seen.text
    assert [label for label, _ in seen.buttons] == [words.messages["reassess_button"]]
    seen = await mum.say("/plan")
    assert words.nudge_messages["needs_reassess"] in seen.text
    seen = await mum.say("/start")
    assert words.question("birth_date").prompt[:30] in seen.text, "/start carries on too"
    await mum.say("/cancel")

    # The button on the clinic's note starts them; her answers then give her a plan again.
    seen = await h.press_data(mum.user, "ra1", note)
    assert note.buttons == [], "the button is used up"
    assert words.question("birth_date").prompt[:30] in seen.text
    await mum.say("14 weeks")
    await mum.tick(())
    seen = await mum.answer_the_rest()
    seen = await mum.say("/today")
    assert words.nudge_messages["needs_reassess"] not in seen.text
    assert words.nudge_messages["held"] not in seen.text


async def test_after_a_closed_episode_a_runner_gets_no_exercise_until_she_answers_again(
        harness: Harness) -> None:
    """She had a plan (phase 4, running) when she typed a warning sign: once the clinic closes
    it, nothing resumes her running until her answers are in."""
    h, words = harness, harness.content
    anna = await seed_mum(h, 1001, phase=4, rung=3, at="07:30")
    await h.store.update_user(1001, pelvic_times="08:00")
    await h.say(anna, "I have chest pain")
    [row] = await rows(h, Escalation)
    sam, alert = staff(h), h.double.messages(STAFF_CHAT_ID)[-1]
    await h.press_data(sam, f"es1:{row.id}:contacted", alert)
    await h.press_data(sam, f"es1:{row.id}:closed", alert)
    note = h.double.last_message(1001)
    assert "Your daily nudges start again once" in note.text

    # Two days of her reminder times pass: no nudge, no pelvic floor reminder, no run.
    before = len(h.double.messages(1001))
    start = h.clock.now
    for hours in range(0, 48):
        await h.tick_at(start + timedelta(hours=hours, minutes=31))
    assert len(h.double.messages(1001)) == before
    for command in ("/today", "/plan", "/run", "/log"):
        seen = await h.say(anna, command)
        assert seen.texts == [words.nudge_messages["needs_reassess"]], command
        assert [label for label, _ in seen.buttons] == [words.messages["reassess_button"]]
    await h.say(anna, "/pause")
    seen = await h.say(anna, "/resume")
    assert seen.texts == [words.nudge_messages["resumed_reassess"]]
    assert (await h.store.get_user(1001)).next_nudge_at is None
    seen = await h.say(anna, "/progress")  # her history is still hers to see
    assert words.nudge_messages["needs_reassess"] not in seen.text

    # She answers again: her result says when the nudges start again, and they do.
    mum = Mum(h, 1001, weeks=16)
    await h.press_data(anna, "ra1", note)
    await mum.say("16 weeks")
    await mum.tick(())
    for step, answer in (("delivery", "vaginal"), ("tear", "no"), ("check", "cleared")):
        await mum.press(label(h.content, step, answer), exact=True)
    await mum.tick(())
    await mum.press("✓ " + label(h.content, "feeding", "no"), exact=True)  # her last answer
    await mum.press(label(h.content, "sleep", "ok"), exact=True)
    result = await mum.answer_tests(await mum.press(label(h.content, "mood", "good"), exact=True))
    assert "Your daily nudges start again on" in result.text
    user = await h.store.get_user(1001)
    assert user.reassess_due_at is None and user.next_nudge_at is not None
    before = len(h.double.messages(1001))
    await h.tick_at(user.next_nudge_at + timedelta(minutes=1))
    assert len(h.double.messages(1001)) > before


async def test_plan_says_running_waits_while_a_pelvic_sign_she_typed_is_open(
        harness: Harness) -> None:
    h, words = harness, harness.content
    anna = await seed_mum(h, 1001, phase=4)
    seen = await h.say(anna, "/plan")
    assert words.nudge_messages["plan_run_held"] not in seen.text
    await h.say(anna, "I leak when I run")
    [row] = await rows(h, Escalation)
    assert row.level == "apex"
    seen = await h.say(anna, "/plan")
    assert words.nudge_messages["plan_run_held"] in seen.text
    assert words.phase(4).title in seen.text  # her phase is still hers


async def test_resume_during_a_hold_says_the_nudges_wait_until_she_has_been_seen(
        harness: Harness) -> None:
    h, words = harness, harness.content
    await open_escalation(h, "urgent")
    mum = Mum(h, weeks=14)
    await mum.say("/pause")
    seen = await mum.say("/resume")
    assert seen.texts == [words.nudge_messages["resumed_held"]]
    assert "start again at" not in seen.text


# --- /progress -------------------------------------------------------------------------------

async def test_progress_counts_unanswered_days_apart_and_ends_at_her_step(
        harness: Harness) -> None:
    from bot.journey.progress_chart import summarise
    from bot.storage.models import SessionLog

    h = harness
    mum = await seed_mum(h, 1001, phase=4, rung=0)
    today = h.clock().date()
    logs = [  # a run at step 2 with a symptom, which stepped her back to step 1
        # Her strength day, when she ran instead ("I did it another day"): not missed.
        SessionLog(user_id=1001, local_date=today - timedelta(days=7), kind="exercise"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=7), kind="run", rung=1,
                   outcome="fine"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=6), kind="run", rung=1,
                   outcome="symptom"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=5), kind="exercise",
                   outcome="done"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=4), kind="exercise",
                   outcome="skipped"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=3), kind="exercise"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=2), kind="exercise"),
        SessionLog(user_id=1001, local_date=today, kind="exercise"),  # today's may still come
        # A rest day left unanswered is no missed session.
        SessionLog(user_id=1001, local_date=today - timedelta(days=1), kind="rest"),
    ]
    async with h.store.session() as s:
        s.add_all(logs)
    seen = await h.say(mum, "/progress")
    [photo] = h.double.calls_to("sendPhoto")
    caption = photo["caption"]
    assert "3 sessions done, 1 skipped" in caption, caption
    assert "2 days with no answer" in caption
    assert f"step 1 of {len(h.content.ladder)}" in caption
    assert seen.texts == []
    summary = summarise(logs, today, rung_now=1)
    assert (summary.skipped, summary.unanswered) == (1, 2)
    assert summary.rungs[-1] == (today, 1), "the line ends where the caption says she is"


# --- the desk --------------------------------------------------------------------------------

async def test_staff_help_lists_the_staff_commands_and_a_mothers_does_not(
        harness: Harness) -> None:
    h = harness
    seen = await h.say(staff(h), "/help")
    for command in ("/escalations", "/broadcast", "/broadcasts", "/stats", "/export_csv"):
        assert command in seen.text
    assert h.content.messages["help_staff"] in seen.text
    mum = await seed_mum(h, 1001)
    seen = await h.say(mum, "/help")
    assert "/escalations" not in seen.text and "/today" in seen.text


async def test_escalations_shows_signs_and_buttons_and_how_many_more_wait(
        harness: Harness) -> None:
    h = harness
    sign = h.content.signs_at("apex")[0]
    ids = [2000 + n for n in range(PAGE + 3)]
    for n, user_id in enumerate(ids):
        await seed_mum(h, user_id, name=f"Mum{n}")
    async with h.store.session() as s:
        for n, user_id in enumerate(ids):
            s.add(Escalation(user_id=user_id, level="apex", source="screening", signs=[sign.id],
                             created_at=h.clock() - timedelta(hours=len(ids) - n)))
    sam = staff(h)
    seen = await h.say(sam, "/escalations")
    messages = [m for m in h.double.messages(STAFF_ID) if "Signs:" in (m.text or "")]
    assert len(messages) == PAGE, "a page, each one its own message"
    first = messages[0]
    assert "Mum0" in first.text and sign.label in first.text
    assert [label for label, _ in first.buttons][:3] == [
        h.content.staff_messages[k] for k in ("claim_button", "contacted_button", "closed_button")]
    assert "Her record" in first.buttons[3][0], "and her record, as on the alert"
    assert "and 3 more" in seen.texts[-1]
    # Acting from the list acts on the escalation itself.
    [row] = [r for r in await rows(h, Escalation) if r.user_id == ids[0]]
    await h.press_data(sam, f"es1:{row.id}:claim", first)
    assert "Sam will call her" in first.text
    primary = [m for m in h.double.messages(STAFF_CHAT_ID) if f"es1:{row.id}:claim" in str(m.buttons)]
    assert primary == [] or "Sam will call her" in primary[0].text
    [after] = [r for r in await rows(h, Escalation) if r.user_id == ids[0]]
    assert after.claimed_by == STAFF_ID


async def test_stats_read_as_sentences_and_count_what_happened(harness: Harness) -> None:
    h = harness
    await seed_mum(h, 3001, phase=2, name="Dora")
    await announce(h, "Closed on Monday.")
    dora = h.double.user(3001)
    await h.say(dora, "/delete")
    await h.press(dora, h.content.privacy_messages["delete_button"], exact=True)
    mum = Mum(h, 1001, weeks=14)
    await mum.answer_everything()  # screened today: active
    seen = await h.say(staff(h), "/stats")
    assert "1 active in the last 7 days" in seen.text
    assert "0 announcements, reaching 0 mothers" in seen.text, "her copy went with her data"
    phase = h.content.phase(mum_phase := (await h.store.get_user(1001)).phase)
    assert f"1 in phase {mum_phase} ({phase.title})" in seen.text
    assert "By phase" not in seen.text and "0.0 h" not in seen.text


async def test_the_csv_has_its_header_with_no_mothers_and_a_stable_id_per_mother(
        harness: Harness) -> None:
    h = harness
    sam = staff(h)
    await h.say(sam, "/export_csv")
    [empty] = h.double.files(STAFF_ID)
    header = empty.data.decode().splitlines()
    assert header == [",".join(["row", *PROGRESS_COLUMNS])]
    await seed_mum(h, 1001)
    await seed_mum(h, 1002, name="Beth")
    await h.say(sam, "/export_csv")
    h.clock.advance(days=3)
    await h.say(sam, "/export_csv")
    _, first, second = h.double.files(STAFF_ID)
    tables = [list(csv.DictReader(io.StringIO(f.data.decode()))) for f in (first, second)]
    ids = [[r["mother"] for r in table] for table in tables]
    assert ids[0] == ids[1] and len(set(ids[0])) == 2 and all(ids[0])
    assert not any(str(i) in first.data.decode() for i in (1001, 1002)), "never her Telegram id"
    assert list(tables[0][0].keys()) == ["row", *PROGRESS_COLUMNS]


async def test_the_announcement_preview_reads_as_a_sentence(harness: Harness) -> None:
    h = harness
    await seed_mum(h, 1001)
    seen = await announce(h)
    assert "1 mother: everyone with announcements on. Send it?" in seen.text.replace(
        "<b>", "").replace("</b>", "")


# --- /export ---------------------------------------------------------------------------------

async def test_export_names_her_run_days_in_her_language(harness: Harness) -> None:
    h = harness
    mum = await seed_mum(h, 1001, run_days="0,2,4")
    await h.say(mum, "/export")
    [document] = h.double.files(1001)
    assert json.loads(document.data)["profile"]["run_days"] == ["Monday", "Wednesday", "Friday"]


async def test_export_says_her_escalations_signs_in_words(harness: Harness) -> None:
    h = harness
    mum = Mum(h, weeks=16, tests={"hop": "symptom"}, felt={"hop": ("leaking", "pain")})
    await mum.answer_everything()
    await mum.say("/export")
    [document] = h.double.files(1001)
    [escalation] = json.loads(document.data)["tables"]["escalation"]
    assert escalation["signs"] == ["hop:leaking+pain"]  # as stored, and as she read it:
    assert escalation["signs_in_words"] == ["Hop on one leg (leaking, pain)"]


class TestAUSClinic:
    @pytest.fixture
    def settings_overrides(self) -> dict:
        return {"clinic_locale": "en-US"}

    async def test_export_names_her_run_days_in_spanish(self, harness: Harness) -> None:
        await _spanish_export(harness)


async def _spanish_export(h: Harness) -> None:
    await seed_mum(h, 1002, run_days="1,3", name="Lucia")
    await h.store.update_user(1002, language="es")
    lucia = h.double.user(1002, "Lucia", language_code="es")
    await h.say(lucia, "/export")
    [document] = h.double.files(1002)
    assert json.loads(document.data)["profile"]["run_days"] == ["martes", "jueves"]


# --- her number for the call-back -------------------------------------------------------------

async def test_her_shared_number_reaches_the_staff_her_export_and_goes_with_delete(
        harness: Harness) -> None:
    from tests.test_privacy import delete_everything, edits_done, staff_side

    h, words = harness, harness.content
    apex = h.content.signs_at("apex")[0]
    anna = Mum(h, 1001, weeks=14, pelvic=(apex.id,), name="Anna")
    await anna.answer_everything()
    seen = await anna.press(words.messages["callback_button"], exact=True)
    assert words.messages["callback_share"][:40] in seen.text
    [offer] = [c for c in h.double.calls_to("sendMessage")
               if "keyboard" in (c.get("reply_markup") or {})]
    [[button]] = offer["reply_markup"]["keyboard"]
    assert button["request_contact"] is True
    assert button["text"] == words.messages["share_phone_button"]

    # Someone else's contact is not kept.
    seen = await h._act(1001, lambda: h.double.send_contact(anna.user, "447700900999",
                                                               owner=5555))
    assert seen.texts == [words.messages["phone_not_yours"]]
    assert (await h.store.get_user(1001)).phone is None

    # Her own, from the button: kept, and the clinic has it.
    seen = await h._act(1001, lambda: h.double.send_contact(anna.user, "447700900123"))
    assert "+447700900123" in seen.text and "/delete" in seen.text
    [thanks] = [c for c in h.double.calls_to("sendMessage") if "+447700900123" in c["text"]
                and str(c["chat_id"]) == "1001"]
    assert thanks["reply_markup"].get("remove_keyboard") is True, "the share button goes"
    assert (await h.store.get_user(1001)).phone == "+447700900123"
    alert, *_, shared = [m for m in h.double.messages(STAFF_CHAT_ID) if "Anna" in m.text]
    assert "+447700900123" in shared.text and "+447700900123" in alert.text
    seen = await h.say(staff(h), "/escalations")
    assert "+447700900123" in seen.text
    await anna.say("/export")
    [document] = h.double.files(1001)
    assert json.loads(document.data)["profile"]["phone"] == "+447700900123"

    await delete_everything(anna)
    await edits_done(h)
    assert await h.store.get_user(1001) is None
    assert not any("447700900123" in (m.text or "") for m in staff_side(h))


async def test_a_number_is_not_kept_without_a_call_back_request(harness: Harness) -> None:
    h, words = harness, harness.content
    mum = await seed_mum(h, 1001)
    seen = await h._act(1001, lambda: h.double.send_contact(mum, "447700900123"))
    assert seen.texts == [words.messages["phone_not_needed"]]
    assert (await h.store.get_user(1001)).phone is None
