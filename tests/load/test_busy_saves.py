"""Eight agents saving in a loop on one SQLite file, with the shipped settings, while the lock is held long.

Another program takes the write lock for longer than the shipped busy
timeout in the middle of the run, so every agent's next save meets a busy
database. None is lost: each worker ends cleanly, and every note a worker
was told is saved is in the database, as that agent's.
"""

from __future__ import annotations

import json
import time

import pytest

from agent_tui.store.database import DEFAULT_BUSY_TIMEOUT_MS, open_database
from agent_tui.store.models import MODELS, Agent, CallNote
from tests.load.floor import build_floor
from tests.load.test_floor import start
from tests.service.lock_holder import WriteLockHolder

pytestmark = pytest.mark.slow

AGENTS, CASES, SECONDS, LEASE = 8, 30, 20, 5
#: Longer than the shipped busy timeout: SQLite's own wait runs out for every writer behind it.
HELD_SECONDS = DEFAULT_BUSY_TIMEOUT_MS / 1000 + 2


def test_eight_agents_saving_through_a_long_held_lock_lose_no_save(tmp_path):
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    codes = build_floor(url, AGENTS, CASES)
    started = time.time()
    workers = [start(url, code, SECONDS, started, LEASE) for code in codes]
    time.sleep(5)  # the floor is at work
    holder = WriteLockHolder(url, HELD_SECONDS)
    reports: dict[str, list[dict]] = {}
    try:
        for code, worker in zip(codes, workers):
            out, err = worker.communicate(timeout=SECONDS + 120)
            assert worker.returncode == 0, err
            reports[code] = [json.loads(line) for line in out.splitlines()]
    finally:
        holder.join()
    assert not [r for lines in reports.values() for r in lines if "problems" in r]
    reported = [(code, r) for code, lines in reports.items() for r in lines if "note" in r]
    db = open_database(url)
    with db.bind_ctx(MODELS), db.connection_context():
        codes_by_id = {a.id: a.code for a in Agent.select()}
        notes = {n.id: n for n in CallNote.select()}
    db.close()
    assert len(notes) == len(reported) > AGENTS
    for code, r in reported:
        assert (codes_by_id[notes[r["note"]].agent_id], notes[r["note"]].account_id) == (code, r["account"])
