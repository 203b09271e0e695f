"""Journeys through the real process (issue 5): the daily nudge, restarts that must not repeat
it, an announcement cut off by kill -9, mothers who blocked the bot, and a big announcement
alongside an urgent symptom report.

`python -m bot` runs as a subprocess against the loopback double (tests/process_kit.py), on the
real clock; the test seeds mothers straight into its database. The nudge job's first tick runs
5 s after the start. Every wait is for something the double sees, never a fixed sleep (the one
`asyncio.sleep` is a mother's reading time): a tick asks due run check-ins only once every nudge
of that tick is out, so a check-in seeded as due (`tick_marker`) tells the test that a whole
tick is over. Where a journey needs hours or minutes to pass (a claim's lease, the wait for a
run check-in), the test moves the stored time back instead of waiting.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select

from bot.core.plan import plan_for
from bot.desk.broadcaster import WORKERS
from bot.jobs.nudges import CLAIM_LEASE
from bot.platform.content import Content
from bot.storage.migrate import upgrade
from bot.storage.models import BroadcastRecipient, Delivery, SessionLog, User
from bot.storage.store import Store
from telegram_double import BotMessage, TelegramDouble, parse_html
from telegram_double import User as Person
from tests.conftest import STAFF_CHAT_ID, STAFF_ID
from tests.process_kit import REPLY_TIMEOUT, reading, steady_monitor

TICK_TIMEOUT = 20.0  # the first tick runs 5 s after the start; imports and migrations first
EVERY_DAY = "0,1,2,3,4,5,6"


# --- seeding the bot's database --------------------------------------------------------------

@asynccontextmanager
async def seeding(database_url: str) -> AsyncIterator[Store]:
    """The bot's database, migrated, opened from the test process (before or between starts)."""
    store = Store.from_url(database_url)
    try:
        await upgrade(store.engine)
        yield store
    finally:
        await store.close()


def daytime_zone(now: datetime) -> str:
    """A zone whose clock shows about noon now: far from the quiet hours and from midnight."""
    offset = 12 - now.hour  # hours ahead of UTC, -11 .. +12
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # Etc/GMT-3 is UTC+3


async def seed_mum(store: Store, double: TelegramDouble, content: Content, user_id: int, *,
                   zone: str, due: datetime | None, phase: int = 2, run_days: str = "0,2,4",
                   name: str = "Anna") -> Person:
    """A mother who finished her screening earlier (as tests/harness.py's seed_mum), her
    reminder time at `due` on her clock (None: no nudge scheduled)."""
    now = datetime.now(UTC)
    mum = double.user(user_id, name, started=True)
    await store.record_consent(user_id, first_name=name, username=None, source=None,
                               consent_version=content.version)
    draft = await store.start_assessment(user_id, defaults={}, content_version=content.version)
    born = (now - timedelta(weeks=16)).date().isoformat()
    await store.save_answers(draft.id, {"birth_date": born, "feeding": "no"})
    await store.complete_assessment(draft.id, phase=phase, escalation=None, reasons=[], now=now)
    at = (due or now).astimezone(ZoneInfo(zone))
    await store.update_user(user_id, timezone=zone, reminder_time=f"{at:%H:%M}",
                            run_days=run_days, next_nudge_at=due)
    return mum


async def seed_crowd(store: Store, double: TelegramDouble, content: Content, first_id: int,
                     count: int, *, phase: int = 2) -> list[Person]:
    """`count` consenting mothers with announcements on and no nudge scheduled."""
    mums = [double.user(first_id + n, f"Mum{n}", started=True) for n in range(count)]
    async with store.session() as s:
        s.add_all(User(telegram_id=m.id, first_name=m.first_name, phase=phase,
                       consent_version=content.version) for m in mums)
    return mums


async def tick_marker(store: Store, double: TelegramDouble, content: Content, user_id: int, *,
                      due: datetime | None = None) -> Person:
    """A runner whose run check-in is due: a tick asks it after all of its nudges are out,
    so her question means the tick has finished with every mother due."""
    marker = double.user(user_id, "Runner", started=True)
    await store.record_consent(user_id, first_name="Runner", username=None, source=None,
                               consent_version=content.version)
    await store.update_user(user_id, phase=4)
    due = due or datetime.now(UTC) - timedelta(minutes=1)
    await store.log_session(user_id, due.date(), "run", phase=4, rung=0, planned=[],
                            checkin_due_at=due)
    return marker


async def tick_over(double: TelegramDouble, content: Content, marker: Person) -> None:
    [question] = await double.wait_for_messages(marker, 1, timeout=TICK_TIMEOUT)
    assert parse_html(content.nudge_messages["checkin_question"])[0] in question.text


# --- what she sees ---------------------------------------------------------------------------

def her_day(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def assert_daily_prompt(content: Content, prompt: BotMessage, *, phase: int, day: date) -> None:
    """The day's prompt for her phase (run days Mon, Wed, Fri): a greeting, the heading of
    what the day brings (a session or a rest day), its exercises, then the pelvic floor's;
    three buttons."""
    plan = plan_for(phase=phase, local_date=day, run_days=frozenset({0, 2, 4}), rung_index=0,
                    breastfeeding=False, run_held=False, content=content)
    title = content.phase(phase).title
    key = "rest_day" if plan.kind == "rest" else "daily_exercise"
    heading = content.nudge_messages[key].format(number=phase, title=title)
    lines = prompt.text.splitlines()
    greetings = {parse_html(content.nudge_messages[f"greeting_{part}"])[0]
                 for part in ("morning", "afternoon", "evening", "night")}
    assert lines[0] in greetings and lines[2] == parse_html(heading)[0], prompt.text
    bullets = [line for line in lines if line.startswith("• ")]
    expected = (*plan.exercises, *plan.pelvic_floor)
    assert len(bullets) == len(expected), prompt.text
    assert all(line.startswith(f"• {e.name},") for line, e in zip(bullets, expected, strict=True))
    labels = [content.nudge_messages[k] for k in ("button_done", "button_skip", "button_wrong")]
    assert [text for text, _ in prompt.buttons] == labels


def received(double: TelegramDouble, mum: Person, text: str) -> int:
    """How many copies of an announcement (its words, under the clinic's frame) she has."""
    return sum(text in (m.text or "") for m in double.messages(mum))


# --- staff, as a person would ------------------------------------------------------------------

def staff_text(content: Content, key: str, **values: object) -> str:
    return parse_html(content.staff_messages[key].format(**values))[0]


async def compose(double: TelegramDouble, content: Content, staff: Person, announcement: str,
                  audience: str) -> BotMessage:
    """/broadcast, the announcement (shown back as mothers will get it), the audience button;
    returns the question to send it (Send, Cancel)."""
    count = len(double.messages(staff))
    double.send_text(staff, "/broadcast")
    await double.wait_for_messages(staff, count + 1, timeout=REPLY_TIMEOUT)
    double.send_text(staff, announcement)
    *_, shown, question = await double.wait_for_messages(staff, count + 3, timeout=REPLY_TIMEOUT)
    assert announcement in shown.text and shown.text.startswith("📣")
    double.press_button(staff, question, audience)
    *_, preview = await double.wait_for_messages(staff, count + 4, timeout=REPLY_TIMEOUT)
    return preview


async def final_report(double: TelegramDouble, content: Content, staff: Person,
                       timeout: float) -> BotMessage:  # noqa: ASYNC109
    opening = content.staff_messages["broadcast_report"].split("{id}")[0]
    return await double.wait_for(
        lambda: next((m for m in double.messages(staff)
                      if m.text.startswith(opening) and " finished in " in m.text), None),
        timeout, "the announcement's final report")


def report_counts(report: BotMessage) -> tuple[int, int, int, int]:
    found = re.search(r"(\d+) sent, (\d+) blocked the bot, (\d+) failed, (\d+) unsure",
                      report.text)
    assert found, report.text
    return int(found[1]), int(found[2]), int(found[3]), int(found[4])


# --- 1. the daily nudge ----------------------------------------------------------------------

async def test_her_daily_prompt_comes_from_the_running_process(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    async with seeding(database_url) as store:
        anna = await seed_mum(store, double, content, 1001, zone=zone, due=now)
        end = await tick_marker(store, double, content, 1901)
    bot = await launch(database_url)
    [prompt] = await double.wait_for_messages(anna, 1, timeout=TICK_TIMEOUT)
    day = her_day(zone)
    assert_daily_prompt(content, prompt, phase=2, day=day)
    await tick_over(double, content, end)
    async with reading(bot) as store:
        [delivery] = await store.deliveries(anna.id)
        her = await store.get_user(anna.id)
    assert (delivery.kind, delivery.local_date, delivery.status) == ("daily", day, "sent")
    assert delivery.sent_at is not None
    assert her.next_nudge_at > now + timedelta(hours=23), "next due tomorrow, at her time"
    double.press_button(anna, prompt, content.nudge_messages["button_done"])
    logged = parse_html(content.nudge_messages["logged_done"])[0]
    await double.wait_for(lambda: logged in double.last_message(anna).text, REPLY_TIMEOUT,
                          "her prompt marked done")
    assert double.last_message(anna).buttons == []


# --- 2. never twice in a day, across restarts --------------------------------------------------

async def test_a_kill_9_and_a_restart_do_not_repeat_todays_prompt(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    async with seeding(database_url) as store:
        anna = await seed_mum(store, double, content, 1001, zone=zone, due=now)
        first_tick = await tick_marker(store, double, content, 1901)
    bot = await launch(database_url)
    await double.wait_for_messages(anna, 1, timeout=TICK_TIMEOUT)
    await tick_over(double, content, first_tick)
    await bot.kill()
    async with seeding(database_url) as store:
        bea = await seed_mum(store, double, content, 1002, zone=zone, due=datetime.now(UTC),
                             name="Bea")
        second_tick = await tick_marker(store, double, content, 1902)
    await bot.start()
    [prompt] = await double.wait_for_messages(bea, 1, timeout=TICK_TIMEOUT)  # a tick ran
    assert_daily_prompt(content, prompt, phase=2, day=her_day(zone))
    await tick_over(double, content, second_tick)
    assert len(double.messages(anna)) == 1, double.transcript(anna)
    async with reading(bot) as store:
        assert [d.status for d in await store.deliveries(anna.id)] == ["sent"]


async def test_a_kill_9_while_her_prompt_is_on_its_way_never_gives_her_two(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    """Telegram delivered the prompt but the bot never heard so: it cannot know whether she
    has it, so it must not send it again (at most once, as for a TimedOut), even once the
    claim's lease has run out."""
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    async with seeding(database_url) as store:
        anna = await seed_mum(store, double, content, 1001, zone=zone, due=now)
    double.delay("sendMessage", 60, chat_id=anna.id, after=True)  # delivered; no answer yet
    bot = await launch(database_url)
    await double.wait_for_messages(anna, 1, timeout=TICK_TIMEOUT)
    await bot.kill()  # well within the bot's 5 s wait for the answer
    double.clear_faults()
    async with seeding(database_url) as store:
        async with store.session() as s:  # the restart comes after the claim's lease
            await s.exec(update(Delivery).where(col(Delivery.user_id) == anna.id).values(
                claimed_at=now - CLAIM_LEASE - timedelta(minutes=1)))
        bea = await seed_mum(store, double, content, 1002, zone=zone, due=datetime.now(UTC),
                             name="Bea")
        end = await tick_marker(store, double, content, 1902)
    await bot.start()
    await double.wait_for_messages(bea, 1, timeout=TICK_TIMEOUT)
    await tick_over(double, content, end)
    assert len(double.messages(anna)) == 1, double.transcript(anna)
    async with reading(bot) as store:
        her = await store.get_user(anna.id)
        [delivery] = await store.deliveries(anna.id)
    assert her.next_nudge_at > now + timedelta(hours=23), "today is over for her: next, tomorrow"
    assert delivery.status != "sent", "the bot never heard it arrived"


# --- 3. kill -9 mid-broadcast ----------------------------------------------------------------

async def test_kill_9_mid_broadcast_then_the_restart_finishes_it_at_most_once(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    async with seeding(database_url) as store:
        mums = await seed_crowd(store, double, content, 5001, 120)
    sam = double.user(STAFF_ID, "Sam", started=True)
    bot = await launch(database_url)
    news = "The Saturday parkrun meet-up moves to 9:30."
    preview = await compose(double, content, sam, news, staff_text(content, "audience_all"))
    assert "goes to 120 mothers" in preview.text
    # One copy is delivered but its answer held back: the kill lands while it is in flight.
    cut = mums[40]
    double.delay("copyMessage", 60, chat_id=cut.id, after=True)
    double.press_button(sam, preview, content.staff_messages["broadcast_send_button"])

    def got() -> int:
        return sum(received(double, m, news) > 0 for m in mums)

    await double.wait_for(lambda: received(double, cut, news) and got() >= 45,
                          REPLY_TIMEOUT, "45 copies out, hers among them")
    await bot.kill()
    double.clear_faults()
    before_restart = got()
    assert 45 <= before_restart < len(mums)

    await bot.start()
    report = await final_report(double, content, sam, timeout=30)
    copies = {m.id: received(double, m, news) for m in mums}
    async with reading(bot) as store, store.session() as s:
        status = dict((await s.exec(select(BroadcastRecipient.user_id,
                                           BroadcastRecipient.status))).all())
    interrupted = sorted(u for u, st in status.items() if st == "interrupted")
    missed = sorted(u for u, n in copies.items() if n == 0)
    print(f"{before_restart} before the kill; interrupted {len(interrupted)} "
          f"({sum(copies[u] for u in interrupted)} of them delivered); got nothing {len(missed)}")
    assert max(copies.values()) == 1, "nobody got it twice"
    assert set(status.values()) <= {"sent", "interrupted"}
    assert all(copies[u] == 1 for u, st in status.items() if st == "sent")
    assert cut.id in interrupted and copies[cut.id] == 1
    assert 1 <= len(interrupted) <= WORKERS, "only the sends under way are in doubt"
    assert set(missed) <= set(interrupted), "nobody missed it without a record saying so"
    sent = len(mums) - len(interrupted)
    assert report_counts(report) == (sent, 0, 0, len(interrupted))


async def test_sigterm_mid_broadcast_stops_within_seconds_and_the_next_start_finishes_it(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    """At Telegram's 30/s, 200 copies take some 8 s: SIGTERM must not wait for them. The copies
    under way finish, the rest wait for the next start, and nobody gets it twice."""
    async with seeding(database_url) as store:
        mums = await seed_crowd(store, double, content, 7001, 200)
    sam = double.user(STAFF_ID, "Sam", started=True)
    bot = await launch(database_url, TELEGRAM_MAX_RATE="30")
    news = "Thursday's club run starts at the park gates."
    preview = await compose(double, content, sam, news, staff_text(content, "audience_all"))
    double.press_button(sam, preview, content.staff_messages["broadcast_send_button"])

    def got() -> int:
        return sum(received(double, m, news) > 0 for m in mums)

    await double.wait_for(lambda: got() >= 40, REPLY_TIMEOUT, "40 copies out")
    code, took = await bot.terminate(timeout=30)
    before_restart = got()
    print(f"SIGTERM mid-announcement: stopped in {took:.1f} s with {before_restart} of "
          f"{len(mums)} sent")
    assert code == 0 and took <= 10
    assert before_restart < len(mums)

    await bot.start()
    report = await final_report(double, content, sam, timeout=60)
    copies = [received(double, m, news) for m in mums]
    assert copies == [1] * len(mums), "everyone once, nobody twice"
    assert report_counts(report) == (len(mums), 0, 0, 0)


# --- 4. a mother who blocked the bot -----------------------------------------------------------

async def test_a_mother_who_blocked_the_bot_is_never_tried_again(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    async with seeding(database_url) as store:
        anna = await seed_mum(store, double, content, 1001, zone=zone, due=now)
        bea = await seed_mum(store, double, content, 1002, zone=zone, due=now, name="Bea",
                             phase=4, run_days=EVERY_DAY)  # a run day: a check-in to follow
        end = await tick_marker(store, double, content, 1901)
    double.block(bea)
    sam = double.user(STAFF_ID, "Sam", started=True)
    bot = await launch(database_url)
    [prompt] = await double.wait_for_messages(anna, 1, timeout=TICK_TIMEOUT)
    assert_daily_prompt(content, prompt, phase=2, day=her_day(zone))
    await tick_over(double, content, end)
    [(method, _)] = double.calls_for(bea)  # her run prompt, refused
    assert (method, 403) in [(name, code) for name, code, _ in double.errors]
    refused = len(double.calls)
    async with reading(bot) as store:
        her = await store.get_user(bea.id)
        assert (her.active, her.next_nudge_at) == (False, None)
        assert [d.status for d in await store.deliveries(bea.id)] == ["blocked"]

    news = "The clinic is closed on Monday."
    preview = await compose(double, content, sam, news, staff_text(content, "audience_all"))
    assert "goes to 2 mothers" in preview.text  # Anna and the runner
    double.press_button(sam, preview, content.staff_messages["broadcast_send_button"])
    assert report_counts(await final_report(double, content, sam, REPLY_TIMEOUT)) == (2, 0, 0, 0)
    assert received(double, anna, news) == 1

    # Four hours on, the check-in planned with the run prompt she never got falls due; and a
    # later tick, in a new process, serves another mother.
    async with seeding(database_url) as store:
        async with store.session() as s:
            await s.exec(update(SessionLog).where(col(SessionLog.user_id) == bea.id).values(
                checkin_due_at=datetime.now(UTC) - timedelta(minutes=2)))
        cara = await seed_mum(store, double, content, 1003, zone=zone, due=datetime.now(UTC),
                              name="Cara")
        later = await tick_marker(store, double, content, 1902)  # asked after hers
    await bot.kill()
    await bot.start()
    await double.wait_for_messages(cara, 1, timeout=TICK_TIMEOUT)
    await tick_over(double, content, later)
    assert double.calls_for(bea, since=refused) == [], "nothing more was even tried"
    assert len(double.calls_for(bea)) == 1


# --- 5. a big announcement and an urgent report at once ------------------------------------------

async def test_a_big_announcement_at_telegrams_rate_leaves_room_for_an_urgent_report(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    async with seeding(database_url) as store:
        mums = await seed_crowd(store, double, content, 5001, 300, phase=1)
        dana = await seed_mum(store, double, content, 1004, zone="Europe/London", due=None,
                              name="Dana")  # phase 2: not in the announcement's audience
    sam = double.user(STAFF_ID, "Sam", started=True)
    await launch(database_url, TELEGRAM_MAX_RATE="30")
    news = "New: a postnatal running club on Thursdays."
    preview = await compose(double, content, sam, news,
                            staff_text(content, "audience_phase", phase=1))
    assert "goes to 300 mothers" in preview.text
    with steady_monitor():
        double.monitor.reset()
        double.press_button(sam, preview, content.staff_messages["broadcast_send_button"])

        def got() -> int:
            return sum(received(double, m, news) for m in mums)

        await double.wait_for(lambda: got() >= 30, REPLY_TIMEOUT, "the announcement under way")

        fever = content.sign("fever")
        assert fever.level == "urgent"
        double.send_text(dana, "/symptoms")
        [screen] = await double.wait_for_messages(dana, 1, timeout=REPLY_TIMEOUT)
        await asyncio.sleep(1.0)  # reading time: people do not answer within a second
        double.press_button(dana, screen, f"⬜ {fever.label}")
        await double.wait_for(lambda: any(t.startswith("☑") for t, _ in screen.buttons),
                              REPLY_TIMEOUT, "her tick on the button")
        pressed = time.monotonic()
        double.press_button(dana, screen, content.messages["signs_done_button"])
        [*_, advice] = await double.wait_for_messages(dana, 2, timeout=REPLY_TIMEOUT)
        took = time.monotonic() - pressed
        during = got()
        print(f"her advice {took:.2f}s after Done, with {during} of {len(mums)} copies out")
        alert = await double.wait_for(
            lambda: next((m for m in double.messages(STAFF_CHAT_ID) if "Dana" in m.text), None),
            REPLY_TIMEOUT, "the staff alert")
        assert "URGENT" in alert.text and fever.label in alert.text
        assert "999" in advice.text
        assert during < len(mums), "she was answered while the announcement was still going out"

        report = await final_report(double, content, sam, timeout=40)
    assert report_counts(report) == (300, 0, 0, 0)
    assert [received(double, m, news) for m in mums] == [1] * len(mums)
    assert received(double, dana, news) == 0
    print(double.monitor.report())
    assert double.monitor.breaches == [], double.monitor.report()


# --- a coached run through kill -9 (issue 13) --------------------------------------------------

async def test_a_coached_run_carries_on_after_kill_9_with_no_cue_twice_and_none_stale(
        launch, double: TelegramDouble, content: Content, database_url: str) -> None:
    """A run under way (a short shape, so the test takes seconds, not minutes) when the process
    is killed: the next start picks it up at the right point. No cue reaches her twice, none is
    sent stale (a cue that came due while the bot was down is folded into the next), and the
    run ends once."""
    from bot.core.coach import LATE_S, Shape, timeline
    from bot.storage.store import RunStore

    shape = Shape(run_s=4, walk_s=4, repeats=2, warmup_s=8, cooldown_s=4)
    moment = {(c.kind, c.number if c.kind in ("run", "walk") else 0): c.at
              for c in timeline(shape)}  # run 1 at 8 s ... end at 24 s
    async with seeding(database_url) as store:
        anna = await seed_mum(store, double, content, 1001, zone=daytime_zone(datetime.now(UTC)),
                              due=None, phase=4)
        started = datetime.now(UTC)
        await RunStore(store).start_run(anna.id, log_id=None, rung=0, shape=shape.as_dict(),
                                        now=started)  # its warm-up cue counts as sent

    def cues() -> list[tuple[tuple[str, int], float]]:
        """Her cues (each a new message), as (kind, number), with when each reached her."""
        found = []
        for m in double.messages(anna):
            first = (m.text or "").splitlines()[0] if m.text else ""
            number = re.search(r"(\d+) of \d+", first)
            kind = ("end" if first.startswith("🎉") else "cooldown" if "cool-down" in first
                    else "run" if first.startswith("🏃") else "walk" if first.startswith("🚶")
                    else None)
            if kind is not None:
                found.append(((kind, int(number[1]) if number and kind in ("run", "walk") else 0),
                              m.data["date"] - started.timestamp()))
        return found

    bot = await launch(database_url)
    await double.wait_for(lambda: any(k == ("walk", 1) for k, _ in cues()), timeout=30,
                          what="the walk after her first run")
    await bot.kill()  # mid-run: her second run is due 4 s after that walk
    await bot.start()
    await double.wait_for(lambda: any(k[0] == "end" for k, _ in cues()), timeout=60,
                          what="the end of her run")
    sent = [k for k, _ in cues()]
    print("coached run through kill -9:", [(k, round(at - moment[k])) for k, at in cues()])
    assert len(sent) == len(set(sent)), f"a cue twice: {sent}"
    assert sent[:2] == [("run", 1), ("walk", 1)] and sent[-1] == ("end", 0), sent
    for key, at in cues():  # Telegram's dates are whole seconds: one second of slack
        assert at <= moment[key] + LATE_S + 1, f"{key} sent {at - moment[key]:.0f} s late"
