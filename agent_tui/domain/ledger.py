"""The ledger: what a debtor owes as of a date, recomputed from the contract (guide 2.2).

(Over 400 lines on purpose: the model below is one calculation, read top to
bottom by whoever checks a disputed figure against it; its steps share the
running state of the lines and would only be scattered by a split.)

The model, so that a person with the contract and a calculator gets the same
figures:

* **Principal and interest.** A schedule line falls due on its due date: the
  principal and the contractual interest it states become owed that day.
  Interest is what the schedule says, not accrued day by day.
* **Overdue.** A line that still owes principal or interest at the end of its
  due date is overdue from the next day. That day the contract's late fee
  (``terms.late_fee``, once per line) is charged.
* **Penalty interest** accrues on each overdue line's unpaid principal from its
  due date, at the penalty rate: ``penalty_value`` itself for
  ``PenaltyKind.RATE`` (an annual rate), ``penalty_value × annual_rate`` for
  ``MULTIPLE``, divided by the day-count basis (360 or 365). Days are counted
  between dates (``end − start``): a line paid on its due date accrues nothing,
  one paid the next day accrues one day, and an unpaid line accrues as many
  days as it is past due.
* **Segments.** A line's unpaid principal only changes when a payment reaches
  it, so penalty is computed per segment, a span with one unpaid principal:
  ``principal × rate × days ÷ basis``. A payment that pays down principal ends
  the segment on the payment date (the part paid stops accruing that day) and
  the rest accrues in a new segment from that date. No per-day loop.
* **Payments** are booked on their calendar day in ``policy.booking_zone`` and
  taken in time order. Each pays the components in ``policy.allocation_order``
  (default fees, penalty, interest, principal); within a component, the oldest
  line first. Only what has fallen due is paid; anything beyond is held as
  credit and applied to lines as they fall due.
* **One day's order.** On a date, lines that went overdue are marked first
  (fee, penalty from the due date), then lines falling due that day, then that
  day's payments. Payments after ``as_of`` are not counted.

**Rounding** happens in one place only: each penalty segment's
``principal × rate × days ÷ basis`` is worked out exactly and rounded half-up
to the minor unit (a payment that pays penalty from a running segment uses
the same rounding of the segment so far). The penalty of a line is the
sum of its rounded segments; every other figure is a sum or difference of
whole minor units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.policy import COMPONENTS, LedgerPolicy
from agent_tui.domain.records import ContractTerms, Payment, PenaltyKind, ScheduleLine

_ONE_DAY = timedelta(days=1)
# Index of each component in the per-line lists below.
_P, _I, _N, _F = 0, 1, 2, 3
_INDEX = {"principal": _P, "interest": _I, "penalty": _N, "fees": _F}
_NAMES = {index: name for name, index in _INDEX.items()}


@dataclass(frozen=True)
class Owed:
    """An amount split into the four components a debt is made of (minor units)."""

    principal: int = 0
    interest: int = 0
    penalty: int = 0
    fees: int = 0

    @property
    def total(self) -> int:
        """All four components together."""
        return self.principal + self.interest + self.penalty + self.fees

    def get(self, component: str) -> int:
        """One component by its name (principal, interest, penalty, fees)."""
        if component not in _INDEX:
            raise KeyError(component)
        value: int = getattr(self, component)
        return value


@dataclass(frozen=True)
class PenaltySegment:
    """Penalty interest on one line's unpaid principal over a span of days."""

    line_due: date
    start: date
    end: date
    principal: int
    #: The annual penalty rate.
    annual_rate: Decimal
    day_count: int
    #: ``principal × annual_rate × days ÷ day_count``, rounded half-up.
    amount: int

    @property
    def days(self) -> int:
        """Days the principal accrued: ``end − start``."""
        return (self.end - self.start).days


@dataclass(frozen=True)
class LateFee:
    """The late fee charged when a schedule line went overdue."""

    line_due: date
    overdue_from: date
    amount: int


@dataclass(frozen=True)
class Allocation:
    """What one payment (or credit held from one) paid: a component of a schedule line, or credit held."""

    #: The day the money was applied: the payment's booking day, or the day a held credit met a line.
    day: date
    #: The index of the payment in the ledger's ``payments``.
    payment: int
    #: The schedule line's due date, or ``None`` for an amount held as credit for lines to come.
    line_due: date | None
    #: principal, interest, penalty or fees; ``credit`` when held.
    component: str
    amount: int


@dataclass(frozen=True)
class LineStatus:
    """One schedule line that has fallen due: what it charged and what paid it."""


    due: date
    charged: Owed
    paid: Owed

    @property
    def owed(self) -> Owed:
        """What the line still owes."""
        return _minus(self.charged, self.paid)


@dataclass(frozen=True)
class Ledger:
    """What is owed as of a date, and everything needed to explain it."""

    as_of: date
    currency: str
    terms: ContractTerms
    #: The schedule in due-date order, and the payments as given (the check recomputes from them).
    schedule: tuple[ScheduleLine, ...]
    payments: tuple[Payment, ...]
    #: Everything that fell due or accrued up to ``as_of``.
    charged: Owed
    #: What the payments up to ``as_of`` covered, per component.
    paid: Owed
    #: ``charged − paid``.
    owed: Owed
    #: Paid beyond what had fallen due, held for lines still to come.
    credit: int
    #: Principal of lines not yet due (not part of ``owed``).
    not_yet_due_principal: int
    oldest_unpaid_due: date | None
    days_past_due: int
    bucket: str
    #: The annual penalty rate the contract sets.
    penalty_rate: Decimal
    segments: tuple[PenaltySegment, ...]
    late_fees: tuple[LateFee, ...]
    #: The lines that still owe something as of ``as_of``, oldest first; their
    #: ``owed`` adds up to ``owed`` (fully paid lines charged what they paid).
    unpaid_lines: tuple[LineStatus, ...]
    #: Payments not counted because their amount was zero or negative.
    skipped_payments: tuple[Payment, ...] = ()
    #: How each payment was applied, in the order it was: to which line and component, or held as credit.
    allocations: tuple[Allocation, ...] = ()


def bucket_for(days_past_due: int, policy: LedgerPolicy) -> str:
    """The delinquency bucket: ``M0`` before the first start day, ``M<n>+`` past the last."""
    starts = policy.bucket_starts
    reached = sum(1 for start in starts if days_past_due >= start)
    if reached == 0:
        return "M0"
    return f"M{reached}+" if reached == len(starts) else f"M{reached}"


def penalty_rate(terms: ContractTerms) -> Decimal:
    """The annual rate overdue principal accrues at under ``terms``."""
    if terms.penalty_kind == PenaltyKind.RATE:
        return terms.penalty_value
    return terms.penalty_value * terms.annual_rate


def accrue(principal: int, annual_rate: Decimal, days: int, day_count: int) -> int:
    """``principal × annual_rate × days ÷ day_count``, rounded half-up to the minor unit.

    Computed on the exact fraction (the Decimal rate as numerator over a power
    of ten), so the result is what Decimal arithmetic rounded half-up gives,
    without a Decimal operation on the hot path.
    """
    numerator, denominator = annual_rate.as_integer_ratio()
    return _accrue(principal * days * numerator, denominator * day_count)


def _accrue(numerator: int, denominator: int) -> int:
    """``numerator ÷ denominator`` rounded half-up; nothing for a non-positive figure."""
    if numerator <= 0 or denominator <= 0:
        return 0
    return (2 * numerator + denominator) // (2 * denominator)


def booking_date(paid_at: datetime | date, zone: str) -> date:
    """The calendar day a payment counts on: its instant in ``zone`` (a naive time is taken as UTC)."""
    return _book(paid_at, _zone(zone))


class _Line:
    """A schedule line's running state while the ledger is replayed."""

    __slots__ = ("charged", "closed", "due", "paid", "seg_principal", "seg_start")

    def __init__(self, line: ScheduleLine):
        self.due = line.due
        self.charged = [line.principal, line.interest, 0, 0]  # penalty: see closed/open segment
        self.paid = [0, 0, 0, 0]
        self.closed = 0  # penalty of finished segments
        self.seg_start: date | None = None
        self.seg_principal = 0

    def owed(self, index: int, on: date, num: int, den: int) -> int:
        """What the line owes of one component on day ``on`` (penalty accrued to that day)."""
        if index == _N:
            return self.closed + self.open_penalty(on, num, den) - self.paid[_N]
        return self.charged[index] - self.paid[index]

    def open_penalty(self, on: date, num: int, den: int) -> int:
        """Penalty of the running segment up to ``on``."""
        if self.seg_start is None or self.seg_principal <= 0:
            return 0
        return _accrue(self.seg_principal * (on - self.seg_start).days * num, den)


class _Replay:
    """Replays the schedule and the payments in date order (see the module docstring)."""

    def __init__(self, terms: ContractTerms, policy: LedgerPolicy):
        self.terms = terms
        self.rate = penalty_rate(terms)
        self.basis = terms.day_count
        # The daily penalty as an exact fraction: rate numerator over (denominator × basis).
        num, den = self.rate.as_integer_ratio()
        self.num, self.den = num, den * terms.day_count
        self.order = [_INDEX[c] for c in policy.allocation_order if c in _INDEX]
        self.open: list[_Line] = []  # fallen due and not settled, oldest first
        self.credit = 0
        #: Which payment each part of the held credit came from, oldest first: [payment index, amount].
        self.credit_from: list[list[int]] = []
        self.segments: list[PenaltySegment] = []
        self.fees: list[LateFee] = []
        self.allocations: list[Allocation] = []

    def fall_due(self, line: _Line, day: date) -> None:
        self.open.append(line)
        if self.credit:
            held, self.credit = self.credit_from, 0
            self.credit_from = []
            for payment, amount in held:
                self.pay(amount, day, payment)

    def go_overdue(self, line: _Line, day: date) -> None:
        principal = line.charged[_P] - line.paid[_P]
        if principal <= 0 and line.charged[_I] - line.paid[_I] <= 0:
            return
        if self.terms.late_fee > 0:
            line.charged[_F] = self.terms.late_fee
            self.fees.append(LateFee(line.due, day, self.terms.late_fee))
        if principal > 0:
            line.seg_start, line.seg_principal = line.due, principal

    def pay(self, amount: int, day: date, payment: int = -1) -> None:
        num, den = self.num, self.den
        for index in self.order:
            for line in self.open:
                if index == _N:
                    owed = line.closed + line.open_penalty(day, num, den) - line.paid[_N]
                else:
                    owed = line.charged[index] - line.paid[index]
                if owed > 0:
                    take = owed if owed < amount else amount
                    amount -= take
                    if index == _P and line.seg_start is not None:
                        self._close_segment(line, day)
                        line.seg_principal -= take
                    line.paid[index] += take
                    self.allocations.append(Allocation(day, payment, line.due, _NAMES[index], take))
                    if not amount:
                        break
            if not amount:
                break
        if amount:
            self.allocations.append(Allocation(day, payment, None, "credit", amount))
            self.credit_from.append([payment, amount])
        self.credit += amount
        self.open = [line for line in self.open if not self._settled(line, day)]

    def _close_segment(self, line: _Line, day: date) -> None:
        if line.seg_start is not None and day > line.seg_start:
            segment = self._segment(line, line.seg_start, day)
            self.segments.append(segment)
            line.closed += segment.amount
            line.seg_start = day

    def _segment(self, line: _Line, start: date, end: date) -> PenaltySegment:
        amount = line.open_penalty(end, self.num, self.den)
        return PenaltySegment(line.due, start, end, line.seg_principal, self.rate, self.basis, amount)

    def _settled(self, line: _Line, day: date) -> bool:
        charged, paid = line.charged, line.paid
        if paid[_P] < charged[_P] or paid[_I] < charged[_I] or paid[_F] < charged[_F]:
            return False
        return line.owed(_N, day, self.num, self.den) <= 0

    def finish(self, as_of: date) -> None:
        """Accrue the open segments up to ``as_of``."""
        for line in self.open:
            if line.seg_start is not None and line.seg_principal > 0 and as_of > line.seg_start:
                segment = self._segment(line, line.seg_start, as_of)
                self.segments.append(segment)
                line.closed += segment.amount
                line.seg_start = as_of


def compute_ledger(
    terms: ContractTerms,
    schedule: tuple[ScheduleLine, ...] | list[ScheduleLine],
    payments: tuple[Payment, ...] | list[Payment],
    as_of: date,
    policy: LedgerPolicy,
) -> Ledger:
    """Recompute what is owed as of ``as_of`` from the contract, its schedule and the payments."""
    ordered = tuple(sorted(schedule, key=lambda line: line.due))
    lines = [_Line(line) for line in ordered if line.due <= as_of]
    replay = _Replay(terms, policy)

    # (day, order within the day, index, amount): overdue 0, falling due 1, payment 2.
    events: list[tuple[date, int, int, int]] = []
    for i, line in enumerate(lines):
        events.append((line.due, 1, i, 0))
        if line.due < as_of:
            events.append((line.due + _ONE_DAY, 0, i, 0))
    skipped = []
    zone = _zone(policy.booking_zone)
    for j, payment in enumerate(payments):
        if payment.amount <= 0:
            skipped.append(payment)
            continue
        day = _book(payment.paid_at, zone)
        if day <= as_of:
            events.append((day, 2, j, payment.amount))
    events.sort()

    for day, kind, index, amount in events:
        if kind == 0:
            replay.go_overdue(lines[index], day)
        elif kind == 1:
            replay.fall_due(lines[index], day)
        else:
            replay.pay(amount, day, index)
    replay.finish(as_of)

    for line in lines:
        line.charged[_N] = line.closed
    charged = [sum(column) for column in zip(*(line.charged for line in lines))] or [0, 0, 0, 0]
    paid = [sum(column) for column in zip(*(line.paid for line in lines))] or [0, 0, 0, 0]
    unpaid = tuple(
        LineStatus(line.due, Owed(*line.charged), Owed(*line.paid))
        for line in replay.open
        if any(line.charged[i] > line.paid[i] for i in (_P, _I, _N, _F))
    )
    oldest = unpaid[0].due if unpaid else None
    days = max(0, (as_of - oldest).days) if oldest else 0
    owed = Owed(*(charged[i] - paid[i] for i in (_P, _I, _N, _F)))
    return Ledger(
        as_of=as_of,
        currency=terms.currency,
        terms=terms,
        schedule=ordered,
        payments=tuple(payments),
        charged=Owed(*charged),
        paid=Owed(*paid),
        owed=owed,
        credit=replay.credit,
        not_yet_due_principal=sum(line.principal for line in ordered if line.due > as_of),
        oldest_unpaid_due=oldest,
        days_past_due=days,
        bucket=bucket_for(days, policy),
        penalty_rate=replay.rate,
        segments=tuple(sorted(replay.segments, key=lambda s: (s.line_due, s.start))),
        late_fees=tuple(replay.fees),
        unpaid_lines=unpaid,
        skipped_payments=tuple(skipped),
        allocations=tuple(replay.allocations),
    )


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # config refuses it; UTC rather than a crash
        return UTC


def _book(paid_at: datetime | date, zone: tzinfo) -> date:
    if not isinstance(paid_at, datetime):
        return paid_at
    if paid_at.tzinfo is None:
        paid_at = paid_at.replace(tzinfo=UTC)
    return paid_at.astimezone(zone).date()


def _minus(a: Owed, b: Owed) -> Owed:
    return Owed(a.principal - b.principal, a.interest - b.interest, a.penalty - b.penalty, a.fees - b.fees)


__all__ = [
    "COMPONENTS",
    "LateFee",
    "Ledger",
    "LineStatus",
    "Owed",
    "PenaltySegment",
    "accrue",
    "booking_date",
    "bucket_for",
    "compute_ledger",
    "penalty_rate",
]
