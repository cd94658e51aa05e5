"""The ledger check: the creditor's figures against the recomputed ones (guide 2.2).

Disputes start from wrong figures, so before a call every component the
creditor charges is compared with what :func:`~agent_tui.domain.ledger.compute_ledger`
recomputes from the contract, the schedule and the payments. For each figure
that differs by more than ``policy.tolerance`` minor units, the check gives
the calculation as lines a person can read aloud::

    line due 2025-01-31: overdue principal 8,000.00 × 0.05% a day × 31 days (2025-01-31 to 2025-03-03) = 124.00

Which charges count: the creditor's most recent charge per component
(``principal``, ``interest``, ``penalty``, ``fees``), dated on or before the
ledger's ``as_of``; a later one is not known yet on that date. A charge is
compared with the ledger recomputed *as of the charge's own date*, so a
statement a week old is not flagged for the week of penalty since. A
component the creditor does not charge is not compared; a charge of an
unknown kind is set aside in ``ignored``.

:func:`explain` gives the same calculation lines for any component, so the
workstation can show how a figure was reached even when it matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from agent_tui.domain.ledger import LateFee, Ledger, compute_ledger
from agent_tui.domain.money import Amount, Figure, Percent
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import Charge, PenaltyKind
from agent_tui.i18n import Msg

#: The order components are checked and shown in.
CHECK_ORDER = ("principal", "interest", "penalty", "fees")


@dataclass(frozen=True)
class Discrepancy:
    """A creditor's figure that the recomputation does not reproduce."""

    component: str
    creditor: int
    computed: int
    #: ``creditor − computed``: positive when the creditor asks for more.
    difference: int
    #: The date both figures are as of (the charge's date).
    as_of: date
    #: How the computed figure was reached, then how the creditor's differs.
    lines: tuple[Msg, ...]


@dataclass(frozen=True)
class LedgerCheck:
    """The outcome of comparing the creditor's charges with the recomputed ledger."""

    as_of: date
    #: The components a charge was compared for, in :data:`CHECK_ORDER`.
    checked: tuple[str, ...]
    discrepancies: tuple[Discrepancy, ...]
    #: One sentence: nothing to check, all match, or which figures differ.
    summary: Msg
    #: Charges not compared: unknown kind (later charges of a kind simply supersede earlier ones).
    ignored: tuple[Charge, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every compared figure matches within the tolerance."""
        return not self.discrepancies


def latest_charges(charges: Iterable[Charge], as_of: date) -> tuple[dict[str, Charge], tuple[Charge, ...]]:
    """The most recent charge per component on or before ``as_of``, and the unknown ones."""
    latest: dict[str, Charge] = {}
    ignored = []
    for charge in charges:
        if charge.kind not in CHECK_ORDER:
            ignored.append(charge)
            continue
        if charge.as_of > as_of:
            continue
        current = latest.get(charge.kind)
        if current is None or charge.as_of >= current.as_of:  # the later of two on one day wins
            latest[charge.kind] = charge
    return latest, tuple(ignored)


def check_ledger(ledger: Ledger, charges: Iterable[Charge], policy: LedgerPolicy) -> LedgerCheck:
    """Compare the creditor's most recent charge per component with the recomputed ledger."""
    latest, ignored = latest_charges(charges, ledger.as_of)
    recomputed: dict[date, Ledger] = {ledger.as_of: ledger}
    found = []
    checked = []
    for component in CHECK_ORDER:
        charge = latest.get(component)
        if charge is None:
            continue
        checked.append(component)
        at = recomputed.get(charge.as_of)
        if at is None:
            at = compute_ledger(ledger.terms, ledger.schedule, ledger.payments, charge.as_of, policy)
            recomputed[charge.as_of] = at
        computed = at.owed.get(component)
        difference = charge.amount - computed
        if abs(difference) > policy.tolerance:
            lines = explain(at, component) + (_comparison(charge.amount, computed, at.currency),)
            found.append(Discrepancy(component, charge.amount, computed, difference, charge.as_of, lines))
    return LedgerCheck(ledger.as_of, tuple(checked), tuple(found), _summary(checked, found), ignored)


def explain(ledger: Ledger, component: str) -> tuple[Msg, ...]:
    """How ``ledger`` reached its figure for ``component``, one readable line per step."""
    if component == "penalty":
        lines = _penalty_lines(ledger)
    elif component == "fees":
        lines = [_late_fee_line(fee, ledger) for fee in ledger.late_fees]
    else:
        lines = _line_by_line(ledger, component)
    return tuple(lines) + (_total(ledger, component),)


def _line_by_line(ledger: Ledger, component: str) -> list[Msg]:
    """Principal or interest: each line still owing it, with what was paid on it."""
    lines = []
    name = _component(component)
    for status in ledger.unpaid_lines:
        owed = status.owed.get(component)
        if owed <= 0:
            continue
        params = {"due": _day(status.due), "component": name, "owed": _fig(owed, ledger)}
        paid = status.paid.get(component)
        if paid:
            params["charged"] = _fig(status.charged.get(component), ledger)
            params["paid"] = _fig(paid, ledger)
            lines.append(Msg("ledger.calc.line", params))
        else:
            lines.append(Msg("ledger.calc.line_unpaid", params))
    return lines


def _late_fee_line(fee: LateFee, ledger: Ledger) -> Msg:
    params = {"due": _day(fee.line_due), "overdue_from": _day(fee.overdue_from), "amount": _fig(fee.amount, ledger)}
    return Msg("ledger.calc.late_fee", params)


def _penalty_lines(ledger: Ledger) -> list[Msg]:
    """Where the penalty rate comes from, then one line per segment."""
    if not ledger.segments:
        return []
    terms = ledger.terms
    rate = Percent(ledger.penalty_rate)
    if terms.penalty_kind == PenaltyKind.RATE:
        lines = [Msg("ledger.calc.rate_fixed", {"rate": rate})]
    else:
        multiple = format(terms.penalty_value.normalize(), "f")
        params = {"contract": Percent(terms.annual_rate), "multiple": multiple, "rate": rate}
        lines = [Msg("ledger.calc.rate_multiple", params)]
    daily = _daily_rate(ledger.penalty_rate, terms.day_count)
    for s in ledger.segments:
        params = {
            "due": _day(s.line_due),
            "principal": _fig(s.principal, ledger),
            "days": days(s.days),
            "start": _day(s.start),
            "end": _day(s.end),
            "amount": _fig(s.amount, ledger),
        }
        if daily is not None:
            lines.append(Msg("ledger.calc.penalty_daily", {**params, "rate": Percent(daily)}))
        else:
            params.update(rate=Percent(s.annual_rate), basis=s.day_count)
            lines.append(Msg("ledger.calc.penalty_yearly", params))
    return lines


def _daily_rate(annual: Decimal, day_count: int) -> Decimal | None:
    """The daily rate when it is a short exact percentage (at most 4 decimals), else None."""
    numerator, denominator = annual.as_integer_ratio()
    if day_count <= 0 or (numerator * 10**6) % (denominator * day_count):
        return None
    return annual / day_count


def _total(ledger: Ledger, component: str) -> Msg:
    name = _component(component)
    owed = ledger.owed.get(component)
    as_of = _day(ledger.as_of)
    if component in ("penalty", "fees") and ledger.paid.get(component):
        params = {
            "component": name,
            "as_of": as_of,
            "charged": _fig(ledger.charged.get(component), ledger),
            "paid": _fig(ledger.paid.get(component), ledger),
            "owed": _fig(owed, ledger),
        }
        return Msg("ledger.calc.charged_less_paid", params)
    if owed == 0:
        return Msg("ledger.calc.nothing", {"component": name, "as_of": as_of})
    return Msg("ledger.calc.owed", {"component": name, "as_of": as_of, "owed": _fig(owed, ledger)})


def _comparison(creditor: int, computed: int, currency: str) -> Msg:
    key = "ledger.calc.creditor_higher" if creditor > computed else "ledger.calc.creditor_lower"
    params = {
        "creditor": Amount(creditor, currency),
        "computed": Amount(computed, currency),
        "difference": Amount(abs(creditor - computed), currency),
    }
    return Msg(key, params)


def _summary(checked: list[str], found: list[Discrepancy]) -> Msg:
    if not checked:
        return Msg("ledger.summary.nothing")
    if not found:
        return Msg("ledger.summary.ok", {"count": len(checked)})
    names = Listing(tuple(_component(d.component) for d in found))
    return Msg("ledger.summary.differ", {"count": len(found), "checked": len(checked), "components": names})


@dataclass(frozen=True)
class Listing:
    """Several messages joined the way a language lists things (``a, b`` / ``甲、乙``)."""

    items: tuple[Msg, ...]

    def localize(self, lang: str) -> str:
        """The items, each in ``lang``, joined by that language's separator."""
        separator = Msg("ledger.list_separator").render(lang)
        return separator.join(item.render(lang) for item in self.items)


def days(count: int) -> Msg:
    """``1 day`` / ``31 days`` (``31 天``) as a message parameter."""
    return Msg("ledger.days.one" if count == 1 else "ledger.days.other", {"n": count})


def bucket_label(bucket: str, days_past_due: int) -> Msg:
    """The bucket and days past due in words: ``M2: 31 days past due``."""
    if days_past_due <= 0:
        return Msg("ledger.bucket.current", {"bucket": bucket})
    return Msg("ledger.bucket.overdue", {"bucket": bucket, "days": days(days_past_due)})


def _component(component: str) -> Msg:
    return Msg(f"ledger.component.{component}")


def _fig(minor: int, ledger: Ledger) -> Figure:
    return Figure(minor, ledger.currency)


def _day(value: date) -> str:
    return value.isoformat()
