"""Benchmark (not a test), issue 13: coached runs at scale, through the double, limiter on.

For each database and each size, a fresh database is migrated and seeded in bulk with mothers in
phase 4, each in the middle of a coached run (8 x (1:00 run, 1:00 walk): a cue a minute) whose
runs begin at staggered moments over the first minute. The bot's real Application is started
(its JobQueue, its one limiter at TELEGRAM_MAX_RATE=30, priorities), the sessions are picked up
exactly as at a restart (`coach.pick_up_runs`), and the bot runs on the real clock for
`--seconds`. Measured:

- **cues**: cues sent; **lateness median / p99 / max s**: when the send came back from the
  double, against the cue's moment (session start + pauses + the cue's offset);
- **folded**: cues more than LATE_S late that were folded into the next rather than sent stale
  (found late by the job, or still waiting for the sender LATE_S after their moment and taken
  out of its queue unsent: **of which in the queue**);
- **breaches**: of Telegram's limits as the double counts them (30/s overall, 1/s per chat);
  **busiest second**: the most sends the double saw in one second;
- **pick-up s**: how long the start-up pick-up of every open session took.

A cue a minute per runner is runners/60 cues a second: 600 is 10/s, 1,500 is 25/s, and 2,400
(40/s) is past Telegram's 30/s: there the limiter spaces the sends, cues wait their turn and
those pushed past LATE_S are folded, never sent stale, and the limits still hold.

Usage:
    .venv/bin/python bench/coach.py                                   # 600, 1500, 2400 on SQLite
    scripts/with-postgres.sh .venv/bin/python bench/coach.py --db postgres
    .venv/bin/python bench/coach.py --sizes 600 --seconds 60          # quick
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchkit import (
    DoubleProcess,
    available_databases,
    bot_settings,
    database,
    insert_many,
    user_ids,
    user_row,
)

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent.parent))


class CueText(str):
    """A cue's words, carrying the cue (so the send can be timed against its moment)."""

    cue: Any


async def one_run(db: str, runners: int, seconds: float, seed: int) -> dict[str, Any]:
    from bot.core import coach as core
    from bot.journey import coach
    from bot.platform.app import build_application
    from bot.platform.content import load_content
    from bot.storage.migrate import upgrade
    from bot.storage.models import RunSession, User
    from bot.storage.store import Store

    logging.getLogger("apscheduler").setLevel(logging.CRITICAL)  # the jobs cancelled at stop
    rng = random.Random(seed)
    lateness: list[float] = []
    folded = 0
    dropped = 0
    cue_text, send, due = coach._cue_text, coach._send, coach.due

    def timed_cue_text(deps: Any, cue: Any) -> str:
        text = CueText(cue_text(deps, cue))
        text.cue = cue
        return text

    async def timed_send(bot: Any, deps: Any, row: Any, text: str, markup: Any = None) -> bool:
        nonlocal dropped
        try:
            sent = await send(bot, deps, row, text, markup)
        except asyncio.CancelledError:  # waited past its moment: taken out of the queue, folded
            dropped += 1
            raise
        cue = getattr(text, "cue", None)
        if cue is not None:
            moment = row.started_at + timedelta(seconds=row.paused_s + cue.at)
            lateness.append((datetime.now(UTC) - moment).total_seconds())
        return sent

    def counted_due(*args: Any, **kwargs: Any) -> Any:
        nonlocal folded
        decision = due(*args, **kwargs)
        folded += len(decision.folded)
        return decision

    coach._cue_text, coach._send, coach.due = timed_cue_text, timed_send, counted_due  # type: ignore[assignment]
    shape = core.Shape(60, 60, 8)
    try:
        async with DoubleProcess() as tg, database(db) as url:
            store = Store.from_url(url)
            await upgrade(store.engine)
            ids = user_ids(rng, runners)
            await tg.call("users", ids)
            now = datetime.now(UTC)
            content = load_content()
            await insert_many(store.engine, User.__table__, (
                user_row(rng, user_id, now, content.consent_version, phase=4, zone=None,
                         reminder=None, next_nudge_at=None) for user_id in ids))
            # Each is in her warm-up; her first run starts 5 to 65 s from now, spread evenly.
            lead = 5.0
            await insert_many(store.engine, RunSession.__table__, (
                {"user_id": user_id, "log_id": None, "rung": 2, "shape": shape.as_dict(),
                 "state": "running",
                 "started_at": now - timedelta(seconds=shape.warmup_s - lead - 60 * i / runners),
                 "paused_at": None, "paused_s": 0.0, "last_cue": 0, "status_message_id": None,
                 "ended_at": None}
                for i, user_id in enumerate(ids)))
            settings = bot_settings(tg, url, 30)
            app = build_application(settings, content, store, run_jobs=False)
            await app.initialize()
            await app.start()
            await tg.call("reset_monitor")
            began = time.monotonic()
            await coach.pick_up_runs(app)
            pick_up = time.monotonic() - began
            await asyncio.sleep(seconds - pick_up)
            for job in app.job_queue.jobs():  # the window is over: no step after the store closes
                job.schedule_removal()
            await app.stop()
            await app.shutdown()
            monitor = await tg.call("monitor")
            await store.close()
    finally:
        coach._cue_text, coach._send, coach.due = cue_text, send, due  # type: ignore[assignment]
    ordered = sorted(lateness)
    return {
        "db": db, "runners": runners, "seconds": seconds, "cues": len(lateness),
        "median": statistics.median(ordered) if ordered else float("nan"),
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else float("nan"),
        "max": ordered[-1] if ordered else float("nan"), "folded": folded + dropped,
        "folded_in_queue": dropped,
        "breaches": monitor["breaches"], "busiest": monitor["busiest_second"],
        "pick_up": pick_up, "sends": monitor["sends"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="600,1500,2400")
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--db", default=",".join(available_databases()))
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows = []
    for db in args.db.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            row = asyncio.run(one_run(db, size, args.seconds, args.seed))
            rows.append(row)
            print(f"  {db} {size}: {row}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}\n")
    print("| db | runners | cues/s asked | cues sent | lateness median s | p99 s | max s "
          "| folded | of which in the queue | breaches | busiest second | pick-up s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['db']} | {r['runners']:,} | {r['runners'] / 60:.0f} | {r['cues']:,} "
              f"| {r['median']:.2f} | {r['p99']:.2f} | {r['max']:.2f} | {r['folded']:,} "
              f"| {r['folded_in_queue']:,} "
              f"| {r['breaches']} | {r['busiest']} | {r['pick_up']:.1f} |")


if __name__ == "__main__":
    main()
