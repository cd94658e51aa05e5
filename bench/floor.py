"""Benchmark: a floor of simulated agents on PostgreSQL, beside one agent on SQLite.

Each agent is a process of its own driving the workstation service in a loop
(take the next case, dial, end the call, save a no-answer note), as the load
test does, and times two things: the claim (``next_case``) and the save
(``save_note``: everything the note writes, then the following case, as
Ctrl+S does; that case is given back untimed so each loop claims once).
With ``--think`` each agent pauses between calls, for a time drawn evenly
between half and one and a half times that mean, as a real floor talks and
writes; without it the floor runs at saturation. Run by hand::

    PYTHONPATH=. python bench/floor.py [--agents 50] [--seconds 60] [--cases 600] [--accounts 1000000] [--think 20]
        [--bare] [--no-sqlite] [--pg postgresql://postgres@127.0.0.1:5432/test]

``--explain`` prices one claim and one save on the server: their statements,
recorded as an agent runs them on the floor afterwards, each run again
under ``EXPLAIN (ANALYZE, BUFFERS)`` in a transaction rolled back, the
planning and execution times summed and any sequential scan named.
``--accounts`` grows the PostgreSQL floor's ``--cases`` to that many accounts
with COPY (:mod:`bench.floor_copy`). It prints, for the PostgreSQL floor and for a single agent on a SQLite file,
claims and saves per second, their p50, p95 and p99 latency, the statements
each sends, the errors met (anything but a refusal the desk shows), and the
double claims found afterwards in the audit trail (a dial by an agent who
did not hold the case's latest claim). ``--bare`` adds the same box's
physical floor: as many bare psycopg2 processes doing only the claim's
``UPDATE … FOR UPDATE SKIP LOCKED`` (and giving it back) on the same table,
and the ratio of agent-tui's claims per second to theirs. The PostgreSQL run
works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
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


class Counted:
    """Counts the statements a database sends (the SQL Peewee hands the driver)."""

    def __init__(self, db) -> None:
        self.count = 0
        execute = db.execute_sql

        def counted(sql, params=None, *args, **kwargs):
            self.count += 1
            return execute(sql, params, *args, **kwargs)

        db.execute_sql = counted

    def since(self, before: int) -> int:
        return self.count - before


def agent_loop(url: str, code: str, seconds: float, started: float, think: float = 0.0) -> None:
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
    db = use_database(open_database(url))  # the shipped busy timeout: a busy database is waited out
    counted = Counted(db)
    config = floor_config(LEASE_SECONDS)
    config = dataclasses.replace(config, compliance=Config().compliance)  # the profile's own caps
    station = Workstation(db, config, code, now=FloorClock(started), dialer=Dialer(""))
    claims: list[float] = []
    saves: list[float] = []
    statements: dict[str, list[int]] = {"claims": [], "saves": []}
    errors: list[str] = []
    rng = random.Random(code)
    deadline = time.monotonic() + seconds
    case = None
    if think:
        time.sleep(rng.uniform(0, think))  # agents do not all start their first call at the same moment
    while time.monotonic() < deadline:
        try:
            if case is None:
                before = counted.count
                t0 = time.perf_counter()
                case = station.next_case()
                claims.append(time.perf_counter() - t0)
                statements["claims"].append(counted.since(before))
                if case is None:
                    break  # the portfolio is worked out for today
            if not station.dial(case.account_id).allowed:
                station.leave_case(case.account_id)
                case = None
                continue
            station.end_call(case.account_id)
            before = counted.count
            t0 = time.perf_counter()
            result = station.save_note(case.account_id, NoteDraft(outcome="no_answer", next_action="send_notice"))
            saves.append(time.perf_counter() - t0)
            statements["saves"].append(counted.since(before))
            if result.next_case is not None:  # give it back, so every claim below is one timed next_case
                station.leave_case(result.next_case.account_id)
            case = None
            if think:
                time.sleep(min(rng.uniform(0.5, 1.5) * think, max(0.0, deadline - time.monotonic())))
        except CaseRefused:
            case = None
        except Exception as error:  # counted, as the desk would show it, and the agent goes on
            errors.append(type(error).__name__)
            case = None
    print(json.dumps({"claims": claims, "saves": saves, "statements": statements, "errors": errors}), flush=True)


def bare_loop(url: str, code: str, seconds: float) -> None:
    """The physical floor: only the claim's ``UPDATE … SKIP LOCKED`` on the same table, then the case given back."""
    import psycopg2

    from agent_tui.store.database import url_params

    params = url_params(url)
    conn = psycopg2.connect(dbname=params.pop("database"), **params)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT id FROM agent WHERE code = %s", (code,))
    (agent_id,) = cur.fetchone()
    claims: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        cur.execute(
            "UPDATE account SET claimed_by_id = %s, lease_until = now() + interval '5 minutes' WHERE id = ("
            "SELECT id FROM account WHERE claimed_by_id IS NULL OR lease_until <= now() "
            "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id", (agent_id,))
        row = cur.fetchone()
        claims.append(time.perf_counter() - t0)
        if row is not None:
            cur.execute("UPDATE account SET claimed_by_id = NULL, lease_until = NULL WHERE id = %s", (row[0],))
    conn.close()
    print(json.dumps({"claims": claims, "saves": [], "statements": {}, "errors": []}), flush=True)


def run_floor(url: str, agents: int, cases: int, seconds: float, think: float = 0.0, bare: bool = False,
              built: list[str] | None = None, accounts: int = 0) -> dict:
    """Build the floor in ``url`` (unless ``built`` names its agents), run ``agents`` processes for ``seconds``;
    the pooled timings, statements and errors, and the double claims found in the audit trail."""
    from tests.load.floor import build_floor

    codes = built or build_floor(url, agents, cases)
    if accounts > cases and not built:
        grow(url, accounts)
    started = time.time()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    worker = ["--bare", url] if bare else ["--worker", url]
    procs = [
        subprocess.Popen([sys.executable, __file__, *worker, code, str(seconds), str(started), str(think)],
                         stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for code in codes
    ]
    run: dict = {"claims": [], "saves": [], "statements": {"claims": [], "saves": []}, "errors": [],
                 "seconds": seconds, "codes": codes}
    for proc in procs:
        out, _ = proc.communicate()
        for line in out.splitlines():
            data = json.loads(line)
            for key in ("claims", "saves", "errors"):
                run[key] += data[key]
            for key, counts in data["statements"].items():
                run["statements"][key] += counts
    run["double_claims"] = None if bare else double_claims(url)
    return run


def grow(url: str, accounts: int) -> None:
    """Copy the floor's cases with COPY until it has ``accounts`` accounts."""
    import psycopg2

    from agent_tui.store.database import url_params
    from bench.floor_copy import grow_floor

    params = url_params(url)
    conn = psycopg2.connect(dbname=params.pop("database"), **params)
    seconds = grow_floor(conn, accounts)
    conn.close()
    print(f"{accounts:,} accounts copied in {seconds:.0f} s", file=sys.stderr, flush=True)


def explain(url: str, code: str) -> dict:
    """One claim and one save by ``code``, their statements priced on the server (see the module's text)."""
    import psycopg2

    from agent_tui.i18n import set_language
    from agent_tui.service.dialer import Dialer
    from agent_tui.service.views import NoteDraft
    from agent_tui.service.workstation import Workstation
    from agent_tui.store.database import open_database, url_params, use_database
    from bench.sql_replay import _clear_of_the_chain, recording
    from tests.load.floor import FloorClock, floor_config

    set_language("en")
    db = use_database(open_database(url))
    station = Workstation(db, floor_config(LEASE_SECONDS), code, now=FloorClock(time.time()), dialer=Dialer(""))
    recorded: dict[str, list] = {}
    with recording(db) as statements:
        case = station.next_case()
        recorded["claim"] = list(statements)
        if case is not None and station.dial(case.account_id).allowed:
            station.end_call(case.account_id)
            statements.clear()
            # The save's own transaction, without the next case Ctrl+S opens after it (that is a claim).
            station._notes.save_note(case.account_id, NoteDraft(outcome="no_answer", next_action="send_notice"))
            recorded["save"] = list(statements)
    db.close()
    params = url_params(url)
    conn = psycopg2.connect(dbname=params.pop("database"), **params)
    priced = {}
    for name, run in recorded.items():
        cur = conn.cursor()
        server_ms, seq_scans, failed = 0.0, [], 0
        for n, (sql, values) in enumerate(run):
            cur.execute(f"SAVEPOINT s{n}")
            try:
                cur.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", _clear_of_the_chain(sql, values))
            except psycopg2.Error:
                cur.execute(f"ROLLBACK TO SAVEPOINT s{n}")
                failed += 1
                continue
            plan = cur.fetchone()[0][0]
            server_ms += plan.get("Planning Time", 0.0) + plan.get("Execution Time", 0.0)
            seq_scans += [node.get("Relation Name", "?") for node in _nodes(plan["Plan"])
                          if node["Node Type"] == "Seq Scan"]
        conn.rollback()
        priced[name] = {"statements": len(run), "server_ms": server_ms, "seq_scans": seq_scans, "failed": failed}
    conn.close()
    return priced


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def double_claims(url: str) -> int:
    """Dials by an agent who did not hold the case's latest claim, from the audit trail (none on a sound floor)."""
    from agent_tui.store.database import open_database
    from agent_tui.store.models import MODELS, AuditEvent

    db = open_database(url)
    holder: dict[str, str] = {}
    found = 0
    with db.bind_ctx(MODELS), db.connection_context():
        query = (AuditEvent.select(AuditEvent.actor, AuditEvent.action, AuditEvent.subject)
                 .where(AuditEvent.action.in_(["case_claimed", "call_dialled"])).order_by(AuditEvent.seq).tuples())
        for actor, action, subject in query:
            if action == "case_claimed":
                holder[subject] = actor
            elif holder.get(subject) != actor:
                found += 1
    db.close()
    return found


def _at(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, int(len(times) * share))]


def figures(run: dict) -> list[str]:
    """Per second, p50, p95 and p99 (milliseconds) and statements of claims and saves; errors; double claims."""
    cells = []
    for key in ("claims", "saves"):
        times = sorted(run[key])
        counts = run["statements"].get(key) or []
        if not times:
            cells += ["0", "-", "-", "-", "-"]
            continue
        cells += [f"{len(times) / run['seconds']:.1f}", f"{statistics.median(times) * 1000:.1f}",
                  f"{_at(times, 0.95) * 1000:.1f}", f"{_at(times, 0.99) * 1000:.1f}",
                  f"{statistics.median(counts):.0f}" if counts else "-"]
    doubles = run.get("double_claims")
    return [*cells, str(len(run["errors"])), "-" if doubles is None else str(doubles)]


def main() -> None:
    """Run both floors and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", default="50", help="agents on the PostgreSQL floor; several: 50,100,200")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--explain", action="store_true", help="price a claim and a save on the server")
    parser.add_argument("--accounts", type=int, default=0, help="grow the PostgreSQL floor to this many (COPY)")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds an agent pauses between calls")
    parser.add_argument("--bare", action="store_true", help="also the bare psycopg2 SKIP LOCKED floor, no think")
    parser.add_argument("--no-sqlite", action="store_true", help="only the PostgreSQL floor")
    parser.add_argument("--pg", default=os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()

    import psycopg2

    admin = psycopg2.connect(args.pg)
    admin.autocommit = True
    counts = sorted(int(n) for n in str(args.agents).split(","))
    cur = admin.cursor()
    cur.execute("SELECT current_setting('max_connections')::int"
                " - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity)")
    (room,) = cur.fetchone()
    if counts[-1] + 2 > room:
        # Each agent holds a connection: more agents than the server takes would fail at connecting.
        sys.exit(f"{counts[-1]} agents need {counts[-1] + 2} connections; the server has room for {room} now "
                 "(raise max_connections, or put a pooler in front)")
    schema = f"agent_tui_bench_{uuid.uuid4().hex[:8]}"
    admin.cursor().execute(f'CREATE SCHEMA "{schema}"')
    rows: list[list[str]] = []
    try:
        from tests.load.floor import build_floor

        joiner = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{joiner}options={quote(f'-c search_path={schema}')}"
        codes = build_floor(url, counts[-1], args.cases)
        if args.accounts > args.cases:
            grow(url, args.accounts)
        think = f", {args.think:g} s think" if args.think else ""
        given_back = f'UPDATE "{schema}".account SET claimed_by_id = NULL, lease_until = NULL WHERE claimed_by_id > 0'
        for agents in counts:
            admin.cursor().execute(given_back)  # each floor starts with every case free
            pg = run_floor(url, agents, args.cases, args.seconds, args.think, built=codes[:agents])
            rows.append([f"PostgreSQL, {agents} agents{think}", *figures(pg)])
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)  # as it comes: a long run may be stopped
        if args.explain:
            priced = explain(url, codes[0])
        if args.bare:
            # Saturation on both sides, on the same table: agent-tui's claim path against the bare statement.
            agents = counts[0]
            admin.cursor().execute(given_back)
            ours = pg if not args.think else run_floor(url, agents, args.cases, args.seconds, built=codes[:agents])
            if args.think:
                rows.append([f"PostgreSQL, {agents} agents, no think", *figures(ours)])
            floor = run_floor(url, agents, args.cases, args.seconds, bare=True, built=codes[:agents])
            rows.append([f"bare SKIP LOCKED, {agents} processes", *figures(floor)])
            ratio = len(ours["claims"]) / max(1, len(floor["claims"]))
    finally:
        admin.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            rows.append(["SQLite, 1 agent", *figures(run_floor(f"sqlite:///{folder}/bench.db", 1, args.cases,
                                                                 args.seconds))])

    head = ["", "claims/s", "p50 ms", "p95 ms", "p99 ms", "stmts", "saves/s", "p50 ms", "p95 ms", "p99 ms", "stmts",
            "errors", "double claims"]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    size = f"{args.cases} cases" + (f" copied to {args.accounts:,} accounts on PostgreSQL" if args.accounts else "")
    print(f"({args.seconds:.0f} s each, {size}, {os.cpu_count()} CPUs)")
    if args.explain:
        for name, price in priced.items():
            scans = ", ".join(sorted(set(price["seq_scans"]))) or "none"
            print(f"one {name}: {price['statements']} statements, {price['server_ms']:.2f} ms on the server "
                  f"(EXPLAIN ANALYZE; {price['failed']} not replayable); sequential scans: {scans}")
    if args.bare:
        print(f"agent-tui claims/s at saturation ÷ bare SKIP LOCKED floor: {ratio:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        agent_loop(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]))
    elif sys.argv[1:2] == ["--bare"]:
        bare_loop(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    else:
        main()
