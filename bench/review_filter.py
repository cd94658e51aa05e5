"""The lead's review: open the notes browser, and apply a filter, over every note in the demo.

Both are timed in the review app run headless in this process, as a lead
sees them: from the moment asked to the frame that shows the page.

- filter (the figure with a target, ≤ 1.2× its floor): setting the filter on
  the notes screen until the frame showing its first page; each filter of
  :func:`lead_filters` in turn, several rounds after one that warms up. Its
  floor is the same page got and shown with nothing of ours: the statements
  the review ran for the page, recorded once, replayed on a fresh read-only
  ``sqlite3`` connection in one transaction, every row fetched; plus the
  page, as plain text cells, put into a bare Textual DataTable with the same
  nine columns, timed the same way (the review and the bare table take turns
  a few rounds at a time). Both parts are shown beside it, filter by filter:
  a filter whose SQL is slow is slow for the floor too.
- open (shown for what it tells): ``make_review_app`` (the read-only
  connection, the schema check, the lead) until the frame showing the newest
  page, beside the bare Textual app built and run until its first frame.
  Imports are done by then; a fresh process adds the same start-up for both.

"The frame that shows the page" is found through Textual's public hooks
only (:class:`PageWatch`): after the rows are given to the table, the
screen's refreshes are followed with ``call_after_refresh`` until the table
has measured them. Headless, a frame is composed but not turned into a
terminal's text, for ours and for the floor alike.
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
from bench.sql_replay import recording, replay

SIZE = (160, 48)
#: Filter rounds per repetition requested: a filter is quick, so each is applied this many times more.
ROUNDS_PER_REPEAT = 2
#: Rounds in a row on one side (the review, or the bare DataTable) before the other takes its turn.
ROUNDS_PER_BLOCK = 2
#: Applying a filter: at most this many times the same page in a bare DataTable.
TARGET_RATIO = 1.2


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
    """The moment a table's new rows are on the screen, found through Textual's public hooks.

    A frame draws a table through its ``render_lines`` (public: the line API
    every widget has); :func:`_timing_tables` notes when each such call ends.
    :meth:`rows_given` is called right after rows are put into a table; from
    then on, each time the screen has been refreshed and is idle
    (``call_after_refresh``), the table's layout is read: its size, its row
    count and its columns' widths (a DataTable measures new rows when it is
    next idle, and draws again once it has). When a refresh finds the layout
    as the previous one did and nothing was drawn in between, the page is on
    the screen as it stays: ``at`` is the end of the table's last drawing.
    """

    #: When any table's ``render_lines`` last returned (set by :func:`_timing_tables`).
    drawn_at = 0.0

    def __init__(self) -> None:
        self.drawn = asyncio.Event()
        self.at = 0.0

    def reset(self) -> None:
        """Wait for the next page."""
        self.drawn = asyncio.Event()

    def rows_given(self, table) -> None:
        """``table`` was just given its rows: follow its refreshes until they are drawn and stay so."""
        given = time.perf_counter()
        last: list = [None, 0.0]
        waiting = self.drawn  # a page that comes after a reset has a watch of its own

        def layout():
            return table.virtual_size, table.row_count, tuple(c.content_width for c in table.ordered_columns)

        def refreshed() -> None:
            seen, drawn_at = layout(), PageWatch.drawn_at
            if seen == last[0] and drawn_at == last[1] and drawn_at > given:
                if waiting is self.drawn and not waiting.is_set():
                    self.at = drawn_at
                    waiting.set()
                return
            last[0], last[1] = seen, drawn_at
            table.call_after_refresh(refreshed)

        table.call_after_refresh(refreshed)


@contextmanager
def _timing_tables():
    """Note when every DataTable (the notes table is one) finishes drawing lines for a frame."""
    from textual.widgets import DataTable

    render_lines = DataTable.render_lines

    def timed(self, crop):
        lines = render_lines(self, crop)
        PageWatch.drawn_at = time.perf_counter()
        return lines

    DataTable.render_lines = timed
    try:
        yield
    finally:
        DataTable.render_lines = render_lines


@contextmanager
def _watching_tables(watches: list):
    """Make every NoteTable.show tell the current watch that a page arrived."""
    from agent_tui.ui.review.widgets.note_table import NoteTable

    show = NoteTable.show

    def telling(self, rows, append):
        show(self, rows, append)
        if watches:
            watches[-1].rows_given(self)

    NoteTable.show = telling
    try:
        yield
    finally:
        NoteTable.show = show


async def _open_once(make, watch_page: bool, watches: list) -> float:
    """Build an app with ``make`` and run it headless: ms to its first frame (with a page of notes if asked)."""
    started = time.perf_counter()
    app = make()
    watch = PageWatch()
    watches.append(watch)
    async with app.run_test(size=SIZE):
        if not watch_page:
            app.screen.call_after_refresh(lambda: (setattr(watch, "at", time.perf_counter()), watch.drawn.set()))
        await asyncio.wait_for(watch.drawn.wait(), timeout=120)
        app.exit()
    if watch_page:
        app.review.close()
    return (watch.at - started) * 1000


def _review_maker(db_path: Path):
    """A function that builds the review app for lead L001 on ``db_path`` at the bench's moment."""
    from agent_tui.ui.review.app import make_review_app

    config = bench_config()
    url = sqlite_url(db_path)
    return lambda: make_review_app(config, url, "L001", now=lambda: ANCHOR)


async def _opens(db_path: Path, opens: int) -> tuple[list[float], list[float]]:
    """Open the review and the bare app ``opens`` times each, alternating: ms to the first frame of each."""
    from bench.frame_child import bare_app

    review = _review_maker(db_path)
    open_ms: list[float] = []
    bare_ms: list[float] = []
    watches: list = []
    with _timing_tables(), _watching_tables(watches):
        await _open_once(bare_app, False, watches)  # warm: imports, the file cache
        await _open_once(review, True, watches)
        for n in range(opens):
            for side in (("bare", "review") if n % 2 == 0 else ("review", "bare")):
                if side == "bare":
                    bare_ms.append(await _open_once(bare_app, False, watches))
                else:
                    open_ms.append(await _open_once(review, True, watches))
    return open_ms, bare_ms


async def _filter_block(db_path: Path, filters: dict, rounds: int, times: dict) -> None:
    """In one review app: apply every filter once to warm up, then ``rounds`` times more, timing each."""
    app = _review_maker(db_path)()
    watch = PageWatch()
    with _timing_tables(), _watching_tables([watch]):
        async with app.run_test(size=SIZE) as pilot:
            await asyncio.wait_for(watch.drawn.wait(), timeout=120)
            screen = app.screen
            for round_ in range(rounds + 1):  # round 0 warms each filter's pages and is not counted
                for name, query in filters.items():
                    await pilot.pause()
                    watch.reset()
                    started = time.perf_counter()
                    screen.query_text = query
                    await asyncio.wait_for(watch.drawn.wait(), timeout=120)
                    if round_:
                        times[name].append((watch.at - started) * 1000)
            app.exit()
    app.review.close()


COLUMNS = ("saved", "agent", "debtor", "outcome", "flags", "score", "promise", "account", "note")


def _bare_table_app():
    """The toolkit's floor for a page: a bare app whose DataTable has the notes table's nine columns."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class BareTable(App):
        def compose(self):
            yield Header()
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns(*COLUMNS)

    return BareTable()


def _cells(row) -> tuple[str, ...]:
    """A note as plain text cells, the same facts the notes table shows."""
    return (f"{row.created_at:%m-%d %H:%M}", row.agent_name, row.debtor_name, row.outcome, str(row.flag_count),
            "" if row.score is None else str(row.score), str(len(row.promises)), row.account_ref, row.text[:60])


async def _bare_block(pages: dict, rounds: int, times: dict) -> None:
    """In one bare app: put each filter's page into its DataTable once to warm up, then ``rounds`` times more."""
    with _timing_tables():
        await _fill_bare(_bare_table_app(), PageWatch(), pages, rounds, times)


async def _filter_runs(db_path: Path, filters: dict, pages: dict, rounds: int) -> tuple[dict, dict]:
    """Each filter ``rounds`` times in the review and its page as often in the bare DataTable.

    The two take turns, a block of :data:`ROUNDS_PER_BLOCK` rounds each, so a
    machine that is busier at one moment than another weighs on both alike.
    """
    ours: dict[str, list[float]] = {name: [] for name in filters}
    bare: dict[str, list[float]] = {name: [] for name in filters}
    blocks = max(1, -(-rounds // ROUNDS_PER_BLOCK))
    for n in range(blocks):
        for side in (("ours", "bare") if n % 2 == 0 else ("bare", "ours")):
            if side == "ours":
                await _filter_block(db_path, filters, ROUNDS_PER_BLOCK, ours)
            else:
                await _bare_block(pages, ROUNDS_PER_BLOCK, bare)
    return ours, bare


async def _fill_bare(app, watch: PageWatch, pages: dict, rounds: int, times: dict) -> None:
    """Put each page into the bare app's table ``rounds`` times (after one that warms up), timing each."""
    from textual.widgets import DataTable

    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        for round_ in range(rounds + 1):  # round 0 warms up and is not counted
            for name, rows in pages.items():
                await pilot.pause()
                watch.reset()
                started = time.perf_counter()
                table.clear()
                for n, row in enumerate(rows):
                    table.add_row(*row, key=str(n))
                watch.rows_given(table)
                await asyncio.wait_for(watch.drawn.wait(), timeout=120)
                if round_:
                    times[name].append((watch.at - started) * 1000)
        app.exit()


def _record(review, query) -> list[tuple[str, tuple]]:
    """The statements ``review.notes(query)`` runs, in order."""
    with recording(review.database) as statements:
        review.notes(query)
    return statements


def _floors(db_path: Path, filters: dict, rounds: int) -> tuple[dict, dict]:
    """Each filter's first page: the driver-alone time of its statements, and its rows as plain cells."""
    from agent_tui.service.review import open_review

    review = open_review(bench_config(), sqlite_url(db_path), "L001", now=lambda: ANCHOR)
    try:
        recorded = {name: _record(review, query) for name, query in filters.items()}
        pages = {name: [_cells(line) for line in review.notes(query).lines] for name, query in filters.items()}
    finally:
        review.close()
    for statements in recorded.values():
        replay(db_path, statements)
    per_filter = {name: [] for name in filters}
    for _ in range(rounds):
        for name, statements in recorded.items():
            per_filter[name].append(replay(db_path, statements) * 1000)
    return per_filter, pages


def measure(db_path: Path, repeat: int, say=print) -> list[Figure]:
    """Applying a filter (target ≤ 1.2× the same page got by sqlite3 and shown in a bare DataTable), and opening
    the notes browser."""
    from zoneinfo import ZoneInfo

    say("review: open the notes browser, apply a filter …")
    today = ANCHOR.astimezone(ZoneInfo(bench_config().time_zone)).date()
    filters = lead_filters(db_path, today)
    rounds = max(repeat * ROUNDS_PER_REPEAT, 2)
    open_ms, bare_ms = asyncio.run(_opens(db_path, repeat))
    sql_ms, pages = _floors(db_path, filters, rounds)
    filter_ms, table_ms = asyncio.run(_filter_runs(db_path, filters, pages, rounds))
    per_filter = {}
    for name in filters:
        ours, sql, table = (statistics.median(v[name]) for v in (filter_ms, sql_ms, table_ms))
        per_filter[name] = {"median_ms": round(ours, 2), "sql_alone_ms": round(sql, 2),
                            "bare_table_ms": round(table, 2), "rows": len(pages[name])}
        say(f"    {name:<24} {ours:8.1f} ms   (its SQL alone {sql:.1f} ms + "
            f"its page in a bare DataTable {table:.1f} ms: {ours / (sql + table):.2f}×)")
    # The floor of each round: that filter's SQL alone and its page in the bare table, round by round.
    floor = [q + d for name in filters for q, d in zip(sql_ms[name], table_ms[name], strict=False)]
    slowest = max(per_filter, key=lambda n: per_filter[n]["median_ms"])
    return [
        Figure(
            id="review_filter",
            name="review: apply a filter",
            unit="ms",
            target=Target("ratio", TARGET_RATIO),
            floor_name="its SQL on sqlite3 + its page in a bare DataTable",
            ours=[v for runs in filter_ms.values() for v in runs],
            floor=floor,
            notes={"filters": per_filter, "slowest": slowest, "rounds": rounds,
                   "sql_alone_median_ms": round(statistics.median(
                       [v for runs in sql_ms.values() for v in runs]), 2)},
        ),
        Figure(
            id="review_open",
            name="review: open notes browser",
            unit="ms",
            target=Target("none"),
            floor_name="bare Textual app",
            ours=open_ms,
            floor=bare_ms,
            notes={"measure": "in this process, imports done: building the app to the frame with the first page",
                   "runs": len(open_ms)},
        ),
    ]
