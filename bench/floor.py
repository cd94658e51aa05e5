"""Benchmark: a floor of simulated agents on PostgreSQL, beside one agent on SQLite.

Each agent is a process of its own driving the workstation service in a loop
(take the next case, dial, end the call, save a no-answer note), as the load
test does, and times two things: the claim (``next_case``) and the save
(``save_note``: everything the note writes, then the following case, as
Ctrl+S does; that case is given back untimed so each loop claims once). Run by hand::

    PYTHONPATH=. python bench/floor.py [--agents 50] [--seconds 60] [--cases 600]
        [--pg postgresql://postgres@127.0.0.1:5432/test]

It prints claims and saves per second and the median and p99 latency of each,
for the PostgreSQL floor and for a single agent on a SQLite file. The
PostgreSQL run works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Leases long enough that no agent loses a case to the clock during the run.
LEASE_SECONDS = 300


def agent_loop(url: str, code: str, seconds: float, started: float) -> None:
    """One agent: work until ``seconds`` are up, then print its timings as one JSON line."""
    from agent_tui.config import Config
    from agent_tui.i18n import set_language
    from agent_tui.service.dialer import Dialer
    from agent_tui.service.errors import CaseRefused
    from agent_tui.service.views import NoteDraft
    from agent_tui.service.workstation import Workstation
    from agent_tui.store.database import open_database, use_database
    from tests.load.floor import FloorClock, floor_config

    set_language("en")
    db = use_database(open_database(url, busy_timeout_ms=60_000))
    config = floor_config(LEASE_SECONDS)
    config = dataclasses.replace(config, compliance=Config().compliance)  # the profile's own caps
    station = Workstation(db, config, code, now=FloorClock(started), dialer=Dialer(""))
    claims: list[float] = []
    saves: list[float] = []
    deadline = time.monotonic() + seconds
    case = None
    while time.monotonic() < deadline:
        try:
            if case is None:
                t0 = time.perf_counter()
                case = station.next_case()
                claims.append(time.perf_counter() - t0)
                if case is None:
                    break  # the portfolio is worked out for today
            if not station.dial(case.account_id).allowed:
                station.leave_case(case.account_id)
                case = None
                continue
            station.end_call(case.account_id)
            t0 = time.perf_counter()
            result = station.save_note(case.account_id, NoteDraft(outcome="no_answer", next_action="send_notice"))
            saves.append(time.perf_counter() - t0)
            if result.next_case is not None:  # give it back, so every claim below is one timed next_case
                station.leave_case(result.next_case.account_id)
            case = None
        except CaseRefused:
            case = None
    print(json.dumps({"claims": claims, "saves": saves}), flush=True)


def run_floor(url: str, agents: int, cases: int, seconds: float) -> dict:
    """Build the floor in ``url``, run ``agents`` processes for ``seconds``; the pooled timings."""
    from tests.load.floor import build_floor

    codes = build_floor(url, agents, cases)
    started = time.time()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    procs = [
        subprocess.Popen([sys.executable, __file__, "--worker", url, code, str(seconds), str(started)],
                         stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for code in codes
    ]
    claims: list[float] = []
    saves: list[float] = []
    for proc in procs:
        out, _ = proc.communicate()
        for line in out.splitlines():
            data = json.loads(line)
            claims += data["claims"]
            saves += data["saves"]
    return {"claims": claims, "saves": saves, "seconds": seconds}


def figures(run: dict) -> list[str]:
    """Per second, median and p99 (milliseconds) of claims and saves."""
    cells = []
    for key in ("claims", "saves"):
        times = sorted(run[key])
        if not times:
            cells += ["0", "-", "-"]
            continue
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        cells += [f"{len(times) / run['seconds']:.1f}", f"{statistics.median(times) * 1000:.0f}", f"{p99 * 1000:.0f}"]
    return cells


def main() -> None:
    """Run both floors and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--pg", default=os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()

    import psycopg2

    admin = psycopg2.connect(args.pg)
    admin.autocommit = True
    schema = f"agent_tui_bench_{uuid.uuid4().hex[:8]}"
    admin.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        joiner = "&" if "?" in args.pg else "?"
        pg = run_floor(f"{args.pg}{joiner}options={quote(f'-c search_path={schema}')}", args.agents, args.cases,
                       args.seconds)
    finally:
        admin.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
    with tempfile.TemporaryDirectory() as folder:
        lite = run_floor(f"sqlite:///{folder}/bench.db", 1, args.cases, args.seconds)

    head = ["", "claims/s", "claim p50 ms", "claim p99 ms", "saves/s", "save p50 ms", "save p99 ms"]
    rows = [[f"PostgreSQL, {args.agents} agents", *figures(pg)], ["SQLite, 1 agent", *figures(lite)]]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    print(f"({args.seconds:.0f} s each, {args.cases} cases, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        agent_loop(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
    else:
        main()
