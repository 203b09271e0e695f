"""Every command and every button kind, declared once, with its audience.

The staff gate, the command menus (set_my_commands, per scope), /help and the stale-button
answer are all built from these lists: a staff command or button added here is hidden from
mothers, listed for staff and covered by the gate's tests without anything else to remember.
Each command's help line is the catalogue's `command-<name>` (content/locales/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.access.buttons import Audience, ButtonKind


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    audience: Audience
    in_staff_chat: bool = False  # a staff command that also works in the staff group


# In the order the menus and /help list them.
COMMANDS: tuple[Command, ...] = (
    Command("start", "mother"),
    Command("today", "mother"),
    Command("log", "mother"),  # a session or run done on another day
    Command("run", "mother"),
    Command("plan", "mother"),
    Command("symptoms", "mother"),
    Command("progress", "mother"),
    Command("settings", "mother"),
    Command("language", "mother"),
    Command("pause", "mother"),
    Command("resume", "mother"),
    Command("reassess", "mother"),
    Command("contact", "mother"),
    Command("ask", "mother"),
    Command("privacy", "mother"),
    Command("export", "mother"),
    Command("delete", "mother"),
    Command("help", "mother"),
    Command("cancel", "mother"),
    Command("escalations", "staff", in_staff_chat=True),
    Command("broadcast", "staff"),  # needs a private chat: the preview is only for her
    Command("broadcasts", "staff", in_staff_chat=True),
    Command("stats", "staff", in_staff_chat=True),
    Command("export_csv", "staff", in_staff_chat=True),
    Command("codes", "staff", in_staff_chat=True),
    Command("note", "staff", in_staff_chat=True),  # a reply to her thread's message
)
COMMAND_NAMES = frozenset(c.name for c in COMMANDS)
STAFF_COMMANDS = frozenset(c.name for c in COMMANDS if c.audience == "staff")
STAFF_CHAT_COMMANDS = frozenset(c.name for c in COMMANDS if c.in_staff_chat)


def commands_for(audience: Audience) -> tuple[Command, ...]:
    """What a mother sees, or what staff see (theirs after the mothers')."""
    return tuple(c for c in COMMANDS if audience == "staff" or c.audience == "mother")


# --- button kinds ---------------------------------------------------------------------------
_WORD = re.compile(r"[a-z0-9_.]{1,24}")
# A /start deep-link code (the campaign she came from), carried by the consent button.
SOURCE_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")
_DAY = ("0", "1", "2", "3", "4", "5", "6", "suggest", "done")

# The readiness screening (the draft id and the question it answers are checked on arrival).
CONSENT = ButtonKind("c1", "mother", ("source", re.compile(f"(?:{SOURCE_CODE.pattern})?")))
ANSWER = ButtonKind("a1", "mother", ("draft", int), ("step", _WORD), ("option", _WORD))
TOGGLE_SIGN = ButtonKind("g1", "mother", ("draft", int), ("step", _WORD), ("sign", _WORD))
SIGNS_DONE = ButtonKind("d1", "mother", ("draft", int), ("step", _WORD))
SIGNS_NONE = ButtonKind("n1", "mother", ("draft", int), ("step", _WORD))
SKIP_TESTS = ButtonKind("k1", "mother", ("draft", int), ("step", _WORD))
# Which of the two dates a numeric date could be she meant (YYYYMMDD).
BIRTH_DATE = ButtonKind("bd1", "mother", ("draft", int), ("step", _WORD), ("date", re.compile(r"\d{8}")))
# Her day: Done / Skip / Something felt wrong, the run check-in, the symptom screen.
SESSION = ButtonKind("s1", "mother", ("log", int), ("action", ("done", "skip", "wrong")))
CHECKIN = ButtonKind("ci1", "mother", ("log", int), ("answer", ("fine", "hard", "symptom")))
# "I did it another day": "pick" asks which day; a date (YYYYMMDD) logs what that day brought
# as done, or first asks a runner whether she ran instead: then "p" the plan, "r" a run.
OTHER_DAY = ButtonKind("od1", "mother", ("day", re.compile(r"pick|\d{8}[pr]?")))
# source: s = /symptoms, c = a run check-in, w = "Something felt wrong"; sign: a sign id,
# "=" for Done, "0" for None of these.
SYMPTOM = ButtonKind("sy1", "mother", ("source", ("s", "c", "w")), ("ref", int),
                     ("sign", re.compile(r"[a-z0-9_]{1,24}|=|0")))
CALL_ME = ButtonKind("cb1", "mother", ("escalation", int))
# "Answer the questions again": the screening with her last answers offered (as /reassess).
REASSESS = ButtonKind("ra1", "mother")
# /settings.
# "rtime" and "rzone" are the same two under her first result, which must stay as it is.
SETTINGS_MENU = ButtonKind("sm2", "mother",
                           ("choice", ("time", "zone", "days", "pause", "ann", "close",
                                       "rtime", "rzone", "pelvic")))
# The reminder times /settings offers as buttons (any other is typed).
OFFERED_TIMES = ("07:00", "12:30", "19:00")
SETTINGS_TIME = ButtonKind("sh2", "mother", ("time", tuple(t.replace(":", "") for t in OFFERED_TIMES)))
# The clinic's zone ("default"), or one she is asked to confirm (an IANA name).
SETTINGS_ZONE = ButtonKind("sz2", "mother",
                           ("zone", re.compile(r"default|[A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+){1,2}")))
SETTINGS_DAY = ButtonKind("sd2", "mother", ("day", _DAY))
# Pelvic floor reminders: a time (HHMM) to tick or untick, "off" or "done".
SETTINGS_PELVIC = ButtonKind("sp1", "mother",
                             ("time", re.compile(r"(?:[01]\d|2[0-3])[0-5]\d|off|done")))
# The times the pelvic floor reminders offer as buttons (any other is typed).
PELVIC_TIMES = ("08:00", "13:00", "20:00")
# /language: the language code she picked (one of content/locales.toml's [languages]).
LANGUAGE = ButtonKind("lg1", "mother", ("language", re.compile(r"[a-z]{2,3}")))
# /delete.
DELETE = ButtonKind("pv1", "mother", ("choice", ("delete", "keep")))
# Staff: the alert's buttons, the announcement's steps, stopping one.
ALERT = ButtonKind("es1", "staff", ("escalation", int), ("action", ("claim", "contacted", "closed")))
AUDIENCE = ButtonKind("ba2", "staff", ("audience", ("all", "idle", "source", "p1", "p2", "p3", "p4")))
CONFIRM = ButtonKind("bs2", "staff", ("draft", int), ("action", ("send", "cancel")))
STOP_BROADCAST = ButtonKind("bx2", "staff", ("broadcast", int))
# The run/walk coach: "Start my run" (today's run, whoever presses it), and her session's
# Pause / Resume / Stop / Something felt wrong (the session is checked to be hers).
START_RUN = ButtonKind("rn1", "mother")
RUN_CONTROL = ButtonKind("rw1", "mother", ("session", int),
                         ("action", ("pause", "resume", "stop", "wrong")))

BUTTONS: tuple[ButtonKind, ...] = (
    CONSENT, ANSWER, TOGGLE_SIGN, SIGNS_DONE, SIGNS_NONE, SKIP_TESTS, BIRTH_DATE, SESSION, CHECKIN, SYMPTOM,
    CALL_ME, REASSESS, SETTINGS_MENU, SETTINGS_TIME, SETTINGS_ZONE, SETTINGS_DAY, LANGUAGE, DELETE,
    ALERT, AUDIENCE, CONFIRM, STOP_BROADCAST, OTHER_DAY, SETTINGS_PELVIC, START_RUN, RUN_CONTROL,
)

# A line to the clinic (issue 13): "Message APEX" (where she pressed it), Done in her thread;
# staff: her record (from her thread or an escalation alert), a join code as an audience.
ASK = ButtonKind("mq1", "mother", ("where", ("contact", "advice", "result")))
ASK_DONE = ButtonKind("mk1", "mother", ("thread", int))
RECORD = ButtonKind("rc1", "staff", ("of", ("t", "e")), ("ref", int))
CODE_AUDIENCE = ButtonKind("jc1", "staff", ("code", int))
BUTTONS += (ASK, ASK_DONE, RECORD, CODE_AUDIENCE)

_taken = [kind.prefix for kind in BUTTONS]
if len(set(_taken)) != len(_taken):  # one prefix, one kind: else a press reaches the wrong handler
    raise ValueError(f"button prefixes used twice: {sorted({p for p in _taken if _taken.count(p) > 1})}")


def button_kind(data: object) -> ButtonKind | None:
    """The kind the data claims to be, decodable or not."""
    return next((kind for kind in BUTTONS if kind.owns(data)), None)
