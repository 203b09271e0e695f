"""Updates from different people are handled at once; one person's, one at a time, in order."""

from __future__ import annotations

from bot.telegram_double import TelegramDouble
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
