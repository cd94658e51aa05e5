"""One account as the workstation sees it before a call: money, contact rules, queue place.

The `case` command prints it for leads and administrators answering a dispute;
the workstation shows the same facts in its panes. Everything here reads; the
database must be bound to the models (``store.use_database``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agent_tui.config import Config
from agent_tui.domain.case_figures import CaseFigures, before_call, case_figures_json
from agent_tui.domain.citations import Citation, RuleName
from agent_tui.domain.compliance import ContactDecision, contact_decisions, contact_row, mask, profile_for
from agent_tui.domain.debtor_clock import debtor_today
from agent_tui.domain.ledger import Allocation
from agent_tui.domain.ledger_check import explain
from agent_tui.domain.money import Amount
from agent_tui.domain.policy import COMPONENTS as _COMPONENTS
from agent_tui.domain.queue import QueueEntry, QueueGroup, QueueInput, order_queue
from agent_tui.domain.records import CALL_BACK, Account, ContactPoint, Debtor, Payment, PromiseStatus
from agent_tui.i18n import Msg, render
from agent_tui.store import convert

#: How far back the contact history is read: the 7-day caps, and the best hour to call.
HISTORY_DAYS = 90


@dataclass(frozen=True)
class CaseFile:
    """An account, its debtor, its figures, the gate's answer per number, and its queue place."""

    account: Account
    debtor: Debtor
    figures: CaseFigures
    contacts: tuple[tuple[ContactPoint, ContactDecision], ...]
    queue: QueueEntry
    at: datetime


def load_case_file(ref: str, as_of: date | None, at: datetime, config: Config) -> CaseFile | None:
    """Read account ``ref`` and compute what is shown about it; ``None`` for an unknown ref.

    The figures are as of ``as_of``, or of the debtor's today at ``at`` (as the desk counts) when it is ``None``.
    """
    account_id = convert.account_id_by_ref(ref)
    if account_id is None:
        return None
    account = convert.load_account(account_id)
    debtor = convert.load_debtor(account.debtor_id) if account is not None else None
    if account is None or debtor is None:
        return None
    points = convert.load_contact_points(debtor.id)
    history = convert.load_attempts(debtor.id, at - timedelta(days=HISTORY_DAYS))
    profile = profile_for(config.compliance)
    day = as_of if as_of is not None else debtor_today(at, debtor, points, profile.country)
    figures = before_call(account, day, config.ledger, config.offers)
    promises = tuple(p for p in account.promises if p.status in (PromiseStatus.OPEN, PromiseStatus.BROKEN))
    callback = account.next_action_at if account.next_action == CALL_BACK else None
    item = QueueInput(account, debtor, points, history, figures.owed.total, figures.days_past_due, promises, callback)
    (entry,) = order_queue(at, [item], profile, config.queue)
    return CaseFile(account, debtor, figures, contact_decisions(at, debtor, points, history, profile, account.id),
                    entry, at)


def case_file_json(case: CaseFile, lang: str) -> dict[str, Any]:
    """The case as one JSON-ready object: amounts in minor units, instants in UTC ISO form."""
    data = case_figures_json(case.figures, case.account.ref, lang)
    data["at"] = case.at.isoformat()
    data["contact"] = [contact_row(point, decision) for point, decision in case.contacts]
    data["queue"] = {"group": case.queue.group.value, "reason": render(case.queue.reason, lang)}
    data["ledger"] = ledger_json(case)
    return data


def case_file_text(case: CaseFile, lang: str) -> list[str]:
    """The case as lines of text for a terminal, in ``lang``."""
    fig, account, currency = case.figures, case.account, case.figures.currency

    def say(key: str, **params: object) -> str:
        return render(Msg(f"case.{key}", params), lang)

    owed = fig.owed
    lines = [
        say("title", ref=account.ref, creditor=account.creditor, product=account.product),
        say("debtor", name=case.debtor.name, zone=case.queue.zone, national_id=mask(case.debtor.national_id)),
        say("as_of", as_of=fig.as_of.isoformat(), at=case.at.isoformat(timespec="minutes")),
        "",
        say("owed_heading"),
        say("owed_line", principal=Amount(owed.principal, currency), interest=Amount(owed.interest, currency),
            penalty=Amount(owed.penalty, currency), fees=Amount(owed.fees, currency)),
        say("owed_total", total=Amount(owed.total, currency), days=fig.days_past_due, bucket=fig.bucket),
        "",
        say("check_heading"),
        "  " + render(fig.check.summary, lang),
    ]
    for d in fig.check.discrepancies:
        lines.append(say("discrepancy", component=Msg(f"ledger.component.{d.component}"),
                         creditor=Amount(d.creditor, currency), computed=Amount(d.computed, currency),
                         difference=Amount(d.difference, currency)))
        lines.extend("      " + render(line, lang) for line in d.lines)
    lines += ["", *ledger_lines(case, lang)]
    if case.queue.group != QueueGroup.CLOSED:  # a closed case has nothing to offer: the queue line says why once
        lines += ["", say("offers_heading"), *_offer_lines(case, lang)]
    lines += ["", say("contact_heading")]
    for point, decision in case.contacts:
        if decision.allowed:
            lines.append(say("contact_ok", kind=Msg(f"case.kind.{point.kind.value}"), number=mask(point.value)))
        else:
            when = decision.next_allowed_at.isoformat(timespec="minutes") if decision.next_allowed_at else "—"
            lines.append(say("contact_refused", kind=Msg(f"case.kind.{point.kind.value}"), number=mask(point.value),
                             rule=RuleName(decision.rule_id or ""), citation=Citation(decision.citation or ""),
                             next=when))
            lines.append("      " + render(decision.reason, lang))
    lines += ["", say("queue", group=Msg(f"queue.group.{case.queue.group.value}"), reason=case.queue.reason)]
    if case.queue.resting_until is not None:
        until = case.queue.resting_until.astimezone(ZoneInfo(case.queue.zone))
        lines.append(say("resting", until=f"{until:%Y-%m-%d %H:%M}", zone=case.queue.zone))
    return lines


def _offer_lines(case: CaseFile, lang: str) -> list[str]:
    """The offers the case allows, and the kinds left out with why."""
    fig, currency = case.figures, case.figures.currency

    def say(key: str, **params: object) -> str:
        return render(Msg(f"case.{key}", params), lang)

    lines: list[str] = []
    for offer in fig.offers.offers:
        mark = say("needs_approval") if offer.needs_approval else ""
        lines.append(f"  • {render(offer.label, lang)}{mark}")
        lines.extend(say("offer_line", due=line.due.isoformat(), amount=Amount(line.amount, currency))
                     for line in offer.lines)
    for excluded in fig.offers.excluded:
        lines.append(say("excluded", reason=excluded.reason))
    return lines


def _applied(case: CaseFile) -> list[tuple[int, Payment, list[Allocation]]]:
    """Each payment counted, with how it was applied, in the order of its booking."""
    ledger = case.figures.ledger
    by_payment: dict[int, list[Allocation]] = {}
    for allocation in ledger.allocations:
        by_payment.setdefault(allocation.payment, []).append(allocation)
    return [(j, ledger.payments[j], parts) for j, parts in sorted(by_payment.items(),
                                                                   key=lambda item: item[1][0].day)]


def ledger_lines(case: CaseFile, lang: str) -> list[str]:
    """The whole calculation, whether or not the creditor's figures match: the schedule, each payment and
    how it was applied, each penalty stretch, each late fee, and the creditor's statement beside ours."""
    ledger, currency = case.figures.ledger, case.figures.currency

    def say(key: str, **params: object) -> str:
        return render(Msg(f"case.ledger.{key}", params), lang)

    def money(minor: int) -> Amount:
        return Amount(minor, currency)

    lines = [say("heading", as_of=ledger.as_of.isoformat())]
    due = sum(1 for line in ledger.schedule if line.due <= ledger.as_of)
    lines.append(say("schedule", count=len(ledger.schedule), due=due))
    for line in ledger.schedule:
        key = "schedule_line" if line.due <= ledger.as_of else "schedule_line_later"
        lines.append(say(key, due=line.due.isoformat(), principal=money(line.principal),
                         interest=money(line.interest)))
    applied = _applied(case)
    lines.append(say("payments", count=len(applied)))
    for _, payment, parts in applied:
        lines.append(say("payment", day=parts[0].day.isoformat(), amount=money(payment.amount),
                         reference=payment.reference or "—"))
        for part in parts:
            if part.line_due is None:
                lines.append(say("held", amount=money(part.amount)))
            else:
                lines.append(say("applied", line=part.line_due.isoformat(), day=part.day.isoformat(),
                                 component=Msg(f"ledger.component.{part.component}"), amount=money(part.amount)))
    if ledger.credit:
        lines.append(say("credit", amount=money(ledger.credit)))
    for component in ("penalty", "fees"):
        lines.append(say(f"{component}_heading"))
        lines.extend("    " + render(step, lang) for step in explain(ledger, component))
    charges = case.account.charges
    lines.append(say("statement"))
    if not charges:
        lines.append(say("no_statement"))
    for charge in sorted(charges, key=lambda c: (c.as_of, c.kind)):
        lines.append(say("charge", kind=Msg(f"ledger.component.{charge.kind}") if charge.kind in _COMPONENTS
                         else charge.kind, amount=money(charge.amount), as_of=charge.as_of.isoformat()))
    return lines


def ledger_json(case: CaseFile) -> dict[str, Any]:
    """The same calculation as data: amounts in minor units, dates ISO."""
    ledger = case.figures.ledger
    return {
        "as_of": ledger.as_of.isoformat(),
        "schedule": [{"due": line.due.isoformat(), "principal": line.principal, "interest": line.interest,
                      "fallen_due": line.due <= ledger.as_of} for line in ledger.schedule],
        "payments": [{
            "paid_at": payment.paid_at.isoformat(), "booked": parts[0].day.isoformat(), "amount": payment.amount,
            "reference": payment.reference,
            "applied": [{"day": part.day.isoformat(), "line_due": part.line_due.isoformat() if part.line_due else None,
                         "component": part.component, "amount": part.amount} for part in parts],
        } for _, payment, parts in _applied(case)],
        "credit_held": ledger.credit,
        "penalty": {
            "annual_rate": str(ledger.penalty_rate),
            "day_count": ledger.terms.day_count,
            "stretches": [{"line_due": s.line_due.isoformat(), "start": s.start.isoformat(), "end": s.end.isoformat(),
                           "days": s.days, "base": s.principal, "annual_rate": str(s.annual_rate),
                           "day_count": s.day_count, "amount": s.amount} for s in ledger.segments],
        },
        "late_fees": [{"line_due": f.line_due.isoformat(), "charged_on": f.overdue_from.isoformat(),
                       "amount": f.amount} for f in ledger.late_fees],
        "creditor_statement": [{"kind": c.kind, "amount": c.amount, "as_of": c.as_of.isoformat()}
                               for c in sorted(case.account.charges, key=lambda c: (c.as_of, c.kind))],
    }
