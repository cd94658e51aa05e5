"""Offers fit the debtor's stated capacity inside policy, add up to the cent, and say why not."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.offers import KINDS, compute_offers
from agent_tui.domain.policy import ApprovalLimits, OfferPolicy

AS_OF = date(2025, 3, 3)
POLICY = OfferPolicy()  # counts 3/6/12, minimum 200.00, first within 7 days, every 30 days


def kinds(offer_set) -> list[tuple[str, int]]:
    return [(o.kind, o.count) for o in offer_set.offers]


def test_three_instalments_put_the_remainder_on_the_last_line():
    offers = compute_offers(100000, AS_OF, POLICY)
    plan = next(o for o in offers.offers if o.kind == "instalments" and o.count == 3)
    first = AS_OF + timedelta(days=7)
    assert [(line.due, line.amount) for line in plan.lines] == [
        (first, 33333),
        (first + timedelta(days=30), 33333),
        (first + timedelta(days=60), 33334),
    ]
    assert plan.total == 100000 and not plan.needs_approval
    assert plan.label.render("en") == (
        "3 instalments of ¥333.33 (the last ¥333.34), every 30 days from 2025-03-10; total ¥1,000.00"
    )


def test_capacity_unknown_full_payment_then_shorter_plans():
    offers = compute_offers(1561590, AS_OF, POLICY)
    assert kinds(offers) == [
        ("full", 1),
        ("instalments", 3),
        ("instalments", 6),
        ("extension", 1),
        ("instalments", 12),  # beyond the agent's 6: needs approval, still shown
    ]
    twelve = offers.offers[-1]
    assert twelve.needs_approval
    assert twelve.approval_reason.render("en").startswith("12 instalments is more than the 6")
    extension = offers.offers[3]
    assert extension.extension_days == 30 and extension.lines[0].due == AS_OF + timedelta(days=30)
    assert [(e.kind, e.reason.key) for e in offers.excluded] == [
        ("settlement", "offers.excluded.settlement_hardship_only")
    ]


def test_capacity_known_puts_the_plans_that_fit_first():
    # 15,615.90 at 3,000.00 a month: 6 × 2,602.65 and 12 × 1,301.32… fit, 3 × 5,205.30 does not.
    offers = compute_offers(1561590, AS_OF, POLICY, capacity=300000)
    assert kinds(offers)[:2] == [("instalments", 6), ("instalments", 12)]
    assert [o.fits for o in offers.offers] == [True, True, False, False, False, False][: len(offers.offers)]
    # The extension: ceil(15,615.90 / 3,000.00) = 6 months = 180 days, beyond the 90 allowed.
    (extension,) = [e for e in offers.excluded if e.kind == "extension"]
    assert extension.reason.render("en") == (
        "At ¥3,000.00 a month the balance needs 180 days; the policy allows at most 90 days."
    )


def test_capacity_that_covers_the_balance_puts_full_payment_first():
    offers = compute_offers(100000, AS_OF, POLICY, capacity=100000)
    assert offers.best.kind == "full"


def test_hardship_favours_longer_plans_and_allows_a_settlement():
    offers = compute_offers(1561590, AS_OF, POLICY, hardship=True)
    order = kinds(offers)
    assert order[0] == ("instalments", 6)  # the longest an agent may agree alone
    assert order.index(("instalments", 12)) < order.index(("full", 1))
    assert order[-1] == ("settlement", 1)
    settlement = offers.offers[-1]
    # 30 % of 15,615.90 = 4,684.77 waived; 10,931.13 to pay.
    waived = int((Decimal("1561590") * Decimal("0.30")).quantize(Decimal(1), rounding=ROUND_FLOOR))
    assert (settlement.discount_amount, settlement.total) == (waived, 1561590 - waived) == (468477, 1093113)
    assert settlement.needs_approval  # beyond the agent's 10 %
    assert settlement.label.render("zh-CN").startswith("欠款 15,615.90 元，2025-03-10 前一次性还款 10,931.13 元")


def test_settlement_within_the_agents_limit_needs_no_approval():
    policy = OfferPolicy(settlement_only_with_hardship=False)
    offers = compute_offers(100000, AS_OF, policy)
    settlement = offers.offers[-1]
    assert settlement.kind == "settlement"
    assert (settlement.total, settlement.discount, settlement.needs_approval) == (90000, Decimal("0.1000"), False)


def test_a_half_unit_never_carries_a_settlement_past_the_agents_limit():
    # 10 % of 1,000.05 is 100.005: waiving 100.01 would pass the agent's limit with no approval asked.
    policy = OfferPolicy(settlement_only_with_hardship=False)
    settlement = compute_offers(100005, AS_OF, policy).offers[-1]
    assert settlement.kind == "settlement"
    assert (settlement.discount_amount, settlement.total, settlement.needs_approval) == (10000, 90005, False)


@settings(max_examples=300)
@given(
    balance=st.integers(min_value=1, max_value=10**10),
    hardship=st.booleans(),
    capacity=st.one_of(st.none(), st.integers(min_value=0, max_value=10**10)),
)
def test_no_settlement_waives_more_than_its_limit_allows(balance, hardship, capacity):
    policy = OfferPolicy(settlement_only_with_hardship=False)
    offers = compute_offers(balance, AS_OF, policy, capacity=capacity, hardship=hardship)
    for offer in offers.offers:
        if offer.kind != "settlement":
            continue
        assert offer.discount_amount <= balance * policy.max_settlement_discount
        if not offer.needs_approval:
            assert offer.discount_amount <= balance * policy.approval.max_discount


def test_settlement_to_a_stated_capacity():
    offers = compute_offers(100000, AS_OF, POLICY, capacity=80000, hardship=True)
    settlement = next(o for o in offers.offers if o.kind == "settlement")
    assert (settlement.total, settlement.discount_amount) == (80000, 20000)
    assert settlement.needs_approval  # 20 % > 10 %
    too_little = compute_offers(100000, AS_OF, POLICY, capacity=60000, hardship=True)
    (left_out,) = [e for e in too_little.excluded if e.kind == "settlement"]
    assert left_out.reason.key == "offers.excluded.settlement_beyond_capacity"


def test_plans_under_the_minimum_instalment_are_excluded_with_the_reason():
    offers = compute_offers(100000, AS_OF, POLICY)  # 1,000.00: 6 × 166.66 and 12 × 83.33 are under 200.00
    assert kinds(offers) == [("full", 1), ("instalments", 3), ("extension", 1)]
    reasons = {e.count: e.reason.render("en") for e in offers.excluded if e.kind == "instalments"}
    assert reasons[6] == "6 instalments would be ¥166.66 each, under the minimum instalment of ¥200.00."
    assert set(reasons) == {6, 12}


def test_nothing_owed_nothing_offered():
    offers = compute_offers(0, AS_OF, POLICY)
    assert offers.offers == () and offers.best is None
    assert {e.kind for e in offers.excluded} == set(KINDS)


def test_no_capacity_at_all():
    offers = compute_offers(100000, AS_OF, POLICY, capacity=0, hardship=True)
    assert not any(o.fits for o in offers.offers)
    assert "offers.excluded.no_capacity" in [e.reason.key for e in offers.excluded]


def test_policy_without_extension_or_settlement():
    policy = OfferPolicy(max_extension_days=0, max_settlement_discount=Decimal(0))
    offers = compute_offers(1000000, AS_OF, policy, hardship=True)
    keys = {e.kind: e.reason.key for e in offers.excluded}
    assert keys == {
        "extension": "offers.excluded.extension_not_allowed",
        "settlement": "offers.excluded.settlement_not_allowed",
    }


# --- properties ---

policies = st.builds(
    OfferPolicy,
    instalment_counts=st.lists(st.integers(2, 24), min_size=1, max_size=4).map(tuple),
    min_instalment=st.integers(0, 100000),
    first_payment_within_days=st.integers(0, 14),
    instalment_interval_days=st.sampled_from([7, 14, 30, 31]),
    max_extension_days=st.integers(0, 180),
    max_settlement_discount=st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.3"), Decimal("0.5")]),
    settlement_only_with_hardship=st.booleans(),
    approval=st.builds(
        ApprovalLimits,
        max_instalments=st.integers(2, 12),
        max_extension_days=st.integers(0, 90),
        max_discount=st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.2")]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-1000, 50_000_000),
    policies,
    st.none() | st.integers(0, 5_000_000),
    st.booleans(),
)
def test_offers_add_up_and_every_option_is_accounted_for(balance, policy, capacity, hardship):
    offers = compute_offers(balance, AS_OF, policy, capacity, hardship)
    sized = -(-balance // capacity) if capacity and 0 < capacity < balance else None
    for offer in offers.offers:
        assert sum(line.amount for line in offer.lines) == offer.total
        assert all(line.amount > 0 for line in offer.lines)
        assert offer.lines[0].due <= AS_OF + timedelta(days=max(policy.first_payment_within_days,
                                                                 policy.max_extension_days))
        assert [line.due for line in offer.lines] == sorted(line.due for line in offer.lines)
        assert (offer.approval_reason is not None) == offer.needs_approval
        if capacity is not None and offer.fits and offer.kind != "extension":
            assert max(line.amount for line in offer.lines) <= capacity
        if offer.kind == "settlement":
            assert balance - offer.total <= int(balance * policy.max_settlement_discount) + 1
        else:
            assert offer.total == balance
        if offer.kind == "instalments":
            # An allowed count's plan, or the plan sized to the stated capacity (no longer than the longest).
            assert offer.count in policy.instalment_counts or offer.count == sized
            assert offer.count <= max(policy.instalment_counts) and len(offer.lines) == offer.count
            assert min(line.amount for line in offer.lines) >= policy.min_instalment
            assert offer.needs_approval == (offer.count > policy.approval.max_instalments)
        if offer.kind == "extension":
            assert offer.extension_days <= policy.max_extension_days
            assert offer.needs_approval == (offer.extension_days > policy.approval.max_extension_days)
    # Every option is either offered or excluded with a reason, never both, never neither.
    offered = [(o.kind, o.count if o.kind == "instalments" else None) for o in offers.offers]
    left_out = [(e.kind, e.count) for e in offers.excluded]
    options = {("full", None), ("extension", None), ("settlement", None)}
    options |= {("instalments", n) for n in policy.instalment_counts}
    if sized is not None and balance > 0:
        options.add(("instalments", sized))  # the plan sized to the capacity: offered, or left out and why
    assert sorted(offered + left_out, key=str) == sorted(options, key=str)
    # Ranking: settlement last; what fits before what does not.
    ranked = [o.kind == "settlement" for o in offers.offers]
    assert ranked == sorted(ranked)
    fits = [not o.fits for o in offers.offers if o.kind != "settlement"]
    assert fits == sorted(fits)
