"""The daily retention job (bot.journey.privacy says what goes):

- the health answers of long-inactive mothers, and the signs of their escalations;
- what is kept about people who never consented, after RETENTION_DAYS_UNCONSENTED days: their
  conversation states, and the name with a warning sign they named;
- delivery rows older than 90 days;
- and, again, the staff messages about mothers who deleted their data that /delete could not
  edit at the time (Telegram down, a stop).
"""

from __future__ import annotations

import logging

from bot.journey.privacy import (
    forget_conversations,
    prune_deliveries,
    purge_before,
    purge_inactive,
    purge_unconsented,
)
from bot.journey.thread_copies import redact_copies
from bot.platform.context import Context, deps_of
from bot.safety.alerts import redact_alerts
from bot.storage.threads_store import ThreadStore

log = logging.getLogger(__name__)


async def retention_job(context: Context) -> None:
    """The daily JobQueue callback."""
    application = context.application
    deps, now = deps_of(application), deps_of(application).clock()
    settings = deps.settings
    report = await purge_inactive(deps.store, now, settings.retention_months)
    log.info("retention: %d inactive since %s, %d assessments emptied, %d session logs deleted, "
             "%d escalations without signs, %d escalation notes and %d phone numbers deleted",
             report.users, report.cutoff.date().isoformat(), report.assessments, report.sessions,
             report.escalations, report.notes, report.phones)
    gone = await purge_unconsented(deps.store, now, settings.retention_days_unconsented,
                                   keep=settings.staff_ids)
    if gone.conversations:  # the running handlers forget them too, and so does persistence
        forget_conversations(application, gone.conversations)
        await application.update_persistence()
    log.info("retention: never consented, unchanged since %s: %d conversation states deleted, "
             "%d names removed from escalations", gone.cutoff.date().isoformat(),
             len(gone.conversations), gone.names)
    log.info("retention: %d delivery rows deleted", await prune_deliveries(deps.store, now))
    edited = await redact_alerts(context.bot, deps, keep_going=lambda: application.running)
    if edited:
        log.info("retention: %d staff messages about deleted mothers edited", edited)
    # Threads with no message for RETENTION_MONTHS go, as her answers do; then her thread's
    # staff messages that are to read "(deleted)" (and any an erasure could not edit then).
    threads = await ThreadStore(deps.store).purge_threads(
        purge_before(now, settings.retention_months))
    if threads:
        log.info("retention: %d quiet threads with the clinic deleted", threads)
    edited = await redact_copies(context.bot, deps, keep_going=lambda: application.running)
    if edited:
        log.info("retention: %d thread messages about deleted mothers edited", edited)
