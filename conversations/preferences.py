"""/settings: reminder time, time zone, run days, pause, announcements. Each change is saved
when it is made; the menu shows the current settings at the top.

Buttons (bot/access/registry.py): SETTINGS_MENU, SETTINGS_TIME, SETTINGS_ZONE, SETTINGS_DAY.
"""

from __future__ import annotations

from datetime import time, timedelta
from functools import cache
from zoneinfo import available_timezones

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access.registry import (
    OFFERED_TIMES,
    PELVIC_TIMES,
    SETTINGS_DAY,
    SETTINGS_MENU,
    SETTINGS_PELVIC,
    SETTINGS_TIME,
    SETTINGS_ZONE,
)
from bot.core.parsing import parse_time
from bot.core.plan import non_consecutive, suggest_run_days
from bot.core.zones import read_offset, zone_candidates
from bot.journey.her_plan import (
    exercise_gate,
    her_pelvic_times,
    her_run_days,
    her_time,
    her_zone,
    next_nudge_at,
    next_pelvic_at,
)
from bot.platform.context import (
    Context,
    Deps,
    message_of,
    person_of,
    query_message,
    query_of,
    text_of,
)
from bot.platform.language import pick_language
from bot.storage.models import User

MENU, TIME, ZONE, DAYS, PELVIC = range(5)
MAX_PELVIC_TIMES = 3  # pelvic floor reminders a day
# The zones a typed place may mean, offered as buttons (Telegram's rows stay readable).
MAX_ZONE_CHOICES = 6
# Settings left open this long close by themselves, so a later message is not read as a time.
TIMEOUT = timedelta(minutes=15)


def build_settings() -> ConversationHandler:
    return ConversationHandler(
        # /settings, or a button of the menu's kind under another message (her first result
        # offers "Reminder time" and "Time zone").
        entry_points=[CommandHandler("settings", open_menu),
                      CallbackQueryHandler(menu_choice, pattern=SETTINGS_MENU)],
        states={
            MENU: [CallbackQueryHandler(menu_choice, pattern=SETTINGS_MENU)],
            TIME: [CallbackQueryHandler(time_button, pattern=SETTINGS_TIME),
                   MessageHandler(filters.TEXT & ~filters.COMMAND, time_typed)],
            ZONE: [CallbackQueryHandler(zone_button, pattern=SETTINGS_ZONE),
                   MessageHandler(filters.TEXT & ~filters.COMMAND, zone_typed)],
            DAYS: [CallbackQueryHandler(day_toggle, pattern=SETTINGS_DAY)],
            PELVIC: [CallbackQueryHandler(pelvic_toggle, pattern=SETTINGS_PELVIC),
                     MessageHandler(filters.TEXT & ~filters.COMMAND, pelvic_typed)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[CommandHandler("settings", open_menu), CommandHandler("cancel", close),
                   MessageHandler(~filters.COMMAND, use_buttons)],
        name="settings",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=TIMEOUT,
    )


async def _menu(deps: Deps, user: User) -> tuple[str, InlineKeyboardMarkup]:
    t, names = deps.texts.setting, deps.texts.weekdays()
    # What her nudges really do now: a hold or a pending reassessment stops them whatever the
    # Pause setting says.
    gate = await exercise_gate(deps, user)
    days = ", ".join(names[d] for d in sorted(her_run_days(user))) or t("no_days")
    text = t("menu", time=deps.texts.clock(her_time(deps, user)),
             zone=deps.texts.zone_name(her_zone(deps, user)),
             days=days, nudges=t("held_word") if gate == "held"
             else t("reassess_word") if gate == "reassess"
             else t("paused_word") if user.paused else t("running_word"),
             announcements=t("on") if user.announcements else t("off"))
    pelvic = her_pelvic_times(user)
    text += "\n" + t("pelvic_line", times=", ".join(deps.texts.clock(p) for p in pelvic)
                     if pelvic else t("off"))
    button = InlineKeyboardButton
    rows = [
        [button(t("time_button"), callback_data=SETTINGS_MENU.pack("time")),
         button(t("zone_button"), callback_data=SETTINGS_MENU.pack("zone"))],
        [button(t("days_button"), callback_data=SETTINGS_MENU.pack("days")),
         button(t("resume_button" if user.paused else "pause_button"),
                callback_data=SETTINGS_MENU.pack("pause"))],
        [button(t("pelvic_button"), callback_data=SETTINGS_MENU.pack("pelvic"))],
        [button(t("announcements_off_button" if user.announcements else "announcements_on_button"),
                callback_data=SETTINGS_MENU.pack("ann")),
         button(t("close_button"), callback_data=SETTINGS_MENU.pack("close"))],
    ]
    return text, InlineKeyboardMarkup(rows)


async def open_menu(update: Update, context: Context) -> int:
    deps = context.deps
    user = await deps.store.get_user(person_of(update).id)
    if user is None:
        await message_of(update).reply_text(deps.texts.nudge("needs_screening"))
        return ConversationHandler.END
    text, markup = await _menu(deps, user)
    await message_of(update).reply_text(text, reply_markup=markup)
    return MENU


async def _updated(deps: Deps, user_id: int, **changes: object) -> User:
    """Her row, with the changes saved. /settings is only ever open for a mother with a row."""
    user = await deps.store.update_user(user_id, **changes)
    if user is None:
        raise RuntimeError("her row is gone")
    return user


async def _save(deps: Deps, user_id: int, **changes: object) -> User:
    """Save a change and move her next nudge and pelvic floor reminder to match it (a new time
    zone moves both)."""
    user = await _updated(deps, user_id, **changes)
    now = deps.clock()
    return await _updated(deps, user_id, next_nudge_at=next_nudge_at(deps, user, now),
                          next_pelvic_at=next_pelvic_at(deps, user, now))


async def _show_menu(update: Update, deps: Deps, user: User, *, edit: bool) -> int:
    text, markup = await _menu(deps, user)
    if edit:
        await query_of(update).edit_message_text(text, reply_markup=markup)
    else:
        await message_of(update).reply_text(text, reply_markup=markup)
    return MENU


async def menu_choice(update: Update, context: Context) -> int:
    deps, query = context.deps, query_of(update)
    await query.answer()
    user = await deps.store.get_user(person_of(update).id)
    choice = SETTINGS_MENU.unpack(query.data).choice
    t = deps.texts.setting
    # Pressed under her first result: the result stays, without its buttons, and the prompt
    # comes as a new message.
    from_result = choice in ("rtime", "rzone")
    choice = choice.removeprefix("r") if from_result else choice

    async def show(text: str, markup: InlineKeyboardMarkup) -> None:
        if from_result:
            await query.edit_message_reply_markup(reply_markup=None)
            await query_message(query).reply_text(text, reply_markup=markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)

    if choice == "close" or user is None:
        await query.edit_message_reply_markup(reply_markup=None)
        return ConversationHandler.END
    if choice == "pause":
        user = await _save(deps, user.telegram_id, paused=not user.paused)
        return await _show_menu(update, deps, user, edit=True)
    if choice == "ann":
        user = await _updated(deps, user.telegram_id, announcements=not user.announcements)
        return await _show_menu(update, deps, user, edit=True)
    if choice == "time":
        rows = [[InlineKeyboardButton(deps.texts.clock(time.fromisoformat(v)),
                                      callback_data=SETTINGS_TIME.pack(v.replace(":", "")))
                 for v in OFFERED_TIMES]]
        await show(t("time_prompt"), InlineKeyboardMarkup(rows))
        return TIME
    if choice == "zone":
        zone = deps.texts.zone_name(deps.settings.default_timezone)
        rows = [[InlineKeyboardButton(zone, callback_data=SETTINGS_ZONE.pack("default"))]]
        await show(t("zone_prompt", zone=zone), InlineKeyboardMarkup(rows))
        return ZONE
    if choice == "pelvic":
        await show(t("pelvic_prompt"), _pelvic_keyboard(deps, user))
        return PELVIC
    await query.edit_message_text(t("days_prompt"), reply_markup=_days_keyboard(deps, user))
    return DAYS


async def time_button(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    value = SETTINGS_TIME.unpack(query.data).time  # one of OFFERED_TIMES: the codec says so
    await query.answer(deps.texts.setting("saved"))
    user = await _save(deps, person_of(update).id, reminder_time=f"{value[:2]}:{value[2:]}")
    return await _show_menu(update, deps, user, edit=True)


async def time_typed(update: Update, context: Context) -> int | None:
    chosen = parse_time(text_of(message_of(update)), context.deps.texts.catalogue.locale)
    return await _save_typed(update, context.deps, "time_unreadable",
                             reminder_time=chosen.strftime("%H:%M") if chosen else None)


async def zone_button(update: Update, context: Context) -> int | None:
    """The clinic's zone, or the one she confirmed among the places her words may mean."""
    deps, query = context.deps, query_of(update)
    value = SETTINGS_ZONE.unpack(query.data).zone
    zone = deps.settings.default_timezone if value == "default" else value
    if zone not in _zones():
        await query.answer(deps.texts.msg("stale_button"))
        return None
    await query.answer(deps.texts.setting("saved"))
    user = await _save(deps, person_of(update).id, timezone=zone)
    return await _show_menu(update, deps, user, edit=True)


async def zone_typed(update: Update, context: Context) -> int | None:
    """A place or zone word she typed. One clear answer is saved; several places, or any UTC
    offset (which places keep it changes with daylight saving), are offered to confirm."""
    deps, text = context.deps, text_of(message_of(update))
    texts = deps.texts
    choices = zone_candidates(text, texts.catalogue.locale, now=deps.clock())[:MAX_ZONE_CHOICES]
    if len(choices) == 1 and read_offset(text) is None:
        return await _save_typed(update, deps, "zone_unknown", timezone=choices[0].zone)
    if not choices:
        return await _save_typed(update, deps, "zone_unknown", timezone=None)
    rows = [[InlineKeyboardButton(_zone_label(texts.zone_name(c.zone), c.place),
                                  callback_data=SETTINGS_ZONE.pack(c.zone))] for c in choices]
    await message_of(update).reply_text(texts.setting("zone_pick"),
                                        reply_markup=InlineKeyboardMarkup(rows))
    return None


def _zone_label(zone: str, place: str) -> str:
    label = zone if place.lower() in zone.lower() else f"{place}: {zone}"
    return label if len(label) <= 60 else label[:59] + "…"


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


async def _save_typed(update: Update, deps: Deps, unreadable: str, **change: str | None) -> int | None:
    """Save what she typed, or say kindly that it could not be read (and change nothing)."""
    if None in change.values():
        await message_of(update).reply_text(deps.texts.setting(unreadable))
        return None
    user = await _save(deps, person_of(update).id, **change)
    return await _show_menu(update, deps, user, edit=False)


def _days_keyboard(deps: Deps, user: User) -> InlineKeyboardMarkup:
    days, names = her_run_days(user), deps.texts.weekdays()
    rows = [[InlineKeyboardButton(("☑️ " if d in days else "") + names[d],
                                  callback_data=SETTINGS_DAY.pack(d)) for d in range(7)][i:i + 4]
            for i in (0, 4)]
    suggested = " ".join(names[d] for d in sorted(suggest_run_days()))
    rows.append([InlineKeyboardButton(suggested, callback_data=SETTINGS_DAY.pack("suggest")),
                 InlineKeyboardButton(deps.texts.msg("signs_done_button"),
                                      callback_data=SETTINGS_DAY.pack("done"))])
    return InlineKeyboardMarkup(rows)


async def day_toggle(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    user = await deps.store.get_user(person_of(update).id)
    value = SETTINGS_DAY.unpack(query.data).day
    if user is None:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    if value == "done":
        days = her_run_days(user)
        await query.answer(deps.texts.setting("saved") if non_consecutive(days)
                           else deps.texts.setting("days_consecutive"), show_alert=not non_consecutive(days))
        return await _show_menu(update, deps, user, edit=True)
    days = suggest_run_days() if value == "suggest" else her_run_days(user) ^ {int(value)}
    await query.answer()
    if days == her_run_days(user):
        return None  # already so: an edit would change nothing (and Telegram refuses those)
    user = await _updated(deps, user.telegram_id, run_days=",".join(str(d) for d in sorted(days)))
    await query.edit_message_reply_markup(_days_keyboard(deps, user))
    return None


# --- pelvic floor reminders: up to three times a day, off by default ------------------------

def _pelvic_keyboard(deps: Deps, user: User) -> InlineKeyboardMarkup:
    """The offered times and hers, ticked when on; "Turn them off" and Done."""
    mine = her_pelvic_times(user)
    shown = sorted(set(mine) | {time.fromisoformat(t) for t in PELVIC_TIMES})
    row = [InlineKeyboardButton(("☑️ " if t in mine else "") + deps.texts.clock(t),
                                callback_data=SETTINGS_PELVIC.pack(t.strftime("%H%M")))
           for t in shown]
    rows = [row[i:i + 3] for i in range(0, len(row), 3)]
    rows.append([InlineKeyboardButton(deps.texts.setting("pelvic_off_button"),
                                      callback_data=SETTINGS_PELVIC.pack("off")),
                 InlineKeyboardButton(deps.texts.msg("signs_done_button"),
                                      callback_data=SETTINGS_PELVIC.pack("done"))])
    return InlineKeyboardMarkup(rows)


async def _save_pelvic(deps: Deps, user_id: int, times: set[time]) -> User:
    """Save her reminder times and when the next one is due (none: off)."""
    value = ",".join(t.strftime("%H:%M") for t in sorted(times)) or None
    user = await _updated(deps, user_id, pelvic_times=value)
    return await _updated(deps, user_id, next_pelvic_at=next_pelvic_at(deps, user, deps.clock()))


async def pelvic_toggle(update: Update, context: Context) -> int | None:
    deps, query = context.deps, query_of(update)
    value = SETTINGS_PELVIC.unpack(query.data).time
    user = await deps.store.get_user(person_of(update).id)
    if user is None:
        await query.answer(deps.texts.msg("stale_button"))
        return None
    if value == "done":
        await query.answer(deps.texts.setting("saved"))
        return await _show_menu(update, deps, user, edit=True)
    mine = set(her_pelvic_times(user))
    if value == "off":
        chosen: set[time] = set()
    else:
        chosen = mine ^ {time(int(value[:2]), int(value[2:]))}
    if len(chosen) > MAX_PELVIC_TIMES:
        await query.answer(deps.texts.setting("pelvic_too_many"), show_alert=True)
        return None
    await query.answer()
    if chosen == mine:
        return None  # already so: an edit would change nothing (and Telegram refuses those)
    user = await _save_pelvic(deps, user.telegram_id, chosen)
    await query.edit_message_reply_markup(_pelvic_keyboard(deps, user))
    return None


async def pelvic_typed(update: Update, context: Context) -> int | None:
    """A time she typed: added to her reminders (three at most); unreadable changes nothing."""
    deps = context.deps
    chosen = parse_time(text_of(message_of(update)), deps.texts.catalogue.locale)
    user = await deps.store.get_user(person_of(update).id)
    if chosen is None or user is None:
        await message_of(update).reply_text(deps.texts.setting("time_unreadable"))
        return None
    mine = set(her_pelvic_times(user))
    chosen = chosen.replace(second=0, microsecond=0, tzinfo=None)
    if chosen not in mine and len(mine) >= MAX_PELVIC_TIMES:
        await message_of(update).reply_text(deps.texts.setting("pelvic_too_many"),
                                            reply_markup=_pelvic_keyboard(deps, user))
        return None
    user = await _save_pelvic(deps, user.telegram_id, mine | {chosen})
    await message_of(update).reply_text(deps.texts.setting("saved"),
                                        reply_markup=_pelvic_keyboard(deps, user))
    return None


async def timed_out(update: object, context: Context) -> None:
    # A timeout runs outside the ordered path (PTB's job): her language is read here.
    await pick_language(update, context)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None:
        await context.bot.send_message(chat.id, context.deps.texts.msg("timed_out_settings"))


async def use_buttons(update: Update, context: Context) -> None:
    await message_of(update).reply_text(context.deps.texts.msg("use_buttons"))


async def close(update: Update, context: Context) -> int:
    await message_of(update).reply_text(context.deps.texts.setting("closed"))
    return ConversationHandler.END
