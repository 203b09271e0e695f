"""A warning sign the database could not record waits in a local journal, not in memory.

When the database is down, locked or hung, the safety net still gives her the advice and tells
the staff at once ("Not recorded"). The sign itself is appended to a small journal file (JSON
lines, flushed and fsynced before the net moves on), which survives a restart. Every minute
tick replays the journal into the database through the one escalation path, and the staff then
get the alert with its buttons; an entry leaves the journal only once it is recorded.

The journal holds what the escalation row would: her Telegram id, first name, the level and the
sign ids, never her words. It is empty whenever the database has been answering.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingSign:
    key: str
    at: str  # ISO time she wrote
    telegram_id: int
    first_name: str
    level: str
    signs: tuple[str, ...]
    source: str = "message"

    @classmethod
    def new(cls, at: datetime, telegram_id: int, first_name: str, level: str,
            signs: list[str]) -> PendingSign:
        return cls(uuid.uuid4().hex, at.isoformat(), telegram_id, first_name[:128], level,
                   tuple(signs))


class Outbox:
    """The journal file. Small and rarely written: plain file operations, under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def add(self, entry: PendingSign) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as journal:
                journal.seek(0, os.SEEK_END)
                if journal.tell():  # a line cut off by a crash must not swallow this one
                    journal.seek(-1, os.SEEK_END)
                    if journal.read(1) != b"\n":
                        line = "\n" + line
                journal.write(line.encode("utf-8"))
                journal.flush()
                os.fsync(journal.fileno())
        log.warning("a warning sign waits in the outbox until the database answers")

    def set_aside(self, entry: PendingSign) -> None:
        """An entry that cannot be recorded (not for want of a database) goes beside the
        journal, for someone to look at; the staff had its "Not recorded" alert."""
        with self._lock, self.path.with_suffix(".set-aside").open("a", encoding="utf-8") as spare:
            spare.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")

    def forget(self, telegram_id: int) -> None:
        """Her entries go (she deleted her data); the staff were told at the time."""
        self.done({e.key for e in self.pending() if e.telegram_id == telegram_id})

    def pending(self) -> list[PendingSign]:
        with self._lock:
            if not self.path.exists():
                return []
            lines = self.path.read_text(encoding="utf-8").splitlines()
        entries = []
        for number, line in enumerate(lines, 1):
            try:
                data = json.loads(line)
                entries.append(PendingSign(**{**data, "signs": tuple(data["signs"])}))
            except (ValueError, TypeError, KeyError):
                # A line cut off by a crash mid-write: nothing can be done with it, and the
                # staff were told at the time.
                log.error("outbox line %d cannot be read; skipped", number)
        return entries

    def done(self, keys: set[str]) -> None:
        """Remove these entries (recorded), keeping any added meanwhile."""
        with self._lock:
            if not self.path.exists():
                return
            # Recorded ones go, and so do unreadable ones (logged by pending()).
            keep = [line for line in self.path.read_text(encoding="utf-8").splitlines()
                    if _key(line) not in keys | {None}]
            if not keep:
                self.path.unlink()
                _sync_folder(self.path.parent)
                return
            spare = self.path.with_suffix(".tmp")
            with spare.open("w", encoding="utf-8") as journal:
                journal.write("".join(line + "\n" for line in keep))
                journal.flush()
                os.fsync(journal.fileno())
            os.replace(spare, self.path)
            _sync_folder(self.path.parent)


def _key(line: str) -> str | None:
    try:
        return str(json.loads(line)["key"])
    except (ValueError, TypeError, KeyError):
        return None


def _sync_folder(folder: Path) -> None:
    """The rename or removal itself survives a power cut."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
