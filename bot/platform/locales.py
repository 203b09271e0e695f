"""The clinic's country, as data (content/locales.toml): its emergency and support numbers, its
time zone, and which folders make its English."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

LOCALES_FILE = Path(__file__).resolve().parents[2] / "content" / "locales.toml"
Number = Annotated[str, Field(pattern=r"^[0-9+ -]{2,20}$")]


class ClinicLocale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    english: tuple[str, ...] = Field(min_length=1)
    # The languages offered to mothers at this clinic, besides English ([languages] names them).
    # A translation names this country's services, so it is offered only where it was written for.
    languages: tuple[str, ...] = ()
    emergency_number: Number
    crisis_line: Number
    maternal_line: Number
    timezone: str


class Locales(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    clinics: dict[str, ClinicLocale]
    languages: dict[str, str]


@cache
def load_locales(path: Path = LOCALES_FILE) -> Locales:
    return Locales.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
