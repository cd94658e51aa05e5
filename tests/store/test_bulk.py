"""Rows loaded with their own ids leave the id sequence usable for ordinary inserts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agent_tui.store import bulk
from agent_tui.store.models import Account, Debtor

from . import rows


def test_rows_with_their_own_ids_leave_room_for_new_rows(db):
    Debtor.insert_many([{"id": 1000 + i, "name": f"D{i}", "national_id": f"N{i}"} for i in range(5)]).execute()
    Account.insert_many([
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
    ]).execute()
    bulk.advance_sequence(Debtor)
    bulk.advance_sequence(Account)
    assert Account.get_by_id(5003).debtor_id == 1003
    fresh = rows.account()  # the id sequence was moved past the loaded ids
    assert fresh.id > 5004
    assert rows.debtor().id > 1004
    assert Account.get_by_id(5002).principal == 300_000
