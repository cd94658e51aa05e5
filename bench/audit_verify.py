"""``agent-tui audit verify`` over the demo's audit trail, in seconds per 1,000,000 events, beside its floor.

Verify walks the whole hash chain, checks every note, promise and plan
against its event, and holds every debtor, number, account and ledger to
its last recorded state. The figure is its time scaled to 1,000,000 events
(target ≤ 60 s). The floor is the least the chain check itself can cost:
raw sqlite3 reading the same events in order and computing each one's
SHA-256 over the same columns, scaled the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from bench.figures import Figure, Target

PER = 1_000_000


def _ours(db: Path) -> tuple[float, int]:
    from agent_tui.store import open_database, use_database
    from agent_tui.store.audit_state import verify_trail

    database = use_database(open_database(f"sqlite:///{db}", read_only=True))
    try:
        with database.connection_context():
            started = time.perf_counter()
            report = verify_trail()
            took = time.perf_counter() - started
    finally:
        database.close()
    if not report.intact:
        raise RuntimeError(f"the demo's audit trail does not verify: {report}")
    return took, report.events


def _floor(db: Path) -> tuple[float, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    started = time.perf_counter()
    count, prev = 0, ""
    for seq, at, actor, action, subject, payload, _ in con.execute(
            "SELECT seq, at, actor, action, subject, payload, prev_hash FROM audit_event ORDER BY id"):
        prev = hashlib.sha256(f"{seq}|{at}|{actor}|{action}|{subject}|{payload}|{prev}".encode()).hexdigest()
        count += 1
    took = time.perf_counter() - started
    con.close()
    return took, count


def measure(db: Path, repeat: int, say=print) -> Figure:
    """Verify's time per 1,000,000 events (target ≤ 60 s), beside a bare sqlite3 hash walk."""
    figure = Figure(id="audit_verify", name="audit verify, per 1,000,000 events", unit="s",
                    target=Target("limit", 60), floor_name="sqlite3 + SHA-256 over each event")
    events = 0
    for run in range(repeat):
        took, events = _ours(db)
        figure.ours.append(took * PER / max(events, 1))
        took, counted = _floor(db)
        figure.floor.append(took * PER / max(counted, 1))
        say(f"  audit verify run {run + 1}: {figure.ours[-1]:.1f} s per 1M events ({events:,} events)")
    figure.notes = {"events": events, "scaled_to": PER}
    return figure
