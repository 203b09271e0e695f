"""Text formatting as Telegram reads it: :func:`parse_html` turns Telegram's HTML subset into
plain text plus entities (offsets in UTF-16 code units, errors in Telegram's words),
:func:`check_reply_markup` validates an inline keyboard the way sendMessage does, and
``COMMAND_RE`` finds the /command a user's message starts with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn

from telegram_double.model import BUTTON_KINDS, MAX_CALLBACK_DATA_BYTES, bad_request

COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")
_TAG_RE = re.compile(r"([^\s/>]*)(.*)", re.DOTALL)
_ATTR_RE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?""")
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _tag_entity(name: str, attrs: dict[str, str], fail: Callable[[str], NoReturn]) -> dict:
    """Entity fields for an opening tag (without offset/length); fails on unsupported tags."""
    simple = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
              "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
              "del": "strikethrough", "code": "code", "pre": "pre", "tg-spoiler": "spoiler"}
    if name in simple:
        entity: dict[str, Any] = {"type": simple[name]}
        if name == "code" and attrs.get("class", "").startswith("language-"):
            entity["language"] = attrs["class"].removeprefix("language-")
        return entity
    if name == "a":
        return {"type": "text_link", "url": attrs.get("href", "")}
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            fail('Tag "span" must have class "tg-spoiler"')
        return {"type": "spoiler"}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if name == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    fail(f'Unsupported start tag "{name}"')


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram's HTML subset into ``(plain_text, entities)`` like the Bot API does.

    Raises :class:`ApiError` ("Bad Request: can't parse entities: ...") for unknown tags, a bare
    ``<`` or ``&``, unclosed or misnested tags. Entity offsets are in UTF-16 code units.
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset into the plain text
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    i = 0

    def fail(reason: str, at: int | None = None) -> NoReturn:
        where = "" if at is None else f" at byte offset {len(text[:at].encode())}"
        raise bad_request(f"can't parse entities: {reason}{where}")

    while i < len(text):
        char = text[i]
        if char == "<":
            end = text.find(">", i)
            if end < 0:
                fail("Unclosed start tag", i)
            body = text[i + 1:end]
            if body.startswith("/"):
                name = body[1:].strip().lower()
                if not stack:
                    fail("Unexpected end tag", i)
                tag, start, entity = stack.pop()
                if name != tag:
                    fail(f'Unmatched end tag, expected "</{tag}>", found "</{name}>"', i)
                if tag == "code" and stack and stack[-1][0] == "pre" and "language" in entity:
                    stack[-1][2]["language"] = entity["language"]
                elif pos > start:
                    entities.append({**entity, "offset": start, "length": pos - start})
            else:
                name, rest = body.partition(">")[0], ""
                if found := _TAG_RE.match(body):
                    name, rest = found[1].lower(), found[2]
                attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR_RE.finditer(rest)}
                if not name:
                    fail('Unsupported start tag ""', i)
                stack.append((name, pos, _tag_entity(name, attrs, lambda r, at=i: fail(r, at))))
            i = end + 1
            continue
        if char == "&":
            match = _ENTITY_RE.match(text, i)
            if match is None:
                fail("Character entity expected", i)
            named, dec, hexa = match.groups()
            char = _NAMED[named] if named else chr(int(dec) if dec else int(hexa, 16))
            i = match.end()
        else:
            i += 1
        out.append(char)
        pos += utf16_len(char)
    if stack:
        fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def check_reply_markup(p: dict[str, Any]) -> dict[str, Any] | None:
    """The request's reply_markup, checked as Telegram checks an inline keyboard."""
    markup = p.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not isinstance(button, dict) or "text" not in button:
                raise bad_request("can't parse inline keyboard button: Can't find field"
                                  ' "text"')
            if not any(kind in button for kind in BUTTON_KINDS):
                raise bad_request("can't parse inline keyboard button: Text buttons are"
                                  " unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not (isinstance(data, str)
                                         and 0 < len(data.encode()) <= MAX_CALLBACK_DATA_BYTES):
                raise bad_request("BUTTON_DATA_INVALID")
    return markup
