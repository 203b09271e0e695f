"""Ending a mother's conversation from outside it, when something else has taken over (the
safety net ended her questions).

PTB has no public call for this: a ConversationHandler ends a conversation only when one of its
own callbacks returns END. Its tracking dict and its timeout jobs are what it consults, so
those are what is cleared here (bot/journey/privacy.py's erasure does the same), and the
persisted state follows at once.
"""

from __future__ import annotations

from telegram.ext import Application, ConversationHandler


def _named(application: Application, name: str) -> ConversationHandler | None:
    for group in application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler) and handler.name == name:
                return handler
    return None


async def end_conversation(application: Application, name: str, chat_id: int, user_id: int) -> bool:
    """End her conversation `name` (per chat and user, as ours are). False if none was open."""
    handler = _named(application, name)
    if handler is None:
        return False
    key = (chat_id, user_id)
    job = handler.timeout_jobs.pop(key, None)
    if job is not None:
        job.schedule_removal()
    ended = handler._conversations.pop(key, None) is not None
    if ended:
        await application.update_persistence()
    return ended
