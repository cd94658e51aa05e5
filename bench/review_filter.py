"""The lead's review: open the notes browser, and apply a filter, over every note in the demo.

Both are timed in the running review app (headless, in this process) as a
lead sees them, from the moment asked to the frame that shows the page:

- open: ``make_review_app`` (the read-only connection, the schema check, the
  lead) until the first frame showing the newest page of notes;
- filter: setting the filter on the notes screen until the frame showing its
  first page; each filter of :func:`lead_filters` in turn, several rounds.

The floor of each is the same SQL through the driver alone: the statements
the review ran for that page, recorded once, replayed on a fresh read-only
``sqlite3`` connection in one transaction, every row fetched.
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from bench.figures import Figure, Target
from bench.portfolio import ANCHOR, bench_config, sqlite_url

SIZE = (160, 48)
#: Filter rounds per repetition requested: a filter is quick, so each is applied this many times more.
ROUNDS_PER_REPEAT = 2


def lead_filters(db_path: Path, today) -> dict:
    """The filters a lead reaches for, with a real name and reference from the data to search for."""
    from agent_tui.service.review_views import NoteQuery

    with sqlite3.connect(f"file:{quote(str(db_path))}?mode=ro", uri=True) as conn:
        name, ref = conn.execute(
            'SELECT d."name", a."ref" FROM "account" a JOIN "debtor" d ON d."id" = a."debtor_id" '
            'ORDER BY a."id" LIMIT 1').fetchone()
    week = today - timedelta(days=6)
    return {
        "agent": NoteQuery(agent="A002"),
        "outcome": NoteQuery(outcome="promise_to_pay"),
        "flagged": NoteQuery(flag="any"),
        "last 7 days": NoteQuery(since=week, until=today),
        "agent, outcome, 7 days": NoteQuery(agent="A001", outcome="no_answer", since=week, until=today),
        "stage": NoteQuery(stage="disputed"),
        "broken promise": NoteQuery(promise="broken"),
        "search name": NoteQuery(search=name),
        "search ref": NoteQuery(search=ref[:-2]),
    }


class PageWatch:
    """Notes when the notes table is given a page, then when the next frame is drawn."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.shown = False
        self.drawn = asyncio.Event()
        self.at = 0.0
        display = app._display

        def watching(screen, renderable) -> None:
            if renderable is not None and self.shown and not self.drawn.is_set():
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)  # the text a terminal would be sent
                self.at = time.perf_counter()
                self.drawn.set()
            display(screen, renderable)

        app._display = watching

    def reset(self) -> None:
        """Wait for the next page."""
        self.shown = False
        self.drawn = asyncio.Event()


@contextmanager
def _watching_tables(watches: list):
    """Make every NoteTable.show tell the current watch that a page arrived."""
    from agent_tui.ui.review.widgets.note_table import NoteTable

    show = NoteTable.show

    def telling(self, lines, append):
        show(self, lines, append)
        if watches:
            watches[-1].shown = True

    NoteTable.show = telling
    try:
        yield
    finally:
        NoteTable.show = show


async def _app_runs(db_path: Path, filters: dict, opens: int, rounds: int, say) -> tuple[list, dict]:
    """Open the review ``opens`` times; in the last, apply every filter ``rounds`` times."""
    from agent_tui.ui.review.app import make_review_app

    config = bench_config()
    url = sqlite_url(db_path)
    open_ms: list[float] = []
    filter_ms: dict[str, list[float]] = {name: [] for name in filters}
    watches: list[PageWatch] = []
    with _watching_tables(watches):
        for n in range(opens + 1):
            started = time.perf_counter()
            app = make_review_app(config, url, "L001", now=lambda: ANCHOR)
            watches.append(PageWatch(app))
            async with app.run_test(size=SIZE) as pilot:
                await asyncio.wait_for(watches[-1].drawn.wait(), timeout=120)
                if n:  # the first open warms the file cache and is not counted
                    open_ms.append((watches[-1].at - started) * 1000)
                if n == opens:
                    screen = app.screen
                    for _ in range(rounds + 1):
                        for name, query in filters.items():
                            await pilot.pause()
                            watches[-1].reset()
                            started = time.perf_counter()
                            screen.query_text = query
                            await asyncio.wait_for(watches[-1].drawn.wait(), timeout=120)
                            if _:
                                filter_ms[name].append((watches[-1].at - started) * 1000)
                app.exit()
            app.review.close()
    return open_ms, filter_ms


def _record(review, query) -> list[tuple[str, tuple]]:
    """The statements ``review.notes(query)`` runs, in order."""
    db = review.database
    statements = []
    execute = db.execute_sql

    def recording(sql, params=None):
        statements.append((sql, tuple(params or ())))
        return execute(sql, params)

    db.execute_sql = recording
    try:
        review.notes(query)
    finally:
        del db.execute_sql
    return statements


def _replay(db_path: Path, statements) -> float:
    """Seconds to run ``statements`` on a fresh read-only connection, in one transaction, all rows read."""
    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{quote(str(db_path))}?mode=ro", uri=True, isolation_level=None)
    conn.execute("BEGIN")
    for sql, params in statements:
        conn.execute(sql, params).fetchall()
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def _floors(db_path: Path, filters: dict, rounds: int) -> tuple[list, dict]:
    """The driver-alone time of the open's first page and of each filter's first page."""
    from agent_tui.service.review import open_review
    from agent_tui.service.review_views import NoteQuery

    review = open_review(bench_config(), sqlite_url(db_path), "L001", now=lambda: ANCHOR)
    try:
        first = _record(review, NoteQuery())
        recorded = {name: _record(review, query) for name, query in filters.items()}
    finally:
        review.close()
    _replay(db_path, first)
    opens = [_replay(db_path, first) * 1000 for _ in range(rounds)]
    per_filter = {name: [] for name in filters}
    for _ in range(rounds):
        for name, statements in recorded.items():
            per_filter[name].append(_replay(db_path, statements) * 1000)
    return opens, per_filter


def measure(db_path: Path, repeat: int, say=print) -> list[Figure]:
    """Two figures: opening the notes browser, and applying a filter (each target ≤ 100 ms)."""
    from zoneinfo import ZoneInfo

    say("review: open the notes browser, apply a filter …")
    today = ANCHOR.astimezone(ZoneInfo(bench_config().time_zone)).date()
    filters = lead_filters(db_path, today)
    rounds = max(repeat * ROUNDS_PER_REPEAT, 2)
    open_ms, filter_ms = asyncio.run(_app_runs(db_path, filters, repeat, rounds, say))
    floor_open, floor_filter = _floors(db_path, filters, rounds)
    slowest = {}
    for name in filters:
        ours, floor = statistics.median(filter_ms[name]), statistics.median(floor_filter[name])
        slowest[name] = {"median_ms": round(ours, 2), "floor_ms": round(floor, 2)}
        say(f"    {name:<24} {ours:8.1f} ms   (SQL alone {floor:.1f} ms)")
    say(f"    {'open':<24} {statistics.median(open_ms):8.1f} ms   (SQL alone {statistics.median(floor_open):.1f} ms)")
    worst = max(slowest, key=lambda n: slowest[n]["median_ms"])
    return [
        Figure(
            id="review_open",
            name="review: open notes browser",
            unit="ms",
            target=Target("limit", 100),
            floor_name="its SQL, sqlite3 alone",
            ours=open_ms,
            floor=floor_open,
            notes={"runs": len(open_ms)},
        ),
        Figure(
            id="review_filter",
            name="review: apply a filter",
            unit="ms",
            target=Target("limit", 100),
            floor_name="its SQL, sqlite3 alone",
            ours=[v for runs in filter_ms.values() for v in runs],
            floor=[v for runs in floor_filter.values() for v in runs],
            notes={"filters": slowest, "slowest": worst, "rounds": rounds},
        ),
    ]
