"""/language: the language she reads the bot in, whatever her Telegram app is set to."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access.registry import LANGUAGE
from bot.platform.context import Context, data_of, message_of, person_of, query_of, set_reader


async def language_command(update: Update, context: Context) -> None:
    deps = context.deps
    rows = [[InlineKeyboardButton(name, callback_data=LANGUAGE.pack(code))]
            for code, name in deps.library.names.items()]
    await message_of(update).reply_text(deps.texts.msg("language_prompt"),
                                        reply_markup=InlineKeyboardMarkup(rows))


async def language_press(update: Update, context: Context) -> None:
    deps, query = context.deps, query_of(update)
    code = LANGUAGE.unpack(data_of(query)).language
    if code not in deps.library.names:  # a language this clinic no longer offers
        await query.answer(deps.texts.msg("stale_button"), show_alert=True)
        return
    person = person_of(update)
    # Kept in memory at once; in her user row too once she has consented (nothing before).
    deps.languages[person.id] = code
    await deps.store.set_language(person.id, code)
    set_reader(code)
    await query.answer()
    await query.edit_message_text(deps.texts.msg("language_saved"))
