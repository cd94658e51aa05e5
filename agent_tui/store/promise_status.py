"""Open promises and what was paid against them, read in batches; their moves to kept or broken, written.

:func:`open_promise_cases` reads every account that has an open promise (or
only the given accounts) with what the rule of
:mod:`agent_tui.domain.promise_keeping` needs: the debtor and their numbers
(for the debtor's clock), the account's open, kept and broken promises (each takes its share of the payments), and its
payments, a few queries per :data:`~agent_tui.store.convert.CHUNK` accounts.
:func:`record_promise_moves` writes the moves, each with its audit event
(status before and after, what was paid towards it), in the caller's
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from peewee import chunked

from agent_tui.domain import records
from agent_tui.domain.promise_keeping import PromiseMove
from agent_tui.domain.records import PromiseStatus
from agent_tui.store.audit import append_event
from agent_tui.store.convert import CHUNK, contact_point_record, debtor_record, payment_record, promise_record
from agent_tui.store.models import Account, ContactPoint, Debtor, Payment, Promise


@dataclass(frozen=True)
class PromiseCase:
    """One account with an open promise, and what decides whether it was kept."""

    account_id: int
    ref: str
    debtor: records.Debtor
    points: tuple[records.ContactPoint, ...]
    promises: tuple[records.Promise, ...]
    payments: tuple[records.Payment, ...]


def open_promise_cases(account_ids: Iterable[int] | None = None) -> Iterator[PromiseCase]:
    """Every account with an open promise (of ``account_ids`` when given), in batches."""
    with_open = Promise.select(Promise.account).where(Promise.status == PromiseStatus.OPEN).distinct()
    if account_ids is not None:
        with_open = with_open.where(Promise.account.in_(list(account_ids)))
    ids = sorted(account_id for (account_id,) in with_open.tuples())
    for batch in chunked(ids, CHUNK):
        accounts = list(Account.select(Account.id, Account.ref, Account.debtor).where(Account.id.in_(batch)))
        debtor_ids = {a.debtor_id for a in accounts}
        debtors = {row.id: debtor_record(row) for row in Debtor.select().where(Debtor.id.in_(debtor_ids))}
        points: dict[int, list[records.ContactPoint]] = defaultdict(list)
        for row in (ContactPoint.select().where(ContactPoint.debtor.in_(debtor_ids))
                    .order_by(ContactPoint.primary.desc(), ContactPoint.id)):
            points[row.debtor_id].append(contact_point_record(row))
        promises: dict[int, list[records.Promise]] = defaultdict(list)
        taking = [PromiseStatus.OPEN, PromiseStatus.KEPT, PromiseStatus.BROKEN]
        for row in Promise.select().where(Promise.account.in_(batch) & Promise.status.in_(taking)):
            promises[row.account_id].append(promise_record(row))
        payments: dict[int, list[records.Payment]] = defaultdict(list)
        for row in Payment.select().where(Payment.account.in_(batch)).order_by(Payment.paid_at, Payment.id):
            payments[row.account_id].append(payment_record(row))
        for account in accounts:
            yield PromiseCase(account.id, account.ref, debtors[account.debtor_id],
                              tuple(points[account.debtor_id]), tuple(promises[account.id]),
                              tuple(payments[account.id]))


def record_promise_moves(actor: str, case: PromiseCase, moves: Iterable[PromiseMove]) -> list[PromiseMove]:
    """Write each move (only a promise still open moves), with its audit event; the moves written."""
    moved: list[PromiseMove] = []
    for move in moves:
        changed = (Promise.update(status=move.status, resolved_at=move.at)
                   .where((Promise.id == move.promise_id) & (Promise.status == PromiseStatus.OPEN))
                   .execute())
        if not changed:
            continue  # someone else moved it first
        moved.append(move)
        append_event(actor, f"promise_{move.status.value}", f"promise:{move.promise_id}", {
            "account": case.ref, "before": PromiseStatus.OPEN.value, "after": move.status.value,
            "paid": move.paid, "at": move.at.isoformat()})
    return moved

