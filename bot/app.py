"""build_application: every handler, in the order it is tried, in one readable list."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, time

from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import commands, desk, flood, sessions, staff
from bot.broadcaster import run_broadcast
from bot.content import Content
from bot.context import Context, Deps, system_clock
from bot.nudges import TICK_SECONDS, nudge_tick
from bot.persistence import SqlPersistence
from bot.privacy import privacy_handlers, retention_job
from bot.settings import Settings
from bot.storage.staff import StaffStore
from bot.storage.store import Store
from bot.updates import PerPersonUpdateProcessor
from conversations.broadcast import build_broadcast
from conversations.screening import build_screening
from conversations.settings import build_settings

log = logging.getLogger(__name__)

USER_COMMANDS = [
    BotCommand("start", "Start, or carry on where you left off"),
    BotCommand("today", "Today's exercises or run"),
    BotCommand("plan", "Your phase and what moves you on"),
    BotCommand("symptoms", "Tell me something doesn't feel right"),
    BotCommand("progress", "A chart of your last weeks"),
    BotCommand("settings", "Reminder time, time zone, run days"),
    BotCommand("pause", "Pause the daily nudges"),
    BotCommand("resume", "Restart the daily nudges"),
    BotCommand("reassess", "Answer the readiness questions again"),
    BotCommand("contact", "How to reach APEX"),
    BotCommand("privacy", "What I keep about you, and why"),
    BotCommand("export", "A file of everything I keep about you"),
    BotCommand("delete", "Delete everything I keep about you"),
    BotCommand("help", "What I can do"),
    BotCommand("cancel", "Stop the current questions"),
]
STAFF_COMMANDS = [
    *USER_COMMANDS,
    BotCommand("escalations", "Open escalations, most serious and oldest first"),
    BotCommand("broadcast", "Send an announcement"),
    BotCommand("broadcasts", "Recent announcements, and stop one"),
    BotCommand("stats", "The clinic's view"),
    BotCommand("export_csv", "Progress per mother, as CSV"),
]

class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter, plus up to three retries, 0.5, 1 and 2 s apart, of a call that failed
    with a 5xx or a broken connection. Not retried: a timeout (it may have arrived), Telegram's
    refusals, and getUpdates (the updater retries it). A connection lost after Telegram took the
    call can mean a duplicate; a message never sent is worse."""

    PAUSES = (0.5, 1.0, 2.0)

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for pause in (*self.PAUSES, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if pause is None or endpoint == "getUpdates":
                    raise
                log.warning("%s failed (%s); retrying in %s s", endpoint, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")


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
        # One request per 1/rate seconds, without the leaky bucket's initial burst, so no
        # second ever holds more than Telegram's ceiling. Retries RetryAfter up to 3 times.
        .rate_limiter(RetryingRateLimiter(overall_max_rate=1,
                                          overall_time_period=1 / settings.telegram_max_rate,
                                          group_max_rate=1, group_time_period=3,
                                          max_retries=3))
        .persistence(SqlPersistence(store))
        .concurrent_updates(PerPersonUpdateProcessor())
        .context_types(ContextTypes(context=Context))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["deps"] = Deps(settings=settings, content=content, store=store, clock=clock)

    # Guards, each in its own group (only one handler per group runs), before everything:
    # refuse group chats; make staff commands and buttons not exist for anyone else; answer
    # edits without acting on them. Each stops the update with ApplicationHandlerStop.
    if settings.flood_guard:
        # More than ~1 update a second (5 at once) from one person is answered once and ignored
        # for a few seconds, so replies stay within Telegram's limit for one chat.
        application.add_handler(TypeHandler(Update, flood.flood_guard), group=-4)
    application.add_handler(TypeHandler(Update, commands.private_chats_only), group=-3)
    application.add_handler(TypeHandler(Update, staff.staff_gate), group=-2)
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, commands.edited_message),
                            group=-1)

    # Group 0, first match wins: the screening, then plain commands, then the catch-alls.
    application.add_handlers([
        *privacy_handlers(),  # first, so no conversation can swallow /privacy /export /delete
        build_screening(),
        build_settings(),
        build_broadcast(),
        CallbackQueryHandler(desk.desk_press, pattern=r"^es1:"),
        CallbackQueryHandler(staff.stop_broadcast, pattern=r"^bc2:"),
        CommandHandler("escalations", desk.escalations_command),
        CommandHandler("stats", staff.stats_command),
        CommandHandler("export_csv", staff.export_csv_command),
        CommandHandler("broadcasts", staff.broadcasts_command),
        CallbackQueryHandler(sessions.session_action, pattern=r"^s1:"),
        CallbackQueryHandler(sessions.checkin_answer, pattern=r"^ci1:"),
        CallbackQueryHandler(sessions.symptom_press, pattern=r"^sy1:"),
        CommandHandler("symptoms", sessions.symptoms_command),
        CommandHandler("today", sessions.today_command),
        CommandHandler("plan", sessions.plan_command),
        CommandHandler("pause", sessions.pause_command),
        CommandHandler("resume", sessions.resume_command),
        CommandHandler("progress", sessions.progress_command),
        CommandHandler("help", commands.help_command),
        CommandHandler("contact", commands.contact_command),
        CommandHandler("cancel", commands.nothing_to_cancel),
        CallbackQueryHandler(commands.callback_request, pattern=r"^cb1:"),
        CallbackQueryHandler(commands.stale_button),
        MessageHandler(filters.COMMAND, commands.unknown_command),
        MessageHandler(filters.ALL, commands.outside_conversation),
    ])

    # Group 1, after every update: persist conversation states straight away.
    application.add_handler(TypeHandler(Update, commands.flush_persistence), group=1)
    application.add_error_handler(commands.on_error)

    if run_jobs:
        # One job a minute sends every nudge that is due; the database holds the schedule.
        # A tick that starts up to 50 s late still runs (APScheduler's default of 1 s would
        # silently drop it); ticks never overlap, and missed ones collapse into one.
        application.job_queue.run_repeating(
            nudge_tick, interval=TICK_SECONDS, first=5, name="nudges",
            job_kwargs={"misfire_grace_time": 50, "coalesce": True, "max_instances": 1})
        application.job_queue.run_daily(
            retention_job, time=time(3, 15, tzinfo=UTC), name="retention",
            job_kwargs={"misfire_grace_time": 6 * 3600, "coalesce": True, "max_instances": 1})
    return application


async def _post_init(application: Application) -> None:
    bot, settings = application.bot, application.bot_data["deps"].settings
    await bot.set_my_commands(USER_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    for staff_id in sorted(settings.staff_ids):
        # Telegram refuses a scope for someone who has never opened the bot.
        with contextlib.suppress(TelegramError):
            await bot.set_my_commands(STAFF_COMMANDS, scope=BotCommandScopeChat(staff_id))
    # Announcements a restart cut off carry on where they stopped, once the bot is running.
    application.job_queue.run_once(_resume_broadcasts, 0, name="resume-broadcasts")


async def _resume_broadcasts(context: Context) -> None:
    deps = context.deps
    for row in await StaffStore(deps.store).unfinished_broadcasts():
        context.application.create_task(run_broadcast(context.bot, deps, row.id),
                                        name=f"broadcast-{row.id}")


async def _post_shutdown(application: Application) -> None:
    await application.bot_data["deps"].store.close()
