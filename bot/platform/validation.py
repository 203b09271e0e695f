"""One way to turn a pydantic ValidationError into the one line a person reads at start-up."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import ValidationError

Location = Sequence[int | str]


def dotted(loc: Location) -> str:
    return ".".join(str(part) for part in loc)


def one_line(exc: ValidationError, where: Callable[[Location], str] = dotted, *,
             count_more: bool = False) -> str:
    """"WHERE: what is wrong" for the first problem; `where` names its location the way the
    reader knows it (a setting's name, a content entry). A problem found across entries has
    no location, and its message names what it is about."""
    first = exc.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    place = where(first["loc"]) if first["loc"] else ""
    more = exc.error_count() - 1
    tail = f" (and {more} more)" if count_more and more else ""
    return f"{place}: {message}{tail}" if place else f"{message}{tail}"
