"""/progress: a chart of sessions done, skipped and left unanswered per week, and her run/walk
step over time, ending at her step today (the caption's)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.storage.models import REST_DAY, SessionLog

WEEKS = 8
DONE = {"done", "fine", "hard", "symptom"}


@dataclass(frozen=True)
class ProgressSummary:
    done: int
    skipped: int
    week_starts: list[date]
    done_per_week: list[int]
    skipped_per_week: list[int]
    rungs: list[tuple[date, int]]
    # A past day's session she never answered: not the same as one she chose to skip.
    unanswered: int = 0
    unanswered_per_week: list[int] = field(default_factory=list)


def counted(sessions: list[SessionLog]) -> list[SessionLog]:
    """The logs that count toward done, skipped and unanswered: a rest day left unanswered asks
    nothing of her, and neither does a day's plan when she logged something else that day (a
    run instead of her strength moves)."""
    answered = {row.local_date for row in sessions if row.outcome is not None}
    return [row for row in sessions if row.outcome is not None
            or (row.kind != REST_DAY and row.local_date not in answered)]


def summarise(sessions: list[SessionLog], today: date, weeks: int = WEEKS, *,
              rung_now: int | None = None) -> ProgressSummary:
    """Pure: count outcomes per ISO week (Monday first) over the last `weeks` weeks: done,
    skipped (she pressed Skip) and unanswered (a past day with no answer; today's may still
    come). `rung_now` (her run/walk step today, counted from 1) ends the step line, so that
    after a step back the line ends where the caption says she is."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    done: Counter[date] = Counter()
    skipped: Counter[date] = Counter()
    unanswered: Counter[date] = Counter()
    for row in counted(sessions):
        week = row.local_date - timedelta(days=row.local_date.weekday())
        if row.outcome in DONE:
            done[week] += 1
        elif row.outcome == "skipped":
            skipped[week] += 1
        elif row.outcome is None and row.local_date < today:
            unanswered[week] += 1
    rungs = [(r.local_date, r.rung + 1) for r in sessions if r.kind == "run" and r.rung is not None]
    if rung_now is not None and rungs and (rungs[-1][0] < today or rungs[-1][1] != rung_now):
        rungs.append((today, rung_now))
    return ProgressSummary(sum(done.values()), sum(skipped.values()), starts,
                           [done[s] for s in starts], [skipped[s] for s in starts], rungs,
                           sum(unanswered.values()), [unanswered[s] for s in starts])


@dataclass(frozen=True)
class ChartWords:
    """The chart's words in her language (the catalogue's chart-* messages), and how her
    locale writes a week's first day."""

    done: str
    skipped: str
    unanswered: str
    sessions: str
    step: str
    title: str
    week: Callable[[date], str]


def render(summary: ProgressSummary, rung_count: int, words: ChartWords) -> bytes:
    """A PNG. Uses a bare Figure (Agg canvas, no pyplot state), so it is safe off the event loop."""
    from matplotlib.figure import Figure  # only when a chart is drawn: 0.4 s of start-up otherwise
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7, 4), dpi=100)
    bars = figure.add_subplot()
    x = list(range(len(summary.week_starts)))
    bars.bar(x, summary.done_per_week, color="#2e8b57", label=words.done)
    bars.bar(x, summary.skipped_per_week, bottom=summary.done_per_week, color="#c8c8c8",
             label=words.skipped)
    unanswered = summary.unanswered_per_week or [0] * len(x)
    if any(unanswered):
        below = [d + s for d, s in zip(summary.done_per_week, summary.skipped_per_week,
                                       strict=True)]
        bars.bar(x, unanswered, bottom=below, color="white", edgecolor="#9a9a9a",
                 hatch="//", label=words.unanswered)
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole sessions
    bars.set_xticks(x, [words.week(d) for d in summary.week_starts], fontsize=8)
    bars.set_ylabel(words.sessions)
    bars.legend(loc="upper left", fontsize=8)
    if summary.rungs:
        first = summary.week_starts[0]
        steps = bars.twinx()
        steps.plot([(d - first).days / 7 for d, _ in summary.rungs],
                   [r for _, r in summary.rungs], color="#1f5fa8", marker="o", label=words.step)
        steps.set_ylim(0, rung_count + 1)
        steps.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole steps
        steps.set_ylabel(words.step)
    bars.set_title(words.title)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
