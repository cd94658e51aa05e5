"""The ledger recomputes what is owed: worked examples and properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings

from agent_tui.domain.ledger import accrue, booking_date, bucket_for, compute_ledger
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import ContractTerms, Payment, PenaltyKind, ScheduleLine

from .ledger_cases import at_noon, expected_figures, half_up, histories, on_time_histories

POLICY = LedgerPolicy()


def terms(**changes) -> ContractTerms:
    """3,000.00 at 12 %, penalty 18.25 % a year (0.05 % a day on 365), late fee 50.00."""
    base = ContractTerms(
        principal=300000,
        annual_rate=Decimal("0.12"),
        start_date=date(2025, 1, 1),
        penalty_kind=PenaltyKind.RATE,
        penalty_value=Decimal("0.1825"),
        late_fee=5000,
        day_count=365,
    )
    return replace(base, **changes)


SCHEDULE = (
    ScheduleLine(date(2025, 1, 31), 100000, 3000),
    ScheduleLine(date(2025, 2, 28), 100000, 2000),
    ScheduleLine(date(2025, 3, 31), 100000, 1000),
)


def paid(day: date, amount: int) -> Payment:
    return Payment(at_noon(day), amount)


# --- worked examples (figures worked out by hand, written as the sums a clerk would do) ---


def test_partial_payment_pays_fees_penalty_interest_then_principal_and_splits_the_penalty():
    ledger = compute_ledger(terms(), SCHEDULE, [paid(date(2025, 2, 10), 60000)], date(2025, 3, 3), POLICY)
    # Line 1 overdue from 1 Feb: fee 50.00; by 10 Feb, 1,000.00 × 0.05 % × 10 days = 5.00.
    # 600.00 pays fee 50.00, penalty 5.00, interest 30.00, principal 515.00 -> 485.00 left.
    first_segment = 100000 * 5 * 10 // 10000
    left = 100000 - (60000 - 5000 - first_segment - 3000)
    assert left == 48500
    # 485.00 × 0.05 % × 21 days (10 Feb to 3 Mar 2025) = 5.0925 -> 5.09.
    second_segment = half_up(Decimal("485.00") * Decimal("0.0005") * 21 * 100)
    # Line 2 due 28 Feb: 1,000.00 × 0.05 % × 3 days = 1.50, fee 50.00 from 1 Mar.
    third_segment = 100000 * 5 * 3 // 10000
    assert ledger.owed.principal == left + 100000
    assert ledger.owed.interest == 2000
    assert ledger.owed.penalty == second_segment + third_segment == 509 + 150
    assert ledger.owed.fees == 5000
    assert ledger.owed.total == 148500 + 2000 + 659 + 5000
    assert ledger.paid.penalty == first_segment == 500
    assert [(s.start, s.end, s.principal, s.amount) for s in ledger.segments] == [
        (date(2025, 1, 31), date(2025, 2, 10), 100000, 500),
        (date(2025, 2, 10), date(2025, 3, 3), 48500, 509),
        (date(2025, 2, 28), date(2025, 3, 3), 100000, 150),
    ]
    assert ledger.days_past_due == 31 and ledger.bucket == "M2"
    assert ledger.oldest_unpaid_due == date(2025, 1, 31)
    assert ledger.not_yet_due_principal == 100000


def test_configured_allocation_order_pays_principal_first():
    policy = LedgerPolicy(allocation_order=("principal", "interest", "penalty", "fees"))
    ledger = compute_ledger(terms(), SCHEDULE, [paid(date(2025, 2, 10), 60000)], date(2025, 3, 3), policy)
    # All 600.00 to line 1's principal: 400.00 left, accruing 400.00 × 0.05 % × 21 = 4.20 after 10 Feb.
    assert ledger.owed.principal == 40000 + 100000
    assert ledger.owed.interest == 3000 + 2000
    assert ledger.owed.penalty == 500 + 420 + 150
    assert ledger.owed.fees == 5000 + 5000


def test_payment_on_the_due_date_is_on_time():
    line = ScheduleLine(date(2025, 1, 31), 100000, 3000)
    ledger = compute_ledger(terms(), [line], [paid(date(2025, 1, 31), 103000)], date(2025, 3, 3), POLICY)
    assert ledger.owed.total == 0
    assert ledger.segments == () and ledger.late_fees == ()
    assert ledger.days_past_due == 0 and ledger.bucket == "M0" and ledger.oldest_unpaid_due is None


def test_the_due_date_is_the_booking_zones_calendar_day():
    line = ScheduleLine(date(2025, 1, 31), 100000, 0)
    # 23:59 in Shanghai on the due date is 15:59 UTC: on time.
    on_time = Payment(datetime(2025, 1, 31, 15, 59, tzinfo=UTC), 100000)
    # 00:00 in Shanghai the next day is 16:00 UTC on the due date: one day late.
    late = Payment(datetime(2025, 1, 31, 16, 0, tzinfo=UTC), 100000)
    assert compute_ledger(terms(), [line], [on_time], date(2025, 2, 5), POLICY).owed.total == 0
    ledger = compute_ledger(terms(), [line], [late], date(2025, 2, 5), POLICY)
    # Late: fee 50.00 and one day of 1,000.00 × 0.05 % = 0.50 are paid first, leaving 50.50 of principal,
    # which accrues 50.50 × 0.05 % × 4 days = 0.101 -> 0.10 up to 5 Feb.
    assert ledger.paid == replace(ledger.paid, principal=100000 - 5000 - 50, interest=0, penalty=50, fees=5000)
    assert ledger.owed == replace(ledger.owed, principal=5050, interest=0, penalty=10, fees=0)
    in_utc = compute_ledger(terms(), [line], [late], date(2025, 2, 5), LedgerPolicy(booking_zone="UTC"))
    assert in_utc.owed.total == 0
    assert booking_date(datetime(2025, 1, 31, 16, 0), "Asia/Shanghai") == date(2025, 2, 1)  # naive = UTC


def test_leap_year_counts_29_february():
    line = ScheduleLine(date(2024, 2, 28), 1000000, 0)
    leap = compute_ledger(terms(penalty_value=Decimal("0.18")), [line], [], date(2024, 3, 1), POLICY)
    # 10,000.00 × 18 % × 2 days ÷ 365 = 9.8630… -> 9.86
    assert leap.owed.penalty == half_up(Decimal(1000000) * Decimal("0.18") * 2 / 365) == 986
    assert leap.days_past_due == 2
    common = ScheduleLine(date(2023, 2, 28), 1000000, 0)
    plain = compute_ledger(terms(penalty_value=Decimal("0.18")), [common], [], date(2023, 3, 1), POLICY)
    assert plain.owed.penalty == 493 and plain.days_past_due == 1  # 4.9315… -> 4.93


def test_line_due_on_29_february_and_a_360_day_basis():
    line = ScheduleLine(date(2024, 2, 29), 800000, 0)
    ledger = compute_ledger(
        terms(penalty_value=Decimal("0.18"), day_count=360), [line], [], date(2024, 3, 31), POLICY
    )
    # 8,000.00 × 18 % ÷ 360 = 4.00 a day × 31 days = 124.00
    assert ledger.owed.penalty == 800000 * 18 * 31 // (100 * 360) == 12400
    assert ledger.days_past_due == 31 and ledger.bucket == "M2"


def test_payment_before_any_due_date_is_held_and_applied_when_the_line_falls_due():
    early = [paid(date(2024, 12, 15), 50000)]
    before = compute_ledger(terms(), SCHEDULE, early, date(2025, 1, 15), POLICY)
    assert before.owed.total == 0 and before.credit == 50000 and before.bucket == "M0"
    assert before.not_yet_due_principal == 300000
    after = compute_ledger(terms(), SCHEDULE, early, date(2025, 2, 10), POLICY)
    # On 31 Jan the 500.00 pays interest 30.00 then principal 470.00: 530.00 goes overdue.
    assert after.credit == 0
    assert [(a.day, a.payment, a.line_due, a.component, a.amount) for a in after.allocations] == [
        (date(2024, 12, 15), 0, None, "credit", 50000),
        (date(2025, 1, 31), 0, date(2025, 1, 31), "interest", 3000),
        (date(2025, 1, 31), 0, date(2025, 1, 31), "principal", 47000),
    ]
    assert after.owed.principal == 100000 - (50000 - 3000) == 53000
    assert after.owed.interest == 0
    assert after.owed.penalty == half_up(Decimal(53000) * Decimal("0.0005") * 10)  # 2.65 -> 2.65
    assert after.owed.fees == 5000
    assert after.days_past_due == 10


def test_credit_covering_a_whole_line_leaves_it_paid():
    early = [paid(date(2025, 1, 2), 103000 + 102000 + 500)]
    ledger = compute_ledger(terms(), SCHEDULE, early, date(2025, 3, 10), POLICY)
    assert ledger.owed.total == 0 and ledger.credit == 500 and ledger.late_fees == ()


def test_zero_interest_contract():
    zero = [ScheduleLine(date(2025, 1, 31), 100000, 0), ScheduleLine(date(2025, 2, 28), 100000, 0)]
    multiple = terms(annual_rate=Decimal(0), penalty_kind=PenaltyKind.MULTIPLE, penalty_value=Decimal("1.5"))
    ledger = compute_ledger(multiple, zero, [], date(2025, 3, 3), POLICY)
    # 1.5 × 0 % is 0 %: no penalty interest, only the fees.
    assert ledger.owed == replace(ledger.owed, principal=200000, interest=0, penalty=0, fees=10000)
    fixed = compute_ledger(terms(annual_rate=Decimal(0)), zero, [], date(2025, 3, 3), POLICY)
    # A fixed penalty rate still applies: 1,000.00 × 0.05 % × 31 + 1,000.00 × 0.05 % × 3.
    assert fixed.owed.penalty == 1550 + 150


def test_multiple_of_the_contract_rate():
    line = ScheduleLine(date(2025, 1, 31), 800000, 0)
    contract = terms(annual_rate=Decimal("0.12"), penalty_kind=PenaltyKind.MULTIPLE, penalty_value=Decimal("1.5"))
    ledger = compute_ledger(contract, [line], [], date(2025, 3, 3), POLICY)
    # 1.5 × 12 % = 18 % a year; 8,000.00 × 18 % × 31 ÷ 365 = 122.30…
    assert ledger.penalty_rate == Decimal("0.18")
    assert ledger.owed.penalty == half_up(Decimal(800000) * Decimal("0.18") * 31 / 365) == 12230


def test_paying_everything_late_settles_the_account():
    line = ScheduleLine(date(2025, 1, 31), 100000, 3000)
    # 10 days late: fee 50.00 + penalty 5.00 + 1,030.00.
    ledger = compute_ledger(terms(), [line], [paid(date(2025, 2, 10), 5000 + 500 + 103000)], date(2025, 3, 3), POLICY)
    assert ledger.owed.total == 0 and ledger.credit == 0
    assert ledger.days_past_due == 0 and ledger.unpaid_lines == ()


def test_payments_after_as_of_and_non_positive_ones_are_not_counted():
    payments = [paid(date(2025, 3, 4), 200000), paid(date(2025, 2, 1), 0), paid(date(2025, 2, 1), -500)]
    ledger = compute_ledger(terms(), SCHEDULE, payments, date(2025, 3, 3), POLICY)
    assert ledger.paid.total == 0
    assert len(ledger.skipped_payments) == 2


def test_oldest_unpaid_line_sets_days_past_due():
    payments = [paid(date(2025, 2, 5), 5000 + 250 + 103000)]  # clears line 1 (5 days late) only
    ledger = compute_ledger(terms(), SCHEDULE, payments, date(2025, 3, 10), POLICY)
    assert ledger.oldest_unpaid_due == date(2025, 2, 28)
    assert ledger.days_past_due == 10 and ledger.bucket == "M1"


def test_buckets_follow_the_configured_start_days():
    cases = {0: "M0", 1: "M1", 30: "M1", 31: "M2", 60: "M2", 61: "M3", 150: "M5", 151: "M6+", 4000: "M6+"}
    for days, bucket in cases.items():
        assert bucket_for(days, POLICY) == bucket, days
    short = LedgerPolicy(bucket_starts=(1, 8))
    assert [bucket_for(d, short) for d in (0, 7, 8)] == ["M0", "M1", "M2+"]


def test_accrue_rounds_half_up():
    # 1 fen × 50 % × 1 day ÷ 365 is far under half a fen; 365 fen at 50 % for one day is exactly 0.5 fen.
    assert accrue(1, Decimal("0.5"), 1, 365) == 0
    assert accrue(365, Decimal("0.5"), 1, 365) == 1
    assert accrue(1000, Decimal("0.1825"), 31, 365) == half_up(Decimal(1000) * Decimal("0.1825") * 31 / 365)


# --- properties ---


@settings(max_examples=150, deadline=None)
@given(histories())
def test_allocation_never_pays_more_than_is_owed(case):
    terms_, schedule, payments, as_of = case
    ledger = compute_ledger(terms_, schedule, payments, as_of, POLICY)
    for name in ("principal", "interest", "penalty", "fees"):
        assert 0 <= ledger.paid.get(name) <= ledger.charged.get(name)
        assert ledger.owed.get(name) >= 0
    for line in ledger.unpaid_lines:
        for name in ("principal", "interest", "penalty", "fees"):
            assert 0 <= line.paid.get(name) <= line.charged.get(name)
    counted = sum(p.amount for p in payments if p.amount > 0 and booking_date(p.paid_at, POLICY.booking_zone) <= as_of)
    assert ledger.paid.total + ledger.credit == counted  # every fen paid is allocated or held
    assert ledger.credit == 0 or ledger.owed.total == 0
    # The allocations explain it: each fen applied to a line is one allocation row, per component.
    applied = [a for a in ledger.allocations if a.component != "credit"]
    for name in ("principal", "interest", "penalty", "fees"):
        assert sum(a.amount for a in applied if a.component == name) == ledger.paid.get(name)
    for j, payment in enumerate(payments):
        if payment.amount > 0 and booking_date(payment.paid_at, POLICY.booking_zone) <= as_of:
            to_lines = sum(a.amount for a in applied if a.payment == j)
            assert to_lines <= payment.amount
    assert sum(a.amount for a in applied) + ledger.credit == counted


@settings(max_examples=150, deadline=None)
@given(histories())
def test_components_sum_to_the_total(case):
    ledger = compute_ledger(*case, POLICY)
    owed = ledger.owed
    assert owed.total == owed.principal + owed.interest + owed.penalty + owed.fees
    assert owed.total == sum(line.owed.total for line in ledger.unpaid_lines)
    assert ledger.charged.penalty == sum(s.amount for s in ledger.segments)
    assert ledger.charged.fees == sum(f.amount for f in ledger.late_fees)
    if ledger.oldest_unpaid_due is None:
        assert owed.total == 0 and ledger.days_past_due == 0
    else:
        assert ledger.days_past_due == (ledger.as_of - ledger.oldest_unpaid_due).days
    assert ledger.bucket == bucket_for(ledger.days_past_due, POLICY)


@settings(max_examples=150, deadline=None)
@given(on_time_histories())
def test_ledger_matches_the_line_by_line_formula(case):
    terms_, schedule, payments, as_of, paid_lines = case
    ledger = compute_ledger(terms_, schedule, payments, as_of, POLICY)
    expected = expected_figures(terms_, schedule, paid_lines, as_of)
    assert {name: ledger.owed.get(name) for name in expected} == expected


@settings(max_examples=100, deadline=None)
@given(histories())
def test_paying_what_is_owed_clears_it(case):
    terms_, schedule, payments, as_of = case
    ledger = compute_ledger(terms_, schedule, payments, as_of, POLICY)
    settled = compute_ledger(terms_, schedule, payments + (paid(as_of, ledger.owed.total),), as_of, POLICY)
    assert settled.owed.total == 0
    assert settled.credit == ledger.credit


@settings(max_examples=100, deadline=None)
@given(histories())
def test_one_payment_or_the_same_sum_in_two_on_one_day(case):
    terms_, schedule, payments, as_of = case
    if not payments:
        return
    first, rest = payments[0], payments[1:]
    half = first.amount // 2
    split = (replace(first, amount=half), replace(first, amount=first.amount - half)) if half else (first,)
    assert compute_ledger(terms_, schedule, split + rest, as_of, POLICY).owed == compute_ledger(
        terms_, schedule, payments, as_of, POLICY
    ).owed


@settings(max_examples=100, deadline=None)
@given(histories())
def test_a_further_payment_never_raises_what_is_owed(case):
    terms_, schedule, payments, as_of = case
    before = compute_ledger(terms_, schedule, payments, as_of, POLICY)
    extra = paid(terms_.start_date + timedelta(days=(as_of - terms_.start_date).days // 2), 12345)
    after = compute_ledger(terms_, schedule, payments + (extra,), as_of, POLICY)
    assert after.owed.total <= before.owed.total


def test_booking_zone_and_settlement_rule_are_config_keys():
    from agent_tui.config import ConfigError, parse_config

    config = parse_config("ledger:\n  booking_zone: UTC\noffers:\n  settlement_only_with_hardship: false\n")
    assert config.ledger.booking_zone == "UTC" and config.offers.settlement_only_with_hardship is False
    try:
        parse_config("ledger:\n  booking_zone: Mars/Olympus\n")
    except ConfigError as error:
        assert "ledger.booking_zone" in str(error) and ":2:" in str(error)
    else:
        raise AssertionError("an unknown time zone was accepted")
