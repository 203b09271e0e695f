"""build_application: the ordered path every update takes, as one commented list."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, time

from telegram import (
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.access import gate
from bot.access.registry import (
    ALERT,
    ASK,
    ASK_DONE,
    CALL_ME,
    CHECKIN,
    LANGUAGE,
    OTHER_DAY,
    RECORD,
    RUN_CONTROL,
    SESSION,
    START_RUN,
    STOP_BROADCAST,
    SYMPTOM,
)
from bot.desk import codes, escalations, records, reports, threads
from bot.desk.broadcaster import run_broadcast
from bot.jobs.nudges import TICK_SECONDS, nudge_tick
from bot.jobs.retention import retention_job
from bot.journey import ask, coach, commands, day, language, symptoms
from bot.journey.privacy import privacy_handlers
from bot.platform import catch_all, flood
from bot.platform.content import CLINIC_LANGUAGE, Content
from bot.platform.context import Context, Deps, system_clock
from bot.platform.errors import error_handler
from bot.platform.language import pick_language
from bot.platform.persistence import SqlPersistence, flush_persistence
from bot.platform.rate_limit import RetryingRateLimiter
from bot.platform.settings import Settings
from bot.platform.updates import PerPersonUpdateProcessor
from bot.safety.escalation import callback_request, phone_shared
from bot.safety.net import safety_net, signs_pressed_in_a_failure
from bot.storage.models import saved_id
from bot.storage.staff_store import StaffStore
from bot.storage.store import Store
from conversations.broadcast import build_broadcast
from conversations.preferences import build_settings
from conversations.screening import build_screening, sign_named

log = logging.getLogger(__name__)

# The ordered path's steps, as PTB handler groups (lowest first; one handler runs per group).
LANGUAGE_STEP, SAFETY_NET, FLOOD_GUARD, PRIVATE_ONLY, STAFF_GATE, EDITS, HANDLERS, AFTER = (
    -7, -6, -5, -4, -3, -2, 0, 1)


# A ConversationHandler that mixes message and button handlers warns about per_message;
# per-chat tracking is what the screening wants.
warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)


def build_application(settings: Settings, content: Content, store: Store, *,
                      clock: Callable[[], datetime] = system_clock,
                      token: str | None = None, run_jobs: bool = True) -> Application:
    application = (
        Application.builder()
        .token(token or settings.token or "")
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_base_url.replace("/bot", "/file/bot"))
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # One sender: every call to a chat waits for a turn, evenly spaced below Telegram's
        # ceiling, the most urgent first (bot.platform.rate_limit). Retries RetryAfter 3 times.
        .rate_limiter(RetryingRateLimiter(
            settings.telegram_max_rate, group_max_rate=1,
            group_time_period=60 / settings.telegram_group_per_minute, max_retries=3))
        .persistence(SqlPersistence(store))
        .concurrent_updates(PerPersonUpdateProcessor())
        .context_types(ContextTypes(context=Context))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["deps"] = Deps(settings=settings, content=content, store=store, clock=clock)

    staff = filters.User(user_id=settings.staff_ids)

    def from_staff(update: Update) -> bool:
        """The clinic's own messages (announcements, notes about a mother) are not a mother's
        warning signs: staff test the bot as a mother from another account."""
        return settings.is_staff(update.effective_user.id if update.effective_user else None)

    # THE ORDERED PATH. Every update goes through these steps in this order. PTB runs at most
    # one handler per group, lowest group first; a step that has answered an update stops it
    # (ApplicationHandlerStop), so nothing after it can act on it.
    application.add_handlers({
        # 0. Whose language: every reply to this update is in it (staff: the clinic's). A first
        #    update from her since the start waits at most LOOKUP_SECONDS for her stored choice.
        LANGUAGE_STEP: [TypeHandler(Update, pick_language)],
        # 1. The safety net, before any handler can swallow it: every text and caption a mother
        #    sends in a private chat is read for warning signs (before consent, in every state
        #    of every conversation, in a flood, in an album). A hit gets the advice at once (the
        #    database never holds it back), reaches the staff, and stops here. Staff's own
        #    messages are not read.
        #    A message to the clinic (/ask) with a sign still reaches her thread, marked.
        SAFETY_NET: [TypeHandler(Update, ask.after_the_net(safety_net(in_screening=sign_named,
                                                                      exempt=from_staff)))],
        # 2. The flood guard may quiet chatter from one person; a warning sign never reaches it.
        FLOOD_GUARD: [TypeHandler(Update, flood.flood_guard)] if settings.flood_guard else [],
        # 3. Private chats only; in the staff group, staff commands and alert buttons only.
        PRIVATE_ONLY: [TypeHandler(Update, gate.private_chats_only)],
        # 4. Access from one registry: staff commands and buttons do not exist for anyone else.
        STAFF_GATE: [TypeHandler(Update, gate.staff_gate)],
        # 5. An edit changes nothing; it is answered once (the net above has still read it).
        EDITS: [MessageHandler(filters.UpdateType.EDITED, catch_all.edited_message)],
        # 6. The conversations, then plain commands and buttons (each decoded by its kind, so
        #    data that does not decode falls to the stale answer), then the catch-alls.
        #    The first that matches wins.
        HANDLERS: [
            *privacy_handlers(),  # first, so no conversation can swallow /privacy /export /delete
            build_screening(),
            build_settings(),
            build_broadcast(settings.staff_ids),
            CallbackQueryHandler(escalations.desk_press, pattern=ALERT),
            CallbackQueryHandler(reports.stop_broadcast, pattern=STOP_BROADCAST),
            CommandHandler("escalations", escalations.escalations_command, filters=staff),
            CommandHandler("stats", reports.stats_command, filters=staff),
            CommandHandler("export_csv", reports.export_csv_command, filters=staff),
            CommandHandler("broadcasts", reports.broadcasts_command, filters=staff),
            # The line to the clinic, staff side: her record, join codes, a reply to her
            # thread's message (delivered to her), a note on it.
            CallbackQueryHandler(records.record_press, pattern=RECORD),
            CommandHandler("codes", codes.codes_command, filters=staff),
            CommandHandler("note", threads.note_command, filters=staff),
            MessageHandler(filters.REPLY & staff & ~filters.COMMAND, threads.staff_reply),
            CallbackQueryHandler(day.session_action, pattern=SESSION),
            CallbackQueryHandler(day.checkin_answer, pattern=CHECKIN),
            CallbackQueryHandler(day.other_day_press, pattern=OTHER_DAY),
            CommandHandler("log", day.log_command),
            CallbackQueryHandler(symptoms.symptom_press, pattern=SYMPTOM),
            CommandHandler("symptoms", symptoms.symptoms_command),
            CommandHandler("today", commands.today_command),
            CommandHandler("run", coach.run_command),
            CallbackQueryHandler(coach.start_press, pattern=START_RUN),
            CallbackQueryHandler(coach.control_press, pattern=RUN_CONTROL),
            CommandHandler("plan", commands.plan_command),
            CommandHandler("pause", commands.pause_command),
            CommandHandler("resume", commands.resume_command),
            CommandHandler("progress", commands.progress_command),
            CommandHandler("help", commands.help_command),
            CommandHandler("contact", commands.contact_command),
            CommandHandler("ask", ask.ask_command),
            CallbackQueryHandler(ask.ask_press, pattern=ASK),
            CallbackQueryHandler(ask.done_press, pattern=ASK_DONE),
            CommandHandler("language", language.language_command),
            CallbackQueryHandler(language.language_press, pattern=LANGUAGE),
            CommandHandler("cancel", ask.cancel_command),  # closes her thread, if open
            CallbackQueryHandler(callback_request, pattern=CALL_ME),
            MessageHandler(filters.CONTACT, phone_shared),  # her number, for the call-back
            CallbackQueryHandler(catch_all.stale_button),
            MessageHandler(filters.COMMAND, catch_all.unknown_command),
            MessageHandler(filters.ALL, ask.her_message),  # her open thread, else the pointer
        ],
        # 7. After every update: write conversation states now, so a crash loses nothing.
        AFTER: [TypeHandler(Update, flush_persistence)],
    })
    # A failure's kind is logged, she is told kindly, and a warning sign pressed while the
    # database failed still escalates (the net's rescue).
    application.add_error_handler(error_handler(rescue=signs_pressed_in_a_failure))

    if run_jobs:
        # One job a minute sends every nudge that is due; the database holds the schedule.
        # A tick that starts up to 50 s late still runs (APScheduler's default of 1 s would
        # silently drop it); ticks never overlap, and missed ones collapse into one.
        jobs = _job_queue(application)
        jobs.run_repeating(
            nudge_tick, interval=TICK_SECONDS, first=5, name="nudges",
            job_kwargs={"misfire_grace_time": 50, "coalesce": True, "max_instances": 1})
        jobs.run_daily(
            retention_job, time=time(3, 15, tzinfo=UTC), name="retention",
            job_kwargs={"misfire_grace_time": 6 * 3600, "coalesce": True, "max_instances": 1})
    return application


async def _post_init(application: Application) -> None:
    bot, deps = application.bot, application.bot_data["deps"]
    await bot.set_my_commands(gate.menu(deps.staff_texts, "mother"),
                              scope=BotCommandScopeAllPrivateChats())
    for code in deps.library.names:  # the menu in her app's language, where the bot speaks it
        if code != CLINIC_LANGUAGE:
            await bot.set_my_commands(gate.menu(deps.texts_in(code), "mother"),
                                      scope=BotCommandScopeAllPrivateChats(), language_code=code)
    for staff_id in sorted(deps.settings.staff_ids):
        # Telegram refuses a scope for someone who has never opened the bot.
        with contextlib.suppress(TelegramError):
            await bot.set_my_commands(gate.menu(deps.staff_texts, "staff"),
                                      scope=BotCommandScopeChat(staff_id))
    # Coached runs a restart cut off carry on at the right point: due cues now, stale ones folded.
    await coach.pick_up_runs(application)
    # Announcements a restart cut off carry on where they stopped, once the bot is running.
    _job_queue(application).run_once(_resume_broadcasts, 0, name="resume-broadcasts")


def _job_queue(application: Application) -> JobQueue:
    if application.job_queue is None:  # PTB has one when its job-queue extra is installed
        raise RuntimeError("the nudges need PTB's job queue: install python-telegram-bot[job-queue]")
    return application.job_queue


async def _resume_broadcasts(context: Context) -> None:
    deps = context.deps
    application = context.application

    def running() -> bool:
        return application.running

    for row in await StaffStore(deps.store).unfinished_broadcasts():
        application.create_task(run_broadcast(context.bot, deps, saved_id(row), running=running),
                                name=f"broadcast-{row.id}")


async def _post_shutdown(application: Application) -> None:
    await application.bot_data["deps"].store.close()
