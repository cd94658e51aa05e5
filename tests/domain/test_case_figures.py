"""Everything shown before a call comes out of one call, and its JSON has a fixed shape."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from agent_tui.domain.case_figures import before_call, case_figures_json
from agent_tui.domain.policy import LedgerPolicy, OfferPolicy
from agent_tui.domain.records import Account, Charge, ContractTerms, Payment, PenaltyKind, ScheduleLine

from .ledger_cases import at_noon

AS_OF = date(2025, 3, 3)
ACCOUNT = Account(
    id=1,
    ref="HX-0001",
    debtor_id=1,
    creditor="Bank",
    product="consumer loan",
    terms=ContractTerms(
        principal=300000,
        annual_rate=Decimal("0.12"),
        start_date=date(2025, 1, 1),
        penalty_kind=PenaltyKind.RATE,
        penalty_value=Decimal("0.1825"),
        late_fee=5000,
    ),
    schedule=(
        ScheduleLine(date(2025, 1, 31), 100000, 3000),
        ScheduleLine(date(2025, 2, 28), 100000, 2000),
        ScheduleLine(date(2025, 3, 31), 100000, 1000),
    ),
    payments=(Payment(at_noon(date(2025, 2, 10)), 60000),),
    charges=(Charge("principal", 148500, AS_OF), Charge("penalty", 700, AS_OF)),
)


def test_before_call_gathers_owed_check_and_offers():
    figures = before_call(ACCOUNT, AS_OF, LedgerPolicy(), OfferPolicy(), capacity=60000)
    assert figures.owed.total == 148500 + 2000 + 659 + 5000
    assert (figures.days_past_due, figures.bucket) == (31, "M2")
    assert [d.component for d in figures.check.discrepancies] == ["penalty"]
    assert figures.offers.balance == figures.owed.total
    assert all(offer.total == figures.owed.total for offer in figures.offers.offers if offer.kind != "settlement")


def test_json_shape_in_minor_units():
    figures = before_call(ACCOUNT, AS_OF, LedgerPolicy(), OfferPolicy())
    data = case_figures_json(figures, ACCOUNT.ref, "zh-CN")
    json.dumps(data)  # plain data only
    assert set(data) == {"ref", "as_of", "owed", "days_past_due", "bucket", "check", "offers"}
    assert data["ref"] == "HX-0001" and data["as_of"] == "2025-03-03"
    assert data["owed"] == {"principal": 148500, "interest": 2000, "penalty": 659, "fees": 5000, "total": 156159}
    assert data["days_past_due"] == 31 and data["bucket"] == "M2"
    assert data["check"]["ok"] is False
    (found,) = data["check"]["discrepancies"]
    assert {k: found[k] for k in ("component", "creditor", "computed", "difference")} == {
        "component": "penalty", "creditor": 700, "computed": 659, "difference": 41,
    }
    assert any("日利率 0.05%" in line for line in found["lines"])
    first = data["offers"][0]
    assert set(first) == {"kind", "total", "needs_approval", "lines"}
    assert first["kind"] == "full" and first["lines"] == [{"due": "2025-03-10", "amount": 156159}]
    for offer in data["offers"]:
        assert sum(line["amount"] for line in offer["lines"]) == offer["total"]
    assert case_figures_json(figures, ACCOUNT.ref)["check"]["discrepancies"][0]["lines"][-1].startswith(
        "the creditor charges ¥7.00"
    )
