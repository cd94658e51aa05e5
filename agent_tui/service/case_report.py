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
from agent_tui.domain.money import Amount
from agent_tui.domain.queue import QueueEntry, QueueGroup, QueueInput, order_queue
from agent_tui.domain.records import CALL_BACK, Account, ContactPoint, Debtor, PromiseStatus
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
