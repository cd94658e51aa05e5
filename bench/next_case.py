"""Next case: what F2 costs an agent, from the key to the case and the queue on the screen's side.

F2 asks the workstation service for the next case (the queue's first
workable case is claimed, and its profile, ledger check, offers, contact
rules and script are loaded), and the desk then refreshes the queue pane.
One run is ``Workstation.next_case()`` then ``Workstation.queue()``, in this
process, on a scratch copy of the demo (claims are writes), as agent A001
at the bench's fixed moment. The service is opened and its queue read once
before the runs, as the desk does at start.

The floor is the same statements through the driver alone, recorded from
one run and replayed in a transaction that is rolled back.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.figures import Figure, Target
from bench.portfolio import ANCHOR, bench_config, drop, scratch_copy, sqlite_url
from bench.sql_replay import recording, replay

#: Cases taken per repetition requested.
CASES_PER_REPEAT = 6


def open_desk(db_path: Path, agent: str = "A001"):
    """The workstation service for ``agent`` on ``db_path``, at the bench's moment, its queue read once.

    The seconds that first queue took (ranking the queue's first cases) are kept as ``first_queue``.
    """
    from agent_tui.service.workstation import open_workstation

    workstation = open_workstation(bench_config(), sqlite_url(db_path), agent, now=lambda: ANCHOR)
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


def measure(demo: Path, work: Path, repeat: int, say=print) -> Figure:
    """Next case plus queue refresh, median over several cases (target ≤ 20 ms)."""
    say("next case (claim, profile, ledger check, offers, queue refresh) …")
    db_path = scratch_copy(demo, work, "next-case")
    workstation = open_desk(db_path)
    first = take_next(workstation)  # the first F2 loads the call scripts and warms the caches: not counted
    runs = max(repeat * CASES_PER_REPEAT, 5)
    ours = [take_next(workstation) * 1000 for _ in range(runs)]
    with recording(workstation.db) as statements:
        take_next(workstation)
    replay(db_path, statements, write=True)
    floor = [replay(db_path, statements, write=True) * 1000 for _ in range(runs)]
    workstation.db.close()
    drop(db_path)
    return Figure(
        id="next_case",
        name="next case",
        unit="ms",
        target=Target("limit", 20),
        floor_name="its SQL, sqlite3 alone",
        ours=ours,
        floor=floor,
        notes={"cases": runs, "statements": len(statements),
               "first_queue_ms": round(workstation.first_queue * 1000, 1),
               "first_case_ms": round(first * 1000, 1)},
    )
