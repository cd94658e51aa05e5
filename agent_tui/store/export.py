"""The rows an export writes: promises and accounts, read a batch at a time.

Notes come from :func:`agent_tui.store.note_search.iter_notes` with the same
filter the notes browser uses. Promises and accounts are read here in batches
by id (keyset), so an export of a whole portfolio never holds it in memory.
Values are raw (minor units, UTC instants, codes); the service turns them into
the file's text, masking what must be masked. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN

from agent_tui.store.models import Account, Agent, CallNote, ContactPoint, Debtor, Promise

BATCH = 1000


@dataclass(frozen=True)
class ExportRange:
    """Which rows to export: an instant range (``until`` exclusive) and one agent's code."""

    since: datetime | None = None
    until: datetime | None = None
    agent: str | None = None


@dataclass(frozen=True)
class PromiseExportRow:
    """A promise with who took it and whose debt it is."""

    id: int
    created_at: datetime | None
    agent_code: str
    account_ref: str
    debtor_name: str
    national_id: str
    phone: str
    amount: int
    currency: str
    due: date
    status: str
    resolved_at: datetime | None
    note_id: int | None


@dataclass(frozen=True)
class AccountExportRow:
    """An account with its debtor and where the case stands."""

    id: int
    ref: str
    debtor_name: str
    national_id: str
    phone: str
    creditor: str
    product: str
    currency: str
    principal: int
    balance: int
    stage: str
    overdue_since: date | None
    assigned_agent: str
    next_action: str
    next_action_at: datetime | None
    placed_at: datetime | None


def _text(value) -> str:
    return str(getattr(value, "value", value) or "")


def _primary_phones(debtor_ids: list[int]) -> dict[int, str]:
    """The first number of each debtor, the primary one first."""
    phones: dict[int, str] = {}
    if not debtor_ids:
        return phones
    query = (
        ContactPoint.select(ContactPoint.debtor, ContactPoint.value)
        .where(ContactPoint.debtor.in_(debtor_ids) & (ContactPoint.kind != "email"))
        .order_by(ContactPoint.debtor, ContactPoint.primary.desc(), ContactPoint.id)
        .tuples()
    )
    for debtor_id, value in query:
        phones.setdefault(debtor_id, value)
    return phones


def _agent_id(code: str) -> int:
    row = Agent.select(Agent.id).where(Agent.code == code).first()
    return row.id if row is not None else -1


def iter_promises(scope: ExportRange, batch: int = BATCH) -> Iterator[PromiseExportRow]:
    """Promises made within ``scope`` (by the agent whose note took them), oldest first."""
    last = 0
    while True:
        query = (
            Promise.select(
                Promise.id, Promise.created_at, Promise.amount, Promise.due, Promise.status,
                Promise.resolved_at, Promise.note.alias("note_id"), Account.ref.alias("account_ref"),
                Account.currency.alias("currency"), Account.debtor.alias("debtor_id"),
                Debtor.name.alias("debtor_name"), Debtor.national_id.alias("national_id"),
                Agent.code.alias("agent_code"),
            )
            .join(Account, on=(Promise.account == Account.id))
            .join(Debtor, on=(Account.debtor == Debtor.id))
            .switch(Promise)
            .join(CallNote, JOIN.LEFT_OUTER, on=(Promise.note == CallNote.id))
            .join(Agent, JOIN.LEFT_OUTER, on=(CallNote.agent == Agent.id))
            .where(Promise.id > last)
            .order_by(Promise.id)
            .limit(batch)
        )
        if scope.since is not None:
            query = query.where(Promise.created_at >= scope.since)
        if scope.until is not None:
            query = query.where(Promise.created_at < scope.until)
        if scope.agent:
            query = query.where(CallNote.agent == _agent_id(scope.agent))
        rows = list(query.dicts())
        if not rows:
            return
        phones = _primary_phones(sorted({row["debtor_id"] for row in rows}))
        for row in rows:
            yield PromiseExportRow(
                id=row["id"],
                created_at=row["created_at"],
                agent_code=row["agent_code"] or "",
                account_ref=row["account_ref"],
                debtor_name=row["debtor_name"],
                national_id=row["national_id"],
                phone=phones.get(row["debtor_id"], ""),
                amount=row["amount"],
                currency=row["currency"],
                due=row["due"],
                status=_text(row["status"]),
                resolved_at=row["resolved_at"],
                note_id=row["note_id"],
            )
        last = rows[-1]["id"]


def iter_accounts(scope: ExportRange, batch: int = BATCH) -> Iterator[AccountExportRow]:
    """Accounts placed within ``scope`` (assigned to its agent, if one is named), by id."""
    last = 0
    while True:
        query = (
            Account.select(
                Account.id, Account.ref, Account.debtor.alias("debtor_id"), Account.creditor, Account.product,
                Account.currency, Account.principal, Account.balance, Account.stage, Account.overdue_since,
                Account.next_action, Account.next_action_at, Account.placed_at,
                Debtor.name.alias("debtor_name"), Debtor.national_id.alias("national_id"),
                Agent.code.alias("agent_code"),
            )
            .join(Debtor, on=(Account.debtor == Debtor.id))
            .switch(Account)
            .join(Agent, JOIN.LEFT_OUTER, on=(Account.assigned_agent == Agent.id))
            .where(Account.id > last)
            .order_by(Account.id)
            .limit(batch)
        )
        if scope.since is not None:
            query = query.where(Account.placed_at >= scope.since)
        if scope.until is not None:
            query = query.where(Account.placed_at < scope.until)
        if scope.agent:
            query = query.where(Account.assigned_agent == _agent_id(scope.agent))
        rows = list(query.dicts())
        if not rows:
            return
        phones = _primary_phones(sorted({row["debtor_id"] for row in rows}))
        for row in rows:
            yield AccountExportRow(
                id=row["id"],
                ref=row["ref"],
                debtor_name=row["debtor_name"],
                national_id=row["national_id"],
                phone=phones.get(row["debtor_id"], ""),
                creditor=row["creditor"],
                product=row["product"],
                currency=row["currency"],
                principal=row["principal"],
                balance=row["balance"],
                stage=_text(row["stage"]),
                overdue_since=row["overdue_since"],
                assigned_agent=row["agent_code"] or "",
                next_action=row["next_action"],
                next_action_at=row["next_action_at"],
                placed_at=row["placed_at"],
            )
        last = rows[-1]["id"]
