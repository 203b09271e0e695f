"""Benchmark (not a test), issue 4: an announcement to 10,000 mothers through the real sender.

For each database (SQLite in a temporary file; PostgreSQL on TEST_POSTGRES_URL when set), a fresh
database is migrated and seeded in bulk with `--users` consented mothers (announcements on), each
one a known chat of the loopback Bot API double, which runs in a process of its own. Staff's
announcement is a message in the staff member's chat; the broadcast is created and its
recipients fixed as /broadcast's Send button does (StaffStore.save_draft, start_broadcast), then
bot.desk.broadcaster.run_broadcast sends it through the bot's real Application and ExtBot (PTB's
AIORateLimiter as bot/platform/app.py configures it), in two modes:

  limited    settings.telegram_max_rate = `--rate` (30): the announcement alone through the one
             sender (bot/platform/rate_limit.py); the achieved rate as a ratio of 30 msg/s, and
             the double's LimitMonitor breaches (must be none).
  alerts     the same, while a stream of `--alerts-per-second` (4) replies and staff alerts is
             sent at their own priority, each to a chat that is not a recipient (so the one-a-
             second-per-chat limit is not what is measured): how long each took from the call to
             Telegram's answer (median, 99th percentile, max; the issue asks under 1 s), and the
             announcement's rate meanwhile.
  unlimited  telegram_max_rate = 1e6: the sender's own ceiling in messages a second, and the
             peak memory (the resident set's high-water mark during run_broadcast; with
             --tracemalloc, a further unlimited run under tracemalloc for Python's own peak).

Each run is a fresh process, so that its peak memory is its own. At 30 msg/s, 10,000 take about
seven minutes per database; `--users 1000` for a quick look.

Usage:
    scripts/with-postgres.sh .venv/bin/python bench/broadcast.py
    .venv/bin/python bench/broadcast.py --users 1000 --db sqlite
    scripts/with-postgres.sh .venv/bin/python bench/broadcast.py --mode unlimited --tracemalloc
    .venv/bin/python bench/broadcast.py --users 3000 --db sqlite --mode limited,alerts
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchkit import (
    STAFF_ID,
    DoubleProcess,
    available_databases,
    bot_settings,
    captured_statements,
    database,
    explain,
    insert_many,
    max_rss_mb,
    peak_rss_mb,
    pick_time,
    pick_zone,
    reset_peak_rss,
    server_cpu_s,
    started_application,
    user_ids,
    user_row,
)

HERE = Path(__file__).resolve()
TELEGRAM_CEILING = 30.0
ANNOUNCEMENT = "Our clinic is closed on Monday. Rest well, and see you on Tuesday!"


async def one_run(p: dict[str, Any]) -> dict[str, Any]:
    from bot.desk.broadcaster import run_broadcast
    from bot.platform.content import load_content
    from bot.platform.context import deps_of, system_clock
    from bot.storage.migrate import upgrade
    from bot.storage.models import User, utcnow
    from bot.storage.staff_store import StaffStore
    from bot.storage.store import Store

    result: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    rng = random.Random(p["seed"])
    now = datetime.now(UTC)
    async with database(p["db"]) as url:
        store = Store.from_url(url)
        await upgrade(store.engine)
        ids = user_ids(rng, p["users"])
        consent = load_content().consent_version
        rows = (user_row(rng, user_id, now, consent, phase=rng.choice((1, 2, 3, 4)),
                         zone=pick_zone(rng), reminder=pick_time(rng), next_nudge_at=None)
                for user_id in ids)
        await insert_many(store.engine, User.__table__, rows)
        others = [STAFF_ID + 1 + i for i in range(60)]  # alerted staff and replied-to mothers
        async with DoubleProcess() as tg:
            await tg.call("users", [*ids, STAFF_ID, *others])
            message_id = await tg.call("message", STAFF_ID, ANNOUNCEMENT)
            settings = bot_settings(tg, url, p["rate"])
            application = await started_application(settings, store, system_clock)
            deps = deps_of(application)
            desk = StaffStore(store)
            draft = await desk.save_draft(staff_id=STAFF_ID, from_chat_id=STAFF_ID,
                                          message_id=message_id)
            started = time.perf_counter()
            row = await desk.start_broadcast(draft.id, STAFF_ID, utcnow())
            result["fix_recipients_s"] = time.perf_counter() - started
            result["total"] = row.total

            async def watch() -> None:
                """Progress on stderr every minute; once half the recipients are done, the plan
                of the claim query the workers are running (what the sender meets mid-way)."""
                printed = time.perf_counter()
                while True:
                    await asyncio.sleep(5)
                    counts = await desk.counts(draft.id)
                    if "claim_plan_mid" not in result and counts.done * 2 >= counts.total:
                        with captured_statements(store.engine) as seen:
                            await asyncio.sleep(0.5)
                        claims = [(s, q) for s, q in seen if s.lstrip().upper().startswith("SELECT")
                                  and "FROM broadcast_recipient" in s and "ORDER BY" in s]
                        if claims:
                            result["claim_plan_mid"] = await explain(
                                store.engine, *claims[0], analyze=store.engine.dialect.name == "postgresql")
                            result["claim_plan_mid_done"] = counts.done
                    if time.perf_counter() - printed >= 60:
                        printed = time.perf_counter()
                        print(f"  {p['db']} {p['mode']}: {counts.done} of {counts.total} after "
                              f"{printed - started:.0f} s", file=sys.stderr, flush=True)

            await tg.call("reset_monitor")
            reporter = asyncio.create_task(watch())
            server_before = await server_cpu_s(store.engine)
            reset_peak_rss()
            if p["trace"]:
                tracemalloc.start()
            latencies: list[float] = []

            async def alerts() -> None:
                """Replies and alerts at their own (default) priority, while the copies go."""
                for n in range(10**9):
                    await asyncio.sleep(1 / p["alerts_per_second"])
                    sent = time.perf_counter()
                    await application.bot.send_message(others[n % len(others)], "Alert")
                    latencies.append(time.perf_counter() - sent)

            stream = asyncio.create_task(alerts()) if p["mode"] == "alerts" else None
            started, started_cpu = time.perf_counter(), time.process_time()
            await run_broadcast(application.bot, deps, draft.id)
            result["wall_s"] = time.perf_counter() - started
            if stream is not None:
                stream.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await stream
                result["alert_latency_s"] = sorted(latencies)
            result["cpu_s"] = time.process_time() - started_cpu
            server_after = await server_cpu_s(store.engine)
            result["server_cpu_s"] = (server_after - server_before) if server_after is not None else None
            if p["trace"]:
                result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            result["peak_rss_mb"] = peak_rss_mb()
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter
            result["monitor"] = await tg.call("monitor")
            # The query that picks each next recipient, as it stands at the end (all of them done).
            with captured_statements(store.engine) as seen:
                await desk.claim_recipient(draft.id)
            statement, parameters = next((s, q) for s, q in seen if s.lstrip().upper().startswith("SELECT"))
            result["claim_sql"] = " ".join(statement.split())
            result["claim_plan"] = await explain(store.engine, statement, parameters,
                                                 analyze=store.engine.dialect.name == "postgresql")
            counts = await desk.counts(draft.id)
            result["counts"] = {"sent": counts.sent, "blocked": counts.blocked,
                                "failed": counts.failed, "pending": counts.pending}
            await application.shutdown()
        await store.close()
    result["process_peak_rss_mb"] = max_rss_mb()
    result["load_after"] = os.getloadavg()[0]
    return result


async def child(params: dict[str, Any]) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), "--run", json.dumps(params), stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    if process.returncode:
        raise SystemExit(f"the run failed ({process.returncode}) for {params}")
    return json.loads(out.decode().strip().splitlines()[-1])


def steady_rate(monitor: dict[str, Any]) -> float:
    """Copies a second between the first copy and the last, on the double's clock."""
    if not monitor["first_copy"] or monitor["copies"] < 2:
        return float("nan")
    return (monitor["copies"] - 1) / (monitor["last_copy"] - monitor["first_copy"])


async def orchestrate(args: argparse.Namespace) -> list[dict[str, Any]]:
    kinds = args.db.split(",") if args.db else available_databases()
    modes = ["limited", "unlimited"] if args.mode == "both" else args.mode.split(",")
    plan = [(kind, mode, False) for kind in kinds for mode in modes]
    if args.tracemalloc:
        plan += [(kind, "unlimited", True) for kind in kinds]
    results = []
    for kind, mode, trace in plan:
        rate = 1e6 if mode == "unlimited" else args.rate
        print(f"{kind} {mode}{' traced' if trace else ''}: {args.users} users at "
              f"telegram_max_rate={rate:g} ...", file=sys.stderr, flush=True)
        measured = await child({"db": kind, "mode": mode, "trace": trace, "rate": rate,
                                "users": args.users, "seed": args.seed,
                                "alerts_per_second": args.alerts_per_second})
        results.append((kind, mode, trace, rate, measured))
        m = measured
        print(f"  done in {m['wall_s']:.1f} s: {m['counts']}, {m['monitor']['breaches']} breach(es)",
              file=sys.stderr, flush=True)

    print(f"\nCommand: {' '.join(sys.argv)}")
    print(f"Broadcast to {args.users:,} users through run_broadcast; Telegram's ceiling "
          f"{TELEGRAM_CEILING:g} msg/s\n")
    print("| database | mode | telegram_max_rate | sent / blocked / failed | wall s | msg/s (sent / wall)"
          " | steady msg/s (double's clock) | ratio to 30 | alert latency s (median / p99 / max) |"
          " busiest second |"
          " limit breaches | peak RSS during broadcast MB | process peak RSS MB | bot CPU s |"
          " PostgreSQL server CPU s |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, mode, trace, rate, m in results:
        c, mon = m["counts"], m["monitor"]
        achieved = c["sent"] / m["wall_s"]
        ratios = f"{achieved / TELEGRAM_CEILING:.3f}" if mode != "unlimited" else "n/a"
        waits = m.get("alert_latency_s") or []
        ratios += (f" | {statistics.median(waits):.3f} / {waits[int(len(waits) * 0.99)]:.3f} / "
                   f"{waits[-1]:.3f} ({len(waits)} sent)" if waits else " | n/a")
        label = mode + (" + tracemalloc" if trace else "")
        print(f"| {kind} | {label} | {rate:g} | {c['sent']} / {c['blocked']} / {c['failed']} | "
              f"{m['wall_s']:.1f} | {achieved:.1f} | {steady_rate(mon):.1f} | {ratios} | "
              f"{mon['busiest_second']} | {mon['breaches']} | {m['peak_rss_mb']:.0f} | "
              f"{m['process_peak_rss_mb']:.0f} | {m['cpu_s']:.1f} | "
              f"{'n/a' if m['server_cpu_s'] is None else format(m['server_cpu_s'], '.1f')} |")
    print()
    for kind, mode, trace, _, m in results:
        mon = m["monitor"]
        seconds = mon["copies_per_second"][1:-1] or mon["copies_per_second"]
        spread = (f"copies per whole second: min {min(seconds)}, median {statistics.median(seconds):g}, "
                  f"max {max(seconds)}") if seconds else "no copies"
        extra = f"; tracemalloc peak {m['tracemalloc_peak_mb']:.1f} MB" if trace else ""
        tenth = max(len(seconds) // 10, 1)
        deciles = [statistics.mean(seconds[i:i + tenth]) for i in range(0, len(seconds), tenth)]
        spread += "; msg/s by tenth of the run: " + " ".join(f"{d:.0f}" for d in deciles)
        print(f"- {kind} {mode}{' traced' if trace else ''}: recipients fixed in "
              f"{m['fix_recipients_s']:.2f} s; {spread}; double saw {mon['by_method']}; breaches "
              f"{mon['breaches_by_kind'] or 'none'} {mon['first_breaches'][:2] if mon['breaches'] else ''}; "
              f"errors {mon['errors'] or 'none'}; load average {m['load_before']:.1f} before, "
              f"{m['load_after']:.1f} after{extra}")
    for kind, mode, trace, _, m in results:
        if "claim_plan_mid" in m:
            when = f"with {m['claim_plan_mid_done']} of {m['total']} recipients done"
            plan = m["claim_plan_mid"]
        else:
            when, plan = "at the end (every recipient done)", m["claim_plan"]
        print(f"\n{kind} {mode}{' traced' if trace else ''}: the claim of the next recipient, "
              f"{when}:\n`{m['claim_sql']}`\n```\n" + "\n".join(plan) + "\n```")
    return [{"db": k, "mode": mo, "traced": t, "rate": r, **m} for k, mo, t, r, m in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10_000, help="recipients (default 10000)")
    parser.add_argument("--db", default="", help="sqlite,postgres (default: sqlite, and postgres "
                        "when TEST_POSTGRES_URL is set)")
    parser.add_argument("--mode", default="both",
                        help="limited, alerts, unlimited, comma-separated, or both (limited and "
                        "unlimited; the default)")
    parser.add_argument("--alerts-per-second", type=float, default=4.0,
                        help="the alerts mode's stream of replies and alerts (default 4)")
    parser.add_argument("--rate", type=float, default=TELEGRAM_CEILING,
                        help="telegram_max_rate for the limited run (default 30)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="add an unlimited run under tracemalloc (Python's own peak)")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--seed", type=int, default=20261126, help="random seed")
    parser.add_argument("--run", dest="run_params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_params:
        print(json.dumps(asyncio.run(one_run(json.loads(args.run_params)))))
    else:
        results = asyncio.run(orchestrate(args))
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
