"""Bulk loading: batches under SQLite's variable limit, one transaction each, ids kept usable."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import peewee
import pytest

from agent_tui.domain.records import Stage
from agent_tui.store import bulk
from agent_tui.store.models import Account, Agent, Debtor, ScheduleLine

from . import rows


def _agents(n, start=0):
    return [{"code": f"B{i:06d}", "name": f"Bulk {i}"} for i in range(start, start + n)]


def test_every_row_arrives(db):
    assert bulk.bulk_insert(Agent, _agents(2500), batch=700) == 2500
    assert Agent.select().count() == 2500
    assert bulk.bulk_insert(Agent, []) == 0


def _inserts(log, table):
    return [s for s in log.statements if s.startswith(f'INSERT INTO "{table}"')]


def test_batches_respect_the_parameter_limit(db, query_log, monkeypatch):
    monkeypatch.setattr(bulk, "SQLITE_MAX_VARIABLES", 60)
    monkeypatch.setattr(bulk, "POSTGRES_MAX_PARAMETERS", 60)
    data = _agents(100)
    # The given fields and every field with a default are written.
    per_row = len([f for f in Agent._meta.sorted_fields if f.name in data[0] or f.default is not None])
    bulk.bulk_insert(Agent, data, batch=1000)
    assert len(_inserts(query_log, "agent")) == math.ceil(100 / (60 // per_row))
    assert Agent.select().count() == 100


def test_a_failing_batch_leaves_the_earlier_ones(db):
    data = _agents(30) + _agents(1, start=0)  # the last row repeats a unique code
    with pytest.raises(peewee.IntegrityError):
        bulk.bulk_insert(Agent, data, batch=10)
    assert Agent.select().count() == 30


def test_rows_with_their_own_ids_leave_room_for_new_rows(db):
    debtors = [{"id": 1000 + i, "name": f"D{i}"} for i in range(5)]
    bulk.bulk_insert(Debtor, debtors)
    accounts = [
        {
            "id": 5000 + i,
            "ref": f"R{i}",
            "debtor": 1000 + i,
            "creditor": "Bank",
            "principal": 100_000 * (i + 1),
            "annual_rate": Decimal("0.12"),
            "start_date": date(2023, 1, 1),
        }
        for i in range(5)
    ]
    bulk.bulk_insert(Account, accounts)
    lines = [
        {"account": 5000 + i, "seq": 1, "due": date(2023, 2, 1), "principal": 100_000, "interest": 1_000}
        for i in range(5)
    ]
    bulk.bulk_insert(ScheduleLine, lines)
    assert Account.get_by_id(5003).debtor_id == 1003
    fresh = rows.account()  # the id sequence was moved past the loaded ids
    assert fresh.id > 5004
    assert rows.debtor().id > 1004
    assert Account.get_by_id(5002).principal == 300_000


def test_rows_take_defaults_and_column_names(db):
    owner = rows.debtor()
    bulk.bulk_insert(Account, [
        {"ref": "C1", "debtor_id": owner.id, "creditor": "Bank", "principal": 1,
         "annual_rate": Decimal("0.1"), "start_date": date(2023, 1, 1)},
        {"ref": "C2", "debtor": owner, "creditor": "Bank", "principal": 2,
         "annual_rate": Decimal("0.2"), "start_date": date(2023, 1, 1), "stage": Stage.CLOSED},
    ])
    first, second = Account.select().where(Account.debtor == owner).order_by(Account.ref)
    assert first.stage is Stage.NEW and first.penalty_value == Decimal("1.5")
    assert first.placed_at.tzinfo is not None
    assert second.stage is Stage.CLOSED and second.annual_rate == Decimal("0.2")


def test_an_unknown_key_is_refused_before_writing(db):
    with pytest.raises(KeyError, match="nickname"):
        bulk.bulk_insert(Agent, [{"code": "X", "name": "X", "nickname": "x"}])
    assert Agent.select().count() == 0
