"""Offers: the solutions the policy allows, fitted to what the debtor can pay (guide 3.3).

From the balance, the debtor's stated monthly capacity (``None`` when they
did not say), a hardship flag and :class:`~agent_tui.domain.policy.OfferPolicy`,
:func:`compute_offers` lists every feasible offer with its exact dated lines,
ranked in the order a collector would put them, and gives the reason for
every option it leaves out.

The kinds:

* ``full`` — the balance in one payment by the first-payment date
  (``as_of + first_payment_within_days``).
* ``instalments`` — one offer per allowed count: the balance in equal whole
  instalments, the rounding remainder on the last line, the first by the
  first-payment date and then every ``instalment_interval_days``. Excluded
  when an instalment would be under ``min_instalment``.
* ``instalments`` sized to a stated capacity — the fewest near-equal
  instalments none above it (:mod:`~agent_tui.domain.capacity_plan`), within
  the policy's longest plan and smallest instalment. It takes the place of an
  allowed count's plan when it has the same count, and is kept otherwise as
  a plan of its own. When the bounds rule it out, the reason is given.
* ``extension`` — the balance in one payment at a later date. With a stated
  capacity, the date is the whole months of capacity the balance needs
  (excluded when that is beyond ``max_extension_days``); without one, the
  agent's own limit, or the policy's limit for a debtor in hardship.
* ``settlement`` — a discounted single payment by the first-payment date.
  Only when the policy allows a discount (and, by default, only in hardship).
  With a stated capacity the debtor pays what they can, as long as the
  discount stays within ``max_settlement_discount``; otherwise the discount
  is the agent's limit, or the policy's for hardship. The amount waived is
  rounded down to the minor unit, so a discount never passes its limit.

Every offer's lines add up to its total exactly. An offer beyond
``policy.approval`` (more instalments, a longer extension, a larger discount
than an agent may agree alone) is kept and marked ``needs_approval`` with the
reason.

Ranking: offers that fit the stated capacity come first (every offer fits
when none was stated, except paying in full for a debtor in hardship), then
within that those an agent may agree alone before those needing approval,
then the collector's preference: without hardship, full payment, then the
shorter plans, then the extension; in hardship, the longer plans first, then
the extension, then full payment (with a stated capacity, the shorter plans
first there too: the plan sized to what they can pay). Offers that do not fit are ranked by their
largest payment, smallest first (the nearest to what the debtor can pay).
Settlement is always last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from agent_tui.domain.capacity_plan import size_to_capacity
from agent_tui.domain.money import Amount, Percent, split_evenly
from agent_tui.domain.policy import OfferPolicy
from agent_tui.i18n import Msg

KINDS = ("full", "instalments", "extension", "settlement")


@dataclass(frozen=True)
class OfferLine:
    """One payment of an offer: an amount due by a date."""

    due: date
    amount: int


@dataclass(frozen=True)
class Offer:
    """A solution to put to the debtor, with its exact payments."""

    kind: str
    #: The sum of ``lines``, to the cent.
    total: int
    lines: tuple[OfferLine, ...]
    needs_approval: bool
    #: The offer in words, ready to read out.
    label: Msg
    #: Why a lead must approve it, when it needs approval.
    approval_reason: Msg | None = None
    #: Number of payments (instalment plans); 1 for the others.
    count: int = 1
    #: Settlement: the share of the balance waived, and the amount waived.
    discount: Decimal = Decimal(0)
    discount_amount: int = 0
    #: Extension: days from ``as_of`` to the payment.
    extension_days: int = 0
    #: Whether each payment is within the stated monthly capacity (True when none was stated).
    fits: bool = True
    currency: str = "CNY"

    @property
    def first_due(self) -> date:
        """When the first payment is due."""
        return self.lines[0].due


@dataclass(frozen=True)
class Excluded:
    """An option the policy or the figures rule out, and why."""

    kind: str
    reason: Msg
    #: The instalment count, for an excluded plan.
    count: int | None = None


@dataclass(frozen=True)
class OfferSet:
    """The feasible offers, best first, and the options left out."""

    balance: int
    as_of: date
    capacity: int | None
    hardship: bool
    offers: tuple[Offer, ...]
    excluded: tuple[Excluded, ...] = field(default=())

    @property
    def best(self) -> Offer | None:
        """The offer to put first, if any."""
        return self.offers[0] if self.offers else None


def _most_waived(balance: int, share: Decimal) -> int:
    """The most a discount of ``share`` may waive off ``balance``: rounded down, so that
    rounding never carries a settlement past the policy's limit by a fraction of a minor unit."""
    return int((balance * share).to_integral_value(rounding=ROUND_FLOOR))


def compute_offers(
    balance: int,
    as_of: date,
    policy: OfferPolicy,
    capacity: int | None = None,
    hardship: bool = False,
    currency: str = "CNY",
) -> OfferSet:
    """The offers the policy allows for ``balance``, ranked for this debtor, and the reasons for the rest."""
    if capacity is not None and capacity < 0:
        capacity = 0
    counts = sorted(set(policy.instalment_counts))
    if balance <= 0:
        nothing = Msg("offers.excluded.nothing_owed")
        excluded = [Excluded("full", nothing)]
        excluded += [Excluded("instalments", nothing, count) for count in counts]
        excluded += [Excluded("extension", nothing), Excluded("settlement", nothing)]
        return OfferSet(balance, as_of, capacity, hardship, (), tuple(excluded))
    builder = _Builder(balance, as_of, policy, capacity, hardship, currency)
    builder.full()
    for count in counts:
        builder.instalments(count)
    builder.capacity_instalments(max(counts, default=0))
    builder.extension()
    builder.settlement()
    offers = sorted(builder.offers, key=builder.rank)
    return OfferSet(balance, as_of, capacity, hardship, tuple(offers), tuple(builder.excluded))


class _Builder:
    """Builds each kind of offer for one balance (see the module docstring)."""

    def __init__(
        self, balance: int, as_of: date, policy: OfferPolicy, capacity: int | None, hardship: bool, currency: str
    ) -> None:
        self.balance = balance
        self.policy = policy
        self.capacity = capacity
        self.hardship = hardship
        self.currency = currency
        self.first = as_of + timedelta(days=policy.first_payment_within_days)
        self.as_of = as_of
        self.offers: list[Offer] = []
        self.excluded: list[Excluded] = []

    def money(self, minor: int) -> Amount:
        return Amount(minor, self.currency)

    def fits(self, largest_payment: int) -> bool:
        return self.capacity is None or largest_payment <= self.capacity

    def full(self) -> None:
        fits = self.fits(self.balance) and not (self.hardship and self.capacity is None)
        label = Msg("offers.label.full", {"total": self.money(self.balance), "due": self.first.isoformat()})
        self._add("full", (OfferLine(self.first, self.balance),), label, None, fits=fits)

    def instalments(self, count: int) -> None:
        amounts = split_evenly(self.balance, count)
        if amounts[0] <= 0 or amounts[0] < self.policy.min_instalment:
            minimum = self.money(self.policy.min_instalment)
            params = {"count": count, "amount": self.money(amounts[0]), "minimum": minimum}
            reason = Msg("offers.excluded.below_minimum", params)
            self.excluded.append(Excluded("instalments", reason, count))
            return
        self._plan(amounts)

    def capacity_instalments(self, longest: int) -> None:
        """The plan sized to the stated capacity, when one was stated and the balance needs more than one payment."""
        if self.capacity is None or self.capacity >= self.balance:
            return
        split = size_to_capacity(self.balance, self.capacity, longest, self.policy.min_instalment)
        if split.impossible == "no_capacity":
            return  # the extension says so: nothing can be paid at present
        if split.impossible is not None:
            if split.needed in self.policy.instalment_counts:
                return  # that count's own plan is left out already, for the same reason
            params = {"capacity": self.money(self.capacity), "count": split.needed, "limit": longest,
                      "minimum": self.money(self.policy.min_instalment), "total": self.money(self.balance)}
            reason = Msg(f"offers.excluded.capacity_{split.impossible}", params)
            self.excluded.append(Excluded("instalments", reason, split.needed))
            return
        same = [o for o in self.offers if o.kind == "instalments" and o.count == split.count]
        if any(o.fits for o in same):
            return  # the allowed plan of that count already keeps within the capacity
        self.offers = [o for o in self.offers if o not in same]
        self._plan(split.amounts)

    def _plan(self, amounts: tuple[int, ...]) -> None:
        """An instalment plan of ``amounts``, one every interval from the first-payment date."""
        count = len(amounts)
        step = timedelta(days=self.policy.instalment_interval_days)
        lines = tuple(OfferLine(self.first + step * i, amount) for i, amount in enumerate(amounts))
        params = {
            "count": count,
            "amount": self.money(amounts[0]),
            "interval": self.policy.instalment_interval_days,
            "first": self.first.isoformat(),
            "total": self.money(self.balance),
        }
        others = [amount for amount in amounts if amount != amounts[0]]
        if len(others) > 1:  # a plan sized to the capacity: the larger instalments first, then those a unit less
            params["many"], params["few"] = count - len(others), len(others)
            label = Msg("offers.label.instalments_split", {**params, "other": self.money(others[0])})
        elif others:
            label = Msg("offers.label.instalments_last", {**params, "last": self.money(amounts[-1])})
        else:
            label = Msg("offers.label.instalments", params)
        limit = self.policy.approval.max_instalments
        approval: Msg | None = None
        if count > limit:
            approval = Msg("offers.approval.instalments", {"count": count, "limit": limit})
        self._add("instalments", lines, label, approval, fits=self.fits(max(amounts)))

    def extension(self) -> None:
        policy = self.policy
        if policy.max_extension_days <= policy.first_payment_within_days:
            self.excluded.append(Excluded("extension", Msg("offers.excluded.extension_not_allowed")))
            return
        fits = True  # a stated capacity sets the date below; none stated: nothing to fit
        if self.capacity is not None:
            if self.capacity <= 0:
                self.excluded.append(Excluded("extension", Msg("offers.excluded.no_capacity")))
                return
            months = -(-self.balance // self.capacity)
            days = max(months * policy.instalment_interval_days, policy.first_payment_within_days + 1)
            if days > policy.max_extension_days:
                params = {"capacity": self.money(self.capacity), "days": days, "limit": policy.max_extension_days}
                reason = Msg("offers.excluded.extension_too_long", params)
                self.excluded.append(Excluded("extension", reason))
                return
        elif self.hardship:
            days = policy.max_extension_days
        else:
            days = min(policy.max_extension_days, policy.approval.max_extension_days)
            if days <= policy.first_payment_within_days:
                days = policy.max_extension_days
        due = self.as_of + timedelta(days=days)
        label = Msg("offers.label.extension", {"total": self.money(self.balance), "due": due.isoformat(), "days": days})
        approval: Msg | None = None
        if days > policy.approval.max_extension_days:
            approval = Msg("offers.approval.extension", {"days": days, "limit": policy.approval.max_extension_days})
        self._add("extension", (OfferLine(due, self.balance),), label, approval, fits=fits, extension_days=days)

    def settlement(self) -> None:
        policy = self.policy
        largest = policy.max_settlement_discount
        if largest <= 0:
            self.excluded.append(Excluded("settlement", Msg("offers.excluded.settlement_not_allowed")))
            return
        if policy.settlement_only_with_hardship and not self.hardship:
            self.excluded.append(Excluded("settlement", Msg("offers.excluded.settlement_hardship_only")))
            return
        floor = self.balance - _most_waived(self.balance, largest)
        if self.capacity is not None:
            if self.capacity >= self.balance:
                self.excluded.append(Excluded("settlement", Msg("offers.excluded.settlement_not_needed")))
                return
            if self.capacity < floor:
                capacity = self.money(self.capacity)
                params = {"discount": Percent(largest), "amount": self.money(floor), "capacity": capacity}
                reason = Msg("offers.excluded.settlement_beyond_capacity", params)
                self.excluded.append(Excluded("settlement", reason))
                return
            total = self.capacity
        else:
            share = largest if self.hardship else min(largest, policy.approval.max_discount)
            total = self.balance - _most_waived(self.balance, share)
        waived = self.balance - total
        if total <= 0 or waived <= 0:  # a balance of a few fen: the discount would waive all of it, or none
            self.excluded.append(Excluded("settlement", Msg("offers.excluded.settlement_too_small")))
            return
        discount = (Decimal(waived) / Decimal(self.balance)).quantize(Decimal("0.0001"))
        agent_most = _most_waived(self.balance, policy.approval.max_discount)
        approval: Msg | None = None
        if waived > agent_most:
            params = {
                "discount": Percent(discount),
                "amount": self.money(waived),
                "limit": Percent(policy.approval.max_discount),
            }
            approval = Msg("offers.approval.settlement", params)
        params = {
            "total": self.money(total),
            "due": self.first.isoformat(),
            "discount": Percent(discount),
            "waived": self.money(waived),
            "balance": self.money(self.balance),
        }
        label = Msg("offers.label.settlement", params)
        line = OfferLine(self.first, total)
        self._add("settlement", (line,), label, approval, discount=discount, discount_amount=waived)

    def _add(
        self,
        kind: str,
        lines: tuple[OfferLine, ...],
        label: Msg,
        reason: Msg | None,
        *,
        fits: bool | None = None,
        discount: Decimal = Decimal(0),
        discount_amount: int = 0,
        extension_days: int = 0,
    ) -> None:
        if fits is None:
            fits = self.fits(max(line.amount for line in lines))
        offer = Offer(
            kind=kind,
            total=sum(line.amount for line in lines),
            lines=lines,
            needs_approval=reason is not None,
            label=label,
            approval_reason=reason,
            count=len(lines),
            fits=fits,
            currency=self.currency,
            discount=discount,
            discount_amount=discount_amount,
            extension_days=extension_days,
        )
        self.offers.append(offer)

    def rank(self, offer: Offer) -> tuple[bool, bool, bool, tuple[int, ...]]:
        """Sort key: settlement last, then fitting, then within the agent's limits, then preference."""
        return (offer.kind == "settlement", not offer.fits, offer.needs_approval, self._preference(offer))

    def _preference(self, offer: Offer) -> tuple[int, ...]:
        if not offer.fits:  # none of these fits: the nearest to what the debtor can pay first
            return (max(line.amount for line in offer.lines),)
        if self.hardship:
            # With a stated capacity the plan sized to it (the shortest that fits) leads; without one, the gentlest.
            order = {"instalments": 0, "extension": 1, "full": 2, "settlement": 3}
            return (order[offer.kind], offer.count if self.capacity is not None else -offer.count)
        order = {"full": 0, "instalments": 1, "extension": 2, "settlement": 3}
        return (order[offer.kind], offer.count)
