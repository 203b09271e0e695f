"""The loopback Bot API double, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from telegram_double import NOT_MODIFIED, LimitMonitor, TelegramDouble, parse_html


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])


@pytest_asyncio.fixture
async def tg() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as double:
        yield double


@pytest_asyncio.fixture
async def bot(tg: TelegramDouble) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as client:
        yield client


@asynccontextmanager
async def running(tg: TelegramDouble, *handlers: Any) -> AsyncIterator[Application]:
    """A real Application long-polling the double."""
    app = (Application.builder().token(tg.token).base_url(tg.base_url)
           .base_file_url(tg.base_file_url).build())
    app.add_handlers(list(handlers))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.mark.asyncio
async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "apex_run_ready_bot", True)


@pytest.mark.asyncio
async def test_wrong_token_is_invalid_token(tg: TelegramDouble) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("42:wrong", base_url=tg.base_url):
            pass


@pytest.mark.asyncio
async def test_error_envelopes_over_raw_http(tg: TelegramDouble) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{tg.base_url}0:nope/getMe") as reply:
            assert reply.status == 401
            assert await reply.json() == {"ok": False, "error_code": 401,
                                          "description": "Unauthorized"}
        async with http.post(f"{tg.base_url}{tg.token}/sendPigeon") as reply:
            assert reply.status == 404
            assert (await reply.json())["description"] == "Not Found"
        async with http.post(f"{tg.base_url}{tg.token}/GETME") as reply:
            body = await reply.json()
            assert reply.status == 200
            assert body["result"]["is_bot"]
        tg.user(7, started=True)
        async with http.post(f"{tg.base_url}{tg.token}/sendMessage",
                             json={"chat_id": 7, "text": "via JSON"}) as reply:
            assert (await reply.json())["result"]["text"] == "via JSON"
        async with http.get(f"{tg.base_url}{tg.token}/getUpdates?offset=soon") as reply:
            assert reply.status == 400
            assert (await reply.json())["description"].startswith("Bad Request: invalid")
        tg.fail("sendMessage", retry_after=3)
        async with http.post(f"{tg.base_url}{tg.token}/sendMessage",
                             data={"chat_id": "7", "text": "x"}) as reply:
            assert reply.status == 429
            assert await reply.json() == {"ok": False, "error_code": 429,
                                          "description": "Too Many Requests: retry after 3",
                                          "parameters": {"retry_after": 3}}


@pytest.mark.asyncio
async def test_echo_and_commands_through_long_polling(tg: TelegramDouble) -> None:
    anna = tg.user(1001, "Anna")

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"start args={context.args}")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    async with running(tg, CommandHandler("start", start),
                       MessageHandler(filters.TEXT & ~filters.COMMAND, echo)):
        tg.send_text(anna, "/start from_ad")
        tg.send_text(anna, "/start@apex_run_ready_bot")
        tg.send_text(anna, "hello there")
        sent = await tg.wait_for_messages(anna, 3)
        await tg.wait_until_consumed()
    assert [m.text for m in sent] == ["start args=['from_ad']", "start args=[]", "hello there"]
    assert [m.message_id for m in sent] == [4, 5, 6]  # ids are shared with the user's messages
    assert sent[0].data["from"]["username"] == "apex_run_ready_bot"


@pytest.mark.asyncio
async def test_updates_parse_in_ptb(tg: TelegramDouble, bot: Bot) -> None:
    anna, team = tg.user(5, "Anna", username="anna"), tg.group(-100777, "Team")
    first = tg.send_text(anna, "hi")
    tg.edit_text(anna, first, "hi, edited")
    tg.send_sticker(anna)
    tg.send_photo(anna, caption="my run", data=b"jpeg-bytes")
    tg.add_to_group(team, anna)
    tg.send_group_text(anna, team, "/plan@apex_run_ready_bot now")
    updates = await bot.get_updates()
    assert updates[0].message.text == "hi"
    assert updates[0].effective_user.username == "anna"
    assert updates[1].edited_message.text == "hi, edited"
    assert updates[2].message.sticker.emoji
    photo = updates[3].message.photo[-1]
    assert updates[3].message.caption == "my run"
    assert await (await bot.get_file(photo.file_id)).download_as_bytearray() == b"jpeg-bytes"
    assert updates[4].my_chat_member.new_chat_member.status == "member"
    group_message = updates[5].message
    assert group_message.chat.type == "supergroup"
    assert group_message.parse_entities(["bot_command"]) == {
        group_message.entities[0]: "/plan@apex_run_ready_bot"}


@pytest.mark.asyncio
async def test_send_album_shares_a_media_group_with_the_caption_last(tg: TelegramDouble,
                                                                     bot: Bot) -> None:
    anna = tg.user(5, "Anna")
    album = tg.send_album(anna, 3, caption="my <3 runs")
    tg.send_photo(anna)  # a lone photo after it is not part of the album
    updates = await bot.get_updates()
    assert [m["message_id"] for m in album] == [u.message.message_id for u in updates[:3]]
    messages = [u.message for u in updates]
    group_id = messages[0].media_group_id
    assert group_id and all(m.media_group_id == group_id for m in messages[:3])
    assert messages[3].media_group_id is None
    assert [m.caption for m in messages[:3]] == [None, None, "my <3 runs"]
    assert len({m.photo[-1].file_id for m in messages[:3]}) == 3
    photos = [bytes(await (await bot.get_file(m.photo[-1].file_id)).download_as_bytearray())
              for m in messages[:3]]
    assert len(set(photos)) == 3
    assert tg.transcript(anna) == ["Anna: (photo)", "Anna: (photo)", "Anna: (photo) my <3 runs",
                                   "Anna: (photo)"]
    second = tg.send_album(anna, 2)
    assert second[0]["media_group_id"] != group_id
    assert all("caption" not in m for m in second)
    with pytest.raises(ValueError, match="2 to 10"):
        tg.send_album(anna, 1)
    with pytest.raises(ValueError, match="2 to 10"):
        tg.send_album(anna, 11)


@pytest.mark.asyncio
async def test_get_updates_offset_limit_and_confirmation(tg: TelegramDouble, bot: Bot) -> None:
    anna = tg.user(1, "Anna")
    ids = [tg.send_text(anna, text)["update_id"] for text in ("a", "b", "c")]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[2:]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    await tg.wait_until_consumed(timeout=0.1)
    later = tg.send_text(anna, "d")["update_id"]
    assert [u.update_id for u in await bot.get_updates(offset=ids[2] + 1)] == [later]
    assert await bot.get_updates(offset=later + 1) == ()  # an update is delivered once


@pytest.mark.asyncio
async def test_allowed_updates_filters_new_updates(tg: TelegramDouble, bot: Bot) -> None:
    anna = tg.user(1, "Anna")
    await bot.get_updates(allowed_updates=["callback_query"])
    tg.send_text(anna, "ignored")
    await bot.get_updates(allowed_updates=[])
    kept = tg.send_text(anna, "kept")
    assert [u.update_id for u in await bot.get_updates()] == [kept["update_id"]]


@pytest.mark.asyncio
async def test_long_poll_returns_when_an_update_arrives(tg: TelegramDouble, bot: Bot) -> None:
    anna = tg.user(1, "Anna")
    mark = len(tg.calls)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for_call("getUpdates", since=mark)
    assert not poll.done()
    update = tg.send_text(anna, "wake up")
    updates = await asyncio.wait_for(poll, timeout=2)  # far below the 30 s poll timeout
    assert [u.update_id for u in updates] == [update["update_id"]]


@pytest.mark.asyncio
async def test_client_leaving_mid_poll_loses_nothing(tg: TelegramDouble, bot: Bot) -> None:
    anna = tg.user(1, "Anna")
    mark = len(tg.calls)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for_call("getUpdates", since=mark)
    poll.cancel()
    with pytest.raises(asyncio.CancelledError):
        await poll
    update = tg.send_text(anna, "still here")
    assert [u.update_id for u in await bot.get_updates(timeout=5)] == [update["update_id"]]


@pytest.mark.asyncio
async def test_second_poller_terminates_the_first(tg: TelegramDouble, bot: Bot) -> None:
    mark = len(tg.calls)
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for_call("getUpdates", since=mark)
    async with Bot(tg.token, base_url=tg.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


@pytest.mark.asyncio
async def test_webhook_blocks_get_updates(tg: TelegramDouble, bot: Bot) -> None:
    await bot.set_webhook("https://example.invalid/hook")
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"text": ""}, "Bad Request: message text is empty"),
    ({"text": "   "}, "Bad Request: message text is empty"),
    ({"text": "x" * 4097}, "Bad Request: message is too long"),
    ({"text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"}, None),
    ({"text": "a < b", "parse_mode": "HTML"}, "Bad Request: can't parse entities:"),
    ({"text": "fish & chips", "parse_mode": "HTML"}, "Bad Request: can't parse entities:"),
    ({"text": "line<br>break", "parse_mode": "HTML"},
     'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 4'),
    ({"text": "<b>bold", "parse_mode": "HTML"}, "Bad Request: can't parse entities:"),
    ({"text": "<b><i>x</b></i>", "parse_mode": "HTML"}, "Bad Request: can't parse entities:"),
    ({"text": "<span>x</span>", "parse_mode": "HTML"}, "Bad Request: can't parse entities:"),
    ({"text": "ok", "reply_markup": keyboard(("A", "x" * 65))}, "Bad Request: BUTTON_DATA_INVALID"),
    ({"text": "ok", "reply_markup": keyboard(("A", ""))}, "Bad Request: BUTTON_DATA_INVALID"),
    ({"text": "ok", "reply_markup": keyboard(("A", "é" * 32))}, None),  # 64 bytes exactly
    ({"text": "ok", "reply_markup": InlineKeyboardMarkup([[InlineKeyboardButton("A")]])},
     "Bad Request: can't parse inline keyboard button: Text buttons are unallowed"),
    ({"chat_id": 404, "text": "hello?"}, "Bad Request: chat not found"),
])
@pytest.mark.asyncio
async def test_send_message_validation(tg: TelegramDouble, bot: Bot, kwargs: dict[str, Any],
                                       expected: str | None) -> None:
    tg.user(1, "Anna", started=True)
    if expected is None:
        await bot.send_message(**{"chat_id": 1, **kwargs})
        return
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(**{"chat_id": 1, **kwargs})
    # PTB strips "Bad Request: " and capitalize()s the rest, so compare case-insensitively.
    assert caught.value.message.lower().startswith(expected.removeprefix("Bad Request: ").lower())
    assert tg.errors[-1][2].startswith(expected)
    assert tg.messages(1) == []


def test_html_parsing_matches_telegram() -> None:
    text, entities = parse_html('<b>Run</b> &amp; <a href="https://x.y">rest</a> 💪<i>!</i>')
    assert text == "Run & rest 💪!"
    assert entities == [{"type": "bold", "offset": 0, "length": 3},
                        {"type": "text_link", "url": "https://x.y", "offset": 6, "length": 4},
                        {"type": "italic", "offset": 13, "length": 1}]  # UTF-16 offsets
    assert parse_html("<pre><code class='language-py'>x</code></pre>")[1] == [
        {"type": "pre", "language": "py", "offset": 0, "length": 1}]


@pytest.mark.asyncio
async def test_caption_too_long_and_blocked_user(tg: TelegramDouble, bot: Bot) -> None:
    anna = tg.user(1, "Anna", started=True)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(1, photo=b"img", caption="c" * 1025)
    tg.block(anna)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1, "are you there?")
    tg.unblock(anna)
    await bot.send_message(1, "welcome back")
    assert [m.text for m in tg.messages(anna)] == ["welcome back"]


@pytest.mark.asyncio
async def test_a_chat_is_known_once_it_spoke_or_was_registered(tg: TelegramDouble,
                                                               bot: Bot) -> None:
    anna, bea, team = tg.user(1, "Anna"), tg.user(2, "Bea"), tg.group(-100777, "Staff")
    for chat_id in (anna.id, bea.id, 3):
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(chat_id, "hello?")
    tg.send_sticker(anna)
    tg.register_chat(bea)
    for chat_id in (anna.id, bea.id, team.id):
        await bot.send_message(chat_id, "hello!")
    assert [len(tg.messages(chat)) for chat in (anna, bea, team)] == [1, 1, 1]


@pytest.mark.asyncio
async def test_injected_faults(tg: TelegramDouble, bot: Bot,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    tg.user(1, "Anna", started=True)
    tg.user(2, "Bea", started=True)
    tg.fail("sendMessage", retry_after=7, chat_id=2)
    tg.fail("sendchataction", error_code=502, description="Bad Gateway", times=2)
    await bot.send_message(1, "not affected")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(2, "flood")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(2, "fine again")
    for _ in range(2):
        with pytest.raises(Exception, match="Bad Gateway"):
            await bot.send_chat_action(1, "typing")
    assert await bot.send_chat_action(1, "typing")


@pytest.mark.asyncio
async def test_callback_press_answer_and_edit(tg: TelegramDouble) -> None:
    anna = tg.user(1001, "Anna")

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text("Ready to run?", reply_markup=keyboard(
            ("Yes", "ready:yes"), ("Not yet", "ready:no")))

    async def choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer(f"got {query.data}", show_alert=query.data == "ready:no")
        await query.edit_message_text(f"You chose {query.data}")

    async with running(tg, CommandHandler("start", menu), CallbackQueryHandler(choice)):
        tg.send_text(anna, "/start")
        (message,) = await tg.wait_for_messages(anna, 1)
        assert message.buttons == [("Yes", "ready:yes"), ("Not yet", "ready:no")]
        query_id = tg.press_button(anna, message, "Yes")["callback_query"]["id"]
        await tg.wait_for(lambda: message.text == "You chose ready:yes")
        assert message.buttons == []  # editMessageText without reply_markup drops the keyboard
        forged_id = tg.press(anna, message.message_id, "ready:no")["callback_query"]["id"]
        await tg.wait_for(lambda: forged_id in tg.answered_callbacks)
    assert tg.answered_callbacks[query_id] == {"text": "got ready:yes", "show_alert": False}
    assert tg.answered_callbacks[forged_id] == {"text": "got ready:no", "show_alert": True}
    async with Bot(tg.token, base_url=tg.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(query_id)  # already answered
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query("12345")


@pytest.mark.asyncio
async def test_edit_message_and_not_modified(tg: TelegramDouble, bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    markup = keyboard(("Go", "go"))
    sent = await bot.send_message(1, "Week 1", reply_markup=markup)
    await bot.edit_message_text("Week 2", chat_id=1, message_id=sent.message_id,
                                reply_markup=markup)
    assert tg.last_message(1).text == "Week 2"
    assert tg.last_message(1).buttons == [("Go", "go")]
    with pytest.raises(BadRequest) as caught:
        await bot.edit_message_text("Week 2", chat_id=1, message_id=sent.message_id,
                                    reply_markup=markup)
    assert tg.errors[-1][2] == NOT_MODIFIED
    assert caught.value.message.lower() == NOT_MODIFIED.removeprefix("Bad Request: ")
    await bot.edit_message_reply_markup(chat_id=1, message_id=sent.message_id,
                                        reply_markup=keyboard(("Stop", "stop")))
    assert tg.last_message(1).buttons == [("Stop", "stop")]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("nope", chat_id=1, message_id=999)
    assert await bot.delete_message(1, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(1, sent.message_id)
    assert tg.messages(1) == []
    assert len(tg.messages(1, include_deleted=True)) == 1


@pytest.mark.asyncio
async def test_commands_by_scope_and_language(tg: TelegramDouble, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    await bot.set_my_commands([BotCommand("plan", "Plan")], scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands([BotCommand("staff", "Staff")], scope=BotCommandScopeChat(-100777))
    assert tg.commands() == [("start", "Begin"), ("help", "Help")]
    assert tg.commands(language_code="ru") == [("start", "Начать")]
    assert tg.commands("all_private_chats") == [("plan", "Plan")]
    assert tg.commands(BotCommandScopeChat(-100777)) == [("staff", "Staff")]
    assert tg.commands({"type": "chat", "chat_id": -100777}) == [("staff", "Staff")]
    fetched = await bot.get_my_commands(scope=BotCommandScopeChat(-100777))
    assert [c.command for c in fetched] == ["staff"]
    await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert tg.commands("all_private_chats") == []
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


@pytest.mark.asyncio
async def test_photo_and_document_uploads_are_stored(tg: TelegramDouble, bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    photo = await bot.send_photo(1, photo=b"\x89PNG fake image", caption="<b>Plan</b>",
                                 parse_mode="HTML")
    assert photo.caption == "Plan"
    assert photo.caption_entities[0].type == "bold"
    again = await bot.send_photo(1, photo=photo.photo[-1].file_id)
    document = await bot.send_document(1, document=b"week,km\n1,5\n", filename="plan.csv")
    stored = tg.files(1)
    assert [f.data for f in stored] == [b"\x89PNG fake image"] * 2 + [b"week,km\n1,5\n"]
    assert stored[2].file_name == document.document.file_name == "plan.csv"
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    assert (stored[0].message_id, stored[1].message_id) == (photo.message_id, again.message_id)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(1, photo="no-such-file-id")


@pytest.mark.asyncio
async def test_video_uploads_return_a_file_id_reused_without_uploading(tg: TelegramDouble,
                                                                         bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    video = await bot.send_video(1, video=b"\x00\x00\x00\x18ftypmp42 fake", filename="squat.mp4",
                                 caption="Squats")
    file_id = video.video.file_id
    assert video.caption == "Squats" and video.video.file_size == 17
    upload = tg.calls_to("sendVideo")[0]["video"]
    assert (upload.filename, upload.data[:4]) == ("squat.mp4", b"\x00\x00\x00\x18")
    again = await bot.send_video(1, video=file_id)
    assert again.video.file_id == file_id
    assert tg.calls_to("sendVideo")[1]["video"] == file_id  # no upload the second time
    by_url = await bot.send_video(1, video="https://apex.example/media/hop.mp4")
    assert by_url.video.file_name == "hop.mp4"
    assert [f.kind for f in tg.files(1)] == ["video"] * 3
    assert tg.transcript(1)[-1] == "bot: (video) "
    photo = await bot.send_photo(1, photo=b"\x89PNG fake")
    with pytest.raises(BadRequest, match=r"(?i)use file of type photo as video"):
        await bot.send_video(1, video=photo.photo[-1].file_id)
    with pytest.raises(BadRequest, match=r"(?i)use file of type video as photo"):
        await bot.send_photo(1, photo=file_id)


@pytest.mark.asyncio
async def test_copy_get_chat_and_chat_action(tg: TelegramDouble, bot: Bot) -> None:
    anna, team = tg.user(1, "Anna"), tg.group(-100777, "APEX staff")
    original = tg.send_photo(anna, caption="form check")["message"]
    copied = await bot.copy_message(team.id, from_chat_id=anna.id,
                                    message_id=original["message_id"])
    assert tg.last_message(team).message_id == copied.message_id
    assert tg.last_message(team).text == "form check"
    assert tg.files(team)[0].message_id == copied.message_id
    assert (await bot.get_chat(team.id)).title == "APEX staff"
    assert (await bot.get_chat(anna.id)).first_name == "Anna"
    assert await bot.send_chat_action(anna.id, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(anna.id, "dancing")


@pytest.mark.asyncio
async def test_calls_for_one_chat_include_refused_ones(tg: TelegramDouble, bot: Bot) -> None:
    anna, bea = tg.user(1, "Anna", started=True), tg.user(2, "Bea", started=True)
    await bot.send_message(anna.id, "hello Anna")
    mark = len(tg.calls)
    tg.block(bea)
    with pytest.raises(Forbidden):
        await bot.send_message(bea.id, "hello Bea")
    await bot.send_chat_action(anna.id, "typing")
    await bot.get_me()
    assert [(name, p["text"]) for name, p in tg.calls_for(bea)] == [("sendMessage", "hello Bea")]
    assert [name for name, _ in tg.calls_for(anna.id)] == ["sendMessage", "sendChatAction"]
    assert [name for name, _ in tg.calls_for(anna, since=mark)] == ["sendChatAction"]


@pytest.mark.asyncio
async def test_wait_for_times_out_with_recent_calls(tg: TelegramDouble, bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    await bot.send_message(1, "only this")
    with pytest.raises(TimeoutError, match=r"sendMessage.*only this"):
        await tg.wait_for_messages(1, 2, timeout=0.05)


# --- fault injection, the limit monitor, transcripts ------------------------------------------

@pytest.mark.asyncio
async def test_default_descriptions_and_faults_queue_in_order(tg: TelegramDouble,
                                                              bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    tg.fail("sendMessage", error_code=400)
    tg.fail("sendMessage", error_code=403)
    tg.fail("*", error_code=500, description="Internal Server Error")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(1, "one")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1, "two")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.get_me()  # "*" matches any method
    await bot.send_message(1, "three")
    assert [m.text for m in tg.messages(1)] == ["three"]


@pytest.mark.asyncio
async def test_a_fault_for_some_seconds_then_gone(tg: TelegramDouble, bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    tg.fail("sendMessage", error_code=502, description="Bad Gateway", seconds=0.3, chat_id=1)
    for _ in range(3):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1, "refused")
    with pytest.raises(TimeoutError):  # let the 0.3 s pass
        await tg.wait_for(lambda: False, timeout=0.35)
    await bot.send_message(1, "through")
    assert [m.text for m in tg.messages(1)] == ["through"]


@pytest.mark.asyncio
async def test_delay_and_drop_before_and_after_the_call_takes_effect(tg: TelegramDouble,
                                                                    bot: Bot) -> None:
    tg.user(1, "Anna", started=True)
    tg.delay("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(1, "gave up", read_timeout=0.1)
    with pytest.raises(TimeoutError):  # the held call was cancelled with its connection
        await tg.wait_for(lambda: tg.messages(1), timeout=0.6)
    tg.delay("sendMessage", 0.5, after=True)
    with pytest.raises(TimedOut):
        await bot.send_message(1, "arrived, reply late", read_timeout=0.1)
    tg.drop("sendMessage")
    with pytest.raises(NetworkError, match="Server disconnected"):
        await bot.send_message(1, "lost")
    tg.drop("sendMessage", after=True)
    with pytest.raises(NetworkError, match="Server disconnected"):
        await bot.send_message(1, "arrived, reply lost")
    assert [m.text for m in tg.messages(1)] == ["arrived, reply late", "arrived, reply lost"]
    assert [name for name, _ in tg.dropped] == ["sendMessage", "sendMessage"]


@pytest.mark.asyncio
async def test_an_outage_cuts_the_long_poll_and_loses_no_update(tg: TelegramDouble,
                                                                 bot: Bot) -> None:
    anna = tg.user(1, "Anna")
    mark = len(tg.calls)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for_call("getUpdates", since=mark)
    tg.outage(0.3)
    with pytest.raises(NetworkError):
        await poll
    update = tg.send_text(anna, "sent while the bot was cut off")
    with pytest.raises(NetworkError):
        await bot.get_me()
    with pytest.raises(TimeoutError):
        await tg.wait_for(lambda: False, timeout=0.35)
    assert [u.update_id for u in await bot.get_updates()] == [update["update_id"]]


@pytest.mark.asyncio
async def test_flood_counts_down_and_the_monitor_sees_an_early_retry(
        tg: TelegramDouble, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    tg.user(1, "Anna", started=True)
    tg.user(2, "Bea", started=True)
    tg.flood(2, method="sendMessage")
    with pytest.raises(RetryAfter) as first:
        await bot.send_message(1, "flood")
    assert first.value.retry_after == dtm.timedelta(seconds=2)
    assert tg.monitor.breaches == []
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "straight away again")  # did not wait as told
    early, too_soon = tg.monitor.breaches  # and two sends to her within a second
    assert (early.kind, early.chat_id, too_soon.kind) == ("retry_after", 1, "private")
    assert "before its retry_after was over" in str(early)


def test_limit_monitor_counts_breaches_in_sliding_windows() -> None:
    now = [0.0]
    monitor = LimitMonitor(clock=lambda: now[0])
    for n in range(40):  # 40 sends to 40 chats in 0.4 s: 33 allowed (30 + 10 %)
        now[0] = n / 100
        monitor.record("sendMessage", 100 + n)
    assert [b.count for b in monitor.breaches] == list(range(34, 41))
    now[0] = 0.0
    monitor.reset()
    for at in (0.0, 0.5, 1.6):  # a private chat: two within a second is a breach
        now[0] = at
        monitor.record("sendPhoto", 7)
        monitor.record("editMessageText", 7)  # edits are not counted
    assert [(b.kind, b.count, round(b.at, 1)) for b in monitor.breaches] == [("private", 2, 0.5)]
    now[0] = 0.0
    monitor.reset()
    for n in range(24):  # a group: 20 a minute (22 with the tolerance)
        now[0] = n * 2.0
        monitor.record("copyMessage", "-100777")
    assert [(b.kind, b.chat_id, b.count) for b in monitor.breaches] == [
        ("group", -100777, 23), ("group", -100777, 24)]
    assert monitor.per_second()[:2] == [(0, 1, 1), (2, 1, 1)]
    assert monitor.report().startswith("24 sends; busiest second: 1 sends")
    assert "group: 23 sends to chat -100777 in one minute (limit 20)" in monitor.report()


@pytest.mark.asyncio
async def test_transcript_watch_documents_and_quiet(tg: TelegramDouble) -> None:
    anna = tg.user(1001, "Anna")
    seen: list[tuple[str, str | None]] = []
    stop = tg.watch(lambda event, message: seen.append((event, message.text)))

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text("<b>Ready?</b>", parse_mode="HTML",
                                        reply_markup=keyboard(("Yes", "y")))

    async def file_in(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        got = await (await update.message.document.get_file()).download_as_bytearray()
        await update.message.reply_text(f"{update.message.document.file_name}: {len(got)} bytes")

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("Off we go")

    async with running(tg, CommandHandler("start", menu),
                       MessageHandler(filters.Document.ALL, file_in),
                       CallbackQueryHandler(pressed)):
        tg.send_text(anna, "/start")
        [message] = await tg.wait_for_messages(anna, 1)
        tg.press_button(anna, message, "Yes")
        tg.send_document(anna, b"week,km\n1,5\n", file_name="runs.csv", mime_type="text/csv")
        await tg.wait_for_quiet(quiet=0.2)
    stop()
    assert tg.transcript(anna) == [  # in the order things happened
        "Anna: /start", "bot: Ready? [Yes]", "Anna presses [Yes]", "Anna: (document)",
        "bot edits #2: Off we go", "bot: runs.csv: 12 bytes"]
    assert seen == [("sent", "Ready?"), ("edited", "Off we go"), ("sent", "runs.csv: 12 bytes")]
    assert tg.file(tg.updates[-1]["message"]["document"]["file_id"]).data == b"week,km\n1,5\n"
