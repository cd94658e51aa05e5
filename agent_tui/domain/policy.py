"""The knobs of the money and queue rules, as config.yaml sets them.

Each class is a section of config.yaml; every field has a default, so an empty
config gives a working program. The rules in ``ledger``, ``offers`` and
``queue`` take these as arguments. A number's field metadata ``range`` holds
the bounds config.yaml may set it within (no date arithmetic overflows, no
score becomes infinite). A section may define ``problems()`` to refuse values
that are well-typed but wrong together; config loading reports them with the
file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The compliance section lives beside the rules it tightens; it is a config section like the others.
# From conduct_rules itself, not the compliance facade: loading the config needs the settings, not the gate.
from agent_tui.domain.conduct_rules import ComplianceSettings  # noqa: F401

COMPONENTS = ("fees", "penalty", "interest", "principal")

# Field metadata ``range``: the bounds config.yaml holds a number to, both included.
#: A queue score weight.
WEIGHT = {"range": (Decimal(-1000), Decimal(1000))}


@dataclass(frozen=True)
class LedgerPolicy:
    """How the ledger recomputes what is owed."""

    #: Which component a payment pays first; each of fees, penalty, interest, principal once.
    allocation_order: tuple[str, ...] = COMPONENTS
    #: Differences up to this many minor units are rounding, not discrepancies.
    tolerance: int = field(default=1, metadata={"range": (0, 10_000)})
    #: First day past due of buckets M1, M2, …; past the last one is "M<n>+".
    bucket_starts: tuple[int, ...] = field(default=(1, 31, 61, 91, 121, 151), metadata={"range": (1, 3650)})
    #: The time zone whose calendar day a payment is booked on (payments arrive as UTC instants).
    booking_zone: str = field(default="Asia/Shanghai", metadata={"check": "timezone"})

    def problems(self) -> list[tuple[str, str]]:
        """Values that are each fine but wrong together."""
        found = []
        if sorted(self.allocation_order) != sorted(COMPONENTS):
            found.append(("allocation_order", f"each of {', '.join(COMPONENTS)} exactly once"))
        if self.tolerance < 0:
            found.append(("tolerance", "zero or more minor units"))
        starts = list(self.bucket_starts)
        if not starts or starts != sorted(set(starts)) or starts[0] < 1:
            found.append(("bucket_starts", "increasing day counts starting at 1 or more"))
        try:
            ZoneInfo(self.booking_zone)
        except (ZoneInfoNotFoundError, ValueError):
            found.append(("booking_zone", "an IANA time zone such as Asia/Shanghai"))
        return found


@dataclass(frozen=True)
class ApprovalLimits:
    """What an agent may offer alone; beyond it an offer needs a lead's approval."""

    max_instalments: int = field(default=6, metadata={"range": (1, 360)})
    max_extension_days: int = field(default=30, metadata={"range": (0, 3650)})
    max_discount: Decimal = Decimal("0.10")


@dataclass(frozen=True)
class OfferPolicy:
    """Which solutions may be offered (guide 3.3)."""

    instalment_counts: tuple[int, ...] = field(default=(3, 6, 12), metadata={"range": (2, 360)})
    #: Smallest instalment, in minor units.
    min_instalment: int = field(default=20000, metadata={"range": (0, 10**15)})
    #: The first payment of any offer falls within this many days.
    first_payment_within_days: int = field(default=7, metadata={"range": (0, 365)})
    #: Days between instalments.
    instalment_interval_days: int = field(default=30, metadata={"range": (0, 366)})
    max_extension_days: int = field(default=90, metadata={"range": (0, 3650)})
    #: Largest settlement discount off the balance, as a fraction (0.30 = 30 %).
    max_settlement_discount: Decimal = Decimal("0.30")
    #: Offer a settlement only to a debtor in hardship (a discount to one who can pay is money lost).
    settlement_only_with_hardship: bool = True
    approval: ApprovalLimits = ApprovalLimits()

    def problems(self) -> list[tuple[str, str]]:
        """Values that are each fine but wrong together."""
        found = []
        if any(n < 2 for n in self.instalment_counts):
            found.append(("instalment_counts", "counts of 2 or more"))
        if self.min_instalment < 0:
            found.append(("min_instalment", "zero or more minor units"))
        if not Decimal(0) <= self.max_settlement_discount < Decimal(1):
            found.append(("max_settlement_discount", "a fraction from 0 up to (not including) 1"))
        if not Decimal(0) <= self.approval.max_discount < Decimal(1):
            found.append(("approval.max_discount", "a fraction from 0 up to (not including) 1"))
        for name in ("first_payment_within_days", "instalment_interval_days", "max_extension_days"):
            if getattr(self, name) < 0:
                found.append((name, "zero or more days"))
        return found


@dataclass(frozen=True)
class QueueWeights:
    """How the queue scores accounts inside a group."""

    balance: Decimal = field(default=Decimal("1.0"), metadata=WEIGHT)
    days_past_due: Decimal = field(default=Decimal("1.0"), metadata=WEIGHT)
    #: Added to the score during the debtor's best hour to call.
    best_hour: Decimal = field(default=Decimal("0.5"), metadata=WEIGHT)
    #: A case called without a time set for what comes next rests this long before it is offered again
    #: (a number nobody answered is not rung again at once; the contact caps are the law's limit, not the pace).
    rest_minutes: int = field(default=60, metadata={"range": (0, 7 * 24 * 60)})

    def problems(self) -> list[tuple[str, str]]:
        """Values that cannot work."""
        return [("rest_minutes", "zero or more minutes")] if self.rest_minutes < 0 else []
