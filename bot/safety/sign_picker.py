"""The warning-signs multi-select, as the screening and /symptoms both show it: "None of these"
on top, a box per sign (ticked when chosen), "Done" below. One keyboard, one toggle rule.

Where the ticks are kept differs on purpose: the screening saves them in her draft (so a
restart keeps them), /symptoms keeps them in memory, with the keyboard as the fallback after a
restart (nothing about her health is stored before she presses Done).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.access.registry import SIGNS_DONE, TOGGLE_SIGN
from bot.platform.content import Sign
from bot.platform.texts import Texts

TICK, BOX = "☑️ ", "⬜ "


def toggle(chosen: Sequence[str], sign: str) -> list[str]:
    """Her choice with `sign` ticked or unticked, in the order she ticked them."""
    return [s for s in chosen if s != sign] if sign in chosen else [*chosen, sign]


def signs_keyboard(texts: Texts, signs: Iterable[Sign], chosen: Collection[str], *,
                   toggle_data: Callable[[str], str], none_data: str,
                   done_data: str) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(texts.msg("signs_none"), callback_data=none_data)]]
    rows += [[InlineKeyboardButton((TICK if s.id in chosen else BOX) + s.label,
                                   callback_data=toggle_data(s.id))] for s in signs]
    rows.append([InlineKeyboardButton(texts.msg("signs_done_button"), callback_data=done_data)])
    return InlineKeyboardMarkup(rows)


def ticked(markup: InlineKeyboardMarkup | None, sign_of: Callable[[str], str | None]) -> set[str]:
    """The signs ticked on a keyboard this module drew; `sign_of` reads a button's sign."""
    chosen = set()
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            sign = sign_of(button.callback_data) if isinstance(button.callback_data, str) else None
            if sign is not None and button.text.startswith(TICK):
                chosen.add(sign)
    return chosen


def _screening_sign(data: str) -> str | None:
    fields = TOGGLE_SIGN.unpack(data)
    return fields.sign if fields is not None else None


def screening_signs_pressed(data: object, markup: InlineKeyboardMarkup | None) -> set[str]:
    """The signs a press on the screening's warning-sign question stands for, read from the
    button and the keyboard alone (for when her draft cannot be read): a tick, with those ticked
    before it; Done, those ticked. Nothing for an untick that leaves none, or any other press."""
    toggled = _screening_sign(data) if isinstance(data, str) else None
    if toggled is None and SIGNS_DONE.unpack(data) is None:
        return set()
    shown = ticked(markup, _screening_sign)
    return shown ^ {toggled} if toggled is not None else shown
