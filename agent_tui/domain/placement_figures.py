"""The two figures an account row carries for the queue, when the placement does not state them.

The queue sorts by what is owed and how long it has been overdue, read from
the account row. The creditor may state both (``balance``,
``overdue_since``); when a row leaves them empty the import derives them from
the rest of the placement, the plain way a clerk would: the creditor's
latest statement of charges, and the first instalment the payments do not
cover. The ledger check recomputes the exact figures on the agent's screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def stated_balance(charges: Iterable[tuple[date, int]], principal: int) -> int:
    """The sum of the charges on the latest ``as_of`` date; the principal when there are none."""
    latest: date | None = None
    total = 0
    for as_of, amount in charges:
        if latest is None or as_of > latest:
            latest, total = as_of, amount
        elif as_of == latest:
            total += amount
    return principal if latest is None else total


def first_unpaid_due(schedule: Iterable[tuple[date, int]], paid: int, as_of: date) -> date | None:
    """The due date of the first instalment the payments do not cover, if it is before ``as_of``.

    ``schedule`` is (due date, amount due) per instalment in any order;
    payments are applied to instalments oldest first.
    """
    remaining = paid
    for due, amount in sorted(schedule):
        if remaining >= amount:
            remaining -= amount
            continue
        return due if due < as_of else None
    return None
