"""python-telegram-bot persistence kept in the bot's own database.

Only conversation states are persisted: everything else the bot knows about a mother lives in
its own tables. A handler in a late group flushes after every update (see app.py), so a crash,
even kill -9, never loses the step she was on.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.storage.store import Store

ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


class SqlPersistence(BasePersistence[dict, dict, dict]):
    def __init__(self, store: Store, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=False,
                                        callback_data=False),
            update_interval=update_interval,
        )
        self.store = store
        # What the database holds, so an answer that leaves her on the same step (most do)
        # costs no write. Only this process writes these rows.
        self._stored: dict[tuple[str, str], object] = {}

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = await self.store.conversations(name)
        self._stored.update({(name, key): state for key, state in rows.items()})
        return {tuple(json.loads(key)): state for key, state in rows.items()}

    async def update_conversation(self, name: str, key: ConversationKey,
                                  new_state: object | None) -> None:
        row = (name, json.dumps(list(key)))
        if self._stored.get(row) == new_state:  # None: no row, none wanted
            return
        await self.store.save_conversation(*row, new_state)
        if new_state is None:
            self._stored.pop(row, None)
        else:
            self._stored[row] = new_state

    # Nothing else is persisted through PTB; these satisfy the interface.
    async def get_user_data(self) -> dict[int, dict]:
        return {}

    async def get_chat_data(self) -> dict[int, dict]:
        return {}

    async def get_bot_data(self) -> dict:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_user_data(self, user_id: int, data: dict) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        return None

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def flush(self) -> None:
        return None


async def flush_persistence(update: object, context: Any) -> None:
    """Last group: write conversation states now, not a minute later, so kill -9 loses nothing."""
    await context.application.update_persistence()
