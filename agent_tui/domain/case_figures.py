"""The figures the workstation shows before a call: owed, days past due, check, offers.

One call per case on the "next case" path: the ledger as of the day, the
creditor's charges checked against it (guide 2.2), and the offers computed
from what is owed (guide 3.3). The balance offered on is the total owed as of
the day (what has fallen due, with penalty and fees); principal not yet due
is not part of it. :func:`case_figures_json` gives the same figures as plain
JSON-ready data in integer minor units, for export and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from agent_tui.domain.ledger import Ledger, Owed, compute_ledger
from agent_tui.domain.ledger_check import LedgerCheck, check_ledger
from agent_tui.domain.offers import OfferSet, compute_offers
from agent_tui.domain.policy import LedgerPolicy, OfferPolicy
from agent_tui.domain.records import Account
from agent_tui.i18n import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class CaseFigures:
    """Everything about the money of one account that an agent sees before dialling."""

    as_of: date
    currency: str
    ledger: Ledger
    check: LedgerCheck
    offers: OfferSet

    @property
    def owed(self) -> Owed:
        """What is owed as of the day, by component."""
        return self.ledger.owed

    @property
    def days_past_due(self) -> int:
        """Days since the oldest unpaid due date."""
        return self.ledger.days_past_due

    @property
    def bucket(self) -> str:
        """The delinquency bucket, ``M0`` to ``M6+``."""
        return self.ledger.bucket


def before_call(
    account: Account,
    as_of: date,
    ledger_policy: LedgerPolicy,
    offer_policy: OfferPolicy,
    capacity: int | None = None,
    hardship: bool = False,
) -> CaseFigures:
    """Recompute the ledger, check the creditor's figures and compute the offers for ``account``."""
    terms = account.terms
    ledger = compute_ledger(terms, account.schedule, account.payments, as_of, ledger_policy)
    check = check_ledger(ledger, account.charges, ledger_policy)
    offers = compute_offers(ledger.owed.total, as_of, offer_policy, capacity, hardship, terms.currency)
    return CaseFigures(as_of, terms.currency, ledger, check, offers)


def case_figures_json(figures: CaseFigures, ref: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The figures as JSON-ready data: amounts in integer minor units, dates ISO, text in ``lang``."""
    owed = figures.owed
    return {
        "ref": ref,
        "as_of": figures.as_of.isoformat(),
        "owed": {
            "principal": owed.principal,
            "interest": owed.interest,
            "penalty": owed.penalty,
            "fees": owed.fees,
            "total": owed.total,
        },
        "days_past_due": figures.days_past_due,
        "bucket": figures.bucket,
        "check": {
            "ok": figures.check.ok,
            "discrepancies": [
                {
                    "component": d.component,
                    "creditor": d.creditor,
                    "computed": d.computed,
                    "difference": d.difference,
                    "lines": [line.render(lang) for line in d.lines],
                }
                for d in figures.check.discrepancies
            ],
        },
        "offers": [
            {
                "kind": offer.kind,
                "total": offer.total,
                "needs_approval": offer.needs_approval,
                "lines": [{"due": line.due.isoformat(), "amount": line.amount} for line in offer.lines],
            }
            for offer in figures.offers.offers
        ],
    }
