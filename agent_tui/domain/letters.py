"""The figures of the debtor's letters, from the ledger the `case` command prints.

Nothing here computes money of its own: the itemization of a validation
notice (12 CFR 1006.34(c)(2)) is two runs of the one ledger
(:func:`~agent_tui.domain.ledger.compute_ledger`), on the itemization date and
on the figures' day, and the differences between them. The identity the
notice shows on paper holds exactly::

    amount then + interest since + fees since − paid since = amount now

where the amount now is the total ``case --json`` prints as ``owed.total``.

**Itemization date.** 1006.34(b)(3) lets the collector choose among five
reference dates; this takes the last payment date (the day the last payment
counted before the figures' day is booked), or the transaction date (the
contract's start) where nothing was paid. On a schedule, principal that fell
due after the itemization date was already part of the debt then: it counts
in the amount then, so that the interest and fees since are charges only.

**Validation period.** 1006.34(b)(5): it ends 30 days after the debtor
receives the notice, and the collector may assume receipt on any date at
least five days after sending, Saturdays, Sundays and the legal public
holidays of 5 U.S.C. 6103(a) excluded. Both a holiday's own date and the
weekday it is observed on are skipped, so the assumed day is never early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from agent_tui.domain.ledger import Ledger, booking_date, compute_ledger
from agent_tui.domain.policy import LedgerPolicy

#: Days after sending a notice that the debtor is assumed to have it (business days).
RECEIPT_DAYS = 5
#: Days after receipt the validation period runs.
VALIDATION_DAYS = 30


@dataclass(frozen=True)
class Itemization:
    """The debt on the itemization date and what changed it since (minor units)."""

    itemization_date: date
    #: ``"last_payment"`` or ``"transaction"``: which reference date of 1006.34(b)(3) it is.
    reference: str
    amount_then: int
    interest_since: int
    fees_since: int
    paid_since: int
    amount_now: int


def itemize(now: Ledger, policy: LedgerPolicy) -> Itemization:
    """The validation notice's itemization of ``now`` (the ledger ``case`` prints)."""
    booked = sorted(d for d in (booking_date(p.paid_at, policy.booking_zone) for p in now.payments if p.amount > 0)
                    if d <= now.as_of)
    day, reference = (booked[-1], "last_payment") if booked else (now.terms.start_date, "transaction")
    then = compute_ledger(now.terms, now.schedule, now.payments, day, policy)
    later_principal = now.charged.principal - then.charged.principal
    interest = (now.charged.interest + now.charged.penalty) - (then.charged.interest + then.charged.penalty)
    fees = now.charged.fees - then.charged.fees
    paid = now.paid.total - then.paid.total
    return Itemization(day, reference, then.owed.total + later_principal, interest, fees, paid, now.owed.total)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of a month; ``n = -1`` the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def us_public_holidays(year: int) -> frozenset[date]:
    """The legal public holidays of 5 U.S.C. 6103(a) in ``year``, each on its date and its observed weekday."""
    fixed = [date(year, 1, 1), date(year, 6, 19), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    moving = [
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    ]
    observed = [d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=1) if d.weekday() == 6 else d
                for d in fixed]
    return frozenset(fixed + moving + observed)


def assumed_receipt(sent: date) -> date:
    """The day a notice sent on ``sent`` is assumed received: five business days later."""
    day, counted = sent, 0
    while counted < RECEIPT_DAYS:
        day += timedelta(days=1)
        holidays = us_public_holidays(day.year) | us_public_holidays(day.year + 1)  # Dec 31 observes Jan 1
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return day


def validation_end(sent: date) -> date:
    """The last day of the validation period of a notice sent on ``sent``."""
    return assumed_receipt(sent) + timedelta(days=VALIDATION_DAYS)
