"""Logs carry neither the token nor her answers; failures reach her as a kind sentence."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.platform.logs import configure_logging
from tests.conftest import STAFF_CHAT_ID
from tests.harness import Harness
from tests.test_screening import Mum


@pytest.fixture
def captured_logs(settings) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("DEBUG", settings.token, stream)
    # Even if someone turns httpx up to DEBUG, the token must not appear.
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)


async def test_a_whole_journey_at_debug_logs_no_token_and_no_answers(
        harness: Harness, captured_logs: io.StringIO) -> None:
    leaking = harness.content.signs_at("apex")[0]
    mum = Mum(harness, weeks=14, pelvic=(leaking.id,), name="Beatrice")
    await mum.answer_everything()
    text = captured_logs.getvalue()
    assert "Processing update" in text, "DEBUG logging was on"
    assert harness.settings.token not in text
    assert harness.settings.token.split(":")[1] not in text
    for private in ("14 weeks", leaking.label, "Beatrice", harness.settings.apex_phone):
        assert private not in text, private


async def test_a_failure_gets_a_kind_reply_and_no_traceback(harness: Harness) -> None:
    mum = Mum(harness)
    harness.double.fail("sendMessage", error_code=400, description="Bad Request: chat not found",
                        times=1)
    seen = await mum.say("/help")
    assert seen.texts[-1] == harness.content.messages["error"].format(emergency_number="999")
    assert "Traceback" not in seen.text


async def test_names_are_escaped_in_staff_alerts(harness: Harness) -> None:
    mum = Mum(harness, weeks=14, pelvic=(harness.content.signs_at("apex")[0].id,),
              name="<b>Ann & Co</i>")
    await mum.answer_everything()
    [alert] = harness.double.messages(STAFF_CHAT_ID)
    assert "<b>Ann & Co</i>" in alert.text
