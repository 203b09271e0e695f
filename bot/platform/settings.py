"""Configuration from the environment and `.env`, checked once at start-up."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.platform.locales import load_locales
from bot.platform.validation import one_line

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)  # the only ports Telegram posts updates to
WEBHOOK_PATH = re.compile(r"(/[A-Za-z0-9_-]+)+/?")  # not empty, not "/"; see _webhook_url_served
NOT_SET = "(not set)"


class SettingsError(Exception):
    """A setting is wrong; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    database_url: str = "sqlite+aiosqlite:///data/apex.db"
    staff_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    staff_chat_id: int | None = None
    apex_phone: str = NOT_SET
    apex_email: str = NOT_SET
    apex_booking_url: str = NOT_SET
    # The clinic's country (content/locales.toml): its numbers, time zone and English. Each of
    # the four settings below overrides one of its values; empty takes the locale's.
    clinic_locale: str = "en-US"
    emergency_number: str = Field(default="", pattern=r"^([0-9+ -]{2,20})?$")
    crisis_line: str = Field(default="", pattern=r"^([0-9+ -]{2,20})?$")
    maternal_line: str = Field(default="", pattern=r"^([0-9+ -]{2,20})?$")
    default_timezone: str = ""
    default_reminder_time: time = time(7, 30)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    # Loopback: only the TLS proxy that WEBHOOK_URL names, on this machine, reaches the server.
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    privacy_policy_url: str = NOT_SET
    # An unclaimed escalation is announced to the staff again after this long, and again after
    # each such interval until someone claims it: minutes for emergency and urgent ones.
    escalation_reminder_minutes: int = Field(default=15, ge=1, le=24 * 60)
    escalation_reminder_hours: int = Field(default=24, ge=1, le=168)
    # Telegram's ceiling for one bot (messages a second). One sender shares it out: replies and
    # alerts first, then nudges, then announcements (bot.platform.rate_limit).
    telegram_max_rate: float = Field(default=30, gt=0)
    # Telegram's ceiling for one group chat (the staff chat), messages a minute, evenly spaced.
    telegram_group_per_minute: float = Field(default=20, gt=0)
    retention_months: int = Field(default=24, ge=1, le=120)
    # Days until a never-consented person's conversation step and sign-alert name are deleted.
    retention_days_unconsented: int = Field(default=30, ge=1, le=3650)
    flood_guard: bool = True  # answer a flood once, then ignore it for a few seconds
    # A screening button pressed this soon after its question appeared is a second tap meant for
    # the question before (one message carries the questions), so it is refused.
    double_tap_seconds: float = Field(default=1.0, ge=0, le=5)
    # How long a database call may wait (a locked SQLite file, a PostgreSQL connection) before
    # it fails and she is answered kindly; a warning sign's advice never waits for it.
    database_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # Where a warning sign the database could not record waits until it can (bot/storage/outbox.py).
    outbox_path: Path = Path("data/outbox.jsonl")
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$")

    @field_validator("staff_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("telegram_bot_token", "webhook_secret", "webhook_url", "staff_chat_id",
                     mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("apex_phone", "apex_email", "apex_booking_url", "privacy_policy_url",
                     mode="before")
    @classmethod
    def _blank_contact_is_unset(cls, value: object) -> object:
        return NOT_SET if value == "" else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_served(cls, value: str | None) -> str | None:
        """The path of WEBHOOK_URL is the one path the webhook server serves (runner.py), so it
        must be one: https, Telegram's ports, and a path of letters, digits, - and _ segments
        (PTB turns it into a route pattern, where other characters would match other paths)."""
        if value is None:
            return value
        url = urlsplit(value)
        if url.scheme != "https" or not url.hostname:
            raise ValueError("expected https://your.host/a-path: Telegram posts updates over "
                             "HTTPS only, to your TLS proxy")
        try:
            port = url.port
        except ValueError:
            raise ValueError("the port is not a number") from None
        if port not in (None, *TELEGRAM_WEBHOOK_PORTS):
            raise ValueError(f"port {port}: Telegram posts only to ports 443, 80, 88 and 8443")
        if url.query or url.fragment or not WEBHOOK_PATH.fullmatch(url.path):
            raise ValueError("needs a path such as https://your.host/telegram/some-secret-name "
                             "(letters, digits, - and _ between the slashes; no ? or #): the "
                             "webhook server serves that path, and only that one")
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and ":" not in value.get_secret_value():
            raise ValueError("expected the form 123456789:ABC..., as BotFather gives it")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not value:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/London") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db")
        return value

    @model_validator(mode="after")
    def _locale_defaults(self) -> Settings:
        clinics = load_locales().clinics
        if self.clinic_locale not in clinics:
            raise ValueError(f"CLINIC_LOCALE: {self.clinic_locale!r} is not one of "
                             f"{', '.join(sorted(clinics))} (content/locales.toml)")
        clinic = clinics[self.clinic_locale]
        for name in ("emergency_number", "crisis_line", "maternal_line"):
            if not getattr(self, name):
                setattr(self, name, getattr(clinic, name))
        if not self.default_timezone:
            self.default_timezone = clinic.timezone
        return self

    @model_validator(mode="after")
    def _clinic_contacts_for_real_use(self) -> Settings:
        if self.telegram_bot_token is not None:
            for name in ("apex_phone", "apex_email", "apex_booking_url", "privacy_policy_url"):
                if getattr(self, name) == NOT_SET:
                    raise ValueError(f"{name.upper()} must be set when the bot talks to Telegram")
            if not self.staff_ids:
                raise ValueError(
                    "STAFF_IDS must be set (the Telegram ids of the clinic's staff): only they can "
                    "work the escalations and send announcements"
                    + (", and STAFF_CHAT_ID alone lets nobody press an alert's buttons"
                       if self.staff_chat_id is not None else ""))
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET must be set when WEBHOOK_URL is set")
        if self.webhook_secret is not None and not re.fullmatch(
                r"[A-Za-z0-9_-]{16,256}", self.webhook_secret.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET: 16-256 characters of A-Z, a-z, 0-9, _ and - "
                             "(Telegram's rule)")
        return self

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    def is_staff(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.staff_ids


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, or SettingsError with one line naming what is wrong."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(one_line(exc, lambda loc: "_".join(map(str, loc)).upper())) from None
