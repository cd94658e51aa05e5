"""The case file: the domain's answers about one account, turned into what the screen shows.

Pure functions from records and rule results to the views of
:mod:`agent_tui.service.views`; the workstation loads, these present.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agent_tui.domain.case_figures import CaseFigures
from agent_tui.domain.compliance import ContactDecision, Profile, mask
from agent_tui.domain.contact_gate import contact_counts
from agent_tui.domain.ledger_check import explain
from agent_tui.domain.money import Amount
from agent_tui.domain.offers import Offer, OfferLine, OfferSet
from agent_tui.domain.phone_zone import clock_zone, zones_named
from agent_tui.domain.records import Attempt, ContactPoint, Debtor
from agent_tui.i18n import Msg
from agent_tui.service.views import (
    ComplianceBadge,
    ContactView,
    DebtorProfile,
    DebtSplit,
    LedgerCheckView,
    OfferView,
)


def age_on(birth: date | None, today: date) -> int | None:
    """Whole years from ``birth`` to ``today``."""
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def debtor_profile(debtor: Debtor, today: date, currency: str, zone: str = "") -> DebtorProfile:
    """Guide 2.1 at a glance, the national ID masked; ``zone`` is the debtor's clock
    (:func:`~agent_tui.domain.phone_zone.clock_zone`) when their own zone is not on file."""
    return DebtorProfile(
        name=debtor.name,
        national_id_masked=mask(debtor.national_id) if debtor.national_id else "—",
        birth_date=debtor.birth_date,
        age=age_on(debtor.birth_date, today),
        occupation=debtor.occupation,
        employer=debtor.employer,
        monthly_income=Amount(debtor.monthly_income, currency) if debtor.monthly_income is not None else None,
        family=debtor.family,
        credit_history=debtor.credit_history,
        time_zone=zone or debtor.time_zone,
        language=debtor.language,
    )


def contact_views(
    points: tuple[ContactPoint, ...],
    decisions: tuple[tuple[ContactPoint, ContactDecision], ...] = (),
    zone: str = "",
    now: datetime | None = None,
) -> tuple[ContactView, ...]:
    """The contact points, masked except the last four characters.

    A number whose calls must also suit other zones than ``zone`` (the
    debtor's clock), by its own zone or its area code, names them.
    """
    rings = {p.id: d.zones for p, d in decisions}
    views = []
    for p in points:
        others = tuple(z for z in rings.get(p.id, ()) if z != zone)
        note = None
        if others and now is not None:
            note = Msg("workstation.debtor.number_zone", {"zone": zones_named(now, others)})
        views.append(ContactView(p.id, str(p.kind), mask(p.value), p.primary, p.do_not_call, note))
    return tuple(views)


def debt_split(figures: CaseFigures) -> DebtSplit:
    """What is owed by component as the ledger recomputes it."""
    owed, cur = figures.owed, figures.currency
    return DebtSplit(
        principal=Amount(owed.principal, cur),
        interest=Amount(owed.interest, cur),
        penalty=Amount(owed.penalty, cur),
        fees=Amount(owed.fees, cur),
        total=Amount(owed.total, cur),
        days_past_due=figures.days_past_due,
        bucket=figures.bucket,
    )


def ledger_view(figures: CaseFigures) -> LedgerCheckView:
    """The check's summary and the penalty calculation; every wrong figure with its lines."""
    check = figures.check
    lines = [check.summary]
    if figures.owed.penalty:
        lines += list(explain(figures.ledger, "penalty"))
    wrong = []
    for discrepancy in check.discrepancies:
        wrong += list(discrepancy.lines)
    says = tuple((d.component, Amount(d.creditor, figures.currency)) for d in check.discrepancies)
    return LedgerCheckView(ok=check.ok, lines=tuple(lines), discrepancies=tuple(wrong), creditor_says=says)


def offer_views(offers: OfferSet) -> tuple[OfferView, ...]:
    """The offers, numbered from 1 in the order the money rules ranked them."""
    views = []
    for index, offer in enumerate(offers.offers, 1):
        views.append(
            OfferView(
                index=index,
                kind=offer.kind,
                label=offer.label,
                total=Amount(offer.total, offer.currency),
                lines=tuple(_offer_lines(offer)),
                needs_approval=offer.needs_approval,
                first_due=offer.first_due,
                payments=tuple((line.due, line.amount) for line in offer.lines),
            )
        )
    return tuple(views)


def _offer_lines(offer: Offer) -> list[Msg]:
    """Why it needs approval, then its payments (a long plan: the first two, the count, the last)."""
    lines = [offer.approval_reason] if offer.approval_reason is not None else []

    def payment(n: int, line: OfferLine) -> Msg:
        return Msg(
            "workstation.offer.line",
            {"n": n, "due": line.due.isoformat(), "amount": Amount(line.amount, offer.currency)},
        )

    count = len(offer.lines)
    if count <= 4:
        return lines + [payment(n, line) for n, line in enumerate(offer.lines, 1)]
    return lines + [
        payment(1, offer.lines[0]),
        payment(2, offer.lines[1]),
        Msg("workstation.offer.more", {"count": count - 3}),
        payment(count, offer.lines[-1]),
    ]


def compliance_badge(
    now: datetime,
    debtor: Debtor,
    history: tuple[Attempt, ...],
    decisions: tuple[tuple[ContactPoint, ContactDecision], ...],
    profile: Profile,
    account_id: int,
) -> ComplianceBadge:
    """The debtor's clock, the window, contacts used against the cap, the flags, and the gate's answer."""
    zone = clock_zone(debtor, tuple(p for p, _ in decisions), profile.country)
    local = now.astimezone(ZoneInfo(zone))
    # The gate's own counts (domain.contact_gate): the badge shows what the dial is refused on.
    used, allowed, period = contact_counts(now, debtor, history, account_id, zone).against_cap(profile)
    flags = tuple(
        name
        for name, on in (
            ("cease", debtor.cease_contact),
            ("dispute", debtor.dispute),
            ("vulnerable", debtor.vulnerable),
            ("attorney", debtor.attorney),
        )
        if on
    )
    callable_now = any(d.allowed for _, d in decisions)
    refusal = None
    if not callable_now and decisions:
        refusal = first_refusal(decisions).reason
    return ComplianceBadge(
        local_time=local,
        window_start=profile.window_start,
        window_end=profile.window_end,
        contacts_used=used,
        contacts_allowed=allowed,
        cap_period=period,
        flags=flags,
        dial_allowed=callable_now,
        refusal=refusal,
    )


def first_refusal(decisions: tuple[tuple[ContactPoint, ContactDecision], ...]) -> ContactDecision:
    """The refusal to show when no number may be called: the primary number's."""
    primary = [d for p, d in decisions if p.primary]
    return (primary or [d for _, d in decisions])[0]
