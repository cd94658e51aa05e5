"""A floor for the load test and the benchmark: many unassigned cases, a team of agents, one database.

Built through the store's models with the workstation tests' desk helpers, so
every case is a real loan with a ledger the workstation can open.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from agent_tui.config import ClaimsConfig, Config
from agent_tui.domain.compliance import ComplianceSettings
from agent_tui.domain.policy import QueueWeights
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import Agent
from agent_tui.store.schema import init_db
from tests.service.desk import NOW, PEOPLE, _account, _debtor, desk_config

#: Each number may ring unanswered this often a day: low, so the load test crosses it many times.
UNANSWERED_CAP = 2


def floor_config(lease_seconds: float) -> Config:
    """The desk's configuration with a short lease and a tight daily cap on unanswered calls.

    Cases do not rest between calls here: the floor works the same numbers
    again at once, so the contact cap, not the queue's pace, is what stops it.
    """
    return dataclasses.replace(
        desk_config(),
        claims=ClaimsConfig(lease_minutes=lease_seconds / 60),
        compliance=ComplianceSettings(max_unanswered_per_number_per_day=UNANSWERED_CAP),
        queue=QueueWeights(rest_minutes=0),
    )


def build_floor(url: str, agents: int, cases: int) -> list[str]:
    """Write ``cases`` unassigned cases and ``agents`` agents of one team into ``url``; the agent codes."""
    db = use_database(open_database(url))
    init_db(db)
    words = PEOPLE["en"]
    codes = [f"F{n:03d}" for n in range(1, agents + 1)]
    with db.atomic():
        for code in codes:
            Agent.create(code=code, name=f"Agent {code}", team="FLOOR")
        for n in range(1, cases + 1):
            _account(n, _debtor(f"Debtor {n}", words, n), None, words, paid_lines=8)
    db.close()
    return codes


class FloorClock:
    """The desk's Monday afternoon, moving with the real clock from ``started`` on (leases run out for real)."""

    def __init__(self, started: float):
        self.started = started

    def __call__(self) -> datetime:
        import time

        return NOW + timedelta(seconds=time.time() - self.started)


def utc(seconds: float) -> datetime:
    """A wall-clock moment as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)
