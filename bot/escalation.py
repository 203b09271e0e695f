"""The one way to escalate. Screening, check-ins and symptom reports all call `escalate`.

It records the escalation first (so nothing is lost if Telegram fails), then tells her what to
do and how to reach APEX or emergency care, then alerts the clinic's staff.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.context import Deps
from bot.core.safety_net import scan
from bot.desk import post_alert, staff_targets
from bot.storage.models import Escalation, User
from bot.texts import Birth

log = logging.getLogger(__name__)


async def escalate(bot: Bot, deps: Deps, *, user: User, level: str, signs: Sequence[str],
                   source: str, birth: Birth | None, details: str = "") -> Escalation:
    """`details` (her result, for a contact-APEX level) goes in the same message, after the
    advice; emergency and urgent messages never carry any."""
    row = await deps.store.open_escalation(user.telegram_id, level=level, source=source,
                                           signs=list(signs), now=deps.clock())
    markup = None
    text = deps.texts.escalation(level, signs, birth)
    if level == "apex":
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            deps.texts.msg("callback_button"), callback_data=f"cb1:{row.id}")]])
        text = f"{text}\n\n{details}" if details else text
    try:
        await bot.send_message(user.telegram_id, text, reply_markup=markup)
    except TelegramError as exc:
        # The staff must hear of it all the same; she sees it again on her next /start.
        log.error("escalation %s: the message to her failed: %s", row.id, type(exc).__name__)
    await post_alert(bot, deps, row, user, birth)
    log.info("escalation %s opened (level %s, source %s)", row.id, level, source)
    return row


async def alert_staff(bot: Bot, deps: Deps, text: str) -> int:
    """Send to the staff chat, or to each staff member when there is none. Returns how many got it."""
    targets = staff_targets(deps)
    delivered = 0
    for chat_id in targets:
        try:
            await bot.send_message(chat_id, text)
            delivered += 1
        except TelegramError as exc:
            log.warning("staff alert to a staff chat failed: %s", type(exc).__name__)
    if not targets:
        log.warning("no STAFF_CHAT_ID or STAFF_IDS set: an escalation reached nobody at the clinic")
    return delivered


async def safety_net(update: Update, deps: Deps, source: str = "message") -> bool:
    """Free text that names an emergency or urgent sign gets the same answer as the screening.
    True when it did (the caller then says nothing else)."""
    message = update.effective_message
    hit = scan(message.text or message.caption or "", deps.phrases)
    if hit is None:
        return False
    user = await deps.store.get_user(update.effective_user.id)
    latest = await deps.store.latest_assessment(user.telegram_id) if user else None
    birth = Birth.from_answers(latest.answers, deps.today()) if latest else None
    if user is None:  # not consented: the advice, but nothing stored and nobody alerted
        await message.reply_text(deps.texts.escalation(hit.level, [hit.sign_id], None))
        return True
    await escalate(update.get_bot(), deps, user=user, level=hit.level, signs=[hit.sign_id],
                   source=source, birth=birth)
    return True
