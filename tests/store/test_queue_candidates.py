"""The queue's candidates in SQL: the scope's largest values read from the top of an index, exactly."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from agent_tui.store import queue_candidates
from agent_tui.store.database import open_database
from agent_tui.store.models import Account
from agent_tui.store.queue_candidates import scope_extremes
from agent_tui.store.schema import STEPS, init_db, upgrade_db

from .rows import account, agent

QUEUE_INDEXES = {("balance",), ("overdue_since",)}


def _index_columns(db) -> set[tuple[str, ...]]:
    return {tuple(index.columns) for index in db.get_indexes("account")}


def test_upgrading_a_first_version_database_adds_the_queue_indexes(db_url, tmp_path):
    db = open_database(db_url)
    init_db(db, steps=())  # a database as version 1 wrote it: without the queue's indexes
    for index in db.get_indexes("account"):
        if tuple(index.columns) in QUEUE_INDEXES:
            db.execute_sql(f'DROP INDEX "{index.name}"')
    assert not QUEUE_INDEXES & _index_columns(db)
    report = upgrade_db(db, steps=STEPS[:1], backup_dir=tmp_path)
    assert (report.before, report.after) == (1, 2)
    assert _index_columns(db) >= QUEUE_INDEXES
    db.close()


def test_a_new_database_has_the_queue_indexes(db):
    assert _index_columns(db) >= QUEUE_INDEXES


@pytest.mark.parametrize("top", [3, 500])
def test_the_scopes_largest_balance_and_oldest_debt_are_exact(db, monkeypatch, top):
    monkeypatch.setattr(queue_candidates, "TOP", top)
    me, other = agent(), agent()
    rng = random.Random(7)
    for n in range(40):
        mine = n % 4 != 0
        account(balance=rng.randrange(0, 10_000_000),
                overdue_since=None if n % 7 == 0 else date(2025, 1, 1) - timedelta(days=rng.randrange(0, 900)),
                assigned_agent=me if mine else other)
    # The largest balances and oldest debts of all belong to the other agent: the top entries are not mine.
    for n in range(5):
        account(balance=20_000_000 + n, overdue_since=date(2019, 1, 1) + timedelta(days=n), assigned_agent=other)
    scope = Account.assigned_agent == me.id
    mine = list(Account.select().where(scope))
    expected = (max(a.balance for a in mine), min(a.overdue_since for a in mine if a.overdue_since))
    assert scope_extremes(scope) == expected
    assert scope_extremes(Account.assigned_agent == -1) == (0, None)
