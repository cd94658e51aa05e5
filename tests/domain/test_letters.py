"""The letters' figures: the validation notice's itemization and its validation period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.ledger import compute_ledger
from agent_tui.domain.letters import assumed_receipt, itemize, us_public_holidays, validation_end
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import ContractTerms, Payment, ScheduleLine

POLICY = LedgerPolicy(booking_zone="UTC")
TERMS = ContractTerms(principal=600000, annual_rate=Decimal("0.12"), start_date=date(2025, 1, 1), late_fee=5000)
SCHEDULE = tuple(ScheduleLine(date(2025, m, 1), 100000, 6000 - 1000 * (m - 2)) for m in range(2, 8))


def test_the_itemization_date_is_the_last_payment_and_the_figures_add_up_to_the_case_total():
    payments = (Payment(datetime(2025, 3, 10, 12, tzinfo=UTC), 50000, "P1"),
                Payment(datetime(2025, 5, 20, 12, tzinfo=UTC), 30000, "P2"))
    now = compute_ledger(TERMS, SCHEDULE, payments, date(2025, 9, 1), POLICY)
    item = itemize(now, POLICY)
    assert item.itemization_date == date(2025, 5, 20) and item.reference == "last_payment"
    assert item.amount_now == now.owed.total
    assert item.paid_since == 0  # nothing paid after the last payment
    then = compute_ledger(TERMS, SCHEDULE, payments, date(2025, 5, 20), POLICY)
    # June's and July's principal fell due later but was part of the debt then; their interest is charged since.
    assert item.amount_then == then.owed.total + 200000
    assert item.fees_since == sum(fee.amount for fee in now.late_fees if fee.overdue_from > item.itemization_date)
    assert item.fees_since >= 2 * 5000  # June's and July's lines went overdue unpaid
    assert item.amount_then + item.interest_since + item.fees_since - item.paid_since == item.amount_now


def test_with_nothing_paid_the_itemization_date_is_the_transaction_date():
    now = compute_ledger(TERMS, SCHEDULE, (), date(2025, 9, 1), POLICY)
    item = itemize(now, POLICY)
    assert (item.itemization_date, item.reference) == (TERMS.start_date, "transaction")
    assert item.amount_then == TERMS.principal and item.paid_since == 0
    assert item.amount_then + item.interest_since + item.fees_since == now.owed.total


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 200000)), max_size=6), st.integers(0, 400))
def test_the_itemization_always_adds_up_to_what_is_owed(paid, days):
    payments = tuple(Payment(datetime(2025, 1, 15, 9, tzinfo=UTC) + timedelta(days=d), amount) for d, amount in paid)
    now = compute_ledger(TERMS, SCHEDULE, payments, date(2025, 1, 20) + timedelta(days=days), POLICY)
    item = itemize(now, POLICY)
    assert item.amount_now == now.owed.total
    assert item.amount_then + item.interest_since + item.fees_since - item.paid_since == item.amount_now
    assert min(item.interest_since, item.fees_since, item.paid_since) >= 0


def test_the_legal_public_holidays_with_their_observed_days():
    days = us_public_holidays(2026)
    for day in (date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25), date(2026, 6, 19),
                date(2026, 7, 3), date(2026, 7, 4), date(2026, 9, 7), date(2026, 10, 12), date(2026, 11, 11),
                date(2026, 11, 26), date(2026, 12, 25)):
        assert day in days, day
    assert date(2026, 11, 27) not in days


def test_receipt_is_five_business_days_after_sending_skipping_weekends_and_holidays():
    assert assumed_receipt(date(2026, 12, 7)) == date(2026, 12, 14)  # Monday: the next Monday
    assert validation_end(date(2026, 12, 7)) == date(2027, 1, 13)
    assert assumed_receipt(date(2026, 11, 25)) == date(2026, 12, 3)  # Thanksgiving skipped
    # 2027-12-24 observes Christmas, 2027-12-31 observes New Year's Day 2028.
    assert assumed_receipt(date(2027, 12, 23)) == date(2028, 1, 3)
