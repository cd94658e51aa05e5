"""Instalments sized to the debtor's stated monthly capacity, within the policy's bounds."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from agent_tui.domain.capacity_plan import BELOW_MINIMUM, NO_CAPACITY, TOO_MANY, size_to_capacity
from agent_tui.domain.note_form import heard_terms
from agent_tui.domain.offers import compute_offers
from agent_tui.domain.policy import OfferPolicy

AS_OF = date(2026, 12, 8)
POLICY = OfferPolicy()  # counts 3, 6, 12; smallest instalment 200.00

balances = st.integers(min_value=1, max_value=10**12)
capacities = st.integers(min_value=1, max_value=10**12)
counts = st.integers(min_value=2, max_value=360)
minimums = st.integers(min_value=0, max_value=10**9)


@given(balances, capacities, counts, minimums)
def test_a_sized_plan_sums_to_the_balance_keeps_within_the_capacity_and_the_count(balance, capacity, most, minimum):
    split = size_to_capacity(balance, capacity, most, minimum)
    if split.impossible is None:
        assert sum(split.amounts) == balance
        assert all(0 < amount <= capacity for amount in split.amounts)
        assert 1 <= split.count <= most
        # Equal, the remainder on the last; or, where that would pass the capacity, a unit apart at most.
        first, last = split.amounts[0], split.amounts[-1]
        assert (set(split.amounts[:-1]) <= {first} and first <= last < first + split.count) or (
            max(split.amounts) - min(split.amounts) <= 1 and list(split.amounts) == sorted(split.amounts, reverse=True))
        assert split.count == 1 or min(split.amounts) >= minimum
        assert (split.count - 1) * capacity < balance  # the fewest instalments that cover it
    else:
        assert split.amounts == ()
        # Impossible only when the policy makes it so, and the reason says which bound.
        if split.impossible == TOO_MANY:
            assert split.needed > most and (split.needed - 1) * capacity < balance <= split.needed * capacity
        else:
            assert split.impossible == BELOW_MINIMUM
            assert split.needed * minimum > balance  # no count has every instalment in [minimum, capacity]


def test_no_capacity_and_nothing_owed():
    assert size_to_capacity(100_000, 0, 12).impossible == NO_CAPACITY
    assert size_to_capacity(0, 5_000, 12).amounts == ()


def test_the_capacity_of_the_worked_example():
    # 10,000.00 at 1,500.00 a month: seven instalments, none above 1,500.00.
    split = size_to_capacity(1_000_000, 150_000, 12, 20_000)
    assert split.amounts == (142_857,) * 6 + (142_858,)
    # At the capacity to the unit, the remainder is spread: no instalment passes it.
    assert size_to_capacity(1_003, 251, 12).amounts == (251, 251, 251, 250)


@given(balances, st.integers(min_value=0, max_value=10**12), st.booleans())
def test_the_offers_put_first_keep_within_a_stated_capacity_when_the_policy_allows(balance, capacity, hardship):
    offers = compute_offers(balance, AS_OF, POLICY, capacity, hardship)
    for offer in offers.offers:
        assert sum(line.amount for line in offer.lines) == offer.total
        if offer.kind == "instalments":
            assert offer.count <= max(POLICY.instalment_counts)
    split = size_to_capacity(balance, capacity, max(POLICY.instalment_counts), POLICY.min_instalment)
    if 0 < capacity < balance and split.impossible is None:
        # A plan within the capacity is on the list, and it is put before every offer that does not fit.
        best = offers.offers[0]
        assert best.fits and max(line.amount for line in best.lines) <= capacity
        assert any(o.kind == "instalments" and max(line.amount for line in o.lines) <= capacity
                   for o in offers.offers)
    elif 0 < capacity < balance and split.impossible in (TOO_MANY, BELOW_MINIMUM):
        # The reason is given: the capacity's own, or that of the allowed plan of the same count.
        reasons = {(e.reason.key, e.count) for e in offers.excluded}
        assert (f"offers.excluded.capacity_{split.impossible}", split.needed) in reasons or (
            split.needed in POLICY.instalment_counts and ("offers.excluded.below_minimum", split.needed) in reasons)


def test_a_stated_capacity_changes_the_plans_and_hardship_brings_a_settlement():
    balance = 1_000_000
    plain = compute_offers(balance, AS_OF, POLICY)
    heard = compute_offers(balance, AS_OF, POLICY, capacity=150_000, hardship=True)
    assert [o.count for o in plain.offers if o.kind == "instalments"] == [3, 6, 12]
    assert not any(o.kind == "settlement" for o in plain.offers)
    best = heard.best
    assert best is not None and best.kind == "instalments" and best.count == 7
    assert all(line.amount <= 150_000 for line in best.lines) and best.total == balance
    assert best.label.key == "offers.label.instalments_last" or best.label.key == "offers.label.instalments_split"
    assert any(o.kind == "settlement" for o in heard.offers) or any(
        e.kind == "settlement" and e.reason.key == "offers.excluded.settlement_beyond_capacity" for e in heard.excluded)


def test_a_capacity_beyond_the_longest_plan_is_said_so():
    offers = compute_offers(1_000_000, AS_OF, POLICY, capacity=50_000)
    reason = next(e.reason for e in offers.excluded if e.reason.key == "offers.excluded.capacity_too_many")
    assert reason.params["count"] == 20 and reason.params["limit"] == 12


def test_what_the_form_says_sizes_the_offers():
    assert heard_terms("", "", "CNY") == (None, False)
    assert heard_terms("job_loss", "1,500", "CNY") == (150_000, True)
    assert heard_terms("none", "1500.00元", "CNY") == (150_000, False)
    assert heard_terms("", "abc", "CNY") == (None, False)  # the form names the field and says why
    assert heard_terms("", "-5", "CNY") == (None, False)
