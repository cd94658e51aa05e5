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
from datetime import datetime

from peewee import JOIN, chunked, prefetch

from agent_tui.domain import records
from agent_tui.domain.records import Outcome
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
from agent_tui.store.prepared import Prepared, slot

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


def account_record(row: Account) -> records.Account:
    """The account with its children, from a row loaded by :func:`load_accounts`.

    Given a plain row instead, each child list costs one query.
    """
    assigned = row.__rel__.get("assigned_agent") if row.assigned_agent_id else None
    if row.assigned_agent_id and assigned is None:
        assigned = row.assigned_agent
    return _account(row, row.schedule, row.payments, row.charges, row.promises,
                    assigned.code if assigned is not None else None)


def _account(row: Account, schedule, payments, charges, promises, assigned: str | None) -> records.Account:
    return records.Account(
        id=row.id,
        ref=row.ref,
        debtor_id=row.debtor_id,
        creditor=row.creditor,
        product=row.product,
        terms=contract_terms(row),
        schedule=tuple(schedule_line_record(s) for s in _sorted(schedule, "seq")),
        payments=tuple(payment_record(p) for p in _sorted(payments, "paid_at")),
        charges=tuple(charge_record(c) for c in _sorted(charges, "as_of")),
        stage=row.stage,
        next_action=row.next_action,
        next_action_at=row.next_action_at,
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


# One case's reads, run on every case the desk opens: prepared (see agent_tui.store.prepared).
_ACCOUNT = Prepared(Account, lambda: Account.select().where(Account.id == slot("id")))
_CHILDREN = tuple(
    Prepared(model, lambda model=model: model.select().where(model.account == slot("id")))
    for model in (ScheduleLine, Payment, Charge, Promise)
)
_AGENT_CODE = Prepared(Agent, lambda: Agent.select(Agent.code).where(Agent.id == slot("id")).tuples())
_DEBTOR = Prepared(Debtor, lambda: Debtor.select().where(Debtor.id == slot("id")))
_CONTACT_POINTS = Prepared(ContactPoint, lambda: (
    ContactPoint.select()
    .where(ContactPoint.debtor == slot("debtor"))
    .order_by(ContactPoint.primary.desc(), ContactPoint.id)
))
_ATTEMPTS = Prepared(CallAttempt, lambda: (
    CallAttempt.select()
    .where((CallAttempt.debtor == slot("debtor")) & (CallAttempt.started_at >= slot("since")))
    .order_by(CallAttempt.started_at, CallAttempt.id)
))


def load_account(account_id: int, row: Account | None = None) -> records.Account | None:
    """One account with its schedule, payments, charges and promises; ``None`` if absent.

    ``row`` is the account's row when the caller has just read it. One
    account's children are read with a plain query each: half the time of the
    batch loader's queries, which each carry the account query inside.
    """
    if row is None:
        found = _ACCOUNT.rows(id=account_id)
        if not found:
            return None
        row = found[0]
    schedule, payments, charges, promises = (child.rows(id=row.id) for child in _CHILDREN)
    assigned = _AGENT_CODE.rows(id=row.assigned_agent_id) if row.assigned_agent_id else None
    return _account(row, schedule, payments, charges, promises, assigned[0][0] if assigned else None)


def load_debtor(debtor_id: int) -> records.Debtor | None:
    """One debtor's profile; ``None`` if absent."""
    found = _DEBTOR.rows(id=debtor_id)
    return debtor_record(found[0]) if found else None


def load_contact_points(debtor_id: int) -> tuple[records.ContactPoint, ...]:
    """The debtor's numbers and addresses, the primary one first."""
    return tuple(contact_point_record(row) for row in _CONTACT_POINTS.rows(debtor=debtor_id))


def load_attempts(debtor_id: int, since: datetime) -> tuple[records.Attempt, ...]:
    """Every attempt to reach the debtor from ``since`` on (any agent, any account), oldest first."""
    return tuple(attempt_record(row) for row in _ATTEMPTS.rows(debtor=debtor_id, since=since))


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


def _sorted(rows, key: str) -> list:
    # Prefetched children arrive in table order; the rules want them in time order.
    return sorted(rows, key=lambda row: (getattr(row, key), row.id))


def account_id_by_ref(ref: str) -> int | None:
    """The id of the account with this reference; ``None`` if there is none."""
    row = Account.select(Account.id).where(Account.ref == ref).first()
    return row.id if row is not None else None
