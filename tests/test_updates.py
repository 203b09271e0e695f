"""Updates from different people are handled at once; one person's, one at a time, in order.
And a second tap, which lands on the question that just replaced the one she answered, is not
taken as an answer to it."""

from __future__ import annotations

import pytest

from bot.platform.context import deps_of
from telegram_double import TelegramDouble
from tests.harness import Harness

SLOW = 3.0  # seconds the double holds one reply (fault injection, not a wait in the test)


async def test_a_slow_reply_to_one_mother_does_not_hold_up_another(harness: Harness,
                                                                   double: TelegramDouble) -> None:
    anna, bea = double.user(1001, "Anna"), double.user(1002, "Bea")
    double.delay("sendMessage", SLOW, chat_id=anna.id)
    double.send_text(anna, "/help")
    double.send_text(bea, "/help")
    await double.wait_for_messages(bea, 1)
    assert double.messages(anna) == [], "Bea was answered while Anna's reply was held"
    await double.wait_for_messages(anna, 1, timeout=SLOW + 5)


async def test_her_own_messages_are_answered_in_the_order_she_sent_them(
        harness: Harness, double: TelegramDouble) -> None:
    anna = double.user(1001, "Anna")
    double.delay("sendMessage", SLOW / 3, chat_id=anna.id)  # only the first reply is held
    double.send_text(anna, "/help")
    double.send_text(anna, "/contact")
    first, second = await double.wait_for_messages(anna, 2, timeout=SLOW + 5)
    assert "/reassess" in first.text  # the help
    assert harness.settings.apex_phone in second.text  # the contact details


@pytest.fixture
def settings_overrides() -> dict:
    return {"double_tap_seconds": 5.0}  # well above a test's press-to-press time


async def test_a_double_tap_does_not_answer_the_question_that_just_appeared(
        harness: Harness, double: TelegramDouble) -> None:
    content, anna = harness.content, double.user(1001, "Anna")
    await harness.say(anna, "/start")
    await harness.press(anna, content.messages["consent_button"])
    await harness.say(anna, "14 weeks")
    await harness.press(anna, content.messages["signs_none"], exact=True)  # her first tap
    question = double.last_message(anna)
    assert content.question("delivery").prompt in question.text
    first_option = question.buttons[0][0]
    await harness.press(anna, first_option, exact=True)  # her finger's second tap, at once
    assert double.calls_to("answerCallbackQuery")[-1]["text"] == content.messages["too_quick"]
    assert double.last_message(anna).text == question.text, "still asking how she gave birth"
    assert "delivery" not in (await harness.store.draft(anna.id)).answers
    deps_of(harness.app).question_shown_at[anna.id] -= 5  # she has read it: 5 s on
    await harness.press(anna, first_option, exact=True)
    assert (await harness.store.draft(anna.id)).answers["delivery"] == "vaginal"
