"""Property-based tests: random updates through the real Application and the loopback double.

Each Hypothesis example is a short list of actions (texts, commands with junk arguments,
stickers, photos, edits, group and channel posts, forged and real button presses, a nudge tick)
by a few people: a new mother (A), one who finished her screening earlier (B), two strangers who
never consented, and the clinic's staff. The actions run one by one through the bot, and after
each one a property is checked:

- no update reaches an error handler, and nothing is logged at ERROR;
- no update gets more than one reply message in its chat (sendMessage, sendPhoto, sendDocument,
  copyMessage; edits and button answers don't count);
- invalid input (a press whose data is on none of the bot's live buttons, a sticker, a photo or
  document without a caption, an edit, a group or channel post, an unknown command) changes no
  row of any table;
- every Bot API call the bot makes is accepted by the double.

Two failures were found and fixed; their minimal examples stay pinned below as regressions.
A few examples run per test; PROPERTY_EXAMPLES=500 searches deeper.

The examples share one bot (the `harness` fixture) but never people: each example gets fresh
user ids, so what an earlier example left behind cannot change what a later one sees.
SQLite only: the PostgreSQL variant runs the same code, far slower.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select, update
from telegram.ext import CommandHandler, ConversationHandler

from bot.core.questionnaire import TEST_PREFIX
from bot.platform.content import load_content
from bot.storage.models import SessionLog, User
from telegram_double import TelegramDouble
from tests.conftest import STAFF_CHAT_ID, STAFF_ID, TODAY
from tests.harness import Harness, seed_mum

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

SENDS = frozenset({"sendmessage", "sendphoto", "senddocument", "copymessage"})
GROUP_ID = -555
CHANNEL_ID = -1009999
STEP_SECONDS = 1.5  # the bot's clock moves this much between actions (no flood guard trips)

# --- what people do ---------------------------------------------------------------------

PEOPLE = ("A", "B", "X1", "X2")  # X1, X2: strangers, never consented


@dataclass(frozen=True)
class Say:
    who: str
    text: str


@dataclass(frozen=True)
class Command:
    who: str
    name: str
    suffix: str  # "", "@apex_run_ready_bot" or "@other_bot"
    args: str

    @property
    def text(self) -> str:
        return f"/{self.name}{self.suffix}" + (f" {self.args}" if self.args else "")


@dataclass(frozen=True)
class Media:
    who: str
    kind: str  # sticker | photo | document
    caption: str | None = None


@dataclass(frozen=True)
class Edit:
    who: str
    text: str  # she edits her latest text message to this


@dataclass(frozen=True)
class GroupPost:
    who: str  # "staff" posts in the staff group, anyone else in GROUP_ID
    text: str
    kind: str = "text"  # text | sticker | added (the bot is added to the group)


@dataclass(frozen=True)
class ChannelPost:
    text: str
    edited: bool = False


@dataclass(frozen=True)
class PressReal:
    who: str
    back: int  # which of her messages with buttons, counted from the newest
    button: int


@dataclass(frozen=True)
class PressData:
    who: str
    back: int  # which of her messages, counted from the newest
    data: str


@dataclass(frozen=True)
class PressMutated:
    """A near-valid forgery: a real button's data with one part replaced."""

    who: str
    back: int
    button: int
    part: int
    value: str


@dataclass(frozen=True)
class Tick:
    """The minute job runs when B's next nudge is due (not an update: no reply count)."""


@dataclass(frozen=True)
class StaffCommand:
    text: str


@dataclass(frozen=True)
class StaffPress:
    """Staff press a button (or a forgery of it) on a message the bot sent them in this example,
    in the staff group or their private chat."""

    back: int
    button: int
    part: int | None = None  # None: the real data; else replace this part with `value`
    value: str = ""


Action = Say | Command | Media | Edit | GroupPost | ChannelPost | PressReal | PressData | \
    PressMutated | Tick | StaffCommand | StaffPress

# --- strategies -------------------------------------------------------------------------

_CONTENT = load_content()
STEPS = [q.id for q in _CONTENT.questions] + [TEST_PREFIX + t.id for t in _CONTENT.tests]
WORDS = sorted({*STEPS, *(o.id for q in _CONTENT.questions for o in q.options),
                *(s.id for s in _CONTENT.signs), *(o.id for o in _CONTENT.test_answers),
                "keep", "done", "skip", "wrong", "fine", "hard", "symptom", "=", "0", "s", "c",
                "w", "time", "zone", "days", "pause", "ann", "close", "t", "z", "d", "default",
                "suggest", "0700", "1230", "1900", "clinic_flyer"})
PREFIXES = ("a1", "g1", "d1", "n1", "k1", "c1", "cb1", "s1", "ci1", "sy1", "st1", "pv1", "es1",
            "bc1", "bc2")
COMMANDS = ("start", "reassess", "settings", "symptoms", "today", "plan", "progress", "pause",
            "resume", "cancel", "help", "contact", "escalations", "privacy", "export", "delete",
            "stats", "export_csv", "broadcasts", "broadcast", "foo", "Start", "START", "start_", "x" * 32)
ODD_TEXTS = (
    "14 weeks", "9 weeks", "2 weeks", "14/08/2026", "2026-08-14", "14 Aug 2026", "400 weeks",
    "2027-01-01", "07:00", "7pm", "25:99", "Europe/Paris", "paris", "Mars/Olympus",
    "\u200b", "\u200b\u200c\u200d\ufeff", "\u202eevil", "مرحبا، أنا بخير", "שלום, 14 שבועות",
    "👩\u200d🍼🏃\u200d♀️💨", "🏳️\u200d🌈" * 40, " ", "\n\t", "<b>bold</b>", "&amp; &lt;", "<script>",
    "/", "//", "/ start", "@apex_run_ready_bot", "chest pain", "no chest pain",
    "I can't breathe", "NaN", "-1", "0", "１４ weeks", "x" * 201,
)


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64  # Telegram's callback_data limit


texts = st.one_of(
    st.sampled_from(ODD_TEXTS),
    st.text(min_size=1, max_size=40),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "👍", "\u200b", "ש", " "]),
              st.sampled_from([200, 201, 4096, 5000])),
)
people = st.sampled_from(("A", "A", "A", "B", "B", "X1", "X2"))  # mostly the mothers
part = st.one_of(st.integers(0, 12).map(str), st.integers(-10**15, 10**15).map(str),
                 st.sampled_from(WORDS), st.text(max_size=6))
forged = st.builds(lambda prefix, parts: ":".join([prefix, *parts]), st.sampled_from(PREFIXES),
                   st.lists(part, max_size=4)).filter(_fits)
random_data = st.text(min_size=1, max_size=64).filter(_fits)
small = st.integers(0, 3)

press_real = st.builds(PressReal, people, small, st.integers(0, 30))
press_mutated = st.builds(PressMutated, people, small, st.integers(0, 30), st.integers(0, 4), part)
actions: st.SearchStrategy[Action] = st.one_of(  # a strategy listed twice is drawn twice as often
    press_real, press_real,
    st.builds(Say, people, texts),
    st.builds(Command, people, st.sampled_from(COMMANDS),
              st.sampled_from(["", "", "@apex_run_ready_bot", "@other_bot"]),
              st.one_of(st.just(""), st.sampled_from(["x", "../../etc", "clinic_flyer", "a" * 64,
                                                      "💥", "1 2 3", "--help"]),
                        st.text(max_size=30))),
    press_mutated, press_mutated,
    st.builds(PressData, people, small, st.one_of(forged, random_data)),
    st.builds(Media, people, st.sampled_from(["sticker", "photo", "document"]),
              st.one_of(st.none(), texts)),
    st.builds(Edit, people, texts),
    st.builds(GroupPost, st.sampled_from([*PEOPLE, "staff"]),
              st.one_of(texts, st.sampled_from(["/start", "/escalations", "/help", "/reassess"])),
              st.sampled_from(["text", "text", "sticker", "added"])),
    st.builds(ChannelPost, texts, st.booleans()),
    st.just(Tick()),
    st.builds(StaffCommand, st.sampled_from(["/escalations", "/help", "/stats", "/broadcasts",
                                             "/export_csv", "/escalations x"])),
    st.builds(StaffPress, small, st.integers(0, 30), st.one_of(st.none(), st.integers(0, 4)), part),
)

# Openings put people somewhere worth being before the random actions: A part-way through her
# screening (each press a drawn button of the newest question: 0 is the first answer, or "None
# of these"), and B, who has a phase, at a nudge, a check-in, a menu, a symptom report...
SIGN = {s.id: 1 + n for n, s in enumerate(_CONTENT.signs)}  # its button on the symptom screen
DONE = 1 + len(_CONTENT.signs)
B_OPENINGS: tuple[tuple[Action, ...], ...] = (
    (),
    (Tick(),),  # a nudge (a run on phase 4: tomorrow is one of her run days)
    (Tick(), Tick()),  # and the run's check-in
    (Tick(), PressReal("B", 0, 0)),  # Done: for a run, the check-in straight away
    (Tick(), PressReal("B", 0, 2)),  # Something felt wrong: the symptom screen
    (Command("B", "settings", "", ""),),
    (Command("B", "settings", "", ""), PressReal("B", 0, 0)),  # her reminder time
    (Command("B", "settings", "", ""), PressReal("B", 0, 1)),  # her time zone
    (Command("B", "settings", "", ""), PressReal("B", 0, 2)),  # her run days
    (Command("B", "symptoms", "", ""), PressReal("B", 0, SIGN["chest_pain"]),
     PressReal("B", 0, DONE)),  # an emergency: staff are alerted, the desk has buttons
    (Command("B", "symptoms", "", ""), PressReal("B", 0, SIGN["leaking"]),
     PressReal("B", 0, DONE)),  # contact APEX, with a call-back button
    (Command("B", "delete", "", ""),),
    (Command("B", "export", "", ""),),
    (Command("B", "today", "", ""),),
    (Command("B", "pause", "", ""),),
)


@dataclass(frozen=True)
class Journey:
    phase: int  # B's phase, seeded
    weeks: str  # A's answer to the birth-date question
    screened: int  # 0-3: none, or the first 1-3 of /start, consent, her birth date
    presses: tuple[int, ...]  # then, with all three, these presses of her newest buttons
    opening: int  # then B's opening
    actions: tuple[Action, ...]  # then the random actions

    def steps(self) -> list[Action]:
        a = [Command("A", "start", "", ""), PressReal("A", 0, 0), Say("A", self.weeks)]
        presses = [PressReal("A", 0, k) for k in self.presses] if self.screened == 3 else []
        return [*a[:self.screened], *presses, *B_OPENINGS[self.opening], *self.actions]


journeys = st.builds(
    Journey, st.sampled_from([4, 3, 2, 1]),
    st.sampled_from(["14 weeks", "9 weeks", "30 weeks", "2 weeks", "14/08/2026"]),
    st.integers(0, 3),
    st.lists(st.one_of(st.just(0), st.just(0), st.integers(0, 30)), max_size=24).map(tuple),
    st.integers(0, len(B_OPENINGS) - 1), st.lists(actions, max_size=12).map(tuple))

# --- running them -----------------------------------------------------------------------


@dataclass
class Problem:
    action: Action
    what: str

    def __str__(self) -> str:
        return f"{self.action!r}: {self.what}"


@dataclass
class World:
    """One example's people, the bot's calls since each action, and what went wrong."""

    h: Harness
    people: dict[str, Any]
    staff: Any
    checks: frozenset[str]
    staff_seen: dict[int, int]  # the staff chats' message counts when the example began
    known: bool = False  # let the known failures (KNOWN) pass, to keep checking the rest
    pressed: str | None = None  # the data of the press being run
    typed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    handler_errors: list[BaseException] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def double(self) -> TelegramDouble:
        return self.h.double

    def _messages(self, who: str, *, with_buttons: bool) -> list[Any]:
        user = self.people[who]
        return [m for m in self.double.messages(user.id)
                if not with_buttons or any(d for _, d in m.buttons)]

    def live_data(self, who: str) -> set[str]:
        return {d for m in self._messages(who, with_buttons=True) for _, d in m.buttons if d}

    def _pick(self, who: str, back: int, *, with_buttons: bool) -> Any | None:
        found = self._messages(who, with_buttons=with_buttons)
        return found[-1 - back % len(found)] if found else None

    def _press(self, who: str, message: Any, data: str) -> Callable[[], Any]:
        def press() -> Any:
            self.pressed = data
            user = self.staff if who == "staff" else self.people[who]
            return self.double.press(user, message, data)
        return press

    # One action: (the chat whose replies are counted, is it invalid input, inject it).
    def plan(self, action: Action) -> tuple[int | None, bool, Callable[[], Any] | None]:
        d = self.double
        match action:
            case Say(who, text):
                user = self.people[who]
                return user.id, False, lambda: self.typed.setdefault(who, []).append(
                    d.send_text(user, text)["message"])
            case Command(who, name, suffix, _):
                user = self.people[who]
                known = suffix != "@other_bot" and name.lower() in commands_of(self.h)
                return user.id, not known, lambda: d.send_text(user, action.text)
            case Media(who, kind, caption):
                user = self.people[who]
                send = {"sticker": lambda: d.send_sticker(user),
                        "photo": lambda: d.send_photo(user, caption=caption),
                        "document": lambda: d.send_document(user, caption=caption)}[kind]
                return user.id, not caption, send  # a caption is free text (the safety net reads it)
            case Edit(who, text):
                user, typed = self.people[who], self.typed.get(who)
                if not typed:
                    return None, False, None
                return user.id, True, lambda: d.edit_text(user, typed[-1], text)
            case GroupPost(who, text, kind):
                user = self.staff if who == "staff" else self.people[who]
                group = d.group(STAFF_CHAT_ID if who == "staff" else GROUP_ID, "A group")
                inject = {"text": lambda: d.send_group_text(user, group, text),
                          "sticker": lambda: d.send_sticker(user, chat=group),
                          "added": lambda: d.add_to_group(group, user)}[kind]
                return group.id, True, inject
            case ChannelPost(text, edited):
                return CHANNEL_ID, True, lambda: channel_post(d, text, edited=edited)
            case PressReal(who, back, button):
                message = self._pick(who, back, with_buttons=True)
                if message is None:
                    return None, False, None
                data = [x for _, x in message.buttons if x]
                pressed = data[button % len(data)]
                return message.chat_id, False, self._press(who, message, pressed)
            case PressData(who, back, data):
                message = self._pick(who, back, with_buttons=False)
                if message is None:
                    return None, False, None
                invalid = data not in self.live_data(who)
                return message.chat_id, invalid, self._press(who, message, data)
            case PressMutated(who, back, button, index, value):
                message = self._pick(who, back, with_buttons=True)
                if message is None:
                    return None, False, None
                data = [x for _, x in message.buttons if x]
                parts = data[button % len(data)].split(":")
                parts[index % len(parts)] = value
                forged_data = ":".join(parts)
                if not _fits(forged_data):
                    return None, False, None
                invalid = forged_data not in self.live_data(who)
                return message.chat_id, invalid, self._press(who, message, forged_data)
            case StaffCommand(text):
                return STAFF_ID, False, lambda: d.send_text(self.staff, text)
            case StaffPress(back, button, index, value):
                found = [m for chat in (STAFF_CHAT_ID, STAFF_ID)
                         for m in d.messages(chat)[self.staff_seen[chat]:] if any(x for _, x in m.buttons)]
                if not found:
                    return None, False, None
                message = found[-1 - back % len(found)]
                data = [x for _, x in message.buttons if x]
                pressed = data[button % len(data)]
                if index is not None:
                    parts = pressed.split(":")
                    parts[index % len(parts)] = value
                    pressed = ":".join(parts)
                if not _fits(pressed):
                    return None, False, None
                live = {x for chat in (STAFF_CHAT_ID, STAFF_ID) for m in d.messages(chat)
                        for _, x in m.buttons if x}
                return message.chat_id, pressed not in live, self._press("staff", message, pressed)
        raise AssertionError(action)

    async def run(self, action: Action) -> None:
        self.h.clock.advance(seconds=STEP_SECONDS)
        if isinstance(action, Tick):
            await self.tick(action)
            return
        chat_id, invalid, inject = self.plan(action)
        if inject is None:
            return
        self.pressed = None
        before = await snapshot(self.h) if invalid and "db" in self.checks else None
        calls, errors, handled = len(self.double.calls), len(self.double.errors), \
            len(self.handler_errors)
        inject()
        await self.h.settle()
        self.check(action, calls, errors, handled)
        replies = [m for m, p in self.double.calls[calls:]
                   if m.lower() in SENDS and str(p.get("chat_id")) == str(chat_id)]
        if "replies" in self.checks and len(replies) > 1 and not self._known("replies"):
            self.problems.append(Problem(action, f"{len(replies)} replies: {replies}"))
        if before is not None and (after := await snapshot(self.h)) != before \
                and not self._known("db"):
            changed = {t: (sorted(set(before[t]) - set(after[t])), sorted(set(after[t]) - set(before[t])))
                       for t in before if before[t] != after[t]}
            self.problems.append(Problem(action, f"invalid input changed the database: {changed}"))

    def _known(self, check: str) -> bool:
        return self.known and any(check == c and re.fullmatch(data, self.pressed or "")
                                  for c, data, _ in KNOWN)

    async def tick(self, action: Tick) -> None:
        user = await self.h.store.get_user(self.people["B"].id)
        if user is None or user.next_nudge_at is None:
            return
        self.h.clock.now = max(self.h.clock.now, user.next_nudge_at)
        calls, errors, handled = len(self.double.calls), len(self.double.errors), \
            len(self.handler_errors)
        await self.h.tick()
        self.check(action, calls, errors, handled)

    def check(self, action: Action, calls: int, errors: int, handled: int) -> None:
        if "errors" in self.checks and len(self.handler_errors) > handled:
            error = self.handler_errors[-1]
            where = error.__traceback__
            while where is not None and where.tb_next is not None:
                where = where.tb_next
            line = f"{where.tb_frame.f_code.co_filename}:{where.tb_lineno}" if where else "?"
            self.problems.append(Problem(action, f"error handler reached: {error!r} at {line}"))
        if "api" in self.checks and len(self.double.errors) > errors:
            self.problems.append(Problem(action, f"Bot API refused: {self.double.errors[errors:]}"))


def channel_post(double: TelegramDouble, text: str, *, edited: bool) -> dict[str, Any]:
    """The double has no channel posts: build one (no "from", a sender_chat) and inject it."""
    chat = {"id": CHANNEL_ID, "type": "channel", "title": "APEX news"}
    message = double._new_message(chat, {}, {"text": text, "sender_chat": chat})
    message.pop("from")
    return double._inject("edited_channel_post" if edited else "channel_post", message)


def commands_of(h: Harness) -> set[str]:
    """Every command some handler of the running bot answers."""
    found: set[str] = set()

    def walk(handlers: Iterable[Any]) -> None:
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                found.update(handler.commands)
            elif isinstance(handler, ConversationHandler):
                walk(handler.entry_points)
                walk(handler.fallbacks)
                for state in handler.states.values():
                    walk(state)

    for group in h.app.handlers.values():
        walk(group)
    return found


async def snapshot(h: Harness) -> dict[str, list[str]]:
    """Every row of every table, as text: the whole database, whatever tables it has by now."""
    async with h.store.engine.connect() as conn:
        meta = MetaData()
        await conn.run_sync(meta.reflect)
        return {table.name: sorted(repr(tuple(row)) for row in (await conn.execute(select(table))))
                for table in meta.sorted_tables}


class _ErrorLogs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_ids = itertools.count(1)


async def play(h: Harness, journey: Journey, checks: frozenset[str], *,
               known: bool = False) -> World:
    """Run one example with fresh people; return the world with the problems it found."""
    base = 10_000 * next(_ids) + 1_000_000
    h.clock.now = TODAY
    async with h.store.session() as s:  # earlier examples' mothers are never due again
        await s.exec(update(User).values(next_nudge_at=None))
        await s.exec(update(SessionLog).values(checkin_due_at=None))
    people = {"A": h.double.user(base + 1, "Anna", "anna"),
              "B": await seed_mum(h, base + 2, phase=journey.phase, name="Bea"),
              "X1": h.double.user(base + 3, "Xena"),
              "X2": h.double.user(base + 4, "<Zoë & co>", None, None)}
    staff_seen = {chat: len(h.double.messages(chat)) for chat in (STAFF_CHAT_ID, STAFF_ID)}
    world = World(h, people, h.double.user(STAFF_ID, "Sam"), checks, staff_seen, known)

    async def probe(update: object, context: Any) -> None:
        world.handler_errors.append(context.error)

    logs = _ErrorLogs()
    root = logging.getLogger()
    h.app.add_error_handler(probe)
    root.addHandler(logs)
    try:
        for action in journey.steps():
            await world.run(action)
            if "errors" in checks:
                world.problems += [Problem(action, f"ERROR log: {r.name}: {r.getMessage()[:200]}")
                                   for r in logs.records]
            logs.records.clear()
    finally:
        root.removeHandler(logs)
        h.app.remove_error_handler(probe)
    return world


# PROPERTY_EXAMPLES=500 for a deeper search on your machine; CI keeps the suite quick.
PROPERTY = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "5")), deadline=None,
                    database=None, print_blob=True, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


def _assert_holds(world: World) -> None:
    assert not world.problems, "\n".join(map(str, world.problems))


# --- the properties ---------------------------------------------------------------------

# Failures found, with the smallest example Hypothesis shrank each to (pinned with @example so
# that they stay fixed), the cause and the fix made. KNOWN lists failures not yet fixed,
# so that test_the_properties_hold_apart_from_the_known_failures keeps checking everything else.
CHECKIN_SYMPTOM = Journey(4, "14 weeks", 0, (), 2, (PressReal("B", 0, 2),))
CHECKIN_SYMPTOM_WHY = (
    "a run check-in answered 'A symptom' gets two messages: the ladder note (bot/journey/day.py)"
    " and then the symptom screen (bot/journey/symptoms.py); send the note as the screen's lead")
FORGED_CONSENT = Journey(4, "14 weeks", 1, (), 0, (PressMutated("A", 0, 0, 1, "7"),))
FORGED_CONSENT_WHY = (
    "consent (conversations/screening.py:119-127) accepts any 'c1:' data in the consent state,"
    " a forged c1:7 included: she is stored as consented, with source '7'; check that the"
    " pressed data is one of the pressed message's buttons")
KNOWN: list[tuple[str, str, str]] = []  # (property, pressed data, why): both found, both fixed


@PROPERTY
@given(journey=journeys)
async def test_no_update_reaches_the_error_handler(harness: Harness, journey: Journey) -> None:
    _assert_holds(await play(harness, journey, checks=frozenset({"errors"})))


@PROPERTY
@given(journey=journeys)
@example(journey=CHECKIN_SYMPTOM)
async def test_every_update_gets_at_most_one_reply(harness: Harness, journey: Journey) -> None:
    _assert_holds(await play(harness, journey, checks=frozenset({"replies"})))


@PROPERTY
@given(journey=journeys)
@example(journey=FORGED_CONSENT)
async def test_invalid_input_changes_nothing(harness: Harness, journey: Journey) -> None:
    _assert_holds(await play(harness, journey, checks=frozenset({"db"})))


@PROPERTY
@given(journey=journeys)
async def test_every_bot_api_call_is_accepted(harness: Harness, journey: Journey) -> None:
    _assert_holds(await play(harness, journey, checks=frozenset({"api"})))


@PROPERTY
@given(journey=journeys)
async def test_the_properties_hold_apart_from_the_known_failures(harness: Harness,
                                                                 journey: Journey) -> None:
    """All four at once, letting only the KNOWN failures pass. Drop it once KNOWN is empty."""
    checks = frozenset({"errors", "replies", "db", "api"})
    _assert_holds(await play(harness, journey, checks=checks, known=True))


async def test_the_failures_found_stay_fixed(harness: Harness) -> None:
    """The two examples Hypothesis found (two replies to a symptom check-in; a forged consent
    press stored) now pass every property."""
    for journey in (CHECKIN_SYMPTOM, FORGED_CONSENT):
        world = await play(harness, journey, frozenset({"errors", "replies", "db", "api"}))
        assert world.problems == [], world.problems
