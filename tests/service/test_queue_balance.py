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
        assert (rows[account_id].days_past_due, rows[account_id].bucket) == (case.debt.days_past_due,
                                                                             case.debt.bucket)
        assert found[account_id].balance == case.debt.total, account_id
        station.leave_case(account_id)


def test_a_payment_booked_since_placement_moves_the_queue_as_it_moves_the_case(station, desk, clock):
    """The stored overdue date is the placement's; a payment on the oldest line counts at once in both."""
    from agent_tui.store.models import Payment

    Payment.create(account=desk.wrong_figures, paid_at=NOW - timedelta(days=1), amount=250_000, reference="LATE-1")
    row = next(r for r in station.queue() if r.account_id == desk.wrong_figures)
    case = station.open_case(desk.wrong_figures)
    assert (row.balance, row.days_past_due, row.bucket) == (case.debt.total, case.debt.days_past_due, case.debt.bucket)
