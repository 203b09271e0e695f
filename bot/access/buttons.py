"""Typed button data: one small codec per button kind, so no handler splits strings by hand.

A kind is a short prefix with a version digit (``es1``) and typed fields::

    ALERT = ButtonKind("es1", "staff", ("escalation", int), ("action", ("claim", "contacted", "closed")))
    ALERT.pack(42, "claim")        -> "es1:42:claim"
    ALERT.unpack("es1:42:claim")   -> Data(escalation=42, action="claim")
    ALERT.unpack("es1:42:steal")   -> None

A kind is also the `pattern` of its CallbackQueryHandler (PTB calls it with the data), so data
that does not decode never reaches the handler: it falls through to the stale-button answer.
Changing a kind's fields means a new version digit; old buttons then simply go stale.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any, Literal

Audience = Literal["mother", "staff"]
# A field is an int (a database id: up to 12 digits), a fixed set of words, or a regex of its own.
FieldKind = type[int] | tuple[str, ...] | re.Pattern[str]
_INT = re.compile(r"\d{1,12}")
MAX_BYTES = 64  # Telegram's limit for callback data


class ButtonKind:
    def __init__(self, prefix: str, audience: Audience, *fields: tuple[str, FieldKind]) -> None:
        if not re.fullmatch(r"[a-z]{1,3}\d", prefix):
            raise ValueError(f"a button prefix is letters and a version digit, not {prefix!r}")
        self.prefix, self.audience, self.fields = prefix, audience, fields
        self.Data = namedtuple("Data", [name for name, _ in fields])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"ButtonKind({self.prefix!r})"

    def owns(self, data: object) -> bool:
        """The data claims to be of this kind (it may still not decode)."""
        return isinstance(data, str) and (data == self.prefix or data.startswith(self.prefix + ":"))

    def pack(self, *values: Any) -> str:
        if len(values) != len(self.fields):
            raise TypeError(f"{self.prefix} takes {len(self.fields)} values")
        data = ":".join([self.prefix, *(str(v) for v in values)])
        if self.unpack(data) is None or len(data.encode()) > MAX_BYTES:
            raise ValueError(f"{data!r} is not valid {self.prefix} button data")
        return data

    def unpack(self, data: object) -> Any:
        """The typed fields, or None when the data is not a valid button of this kind."""
        if not self.owns(data):
            return None
        parts = str(data).split(":")[1:]
        if len(parts) != len(self.fields):
            return None
        values: list[Any] = []
        for part, (_, kind) in zip(parts, self.fields, strict=True):
            if kind is int:
                if not _INT.fullmatch(part):
                    return None
                values.append(int(part))
            elif isinstance(kind, tuple):
                if part not in kind:
                    return None
                values.append(part)
            elif isinstance(kind, re.Pattern):
                if not kind.fullmatch(part):
                    return None
                values.append(part)
        return self.Data(*values)

    def __call__(self, data: object) -> bool:
        """As a CallbackQueryHandler pattern: does the data decode?"""
        return self.unpack(data) is not None
