"""Whether a promise to pay was kept: the payments received decide it, on the debtor's clock.

A promise is kept when the payments received from the moment it was made up
to the end of its day (the debtor's local date) add up to its sum; it is
kept at the payment that completed it. A promise whose day has passed on the
debtor's clock without that is broken, at the start of the next day there,
with what was paid towards it. Payments are applied to promises in the order
of their days (then of their making), and a payment is never counted twice:
what one promise took, the next cannot. Promises already kept or broken
take their share again each run (so a run gives the same answer as the
last); cancelled and superseded ones take nothing.

The moves are the only way a promise leaves "open" through payments, so the
queue (a broken promise brings the case back), the dashboard (kept and
broken counts, the amount collected) and the audit trail all rest on the
same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.records import Payment, Promise, PromiseStatus

__all__ = ["PromiseMove", "promise_moves"]

#: Promises that take their share of the payments, each time the rule is run: the same share each time.
_TAKING = (PromiseStatus.OPEN, PromiseStatus.KEPT, PromiseStatus.BROKEN)


@dataclass(frozen=True)
class PromiseMove:
    """An open promise that is now kept or broken."""

    promise_id: int
    status: PromiseStatus
    #: When it became so (UTC): the completing payment's time, or the start of the day after its day.
    at: datetime
    #: What the payments brought towards it (its sum when kept).
    paid: int


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def promise_moves(promises: Sequence[Promise], payments: Sequence[Payment], now: datetime,
                  zone: str) -> list[PromiseMove]:
    """The account's open promises that the payments keep or whose day has passed, in the debtor's ``zone``.

    Payments recorded with a time after ``now`` are not counted yet.
    """
    tz = _zone(zone)
    today = _utc(now).astimezone(tz).date()
    taking = sorted(
        (p for p in promises if p.status in _TAKING),
        key=lambda p: (p.due, _utc(p.created_at) if p.created_at else datetime.min.replace(tzinfo=UTC), p.id),
    )
    received = sorted((pay for pay in payments if _utc(pay.paid_at) <= _utc(now)), key=lambda pay: _utc(pay.paid_at))
    times = [_utc(pay.paid_at) for pay in received]
    left = [pay.amount for pay in received]  # what each payment has not yet given to a promise
    moves: list[PromiseMove] = []
    for promise in taking:
        made = _utc(promise.created_at) if promise.created_at else None
        owed, paid, kept_at = promise.amount, 0, None
        for n, at in enumerate(times):
            if owed <= 0:
                break
            if left[n] <= 0 or (made is not None and at < made) or at.astimezone(tz).date() > promise.due:
                continue
            taken = min(left[n], owed)
            left[n] -= taken
            owed -= taken
            paid += taken
            if owed <= 0:
                kept_at = at
        if promise.status != PromiseStatus.OPEN or promise.amount <= 0:
            continue  # a kept or broken promise only takes its share
        if kept_at is not None:
            moves.append(PromiseMove(promise.id, PromiseStatus.KEPT, kept_at, paid))
        elif today > promise.due:
            next_day = datetime.combine(promise.due + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
            moves.append(PromiseMove(promise.id, PromiseStatus.BROKEN, next_day, paid))
    return moves
