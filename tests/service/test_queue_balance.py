"""The queue's Balance column reads the figure the case's own pane reads.

The account's stored balance is the creditor's claim as placed; the debtor
pane shows what the ledger makes it as of the debtor's today (penalty runs
on, a wrong charge is left out). The queue row shows that same figure.
"""

from __future__ import annotations

from datetime import timedelta

from .desk import NOW


def test_queue_balance_is_the_balance_the_case_shows(station, desk, clock):
    clock.at = NOW + timedelta(days=3)  # penalty has run on since the creditor's figures were taken
    rows = {row.account_id: row for row in station.queue()}
    found = {row.account_id: row for row in station.search("ACC-")}
    for account_id in (desk.wrong_figures, desk.broken, desk.promise_due):
        case = station.open_case(account_id)
        assert rows[account_id].balance == case.debt.total, account_id
        assert found[account_id].balance == case.debt.total, account_id
        station.leave_case(account_id)
