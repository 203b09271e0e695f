"""The journey around an escalation and the desk, as a mother and the clinic's staff live it:
closing a serious episode leads her back into the questions, /resume during a hold says why the
nudges wait, /progress tells unanswered days apart, /export names her run days, and the desk
shows what staff need (issue 12)."""

from __future__ import annotations

from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness, seed_mum
from tests.test_screening import Mum
from tests.test_staff import open_escalation, staff

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
    from datetime import timedelta

    from bot.journey.progress_chart import summarise
    from bot.storage.models import SessionLog

    h = harness
    mum = await seed_mum(h, 1001, phase=4, rung=0)
    today = h.clock().date()
    logs = [  # a run at step 2 with a symptom, which stepped her back to step 1
        SessionLog(user_id=1001, local_date=today - timedelta(days=6), kind="run", rung=1,
                   outcome="symptom"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=5), kind="exercise",
                   outcome="done"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=4), kind="exercise",
                   outcome="skipped"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=3), kind="exercise"),
        SessionLog(user_id=1001, local_date=today - timedelta(days=2), kind="exercise"),
        SessionLog(user_id=1001, local_date=today, kind="exercise"),  # today's may still come
    ]
    async with h.store.session() as s:
        s.add_all(logs)
    seen = await h.say(mum, "/progress")
    [photo] = h.double.calls_to("sendPhoto")
    caption = photo["caption"]
    assert "2 sessions done, 1 skipped" in caption, caption
    assert "2 days with no answer" in caption
    assert f"step 1 of {len(h.content.ladder)}" in caption
    assert seen.texts == []
    summary = summarise(logs, today, rung_now=1)
    assert (summary.skipped, summary.unanswered) == (1, 2)
    assert summary.rungs[-1] == (today, 1), "the line ends where the caption says she is"
