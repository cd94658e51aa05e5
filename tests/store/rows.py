"""Small builders of rows for the store tests (every value can be overridden)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count

from agent_tui.store.models import Account, Agent, CallNote, Debtor

_serial = count(1)

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def agent(**fields) -> Agent:
    n = next(_serial)
    return Agent.create(**{"code": f"A{n:04d}", "name": f"Agent {n}", **fields})


def debtor(**fields) -> Debtor:
    n = next(_serial)
    return Debtor.create(**{"name": f"Debtor {n}", "national_id": f"ID{n:06d}", **fields})


def account(owner: Debtor | None = None, **fields) -> Account:
    n = next(_serial)
    values = {
        "ref": f"ACC-{n:06d}",
        "debtor": owner or debtor(),
        "creditor": "Bank",
        "principal": 1_200_000,
        "annual_rate": Decimal("0.1200"),
        "start_date": date(2023, 1, 15),
        **fields,
    }
    return Account.create(**values)


def note(acct: Account, by: Agent, **fields) -> CallNote:
    return CallNote.create(**{"account": acct, "agent": by, "outcome": "right_party", "created_at": T0, **fields})
