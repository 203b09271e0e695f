"""Join codes (staff): `/codes <label>` makes a deep link, https://t.me/<bot>?start=<code>; `/codes`
lists each with how many mothers joined through it. A mother who starts the bot through one
and consents has the code as her `source` (the screening's /start and its consent button), so
an announcement can go to the mothers of one code (/broadcast, "Joined through a code", whose
buttons `code_buttons` makes)."""

from __future__ import annotations

import html
import secrets

from sqlalchemy.exc import IntegrityError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access.registry import CODE_AUDIENCE, SOURCE_CODE
from bot.platform.context import Context, Deps, message_of, person_of
from bot.storage.threads_store import ThreadStore

LABEL_LENGTH = 128
CODES_SHOWN = 30


def new_code() -> str:
    """8 characters of Telegram's deep-link alphabet, hard to guess."""
    while True:
        code = secrets.token_urlsafe(6)
        if SOURCE_CODE.fullmatch(code) and not code.startswith("-"):
            return code


def link(bot_username: str | None, code: str) -> str:
    return f"https://t.me/{bot_username or 'your_bot'}?start={code}"


async def codes_command(update: Update, context: Context) -> None:
    deps, message = context.deps, message_of(update)
    t, threads = deps.staff_texts, ThreadStore(deps.store)
    label = (message.text or "").partition(" ")[2].strip()[:LABEL_LENGTH]
    username = context.bot.username
    if label:
        for _ in range(3):  # a clash of two random codes is all but impossible; retry anyway
            try:
                row = await threads.create_code(new_code(), label, person_of(update).id,
                                                deps.clock())
                break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("no free join code")
        await message.reply_text(t.msg("staff-line-code_created", label=label,
                                       link=link(username, row.code)))
        return
    rows = await threads.codes()
    if not rows:
        await message.reply_text(f"{t.msg('staff-line-codes_none')}\n{t.msg('staff-line-codes_usage')}")
        return
    lines = [t.msg("staff-line-codes_line", label=code.label, count=count, link=link(username, code.code))
             for code, count in rows[:CODES_SHOWN]]
    await message.reply_text("\n".join([t.msg("staff-line-codes_head"), *lines, "",
                                        t.msg("staff-line-codes_usage")]))


async def code_buttons(deps: Deps) -> InlineKeyboardMarkup | None:
    """One button per code (its label and how many joined), for choosing an audience."""
    rows = await ThreadStore(deps.store).codes()
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        f"{html.unescape(code.label)[:40]} ({count})", callback_data=CODE_AUDIENCE.pack(code.id))]
        for code, count in rows[:CODES_SHOWN]])
