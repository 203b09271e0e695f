"""The daily retention job: the health answers of long-inactive mothers are purged
(bot.journey.privacy.purge_inactive says what goes)."""

from __future__ import annotations

import logging

from bot.journey.privacy import purge_inactive
from bot.platform.context import Context, deps_of

log = logging.getLogger(__name__)


async def retention_job(context: Context) -> None:
    """The daily JobQueue callback: purge the health answers of long-inactive mothers."""
    deps = deps_of(context.application)
    report = await purge_inactive(deps.store, deps.clock(), deps.settings.retention_months)
    log.info("retention: %d inactive since %s, %d assessments emptied, %d session logs deleted",
             report.users, report.cutoff.date().isoformat(), report.assessments, report.sessions)
