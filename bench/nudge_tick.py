"""Benchmark (not a test), issue 3: does the nudge tick's cost follow the users due, not the
users stored?

For each database (SQLite in a temporary file; PostgreSQL on TEST_POSTGRES_URL when set) and each
size (1k, 10k, 100k users by default), a fresh database is migrated (bot.storage.migrate.upgrade)
and seeded in bulk with realistic users: IANA zones in a UK-clinic mix, reminder times (offered,
typed, default), phases, some paused, blocked or without a phase (no next_nudge_at), a completed
assessment each, `--history-days` days of session_log and delivery rows, and a few escalations.
The same number (`--due`, default 500) are due now in every size.

Then, in a fresh process (so that its memory is the bot's, not the seeding's), with the loopback
Bot API double in a process of its own:
  (a) the due-selection query alone: store.due_users(now, limit=500), the tick's first batch,
      the median of `--runs` runs after a warm-up; its plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE);
  (b) a whole run_tick through the bot's real Application and ExtBot, so every send goes through
      PTB's AIORateLimiter (telegram_max_rate set to `--rate`, 100000 by default: the tick's own
      cost, not Telegram's ceiling); the resident set's peak during the tick;
  (c) the same tick once more (the due users put back) under tracemalloc, capturing every SQL
      statement it runs; each distinct statement is EXPLAINed and any full table scan flagged.

Usage:
    scripts/with-postgres.sh .venv/bin/python bench/nudge_tick.py
    .venv/bin/python bench/nudge_tick.py --sizes 1000,10000 --db sqlite     # quick, SQLite only
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from benchkit import (
    STAFF_CHAT_ID,
    STAFF_ID,
    DoubleProcess,
    available_databases,
    bot_settings,
    captured_statements,
    database,
    explain,
    fixed_clock,
    floor_minute,
    full_scans,
    insert_many,
    local_today,
    max_rss_mb,
    peak_rss_mb,
    pick_time,
    pick_zone,
    reminder_time,
    reset_peak_rss,
    server_cpu_s,
    started_application,
    user_ids,
    user_row,
)

DEFAULT_ZONE = "Europe/London"
PHASES, PHASE_WEIGHTS = [1, 2, 3, 4], [20, 35, 25, 20]
TARGET_RATIO = 1.5
HERE = Path(__file__).resolve()


# --- seeding (its own process) ---------------------------------------------------------------

async def seed(p: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import text

    from bot.core.schedule import next_due
    from bot.platform.content import load_content
    from bot.storage.migrate import upgrade
    from bot.storage.models import Assessment, Delivery, Escalation, SessionLog, User
    from bot.storage.store import create_engine

    started = time.perf_counter()
    now, due_at = datetime.fromisoformat(p["now"]), datetime.fromisoformat(p["due_at"])
    rng = random.Random(p["seed"])
    content = load_content()
    engine = create_engine(p["url"])
    await upgrade(engine)

    ids = user_ids(rng, p["users"])
    due = set(rng.sample(ids, p["due"]))
    scheduled: list[tuple[int, str | None, int]] = []  # (id, zone, phase): they have a history
    phased: list[tuple[int, int]] = []
    users = []
    for user_id in ids:
        zone = pick_zone(rng)
        paused, active = False, True
        if user_id in due:
            phase = rng.choices(PHASES, PHASE_WEIGHTS)[0]
            reminder = f"{due_at.astimezone(ZoneInfo(zone or DEFAULT_ZONE)):%H:%M}"
            upcoming = due_at
        else:
            roll = rng.random()
            phase = None if roll < 0.06 else rng.choices(PHASES, PHASE_WEIGHTS)[0]
            paused, active = 0.06 <= roll < 0.11, not 0.11 <= roll < 0.16
            reminder = pick_time(rng)
            upcoming = None if phase is None or paused or not active else next_due(
                reminder_time(reminder), zone or DEFAULT_ZONE, now)
        users.append(user_row(rng, user_id, now, content.consent_version, phase=phase, zone=zone,
                              reminder=reminder, next_nudge_at=upcoming, paused=paused,
                              active=active, announcements=rng.random() < 0.9))
        if phase is not None:
            phased.append((user_id, phase))
            if active:
                scheduled.append((user_id, zone, phase))
    counts = {"user": await insert_many(engine, User.__table__, users)}
    del users

    def assessments() -> Any:
        for user_id, phase in phased:
            born = (now - timedelta(weeks=rng.randrange(6, 60))).date().isoformat()
            at = now - timedelta(days=rng.uniform(1, 300))
            yield {"user_id": user_id, "started_at": at, "completed_at": at,
                   "answers": {"birth_date": born, "feeding": rng.choice(("yes", "no"))},
                   "defaults": {}, "phase": phase, "escalation": None, "reasons": [],
                   "content_version": content.version}

    def sessions() -> Any:
        for user_id, zone, phase in scheduled:
            today = local_today(now, zone)
            for back in range(1, p["history_days"] + 1):
                at = now - timedelta(days=back)
                outcome = rng.choice(("done", "done", "skipped", "fine", None))
                yield {"user_id": user_id, "local_date": today - timedelta(days=back),
                       "kind": "run" if phase == 4 and back % 2 else "exercise", "phase": phase,
                       "rung": None, "planned": ["Glute bridge", "Side plank", "Clam"],
                       "outcome": outcome, "checkin_due_at": None, "checkin_sent_at": None,
                       "created_at": at, "answered_at": at if outcome else None}

    def deliveries() -> Any:
        for user_id, zone, _ in scheduled:
            today = local_today(now, zone)
            for back in range(1, p["history_days"] + 1):
                at = now - timedelta(days=back)
                yield {"user_id": user_id, "kind": "daily", "local_date": today - timedelta(days=back),
                       "status": "sent", "claimed_at": at, "sent_at": at, "error": None}

    def escalations() -> Any:
        # 2% of the not-due users: mostly handled; the open ones already claimed (no reminders).
        for user_id, _ in phased:
            if user_id in due or rng.random() >= 0.02:
                continue
            status = rng.choices(("closed", "contacted", "open"), (80, 15, 5))[0]
            at = now - timedelta(days=rng.uniform(1, 200))
            yield {"user_id": user_id, "level": rng.choices(("apex", "urgent", "emergency"), (85, 12, 3))[0],
                   "source": "screening", "signs": [], "status": status, "created_at": at,
                   "callback_requested_at": None, "handled_by": STAFF_ID if status != "open" else None,
                   "handled_at": at if status != "open" else None, "claimed_by": STAFF_ID,
                   "claimed_at": at, "reminded_at": None, "alert_chat_id": None,
                   "alert_message_id": None}

    counts["assessment"] = await insert_many(engine, Assessment.__table__, assessments())
    counts["session_log"] = await insert_many(engine, SessionLog.__table__, sessions())
    counts["delivery"] = await insert_many(engine, Delivery.__table__, deliveries())
    counts["escalation"] = await insert_many(engine, Escalation.__table__, escalations())
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load; without it the planner has no statistics.
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    await engine.dispose()
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


# --- measuring (a fresh process) -------------------------------------------------------------

async def measure(p: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import delete, func, select, update

    from bot.jobs.nudges import BATCH, run_tick
    from bot.platform.context import deps_of
    from bot.storage.models import Delivery, SessionLog, User
    from bot.storage.store import Store

    now, due_at = datetime.fromisoformat(p["now"]), datetime.fromisoformat(p["due_at"])
    load_before = os.getloadavg()[0]
    store = Store.from_url(p["url"])
    engine = store.engine
    result: dict[str, Any] = {}
    async with DoubleProcess() as tg:
        async with engine.connect() as conn:
            due_ids = list((await conn.execute(select(User.telegram_id).where(
                User.next_nudge_at <= now))).scalars())
        await tg.call("users", [*due_ids, STAFF_ID])
        await tg.call("group", STAFF_CHAT_ID)
        application = await started_application(bot_settings(tg, p["url"], p["rate"]), store,
                                                fixed_clock(now))
        deps = deps_of(application)

        # (a) the due query alone
        first = await store.due_users(now, limit=BATCH)
        assert len(first) == min(BATCH, len(due_ids)), (len(first), len(due_ids))
        times, cpu_times = [], []
        for _ in range(p["runs"]):
            started, started_cpu = time.perf_counter(), time.process_time()
            await store.due_users(now, limit=BATCH)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - started_cpu) * 1000)
        with captured_statements(engine) as seen:
            await store.due_users(now, limit=BATCH)
        statement, parameters = next((s, q) for s, q in seen if s.lstrip().upper().startswith("SELECT"))
        result["due_query_ms"] = statistics.median(times)
        result["due_query_ms_min"] = min(times)
        result["due_query_cpu_ms"] = statistics.median(cpu_times)
        result["due_sql"] = " ".join(statement.split())
        result["due_plan"] = await explain(engine, statement, parameters)
        if engine.dialect.name == "postgresql":
            result["due_plan_analyze"] = await explain(engine, statement, parameters, analyze=True)
            # The plan the planner would choose if its statistics were 3 hours stale (it would
            # then believe about an eighth of the users due): same query, now + 3 h, not run.
            later = tuple(v + timedelta(hours=3) if isinstance(v, datetime) else v
                          for v in parameters)
            result["due_plan_stale"] = await explain(engine, statement, later)

        # (b) the whole tick, timed (--tick-runs times, the due users put back in between),
        # with the resident set's peak during the ticks
        async with engine.connect() as conn:
            last_delivery = (await conn.execute(select(func.max(Delivery.id)))).scalar() or 0
            last_session = (await conn.execute(select(func.max(SessionLog.id)))).scalar() or 0

        async def put_back() -> None:
            async with engine.begin() as conn:
                await conn.execute(delete(Delivery).where(Delivery.id > last_delivery))
                await conn.execute(delete(SessionLog).where(SessionLog.id > last_session))
                for chunk in range(0, len(due_ids), 500):
                    await conn.execute(update(User).where(User.telegram_id.in_(
                        due_ids[chunk:chunk + 500])).values(next_nudge_at=due_at))

        ticks, cpu, server, peaks = [], [], [], []
        for run in range(p["tick_runs"]):
            if run:
                await put_back()
            await tg.call("reset_monitor")
            server_before = await server_cpu_s(engine)
            reset_peak_rss()
            started, started_cpu = time.perf_counter(), time.process_time()
            report = await run_tick(application.bot, deps)
            ticks.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            server_after = await server_cpu_s(engine)
            server.append(server_after - server_before if server_after is not None else 0.0)
            peaks.append(peak_rss_mb())
        result["tick_s"] = statistics.median(ticks)
        result["tick_min_s"] = min(ticks)
        result["tick_runs_s"] = ticks
        result["tick_cpu_s"] = min(cpu)
        result["tick_server_cpu_s"] = min(server)
        result["tick_total_cpu_s"] = min(c + d for c, d in zip(cpu, server, strict=True))
        result["tick_peak_rss_mb"] = max(peaks)
        result["report"] = {"sent": report.sent, "skipped": report.skipped, "blocked": report.blocked,
                            "failed": report.failed, "busy": len(report.busy)}
        result["monitor"] = await tg.call("monitor")

        # (c) the same tick again, traced: tracemalloc's peak and every statement's plan
        await put_back()
        tracemalloc.start()
        with captured_statements(engine) as tick_statements:
            started = time.perf_counter()
            again = await run_tick(application.bot, deps)
            result["traced_tick_s"] = time.perf_counter() - started
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        result["traced_sent"] = again.sent
        result["statements_per_tick"] = len(tick_statements)
        distinct: dict[str, Any] = {}
        for statement, parameters in tick_statements:
            if statement.lstrip().split(" ", 1)[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                distinct.setdefault(statement, parameters)
        plans = []
        for statement, parameters in distinct.items():
            plan = await explain(engine, statement, parameters)
            plans.append({"sql": " ".join(statement.split()), "plan": plan, "full_scans": full_scans(plan)})
        result["tick_plans"] = plans
        await application.shutdown()
    await store.close()
    result["load"] = (load_before, os.getloadavg()[0])
    result["process_peak_rss_mb"] = max_rss_mb()
    return result


# --- the orchestrator ------------------------------------------------------------------------

async def child(mode: str, params: dict[str, Any]) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), f"--{mode}", json.dumps(params),
        stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    if process.returncode:
        raise SystemExit(f"the {mode} step failed ({process.returncode}) for {params}")
    return json.loads(out.decode().strip().splitlines()[-1])


def short(sql: str, width: int = 150) -> str:
    return sql if len(sql) <= width else sql[:width] + " ..."


async def orchestrate(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.db.split(",") if args.db else available_databases()
    now_real = datetime.now(UTC)
    due_at = floor_minute(now_real)
    now = due_at + timedelta(seconds=20)  # the minute job runs a few seconds into the minute
    rows = []
    for kind in kinds:
        for size in sizes:
            async with database(kind) as url:
                params = {"url": url, "users": size, "due": args.due, "now": now.isoformat(),
                          "due_at": due_at.isoformat(), "seed": args.seed,
                          "history_days": args.history_days, "runs": args.runs, "rate": args.rate,
                          "tick_runs": args.tick_runs}
                seeded = await child("seed-step", params)
                measured = await child("measure", params)
            print(f"{kind} {size}: seeded in {seeded['seconds']} s {seeded['rows']}; due query "
                  f"{measured['due_query_ms']:.2f} ms, tick {measured['tick_s']:.2f} s, "
                  f"sent {measured['report']['sent']}", file=sys.stderr, flush=True)
            rows.append((kind, size, seeded, measured))

    print(f"\nCommand: {' '.join(sys.argv)}")
    print(f"Nudge tick, {args.due} due in every size; now = {now:%Y-%m-%d %H:%M:%S} UTC; "
          f"telegram_max_rate = {args.rate:g}; history {args.history_days} days; "
          f"due query: median of {args.runs} runs\n")
    print("| database | users stored | users due | due query ms (median / min) | due query CPU ms"
          " | tick s (median / min) | tick CPU s: bot + PostgreSQL server | sent | peak RSS during tick MB"
          " | process peak RSS MB | tracemalloc peak in tick MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, size, _, m in rows:
        print(f"| {kind} | {size:,} | {args.due} | {m['due_query_ms']:.2f} / {m['due_query_ms_min']:.2f} | "
              f"{m['due_query_cpu_ms']:.2f} | "
              f"{m['tick_s']:.2f} / {m['tick_min_s']:.2f} | {m['tick_cpu_s']:.2f} + "
              f"{m['tick_server_cpu_s']:.2f} = {m['tick_total_cpu_s']:.2f} | {m['report']['sent']} | "
              f"{m['tick_peak_rss_mb']:.0f} | {m['process_peak_rss_mb']:.0f} | "
              f"{m['tracemalloc_peak_mb']:.1f} |")
    print()
    for kind in kinds:
        mine = {size: m for k, size, _, m in rows if k == kind}
        if len(mine) < 2:
            continue
        small, large = min(mine), max(mine)
        def ratio(key: str, big: dict = mine[large], little: dict = mine[small]) -> str:
            value = big[key] / little[key]
            return f"x{value:.2f} ({'within' if value <= TARGET_RATIO else 'OVER'})"

        print(f"- {kind}, {large:,} vs {small:,} users (target <= {TARGET_RATIO}): due query "
              f"{ratio('due_query_ms')} median, {ratio('due_query_ms_min')} min, "
              f"{ratio('due_query_cpu_ms')} CPU; whole tick "
              f"{ratio('tick_s')} median, {ratio('tick_min_s')} min, {ratio('tick_total_cpu_s')} CPU "
              "(bot + server)")
    print()
    for kind, size, _, m in rows:
        print(f"### {kind}, {size:,} users\n")
        print(f"due query: `{m['due_sql']}`\n")
        print("plan:\n```\n" + "\n".join(m["due_plan"]) + "\n```")
        if m.get("due_plan_analyze"):
            print("EXPLAIN (ANALYZE, BUFFERS):\n```\n" + "\n".join(m["due_plan_analyze"]) + "\n```")
            print("if the statistics were 3 h stale (EXPLAIN of now + 3 h):\n```\n"
                  + "\n".join(m["due_plan_stale"]) + "\n```")
        mon = m["monitor"]
        runs = ", ".join(f"{t:.2f}" for t in m["tick_runs_s"])
        print(f"timed ticks: {runs} s; load average {m['load'][0]:.1f} before, {m['load'][1]:.1f} after")
        print(f"tick: {m['report']}; {m['statements_per_tick']} SQL statements "
              f"({m['statements_per_tick'] / max(m['traced_sent'], 1):.1f} per nudge); double saw "
              f"{mon['sends']} sends, busiest second {mon['busiest_second']}, "
              f"errors {mon['errors'] or 'none'}; "
              f"traced re-run {m['traced_tick_s']:.2f} s, sent {m['traced_sent']}")
        scans = [p for p in m["tick_plans"] if p["full_scans"]]
        print(f"statements in the tick: {len(m['tick_plans'])} distinct, "
              f"{len(scans)} with a full table scan" + (":" if scans else ""))
        for p in scans:
            print(f"  - `{short(p['sql'])}`: {p['full_scans']}")
        if args.all_plans:
            for p in m["tick_plans"]:
                print(f"  - `{short(p['sql'])}`\n    " + "\n    ".join(p["plan"]))
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="users stored, comma-separated")
    parser.add_argument("--due", type=int, default=500, help="users due now, in every size")
    parser.add_argument("--db", default="", help="sqlite,postgres (default: sqlite, and postgres "
                        "when TEST_POSTGRES_URL is set)")
    parser.add_argument("--history-days", type=int, default=7,
                        help="days of session_log and delivery rows per scheduled user")
    parser.add_argument("--runs", type=int, default=31, help="runs of the due query (median)")
    parser.add_argument("--tick-runs", type=int, default=3, help="timed ticks (median)")
    parser.add_argument("--rate", type=float, default=100_000, help="telegram_max_rate for the tick")
    parser.add_argument("--seed", type=int, default=20261126, help="random seed")
    parser.add_argument("--all-plans", action="store_true", help="print every statement's plan")
    parser.add_argument("--seed-step", dest="seed_params", help=argparse.SUPPRESS)
    parser.add_argument("--measure", dest="measure_params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_params:
        print(json.dumps(asyncio.run(seed(json.loads(args.seed_params)))))
    elif args.measure_params:
        print(json.dumps(asyncio.run(measure(json.loads(args.measure_params)))))
    else:
        asyncio.run(orchestrate(args))


if __name__ == "__main__":
    main()
