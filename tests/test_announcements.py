"""What a mother receives when the clinic announces something: a short header that says it is
from APEX, the staff member's own words, and how to turn announcements off. The staff see that
very message as the preview, and a text too long for the frame is refused, kindly, before Send."""

from __future__ import annotations

import pytest

from tests.conftest import STAFF_ID
from tests.harness import Harness
from tests.test_staff import announce, seed_many, staff, wait_for_report


@pytest.fixture
def settings_overrides() -> dict:
    return {"staff_ids": frozenset({STAFF_ID})}


async def test_a_mother_gets_the_words_under_the_clinic_s_header_and_how_to_stop_them(
        harness: Harness) -> None:
    [mum] = await seed_many(harness, 1)
    t = harness.content.staff_messages
    await announce(harness, "Our clinic is closed on Monday. Rest well & <see you> soon!")
    await wait_for_report(harness)
    [got] = harness.double.messages(mum)
    assert got.text.startswith("📣 From the APEX team"), got.text
    assert "Our clinic is closed on Monday. Rest well & <see you> soon!" in got.text, "as typed"
    assert got.text.rstrip().endswith("/settings.")
    preview = [m for m in harness.double.messages(STAFF_ID) if "closed on Monday" in (m.text or "")]
    assert [p.text for p in preview] == [got.text], "the preview is exactly what she got"
    assert "APEX" in t["announcement_header"]


async def test_an_announcement_too_long_for_the_frame_is_refused_before_anything_is_saved(
        harness: Harness) -> None:
    await seed_many(harness, 1)
    sam = staff(harness)
    await harness.say(sam, "/broadcast")
    seen = await harness.say(sam, "x" * 4090)
    assert "characters too long" in seen.text
    assert "Who should get it?" not in seen.text
    seen = await harness.say(sam, "Run club on Saturday")
    assert "Who should get it?" in seen.texts[-1], "she sends a shorter one and carries on"
