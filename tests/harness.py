"""Drive the real bot through the loopback double, as a person would: type, press, read.

Waiting is event-driven: an update counts as handled when the double has seen PTB confirm it
(the next getUpdates offset) and the Application's update queue has drained.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.platform.app import build_application
from bot.platform.content import Content
from bot.platform.settings import Settings
from bot.storage.migrate import upgrade
from bot.storage.store import Store
from telegram_double import TelegramDouble


@dataclass
class Seen:
    """What one chat received while an update was handled."""

    texts: list[str]
    buttons: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return "\n---\n".join(self.texts)


class Harness:
    def __init__(self, double: TelegramDouble, settings: Settings, content: Content,
                 clock: Any) -> None:
        self.double, self.settings, self.content, self.clock = double, settings, content, clock
        self.app: Application | None = None
        self.store: Store | None = None

    async def start(self) -> None:
        self.store = Store.from_url(self.settings.database_url,
                                    self.settings.database_timeout_seconds)
        await upgrade(self.store.engine)
        content = getattr(self.content, "_content", self.content)  # tests/words.py's view
        self.app = build_application(self.settings, content, self.store, clock=self.clock,
                                     run_jobs=False)
        await self.app.initialize()
        await self.app.post_init(self.app)  # what run_polling does after initialize()
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0, timeout=5)

    async def stop(self) -> None:
        if self.app is None:
            return
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)  # what run_polling does after shutdown(): the
        self.app = None                          # database's connections close with the loop

    async def crash(self) -> None:
        """Stop fetching updates and abandon the Application without any shutdown or flush,
        as kill -9 would. Whatever was not yet written to the database is lost."""
        await self.app.updater.stop()
        self.abandoned = self.app
        self.app = None

    async def settle(self) -> None:
        await self.double.wait_until_consumed()
        await self.app.update_queue.join()

    async def _act(self, chat_id: int, inject: Any) -> Seen:
        before = len(self.double.calls)
        inject()
        await self.settle()
        return self.seen_since(before, chat_id)

    def seen_since(self, index: int, chat_id: int) -> Seen:
        texts, buttons = [], []
        for method, params in self.double.calls[index:]:
            if str(params.get("chat_id")) != str(chat_id):
                continue
            if method in ("sendMessage", "editMessageText"):
                texts.append(params["text"])
            markup = params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                buttons += [(b["text"], b.get("callback_data", "")) for b in row]
        return Seen(texts, buttons)

    async def say(self, user: Any, text: str) -> Seen:
        return await self._act(user.id, lambda: self.double.send_text(user, text))

    async def press(self, user: Any, label: str, *, exact: bool = False) -> Seen:
        """Press the button whose label contains `label` on the bot's latest message with buttons."""
        message = next(m for m in reversed(self.double.messages(user.id)) if m.buttons)
        data = next(d for t, d in message.buttons if (t == label if exact else label in t))
        return await self._act(user.id, lambda: self.double.press(user, message, data))

    async def press_data(self, user: Any, data: str, message: Any = None) -> Seen:
        message = message or self.double.last_message(user.id)
        return await self._act(user.id, lambda: self.double.press(user, message, data))

    async def tick(self) -> Any:
        """One run of the minute job, at the test clock's time."""
        from bot.jobs.nudges import run_tick
        from bot.platform.context import deps_of

        return await run_tick(self.app.bot, deps_of(self.app))

    async def tick_at(self, when: Any) -> Any:
        self.clock.now = when
        return await self.tick()

    def buttons(self, user: Any) -> list[tuple[str, str]]:
        message = next((m for m in reversed(self.double.messages(user.id)) if m.buttons), None)
        return message.buttons if message else []


async def seed_mum(h: Harness, user_id: int, *, phase: int = 2, zone: str = "Europe/London",
                   at: str = "07:30", run_days: str = "0,2,4", rung: int = 0,
                   feeding: bool = False, name: str = "Anna") -> Any:
    """A mother who finished her screening earlier: consented, with a phase and a schedule."""
    from datetime import timedelta

    from bot.journey.her_plan import first_due
    from bot.platform.context import deps_of

    tg_user = h.double.user(user_id, first_name=name)
    h.double.register_chat(tg_user)
    store = h.store
    await store.record_consent(user_id, first_name=name, username=None, source=None,
                               consent_version=h.content.version)
    draft = await store.start_assessment(user_id, defaults={}, content_version=h.content.version)
    born = (h.clock() - timedelta(weeks=16)).date().isoformat()
    await store.save_answers(draft.id, {"birth_date": born, "feeding": "yes" if feeding else "no"})
    await store.complete_assessment(draft.id, phase=phase, escalation=None, reasons=[],
                                    now=h.clock())
    user = await store.update_user(user_id, timezone=zone, reminder_time=at, run_days=run_days,
                                   interval_level=rung, interval_since=h.clock())
    deps = deps_of(h.app)
    await store.update_user(user_id, next_nudge_at=first_due(deps, user, h.clock()))
    return tg_user
