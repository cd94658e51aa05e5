"""Rows into the plain records the rules take (``agent_tui.domain.records``).

The services load with these and hand the records to the pure rules; nothing
past this module sees a Peewee row. Loading is bounded: an account comes with
its schedule, payments, charges and promises in five queries however many
children it has, and a batch of accounts costs five queries per
:data:`CHUNK` accounts (``prefetch``), never one query per row.

The loaders use the models' bound database (``use_database`` or ``bind_ctx``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import JOIN, chunked, prefetch

from agent_tui.domain import records
from agent_tui.domain.records import Outcome, Stage
from agent_tui.store.models import (
    Account,
    Agent,
    CallAttempt,
    Charge,
    ContactPoint,
    Debtor,
    Payment,
    Promise,
    ScheduleLine,
)

#: Accounts per batch of prefetch queries: well under SQLite's variable limit.
CHUNK = 500


def debtor_record(row: Debtor) -> records.Debtor:
    """The debtor's profile and conduct flags."""
    return records.Debtor(
        id=row.id,
        name=row.name,
        national_id=row.national_id,
        birth_date=row.birth_date,
        occupation=row.occupation,
        employer=row.employer,
        monthly_income=row.monthly_income,
        family=row.family,
        credit_history=row.credit_history,
        time_zone=row.time_zone,
        language=row.language,
        cease_contact=row.cease_contact,
        dispute=row.dispute,
        vulnerable=row.vulnerable,
        attorney=row.attorney,
    )


def contact_point_record(row: ContactPoint) -> records.ContactPoint:
    """A number or address of the debtor's."""
    return records.ContactPoint(
        id=row.id,
        kind=row.kind,
        value=row.value,
        primary=row.primary,
        do_not_call=row.do_not_call,
        time_zone=row.time_zone or "",
    )


def contract_terms(row: Account) -> records.ContractTerms:
    """What the account's contract says about money."""
    return records.ContractTerms(
        principal=row.principal,
        annual_rate=row.annual_rate,
        start_date=row.start_date,
        penalty_kind=row.penalty_kind,
        penalty_value=row.penalty_value,
        late_fee=row.late_fee,
        day_count=row.day_count,
        currency=row.currency,
    )


def schedule_line_record(row: ScheduleLine) -> records.ScheduleLine:
    """One instalment of the contract schedule."""
    return records.ScheduleLine(due=row.due, principal=row.principal, interest=row.interest)


def payment_record(row: Payment) -> records.Payment:
    """One payment the debtor made."""
    return records.Payment(paid_at=row.paid_at, amount=row.amount, reference=row.reference)


def charge_record(row: Charge) -> records.Charge:
    """One figure the creditor claims."""
    return records.Charge(kind=row.kind, amount=row.amount, as_of=row.as_of)


def promise_record(row: Promise) -> records.Promise:
    """A promise to pay and where it stands."""
    return records.Promise(
        id=row.id,
        amount=row.amount,
        due=row.due,
        status=row.status,
        created_at=row.created_at,
    )


def attempt_record(row: CallAttempt) -> records.Attempt:
    """A past call attempt, as the contact caps count it.

    A dial with no outcome recorded (still on, or the workstation stopped)
    counts as unanswered: it was an attempt, and nobody is known to have spoken.
    """
    return records.Attempt(
        at=row.started_at,
        contact_point_id=row.contact_point_id,
        outcome=row.outcome or Outcome.NO_ANSWER,
        account_id=row.account_id,
    )


@dataclass(frozen=True)
class DeskAccount:
    """An account's own columns, without its schedule, payments, charges or promises.

    What the queue ranks, the claim checks and a case's loading starts from,
    read in one query.
    """

    id: int
    ref: str
    debtor_id: int
    creditor: str
    product: str
    terms: records.ContractTerms
    stage: Stage
    next_action: str
    next_action_at: datetime | None
    balance: int
    overdue_since: date | None
    assigned_agent_id: int | None

    def light(self, promises: tuple[records.Promise, ...] = ()) -> records.Account:
        """The account record without its schedule, payments or charges: what the queue needs."""
        return records.Account(
            id=self.id,
            ref=self.ref,
            debtor_id=self.debtor_id,
            creditor=self.creditor,
            product=self.product,
            terms=self.terms,
            stage=self.stage,
            next_action=self.next_action,
            next_action_at=self.next_action_at,
            promises=promises,
        )


def desk_account(row: Account) -> DeskAccount:
    """The account row's own columns as a :class:`DeskAccount`."""
    return DeskAccount(
        id=row.id,
        ref=row.ref,
        debtor_id=row.debtor_id,
        creditor=row.creditor,
        product=row.product,
        terms=contract_terms(row),
        stage=row.stage,
        next_action=row.next_action,
        next_action_at=row.next_action_at,
        balance=row.balance,
        overdue_since=row.overdue_since,
        assigned_agent_id=row.assigned_agent_id,
    )


def read_account(account_id: int) -> DeskAccount | None:
    """The account's own columns, or ``None`` when there is no such account."""
    row = Account.select().where(Account.id == account_id).first()
    return desk_account(row) if row is not None else None


def account_record(row: Account) -> records.Account:
    """The account with its children, from a row loaded by :func:`load_accounts`.

    Given a plain row instead, each child list costs one query.
    """
    assigned = row.__rel__.get("assigned_agent") if row.assigned_agent_id else None
    if row.assigned_agent_id and assigned is None:
        assigned = row.assigned_agent
    return _account(desk_account(row), row.schedule, row.payments, row.charges, row.promises,
                    assigned.code if assigned is not None else None)


def _account(head: DeskAccount, schedule: Iterable[ScheduleLine], payments: Iterable[Payment],
             charges: Iterable[Charge], promises: Iterable[Promise], assigned: str | None) -> records.Account:
    return records.Account(
        id=head.id,
        ref=head.ref,
        debtor_id=head.debtor_id,
        creditor=head.creditor,
        product=head.product,
        terms=head.terms,
        schedule=tuple(schedule_line_record(s) for s in _sorted(schedule, "seq")),
        payments=tuple(payment_record(p) for p in _sorted(payments, "paid_at")),
        charges=tuple(charge_record(c) for c in _sorted(charges, "as_of")),
        stage=head.stage,
        next_action=head.next_action,
        next_action_at=head.next_action_at,
        assigned_agent=assigned,
        promises=tuple(promise_record(p) for p in _sorted(promises, "created_at")),
    )


def load_accounts(ids: Iterable[int]) -> dict[int, records.Account]:
    """The accounts with these ids (missing ids are left out), children included."""
    found: dict[int, records.Account] = {}
    for chunk in chunked(sorted(set(ids)), CHUNK):
        for row in _account_graph(Account.id.in_(chunk)):
            found[row.id] = account_record(row)
    return found


def load_account(account_id: int, known: DeskAccount | None = None) -> records.Account | None:
    """One account with its schedule, payments, charges and promises; ``None`` if absent.

    ``known`` is the account's own columns when the caller has just read them. One
    account's children are read with a plain query each: half the time of the
    batch loader's queries, which each carry the account query inside.
    """
    head = known or read_account(account_id)
    if head is None:
        return None
    schedule = ScheduleLine.select().where(ScheduleLine.account == head.id)
    payments = Payment.select().where(Payment.account == head.id)
    charges = Charge.select().where(Charge.account == head.id)
    promises = Promise.select().where(Promise.account == head.id)
    assigned = None
    if head.assigned_agent_id:
        assigned = Agent.select(Agent.code).where(Agent.id == head.assigned_agent_id).scalar()
    return _account(head, schedule, payments, charges, promises, assigned)


def load_debtor(debtor_id: int) -> records.Debtor | None:
    """One debtor's profile; ``None`` if absent."""
    row = Debtor.select().where(Debtor.id == debtor_id).first()
    return debtor_record(row) if row is not None else None


def load_contact_points(debtor_id: int) -> tuple[records.ContactPoint, ...]:
    """The debtor's numbers and addresses, the primary one first."""
    query = (
        ContactPoint.select()
        .where(ContactPoint.debtor == debtor_id)
        .order_by(ContactPoint.primary.desc(), ContactPoint.id)
    )
    return tuple(contact_point_record(row) for row in query)


def load_attempts(debtor_id: int, since: datetime) -> tuple[records.Attempt, ...]:
    """Every attempt to reach the debtor from ``since`` on (any agent, any account), oldest first."""
    query = (
        CallAttempt.select()
        .where((CallAttempt.debtor == debtor_id) & (CallAttempt.started_at >= since))
        .order_by(CallAttempt.started_at, CallAttempt.id)
    )
    return tuple(attempt_record(row) for row in query)


def _account_graph(condition) -> list[Account]:
    assigned = Agent.alias()
    accounts = (
        Account.select(Account, assigned.id, assigned.code)
        .join(assigned, JOIN.LEFT_OUTER, on=(Account.assigned_agent == assigned.id))
        .where(condition)
        .order_by(Account.id)
    )
    return prefetch(
        accounts,
        ScheduleLine.select(),
        Payment.select(),
        Charge.select(),
        Promise.select(),
    )


def _sorted(rows: Iterable[Any], key: str) -> list[Any]:
    # Prefetched children arrive in table order; the rules want them in time order.
    return sorted(rows, key=lambda row: (getattr(row, key), row.id))


def account_id_by_ref(ref: str) -> int | None:
    """The id of the account with this reference; ``None`` if there is none."""
    row = Account.select(Account.id).where(Account.ref == ref).first()
    return row.id if row is not None else None
