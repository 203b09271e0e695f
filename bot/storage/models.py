"""The tables. Times are stored in UTC; SQLite gets them back naive, so UTCDateTime re-attaches UTC."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from bot.core.episodes import can_close


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_pseudonym() -> str:
    """A mother's id in the clinic's CSV export: random, so it says nothing about her."""
    return secrets.token_hex(5)


class _Row(Protocol):
    id: int | None


def saved_id(row: _Row) -> int:
    """The id of a row read from the database or flushed into it: only a new row that has not
    been flushed yet has none."""
    if row.id is None:
        raise ValueError(f"this {type(row).__name__} has no id: it was never flushed")
    return row.id


class UTCDateTime(TypeDecorator):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _when(*, nullable: bool = True, index: bool = False) -> Any:
    """A UTC timestamp column; a required one defaults to now."""
    column: Column[datetime] = Column(UTCDateTime(), nullable=nullable, index=index)
    if nullable:
        return Field(default=None, sa_column=column)
    return Field(default_factory=utcnow, sa_column=column)


def _user_ref(*, nullable: bool = False, ondelete: str = "CASCADE") -> Any:
    column = Column(BigInteger, ForeignKey("user.telegram_id", ondelete=ondelete),
                    nullable=nullable, index=True)
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


class User(SQLModel, table=True):
    """A mother who has consented. Nothing about her is stored before she consents."""

    __tablename__ = "user"
    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    first_name: str = Field(sa_column=Column(String(128), nullable=False))
    username: str | None = Field(default=None, sa_column=Column(String(64)))
    source: str | None = Field(default=None, sa_column=Column(String(64)))
    consent_version: str = Field(sa_column=Column(String(32), nullable=False))
    consented_at: datetime = _when(nullable=False)
    timezone: str | None = Field(default=None, sa_column=Column(String(64)))
    # The language she chose with /language (or had when she consented); empty: her Telegram's.
    language: str | None = Field(default=None, sa_column=Column(String(8)))
    reminder_time: str | None = Field(default=None, sa_column=Column(String(5)))
    run_days: str | None = Field(default=None, sa_column=Column(String(16)))
    phase: int | None = None
    phase_since: datetime | None = _when()
    interval_level: int = 0
    interval_since: datetime | None = _when()
    paused: bool = False
    announcements: bool = True
    active: bool = True
    next_nudge_at: datetime | None = _when(index=True)
    # When the clinic closed an emergency or urgent episode of hers: her exercise (nudges,
    # /today, /plan, runs) waits until she has answered the questions again; emptied then.
    reassess_due_at: datetime | None = _when()
    # Pelvic floor reminders: her local times ("08:00,13:00,20:00"), none by default, and when
    # the next one is due (kept on while she is paused or held: the tick skips those).
    pelvic_times: str | None = Field(default=None, sa_column=Column(String(24)))
    next_pelvic_at: datetime | None = _when(index=True)
    created_at: datetime = _when(nullable=False)
    # Her number, only if she shared it with the share-contact button after asking APEX to call
    # her (her consent to be called on it); shown to staff on her escalations.
    phone: str | None = Field(default=None, sa_column=Column(String(32)))
    # A random id the clinic's /export_csv gives her instead of her Telegram id: the same in
    # every export, so the clinic can follow one mother up, and gone with /delete.
    pseudonym: str | None = Field(default_factory=new_pseudonym,
                                  sa_column=Column(String(16), unique=True))


class Assessment(SQLModel, table=True):
    """One run of the questionnaire. While completed_at is empty it is her draft (one at most)."""

    __table_args__ = (Index("ux_assessment_one_draft", "user_id", unique=True,
                            sqlite_where=text("completed_at IS NULL"),
                            postgresql_where=text("completed_at IS NULL")),
                      # Ids are never reused (SQLite would), so an old draft's buttons stay stale.
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    started_at: datetime = _when(nullable=False)
    completed_at: datetime | None = _when()
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    defaults: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    phase: int | None = None
    escalation: str | None = Field(default=None, sa_column=Column(String(16)))
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_version: str = Field(sa_column=Column(String(32), nullable=False))


class Escalation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # NULL once she has deleted her data: the row stays, anonymised, for the clinic's statistics.
    user_id: int | None = _user_ref(nullable=True, ondelete="SET NULL")
    level: str = Field(sa_column=Column(String(16), nullable=False))
    source: str = Field(sa_column=Column(String(16), nullable=False))
    signs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", sa_column=Column(String(16), nullable=False, index=True))
    created_at: datetime = _when(nullable=False)
    callback_requested_at: datetime | None = _when()
    handled_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    handled_at: datetime | None = _when()
    claimed_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    claimed_at: datetime | None = _when()
    # The first name of the staff member who took the last step (claim, contacted, closed), as
    # Telegram gave it: the alert says "Sam will call her" whenever it is drawn again.
    staff_name: str | None = Field(default=None, sa_column=Column(String(128)))
    reminded_at: datetime | None = _when()
    # Where the staff alert is, so that its state can be edited into it.
    alert_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    alert_message_id: int | None = None
    # Every staff message that names her: each copy of each alert (a raised level, a reminder,
    # a copy to each staff member) and her call-back request, as {"chat", "message", "kind"}.
    # /delete edits her name and signs out of them; once anonymised, the ones still listed are
    # those not edited yet (the daily retention job tries again).
    staff_messages: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default=text("'[]'")))
    # Only for a mother who named a warning sign before consenting (no user row): her Telegram
    # id and first name, kept so the clinic can reach her (vital interest), nothing else.
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    name: str | None = Field(default=None, sa_column=Column(String(128)))
    # When a sign was last added to this episode (a new message while it was still open).
    updated_at: datetime | None = _when()

    @property
    def closable(self) -> bool:
        """Staff may close it now (bot.core.episodes.can_close)."""
        return can_close(self.level, self.status,
                         reachable=self.user_id is not None or self.chat_id is not None)


class EscalationNote(SQLModel, table=True):
    """A staff note on an escalation (/note, as a reply to its alert): what was done, what she
    said on the phone. Only the staff see it, in her record; it goes with her escalation's
    signs (/delete, retention), and she finds it in her /export."""

    __tablename__ = "escalation_note"
    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(sa_column=Column(ForeignKey("escalation.id", ondelete="CASCADE"),
                                                nullable=False, index=True))
    staff_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    staff_name: str | None = Field(default=None, sa_column=Column(String(128)))
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _when(nullable=False)


class ConversationState(SQLModel, table=True):
    """python-telegram-bot's persistence: one row per conversation in progress."""

    __tablename__ = "ptb_conversation"
    name: str = Field(sa_column=Column(String(32), primary_key=True))
    key: str = Field(sa_column=Column(String(64), primary_key=True))
    state: Any = Field(sa_column=Column(JSON, nullable=True))
    # When the state last changed: the conversations of people who never consented are
    # deleted RETENTION_DAYS_UNCONSENTED days after it.
    updated_at: datetime | None = _when()


# The kind of a rest day's log (its pelvic floor, a walk if she likes): done or skipped, it
# counts as any day does; left unanswered, it is no missed session.
REST_DAY = "rest"


class SessionLog(SQLModel, table=True):
    """One day's planned session (exercise prompt or run), or rest day, and how it went."""

    __tablename__ = "session_log"
    __table_args__ = (UniqueConstraint("user_id", "local_date", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    local_date: date = Field(sa_column=Column(Date, nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))  # "exercise" | "run"
    phase: int | None = None
    rung: int | None = None
    planned: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    outcome: str | None = Field(default=None, sa_column=Column(String(16)))
    # A coached run she stopped before its last run interval: how it went is kept, but it
    # counts toward the next step only if the programme says so (nudges.partial_runs_count).
    partial: bool = False
    checkin_due_at: datetime | None = _when(index=True)
    checkin_sent_at: datetime | None = _when()
    created_at: datetime = _when(nullable=False)
    answered_at: datetime | None = _when()


class Delivery(SQLModel, table=True):
    """A nudge claimed for one user, kind and local date. Unique, so it goes out at most once,
    across restarts and processes. A claim left "claimed" past its lease is taken over."""

    __table_args__ = (UniqueConstraint("user_id", "kind", "local_date"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    # Indexed for the daily retention job, which deletes the rows older than 90 days.
    local_date: date = Field(sa_column=Column(Date, nullable=False, index=True))
    status: str = Field(default="claimed", sa_column=Column(String(16), nullable=False))
    claimed_at: datetime = _when(nullable=False)
    sent_at: datetime | None = _when()
    error: str | None = Field(default=None, sa_column=Column(String(64)))


class Broadcast(SQLModel, table=True):
    """An announcement from staff: the message to copy, who gets it, and how it is going."""

    id: int | None = Field(default=None, primary_key=True)
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = _when(nullable=False)
    from_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int
    audience: str = Field(sa_column=Column(String(16), nullable=False))  # all|phase|idle|source
    audience_value: str | None = Field(default=None, sa_column=Column(String(64)))
    status: str = Field(default="draft", sa_column=Column(String(16), nullable=False, index=True))
    total: int = 0
    started_at: datetime | None = _when()
    finished_at: datetime | None = _when()
    progress_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    progress_message_id: int | None = None


class BroadcastRecipient(SQLModel, table=True):
    """One mother's copy of a broadcast. Unique, so nobody gets it twice, even after a restart:
    "sending" is claimed before the send, so a send cut off by a crash is never repeated."""

    __tablename__ = "broadcast_recipient"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id"),
        # The next pending recipient in one index step, however far the broadcast has got
        # (without it each claim skips every recipient already done: O(N²) per broadcast).
        Index("ix_broadcast_recipient_pending", "broadcast_id", "id",
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
    )
    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(sa_column=Column(ForeignKey("broadcast.id", ondelete="CASCADE"),
                                               nullable=False, index=True))
    user_id: int = _user_ref()
    status: str = Field(default="pending", sa_column=Column(String(16), nullable=False))
    error: str | None = Field(default=None, sa_column=Column(String(64)))
    sent_at: datetime | None = _when()


class StaffAction(SQLModel, table=True):
    """The audit trail: every staff action, who and when."""

    __tablename__ = "staff_action"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    target: str | None = Field(default=None, sa_column=Column(String(64)))
    at: datetime = _when(nullable=False)


class MediaFile(SQLModel, table=True):
    """Telegram's file_id for an exercise's picture or video, so each is uploaded only once.
    Keyed by its `media` in content (a file under content/media/ or a URL); `digest` tells a
    replaced file from the one uploaded, which is then uploaded afresh."""

    __tablename__ = "media_file"
    source: str = Field(sa_column=Column(String(512), primary_key=True))
    digest: str = Field(sa_column=Column(String(64), nullable=False))  # sha256, hex
    kind: str = Field(sa_column=Column(String(8), nullable=False))  # "photo" | "video"
    file_id: str = Field(sa_column=Column(String(256), nullable=False))
    uploaded_at: datetime = _when(nullable=False)


class MediaShown(SQLModel, table=True):
    """An exercise whose picture she has been sent: each is shown her once, the first time the
    move appears in her plan. Hers: exported and erased with the rest."""

    __tablename__ = "media_shown"
    __table_args__ = (UniqueConstraint("user_id", "exercise_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    exercise_id: str = Field(sa_column=Column(String(40), nullable=False))
    shown_at: datetime = _when(nullable=False)


# --- a line to the clinic (issue 13) ---------------------------------------------------------

class ClinicThread(SQLModel, table=True):
    """Her conversation with the clinic (/ask). While `status` is "open" what she writes (that
    no question or command takes) goes to the staff; Done or /cancel closes it, and a staff
    reply opens it again. Hers: exported and erased with the rest."""

    __tablename__ = "clinic_thread"
    # Ids are never reused (SQLite would): a staff message keeps naming its thread by id.
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    status: str = Field(default="open", sa_column=Column(String(16), nullable=False))
    created_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)
    closed_at: datetime | None = _when()


class ThreadMessage(SQLModel, table=True):
    """One message of a thread: hers, a staff reply (signed with `staff_name`), or a staff note
    (never sent to her). `flagged`: the warning-sign level the safety net found in it."""

    __tablename__ = "thread_message"
    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(sa_column=Column(ForeignKey("clinic_thread.id", ondelete="CASCADE"),
                                            nullable=False, index=True))
    sender: str = Field(sa_column=Column(String(8), nullable=False))  # mother | staff | note
    staff_name: str | None = Field(default=None, sa_column=Column(String(128)))
    kind: str = Field(default="text", sa_column=Column(String(16), nullable=False))
    text: str | None = Field(default=None, sa_column=Column(Text))
    flagged: str | None = Field(default=None, sa_column=Column(String(16)))
    created_at: datetime = _when(nullable=False)


class StaffCopy(SQLModel, table=True):
    """A staff message the bot sent that names a mother: her thread's messages, a staff reply's
    confirmation, her record. Kept so a staff reply finds its thread, and so /delete can edit
    them to "(deleted)". /delete keeps the row, anonymised (bot/journey/privacy.py ANONYMISED:
    `user_id` emptied, `redact` set), until the staff message has been edited."""

    __tablename__ = "staff_copy"
    __table_args__ = (Index("ix_staff_copy_message", "chat_id", "message_id"),)
    id: int | None = Field(default=None, primary_key=True)
    thread_id: int | None = Field(default=None, index=True)
    user_id: int | None = _user_ref(nullable=True, ondelete="SET NULL")
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int
    kind: str = Field(sa_column=Column(String(8), nullable=False))  # thread|media|sent|record
    redact: bool = False
    created_at: datetime = _when(nullable=False)


class JoinCode(SQLModel, table=True):
    """A deep link staff made (/codes): https://t.me/<bot>?start=<code>. A mother who consents
    through it has it as her `source`."""

    __tablename__ = "join_code"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(40), nullable=False, unique=True))
    label: str = Field(sa_column=Column(String(128), nullable=False))
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = _when(nullable=False)


class RunSession(SQLModel, table=True):
    """A coached run: her start, her pauses and the last cue handled, so that the cues carry on
    at the right point after a restart (bot/journey/coach.py), none twice, none stale. Hers:
    exported and erased with the rest."""

    __tablename__ = "run_session"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _user_ref()
    # The day's session_log row her check-in answers. No foreign key: that log may be purged
    # before this row, and the coach then simply asks no check-in.
    log_id: int | None = None
    rung: int = Field(nullable=False)
    # The session's shape (run_s, walk_s, repeats, warmup_s, cooldown_s), as it was at the start.
    shape: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    # "running" | "paused" | "finished" | "stopped" | "abandoned"; the open ones indexed for
    # the pick-up at start-up.
    state: str = Field(default="running", sa_column=Column(String(16), nullable=False,
                                                           index=True))
    started_at: datetime = _when(nullable=False)
    paused_at: datetime | None = _when()  # the pause under way
    paused_s: float = Field(default=0.0, nullable=False)  # the pauses taken and over
    last_cue: int = Field(default=0, nullable=False)  # the last cue sent or folded
    status_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    ended_at: datetime | None = _when()
