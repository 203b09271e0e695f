"""A line to the clinic, through the real bot: she asks (/ask), the staff reply in Telegram, she
answers; the staff open her record and add notes; her messages are hers to export and delete;
a warning sign in a message to the clinic escalates at once; nobody reaches another's thread."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from sqlmodel import select

from bot.journey import thread_copies
from bot.storage.models import (
    ClinicThread,
    Escalation,
    EscalationNote,
    StaffAction,
    StaffCopy,
    ThreadMessage,
)
from telegram_double.markup import COMMAND_RE, utf16_len
from telegram_double.model import Group
from tests.conftest import STAFF_CHAT_ID, STAFF_ID
from tests.harness import Harness, Seen, seed_mum

OTHER_STAFF = 901


@pytest.fixture
def settings_overrides() -> dict:
    return {"staff_ids": frozenset({STAFF_ID, OTHER_STAFF})}


async def rows(h: Harness, model: type) -> list:
    async with h.store.session() as s:
        return list((await s.exec(select(model))).all())


def staff_chat(h: Harness) -> list[Any]:
    return h.double.messages(STAFF_CHAT_ID)


def thread_messages(h: Harness) -> list[Any]:
    """Her thread's messages as the staff chat shows them (they carry the record button)."""
    return [m for m in staff_chat(h) if any((d or "").startswith("rc1:t:") for _, d in m.buttons)]


async def reply(h: Harness, member: Any, to: Any, text: str, *,
                chat: int = STAFF_CHAT_ID) -> Seen:
    """A Telegram reply (reply_to_message) to the bot's message `to`, in the staff group."""
    content: dict[str, Any] = {"text": text, "reply_to_message": to.data}
    if match := COMMAND_RE.match(text):
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(match[0])}]
    group = Group(chat, "APEX staff")
    double = h.double
    return await h._act(chat, lambda: double._inject(
        "message", double._user_message(member, group, content)))


async def redactions_done() -> None:
    await asyncio.gather(*(t for t in asyncio.all_tasks() if t.get_name() == thread_copies.REDACTION_TASK))


async def test_she_asks_the_staff_reply_she_answers_and_it_is_all_hers_to_export_and_delete(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, phase=2, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")

    seen = await h.say(anna, "/ask")
    assert "APEX team" in seen.text and "999" in seen.text  # not for emergencies
    assert [label for label, _ in seen.buttons] == ["Done"]

    seen = await h.say(anna, "Can I carry the pram up the stairs yet?")
    assert seen.text.startswith("✓ Sent to APEX")
    [to_staff] = thread_messages(h)
    assert "Anna" in to_staff.text and "phase 2" in to_staff.text
    assert "16 weeks after the birth" in to_staff.text
    assert "Can I carry the pram up the stairs yet?" in to_staff.text

    # Sam replies to it in the staff group: Anna reads it, signed with his first name.
    before = len(h.double.messages(anna))
    await reply(h, sam, to_staff, "Yes, slowly, and breathe out as you lift.")
    [answer] = h.double.messages(anna)[before:]
    assert "Sam" in answer.text and "Yes, slowly, and breathe out as you lift." in answer.text
    assert "✓ Sent to Anna, signed Sam." in staff_chat(h)[-1].text

    # She answers: the same thread, a new message in the staff chat.
    await h.say(anna, "Thank you!")
    assert len(thread_messages(h)) == 2 and "Thank you!" in thread_messages(h)[-1].text
    [thread] = await rows(h, ClinicThread)
    said = [(m.sender, m.text) for m in await rows(h, ThreadMessage)]
    assert said == [("mother", "Can I carry the pram up the stairs yet?"),
                    ("staff", "Yes, slowly, and breathe out as you lift."),
                    ("mother", "Thank you!")]

    # A note, as a reply: kept with the thread, never sent to her.
    before = len(h.double.messages(anna))
    await reply(h, sam, thread_messages(h)[-1], "/note Called her, lifting technique is fine")
    assert len(h.double.messages(anna)) == before
    assert "Note added to Anna's thread" in staff_chat(h)[-1].text

    # Her record: in Sam's private chat, with her thread and the note.
    await h.press_data(sam, f"rc1:t:{thread.id}", thread_messages(h)[-1])
    record = h.double.last_message(STAFF_ID).text
    assert "Record: Anna" in record and "phase 2" in record
    assert "Can I carry the pram" in record and "Called her, lifting technique is fine" in record
    actions = sorted(a.action for a in await rows(h, StaffAction))
    assert actions == ["record_opened", "thread_note", "thread_reply"]
    assert all(a.staff_id == STAFF_ID and a.target == f"thread:{thread.id}"
               for a in await rows(h, StaffAction))

    # /export has her thread; /delete removes it and the staff chat reads "(deleted)".
    await h.say(anna, "/export")
    [document] = [f for f in h.double.files(anna.id) if f.kind == "document"]
    tables = json.loads(document.data)["tables"]
    assert [m["text"] for m in tables["thread_message"]][:2] == [
        "Can I carry the pram up the stairs yet?", "Yes, slowly, and breathe out as you lift."]
    assert tables["clinic_thread"][0]["id"] == thread.id

    await h.say(anna, "/delete")
    await h.press_data(anna, "pv1:delete", h.double.last_message(anna))
    await redactions_done()
    assert await rows(h, ClinicThread) == [] and await rows(h, ThreadMessage) == []
    assert await rows(h, StaffCopy) == []
    for message in [*staff_chat(h), *h.double.messages(STAFF_ID)]:
        assert "Anna" not in (message.text or ""), message.text
        assert "pram" not in (message.text or "")
    assert sum(m.text == "(deleted)" for m in staff_chat(h)) >= 4  # 2 messages, 2 confirmations


async def test_done_closes_her_thread_and_a_staff_reply_opens_it_again(harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")
    await h.say(anna, "/ask")
    await h.say(anna, "Is swimming fine?")
    seen = await h.press(anna, "Done", exact=True)
    assert "has your message" in seen.text
    seen = await h.say(anna, "hello again")
    assert seen.texts == [h.content.messages["not_understood"]]  # not sent to the clinic
    assert len(thread_messages(h)) == 1

    await reply(h, sam, thread_messages(h)[0], "Yes, once you have had your check.")
    await h.say(anna, "Great, thanks")
    assert "Great, thanks" in thread_messages(h)[-1].text

    seen = await h.say(anna, "/cancel")
    assert "has your message" in seen.text
    seen = await h.say(anna, "/cancel")
    assert seen.texts == [h.content.messages["nothing_to_cancel"]]


async def test_a_photo_reaches_the_staff_and_their_chatter_stays_theirs(harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")
    await h.say(anna, "/ask")
    before = len(h.double.calls_to("copyMessage"))
    await h._act(anna.id, lambda: h.double.send_photo(anna, caption="Is this swelling normal?"))
    [header] = thread_messages(h)
    assert "[photo]" in header.text and "Is this swelling normal?" in header.text
    [copied] = h.double.calls_to("copyMessage")[before:]
    assert int(copied["chat_id"]) == STAFF_CHAT_ID
    # A reply to the photo itself reaches her too.
    photo = next(m for m in staff_chat(h) if m.message_id == copied_id(h, copied))
    before = len(h.double.messages(anna))
    await reply(h, sam, photo, "It looks normal, but let's check it on Monday.")
    assert "let's check it on Monday" in h.double.messages(anna)[before].text
    # A reply to any other message of the bot (here its confirmation) is the staff's own talk.
    sent = len(h.double.calls)
    await reply(h, sam, staff_chat(h)[-1], "I'll take this one")
    assert not [c for c in h.double.calls[sent:] if c[0] in ("sendMessage", "copyMessage")]


async def test_a_voice_note_reaches_the_staff_and_their_reply_reaches_her(harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")
    await h.say(anna, "/ask")
    before = len(h.double.calls_to("copyMessage"))
    seen = await h._act(anna.id, lambda: h.double.send_voice(anna, duration=42))
    assert seen.text.startswith("✓ Sent to APEX")
    [header] = thread_messages(h)
    assert "Anna" in header.text and "voice" in header.text
    [copied] = h.double.calls_to("copyMessage")[before:]
    assert int(copied["chat_id"]) == STAFF_CHAT_ID
    voice = next(m for m in staff_chat(h) if m.data.get("voice"))
    assert voice.data["voice"]["duration"] == 42
    [said] = await rows(h, ThreadMessage)
    assert (said.sender, said.kind, said.text) == ("mother", "voice", None)
    # Sam replies to the voice note itself: she reads it, signed.
    before = len(h.double.messages(anna))
    await reply(h, sam, voice, "Thanks for the message: that sounds like normal healing.")
    assert "Sam" in h.double.messages(anna)[before].text
    assert "normal healing" in h.double.messages(anna)[before].text
    # Her export lists it; /delete takes it with the rest.
    await h.say(anna, "/export")
    [document] = [f for f in h.double.files(anna.id) if f.kind == "document"]
    assert [m["kind"] for m in json.loads(document.data)["tables"]["thread_message"]] == ["voice", "text"]
    await h.say(anna, "/delete")
    await h.press_data(anna, "pv1:delete", h.double.last_message(anna))
    await redactions_done()
    assert await rows(h, ThreadMessage) == []
    assert not [m for m in staff_chat(h) if m.data.get("voice") and not m.deleted]  # taken down


def copied_id(h: Harness, params: dict) -> int:
    """The message id copyMessage answered (the newest bot message in that chat then)."""
    return max(m.message_id for m in staff_chat(h) if "[photo]" not in (m.text or "")
               and m.data.get("photo"))


async def test_a_mother_cannot_reach_another_mothers_thread_or_any_record(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    bea = await seed_mum(h, 1002, name="Bea")
    await h.say(anna, "/ask")
    await h.say(anna, "A private question")
    [thread] = await rows(h, ClinicThread)
    [to_staff] = thread_messages(h)

    # Forged presses: her Done, the staff's record button.
    await h.say(bea, "/contact")
    for data in (f"mk1:{thread.id}", f"rc1:t:{thread.id}", "rc1:e:1", "jc1:1"):
        seen = await h.press_data(bea, data, h.double.last_message(bea))
        assert seen.texts == [], data
        assert h.double.calls_to("answerCallbackQuery")[-1]["text"] == \
            h.content.messages["stale_button"]
    assert (await rows(h, ClinicThread))[0].status == "open"
    assert not [m for m in h.double.messages(bea) if "Record" in (m.text or "")]

    # Staff commands do not exist for her; a reply from her in the staff group goes nowhere.
    for command in ("/note hi", "/codes", "/codes my class"):
        seen = await h.say(bea, command)
        assert seen.texts == [h.content.messages["unknown_command"]]
    before = len(h.double.messages(anna))
    await reply(h, bea, to_staff, "Hi Anna, it's me")
    assert len(h.double.messages(anna)) == before

    # What Bea writes in her own thread never lands in Anna's.
    await h.say(bea, "/ask")
    await h.say(bea, "My own question")
    threads = {t.user_id: t.id for t in await rows(h, ClinicThread)}
    by_thread = {(m.thread_id, m.text) for m in await rows(h, ThreadMessage)}
    assert by_thread == {(threads[1001], "A private question"), (threads[1002], "My own question")}


async def test_a_warning_sign_in_a_message_to_the_clinic_escalates_at_once_and_is_marked(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    await h.say(anna, "/ask")
    seen = await h.say(anna, "I have chest pain and can't breathe properly")
    assert "999" in seen.texts[0]  # her emergency advice comes first
    assert "went to the APEX team too" in seen.texts[-1]
    [escalation] = await rows(h, Escalation)
    assert escalation.level == "emergency" and escalation.source == "message"
    [to_staff] = thread_messages(h)
    assert "Warning sign" in to_staff.text and "escalated" in to_staff.text
    assert "chest pain" in to_staff.text
    [message] = await rows(h, ThreadMessage)
    assert message.flagged == "emergency"
    # The alert itself carries the record button too.
    alert = next(m for m in staff_chat(h) if any((d or "").startswith("es1:") for _, d in m.buttons))
    assert ("📋 Her record", f"rc1:e:{escalation.id}") in alert.buttons
    sam = h.double.user(STAFF_ID, "Sam")
    await h.press_data(sam, f"rc1:e:{escalation.id}", alert)
    record = h.double.last_message(STAFF_ID).text
    assert "Record: Anna" in record
    # Each question as its first sentence, her birth date as the clinic writes dates.
    assert "When was your baby born? " in record and not re.search(r"\d{4}-\d\d-\d\d", record)
    assert "Tap each one" not in record


async def test_a_note_on_her_escalation_alert_is_in_her_record_and_goes_with_her_data(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")
    await h.say(anna, "I have chest pain")
    [escalation] = await rows(h, Escalation)
    alert = next(m for m in staff_chat(h) if any((d or "").startswith("es1:") for _, d in m.buttons))

    before = len(h.double.messages(anna))
    await reply(h, sam, alert, "/note Rang her: on her way to A&E with her partner")
    assert "Note added to this escalation" in staff_chat(h)[-1].text
    assert "Anna" not in staff_chat(h)[-1].text  # nothing to edit if she deletes her data
    assert len(h.double.messages(anna)) == before  # never sent to her
    [action] = [a for a in await rows(h, StaffAction) if a.action == "escalation_note"]
    assert (action.staff_id, action.target) == (STAFF_ID, f"escalation:{escalation.id}")
    # A reply to anything else (here, that confirmation) says how.
    await reply(h, sam, staff_chat(h)[-1], "/note this one goes nowhere")
    assert "reply to one of her thread's messages, or to an escalation alert" in staff_chat(h)[-1].text
    assert len(await rows(h, EscalationNote)) == 1

    await h.press_data(sam, f"rc1:e:{escalation.id}", alert)
    record = h.double.last_message(STAFF_ID).text
    assert "📝 Sam" in record and "on her way to A&amp;E" not in record
    assert "on her way to A&E with her partner" in record

    await h.say(anna, "/export")
    [document] = [f for f in h.double.files(anna.id) if f.kind == "document"]
    [note] = json.loads(document.data)["tables"]["escalation_note"]
    assert note["text"] == "Rang her: on her way to A&E with her partner" and "staff_id" not in note

    await h.say(anna, "/delete")
    await h.press_data(anna, "pv1:delete", h.double.last_message(anna))
    await redactions_done()
    assert await rows(h, EscalationNote) == []
    [kept] = await rows(h, Escalation)  # anonymised, for the clinic's statistics
    assert kept.user_id is None and kept.signs == []
    await reply(h, sam, alert, "/note one more")
    assert "deleted her data" in staff_chat(h)[-1].text
    assert await rows(h, EscalationNote) == []


async def test_a_record_too_long_for_one_message_is_cut_between_lines(harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    sam = h.double.user(STAFF_ID, "Sam")
    await h.say(anna, "I have chest pain")
    alert = next(m for m in staff_chat(h) if any((d or "").startswith("es1:") for _, d in m.buttons))
    for n in range(3):
        await reply(h, sam, alert, f"/note <b>call {n}</b> " + "she said she is fine & resting. " * 60)
    [escalation] = await rows(h, Escalation)
    await h.press_data(sam, f"rc1:e:{escalation.id}", alert)
    record = h.double.last_message(STAFF_ID).text  # the double refuses broken HTML and long text
    assert record.startswith("📋 Record: Anna") and "<b>call 0</b>" in record
    assert record.endswith("(shortened: the oldest lines are left out)")


async def test_contact_offers_message_apex_and_it_needs_consent(harness: Harness) -> None:
    h = harness
    stranger = h.double.user(1003, "Cleo")
    seen = await h.say(stranger, "/ask")
    assert "/start" in seen.text
    anna = await seed_mum(h, 1001, name="Anna")
    seen = await h.say(anna, "/contact")
    assert ("💬 Message APEX", "mq1:contact") in seen.buttons
    seen = await h.press(anna, "Message APEX")
    assert "What would you like to ask" in seen.text


async def test_a_reply_to_a_mother_who_blocked_the_bot_says_it_was_not_delivered(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    await h.say(anna, "/ask")
    await h.say(anna, "Quick question about my core")
    h.double.block(anna)
    await reply(h, h.double.user(STAFF_ID, "Sam"), thread_messages(h)[0], "Happy to help!")
    assert "Not delivered to Anna" in staff_chat(h)[-1].text
    assert [m.sender for m in await rows(h, ThreadMessage)] == ["mother"]
    assert await rows(h, StaffAction) == []


async def test_a_thread_quiet_for_the_retention_months_is_deleted_and_reads_deleted(
        harness: Harness) -> None:
    from bot.jobs.retention import retention_job
    from bot.platform.context import Context

    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    await h.say(anna, "/ask")
    await h.say(anna, "Is it normal to feel tired?")
    [to_staff] = thread_messages(h)
    h.clock.advance(days=31 * h.settings.retention_months + 1)
    await retention_job(Context(h.app))
    assert await rows(h, ClinicThread) == [] and await rows(h, ThreadMessage) == []
    assert await rows(h, StaffCopy) == []
    assert to_staff.text == "(deleted)" and to_staff.buttons == []


async def test_ask_in_the_middle_of_settings_sends_her_question_to_the_clinic(
        harness: Harness) -> None:
    h = harness
    anna = await seed_mum(h, 1001, name="Anna")
    await h.say(anna, "/settings")
    await h.press(anna, h.content.settings_messages["time_button"], exact=True)
    await h.say(anna, "/ask")
    seen = await h.say(anna, "Can I run with a sports bra over my nursing bra?")
    assert seen.text.startswith("✓ Sent to APEX")
    assert "sports bra" in thread_messages(h)[0].text
