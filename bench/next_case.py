"""Next case: what F2 costs an agent, from the key to the case and the queue on the screen's side.

F2 asks the workstation service for the next case (the queue's first
workable case is checked against the rules and claimed, and its profile,
ledger check, offers, contact rules and script are loaded), and the desk
then refreshes the queue pane. One run is ``Workstation.next_case()`` then
``Workstation.queue()``, in this process, on a scratch copy of the demo
(claims are writes), as agent A001 at the bench's fixed moment, the queue
read once before the runs as the desk does at start.

The queue pane's refresh ranks the queue's first cases afresh once they are
a few minutes old (see ``agent_tui.service.queue_window``); at the fixed
moment the runs above never do, so that ranking is measured on its own and
shown beside, for what it tells: the clock moved on past the window's age
before each run.

The floor of each is the same statements through the driver alone, recorded
from one run and replayed in a transaction that is rolled back.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.figures import Figure, Target
from bench.portfolio import ANCHOR, bench_config, drop, scratch_copy, sqlite_url
from bench.sql_replay import recording, replay

#: Cases taken per repetition requested.
CASES_PER_REPEAT = 6


class BenchClock:
    """The bench's moment, which the ranking runs move on."""

    def __init__(self) -> None:
        self.at = ANCHOR

    def __call__(self):
        return self.at


def open_desk(db_path: Path, agent: str = "A001", clock=None):
    """The workstation service for ``agent`` on ``db_path``, at the bench's moment, its queue read once.

    The seconds that first queue took (ranking the queue's first cases) are kept as ``first_queue``.
    """
    from agent_tui.service.workstation import open_workstation

    workstation = open_workstation(bench_config(), sqlite_url(db_path), agent, now=clock or (lambda: ANCHOR))
    started = time.perf_counter()
    workstation.queue()
    workstation.first_queue = time.perf_counter() - started
    return workstation


def take_next(workstation) -> float:
    """Seconds for one F2: the next case, then the queue refresh."""
    started = time.perf_counter()
    case = workstation.next_case()
    workstation.queue()
    elapsed = time.perf_counter() - started
    if case is None:
        raise RuntimeError("the queue had no workable case left")
    return elapsed


def ranking(workstation, clock: BenchClock, runs: int) -> tuple[list[float], list[float]]:
    """The pane's refresh when the window is old: ms of ours, and of its statements alone."""
    from agent_tui.service.queue_window import MAX_AGE

    def rank_again() -> float:
        clock.at += MAX_AGE
        started = time.perf_counter()
        workstation.queue()
        return time.perf_counter() - started

    rank_again()
    ours = [rank_again() * 1000 for _ in range(runs)]
    clock.at += MAX_AGE
    with recording(workstation.db) as statements:
        workstation.queue()
    db_path = Path(workstation.db.database)
    floor = [replay(db_path, statements) * 1000 for _ in range(runs)]
    return ours, floor


def measure(demo: Path, work: Path, repeat: int, say=print) -> list[Figure]:
    """Next case plus queue refresh, median over several cases (target ≤ 25 ms); and the queue ranked afresh."""
    say("next case (claim, profile, ledger check, offers, queue refresh) …")
    db_path = scratch_copy(demo, work, "next-case")
    clock = BenchClock()
    workstation = open_desk(db_path, clock=clock)
    first = take_next(workstation)  # the first F2 loads the call scripts and warms the caches: not counted
    runs = max(repeat * CASES_PER_REPEAT, 5)
    ours = [take_next(workstation) * 1000 for _ in range(runs)]
    with recording(workstation.db) as statements:
        take_next(workstation)
    replay(db_path, statements, write=True)
    floor = [replay(db_path, statements, write=True) * 1000 for _ in range(runs)]
    ranked, ranked_floor = ranking(workstation, clock, max(repeat, 3))
    workstation.db.close()
    drop(db_path)
    return [
        Figure(
            id="next_case",
            name="next case",
            unit="ms",
            target=Target("limit", 25),
            floor_name="its SQL, sqlite3 alone",
            ours=ours,
            floor=floor,
            notes={"cases": runs, "statements": len(statements),
                   "first_queue_ms": round(workstation.first_queue * 1000, 1),
                   "first_case_ms": round(first * 1000, 1)},
        ),
        Figure(
            id="queue_ranking",
            name="queue ranked afresh",
            unit="ms",
            target=Target("none"),
            floor_name="its SQL, sqlite3 alone",
            ours=ranked,
            floor=ranked_floor,
            notes={"measure": "the queue pane's refresh once its window is old: in the background after a case opens"},
        ),
    ]
