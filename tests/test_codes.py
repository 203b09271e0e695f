"""Join codes through the real bot: staff make a deep link with a label, mothers who start the bot
through it are counted under it, and an announcement can go to exactly them."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.storage.models import JoinCode, StaffAction, User
from tests.conftest import STAFF_ID
from tests.harness import Harness, seed_mum


async def test_a_join_code_counts_who_joined_and_is_an_announcement_audience(
        harness: Harness) -> None:
    h = harness
    sam = h.double.user(STAFF_ID, "Sam")
    seen = await h.say(sam, "/codes")
    assert "No join codes yet" in seen.text

    seen = await h.say(sam, "/codes postnatal class, March")
    link = re.search(r"https://t\.me/(\w+)\?start=([A-Za-z0-9_-]+)", seen.text)
    assert link is not None and "postnatal class, March" in seen.text
    code = link[2]
    assert link[1] == h.app.bot.username

    # Two mothers come through the link, one through none.
    for user_id, name in ((2001, "Ada"), (2002, "Bo")):
        mum = h.double.user(user_id, name)
        await h.say(mum, f"/start {code}")
        await h.press(mum, h.content.messages["consent_button"], exact=True)
    await seed_mum(h, 2003, name="Cy")
    async with h.store.session() as s:
        sources = {u.telegram_id: u.source for u in (await s.exec(select(User))).all()}
        [action] = (await s.exec(select(StaffAction))).all()
        [row] = (await s.exec(select(JoinCode))).all()
    assert sources == {2001: code, 2002: code, 2003: None}
    assert (action.action, action.staff_id, action.target) == ("code_created", STAFF_ID,
                                                               f"code:{row.id}")

    seen = await h.say(sam, "/codes")
    assert "postnatal class, March: 2 joined" in seen.text and code in seen.text

    # /broadcast, "Joined through a code": the codes are the buttons.
    await h.say(sam, "/broadcast")
    await h.say(sam, "Class photos are up!")
    seen = await h.press(sam, h.content.staff_messages["audience_source"], exact=True)
    assert ("postnatal class, March (2)", f"jc1:{row.id}") in seen.buttons
    seen = await h.press(sam, "postnatal class, March")
    assert "<b>2</b> mothers" in seen.text
    await h.press(sam, h.content.staff_messages["broadcast_send_button"], exact=True)
    await h.double.wait_for(lambda: all(
        any("Class photos are up!" in (m.text or "") for m in h.double.messages(i))
        for i in (2001, 2002)), timeout=20)
    assert not any("Class photos" in (m.text or "") for m in h.double.messages(2003))


async def test_mothers_cannot_make_or_see_codes(harness: Harness) -> None:
    h = harness
    mum = await seed_mum(h, 2001, name="Ada")
    for command in ("/codes", "/codes my own class"):
        seen = await h.say(mum, command)
        assert seen.texts == [h.content.messages["unknown_command"]]
    async with h.store.session() as s:
        assert (await s.exec(select(JoinCode))).all() == []
