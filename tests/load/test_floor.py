"""Proof under load: a floor of agent processes on one database, each claiming, dialling and saving.

Several processes (8 on SQLite, 32 on PostgreSQL) work one portfolio for a
bounded time; one more takes a case and is killed with SIGKILL before it
finishes. Everything is then checked from the database and its audit trail:

- no case was worked by two agents at once: every dial on a case comes from
  the agent holding its latest claim, and each note is on its own agent's call;
- no note is lost: each note a worker reported exists, as that agent's;
- no limit is exceeded: no number rang more often in a local day than the cap;
- the killed agent's case was claimed again, but only after its lease ran out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_tui.store.audit import verify_chain
from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS, Account, Agent, AuditEvent, CallAttempt, CallNote, Debtor
from agent_tui.store.schema import SchemaVersion
from tests.load.floor import UNANSWERED_CAP, build_floor

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
#: (agents, cases, seconds of work, lease seconds) per database: three leases of work, so that on a
#: loaded box the killed agent's case still comes round to a teammate after its lease.
SIZES = {"sqlite": (8, 30, 15, 5), "postgresql": (32, 60, 15, 5)}


def start(url: str, code: str, seconds: float, started: float, lease: float, hold: bool = False):
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    args = [sys.executable, "-m", "tests.load.worker", url, code, str(seconds), str(started), str(lease)]
    return subprocess.Popen(args + (["hold"] if hold else []), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def account_of(event: AuditEvent) -> int | None:
    if event.subject.startswith("account:"):
        return int(event.subject.split(":", 1)[1])
    if event.action == "note_saved":
        return event.payload.get("account")
    return None


def test_a_floor_of_agents_never_shares_a_case_loses_a_note_or_crosses_a_limit(db_url):
    kind = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    agents, cases, seconds, lease = SIZES[kind]
    codes = build_floor(db_url, agents + 1, cases)
    started = time.time()

    victim = start(db_url, codes[-1], seconds, started, lease, hold=True)
    held = json.loads(victim.stdout.readline())["holding"]
    victim.send_signal(signal.SIGKILL)
    victim.wait()

    workers = [start(db_url, code, seconds, started, lease) for code in codes[:-1]]
    reports = {}
    for code, worker in zip(codes, workers):
        out, err = worker.communicate(timeout=seconds + 120)
        assert worker.returncode == 0, err
        reports[code] = [json.loads(line) for line in out.splitlines()]
    assert not [r for lines in reports.values() for r in lines if "problems" in r]

    db = open_database(db_url)
    with db.bind_ctx((*MODELS, SchemaVersion)), db.connection_context():
        codes_by_id = {a.id: a.code for a in Agent.select()}

        # No note lost: every note a worker was told is saved is there, as that agent's.
        notes = {n.id: n for n in CallNote.select()}
        reported = [(code, r) for code, lines in reports.items() for r in lines if "note" in r]
        assert len({code for code, _ in reported}) > agents // 2  # most of the floor got to work
        for code, r in reported:
            note = notes[r["note"]]
            assert (codes_by_id[note.agent_id], note.account_id) == (code, r["account"])
        assert len(notes) == len(reported)

        # One agent per case at a time: each dial and note comes from the holder of the latest claim.
        holder: dict[int, str] = {}
        claims: dict[int, list[AuditEvent]] = {}
        for event in AuditEvent.select().order_by(AuditEvent.seq):
            account = account_of(event)
            if account is None:
                continue
            if event.action == "case_claimed":
                holder[account] = event.actor
                claims.setdefault(account, []).append(event)
            elif event.action == "call_dialled":
                assert holder.get(account) == event.actor, (account, event.actor, holder.get(account))
        # A note may come after its agent's lease ran out (the call is over then); it is still that agent's call.
        attempts = {a.id: a for a in CallAttempt.select()}
        for note in notes.values():
            assert attempts[note.attempt_id].agent_id == note.agent_id
        assert verify_chain().intact

        # No limit crossed: no number rang unanswered more than the cap in the debtor's local day.
        zones = {d.id: ZoneInfo(d.time_zone) for d in Debtor.select()}
        rings = Counter(
            (a.contact_point_id, a.started_at.astimezone(zones[a.debtor_id]).date()) for a in CallAttempt.select()
        )
        assert rings and max(rings.values()) <= UNANSWERED_CAP

        # The killed agent's case went to a teammate, only once its lease had run out.
        taken = claims[held]
        assert taken[0].actor == codes[-1]
        lease_until = datetime.fromisoformat(taken[0].payload["lease_until"])
        after = [e for e in taken[1:] if e.actor != codes[-1]]
        assert after, "the killed agent's case was never claimed again"
        assert datetime.fromisoformat(after[0].payload["claimed_at"]) >= lease_until
        assert Account.get_by_id(held).claimed_by_id is None or after
    db.close()
