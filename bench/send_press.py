"""Benchmark (not a test), issue 14: what staff pressing Send costs with 100,000 mothers.

For each database (SQLite in a temporary file; PostgreSQL on TEST_POSTGRES_URL when set) and each
size, a fresh database is migrated and seeded in bulk with consented mothers (announcements on,
one completed assessment each, so her lookups find rows). In a fresh process, the Send press's
database work runs: `StaffStore.start_broadcast`, which fixes the recipients with one
INSERT ... SELECT. Measured:

- **press s**: start_broadcast's wall time (the issue asks under 2 s on PostgreSQL at 100,000);
- **peak RSS during the press MB**, above the process's resident set before it (VmHWM reset just
  before; "flat" means it does not grow with the mothers);
- **her lookups meanwhile**: a mother asking /today while the press runs. Her reply's database
  work (get_user, open_levels, latest_assessment, as bot/journey/commands.py does it) is run back
  to back from the moment the press starts until it ends; each lookup's time, median and max
  (the issue asks that no reply waits more than 0.5 s).

Usage:
    scripts/with-postgres.sh .venv/bin/python bench/send_press.py                 # 10k and 100k
    .venv/bin/python bench/send_press.py --sizes 10000 --db sqlite               # quick
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchkit import (
    STAFF_ID,
    available_databases,
    database,
    insert_many,
    peak_rss_mb,
    pick_time,
    pick_zone,
    reset_peak_rss,
    rss_mb,
    user_ids,
    user_row,
)

HERE = Path(__file__).resolve()


async def one_run(p: dict[str, Any]) -> dict[str, Any]:
    from bot.platform.content import load_content
    from bot.storage.migrate import upgrade
    from bot.storage.models import Assessment, User, utcnow
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
        await insert_many(store.engine, User.__table__, (
            user_row(rng, user_id, now, consent, phase=rng.choice((1, 2, 3, 4)),
                     zone=pick_zone(rng), reminder=pick_time(rng), next_nudge_at=None)
            for user_id in ids))
        await insert_many(store.engine, Assessment.__table__, (
            {"user_id": user_id, "started_at": now, "completed_at": now, "answers": {},
             "defaults": {}, "phase": 2, "reasons": [], "content_version": "bench"}
            for user_id in ids))
        if store.engine.dialect.name == "postgresql":
            async with store.engine.begin() as conn:
                await conn.exec_driver_sql("ANALYZE")
        desk = StaffStore(store)
        draft = await desk.save_draft(staff_id=STAFF_ID, from_chat_id=STAFF_ID, message_id=1)
        her = ids[len(ids) // 2]
        for _ in range(3):  # warm: connections open, statements prepared
            await store.get_user(her)

        lookups: list[float] = []
        pressing = True

        async def mother() -> None:
            while pressing:
                started = time.perf_counter()
                await store.get_user(her)
                await store.open_levels([her])
                await store.latest_assessment(her)
                lookups.append(time.perf_counter() - started)
                await asyncio.sleep(0)

        result["rss_before_mb"] = rss_mb()
        reset_peak_rss()
        asking = asyncio.create_task(mother())
        await asyncio.sleep(0)
        started = time.perf_counter()
        row = await desk.start_broadcast(draft.id, STAFF_ID, utcnow())
        result["press_s"] = time.perf_counter() - started
        pressing = False
        await asking
        result["peak_rss_mb"] = peak_rss_mb()
        result["recipients"] = row.total if row else 0
        result["lookups"] = lookups
        await store.close()
    result["load_after"] = os.getloadavg()[0]
    return result


async def child(params: dict[str, Any]) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), "--run", json.dumps(params), stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    if process.returncode:
        raise SystemExit(f"the run failed ({process.returncode}) for {params}")
    return json.loads(out.decode().strip().splitlines()[-1])


async def orchestrate(args: argparse.Namespace) -> None:
    kinds = args.db.split(",") if args.db else available_databases()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    for kind in kinds:
        for size in sizes:
            print(f"{kind}: {size:,} mothers ...", file=sys.stderr, flush=True)
            m = await child({"db": kind, "users": size, "seed": args.seed})
            results.append((kind, size, m))
    print(f"\nCommand: {' '.join(sys.argv)}\n")
    print("| database | mothers | recipients | press s | RSS before MB | peak RSS during the press MB"
          " | her lookups during the press | lookup s median | lookup s max | load before / after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for kind, size, m in results:
        waits = m["lookups"]
        print(f"| {kind} | {size:,} | {m['recipients']:,} | {m['press_s']:.2f} | "
              f"{m['rss_before_mb']:.0f} | {m['peak_rss_mb']:.0f} | {len(waits)} | "
              f"{statistics.median(waits):.3f} | {max(waits):.3f} | "
              f"{m['load_before']:.1f} / {m['load_after']:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="mothers (default 10000,100000)")
    parser.add_argument("--db", default="", help="sqlite,postgres (default: sqlite, and postgres "
                        "when TEST_POSTGRES_URL is set)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--run", dest="run_params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_params:
        print(json.dumps(asyncio.run(one_run(json.loads(args.run_params)))))
        return
    asyncio.run(orchestrate(args))


if __name__ == "__main__":
    main()
