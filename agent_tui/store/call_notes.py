"""Call notes as the desk writes them: the note, the promise and plan it agreed, the case it settles.

Notes are never changed: a correction is a new note that amends the old one
(the store refuses updates to notes). Each record a call agreed is written
with its own audit event, in the caller's transaction, so either the whole
call is recorded or none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.store.audit import append_event, note_event, plan_event, promise_event
from agent_tui.store.models import Account, CallNote, Debtor, Plan, PlanLine, Promise


@dataclass(frozen=True)
class NewNote:
    """A call note to write, in the store's types (amounts in minor units, times in UTC)."""

    account_id: int
    outcome: Outcome
    attitude: str = ""
    hardship: str = ""
    can_pay: int | None = None
    offer_kind: str = ""
    #: The figures put to the debtor, as stored with the note.
    offer: dict[str, Any] = field(default_factory=dict)
    response: str = ""
    next_action: str = ""
    next_action_at: datetime | None = None
    text: str = ""
    lint_flags: tuple[dict[str, Any], ...] = ()
    checklist: dict[str, Any] = field(default_factory=dict)
    attempt_id: int | None = None
    amends_id: int | None = None


def write_note(agent_id: int, actor: str, note: NewNote, now: datetime) -> int:
    """Write the note (and its audit event, ``note_amended`` when it amends one); its id."""
    flags = list(note.lint_flags)
    row = CallNote.create(
        account=note.account_id,
        agent=agent_id,
        created_at=now,
        outcome=note.outcome,
        attitude=note.attitude,
        hardship=note.hardship,
        can_pay=note.can_pay,
        offer_kind=note.offer_kind,
        offer=note.offer,
        response=note.response,
        next_action=note.next_action,
        next_action_at=note.next_action_at,
        text=note.text,
        lint_flags=flags,
        flagged=bool(flags),
        checklist=note.checklist,
        attempt=note.attempt_id,
        amends=note.amends_id,
    )
    note_event(actor, row, amended=note.amends_id is not None)
    return int(row.id)


#: Promises that still stand: open, or waiting for a lead's approval. A correction or a newer promise ends them.
_STANDING = (PromiseStatus.OPEN, PromiseStatus.PENDING_APPROVAL)


def write_promise(actor: str, account_id: int, note_id: int, amount: int, due: date, now: datetime,
                  status: PromiseStatus = PromiseStatus.OPEN) -> int:
    """Write a promise to pay ``amount`` by ``due`` made on the note's call, with its audit event; its id.

    ``status`` is open, or pending approval when the offer it was made on needs a lead's approval.
    """
    promise = Promise.create(account=account_id, note=note_id, amount=amount, due=due, created_at=now,
                             status=status)
    promise_event(actor, promise, now)
    return int(promise.id)


def write_plan(actor: str, account_id: int, note_id: int, kind: str, lines: list[tuple[date, int]],
               now: datetime) -> int:
    """Write a plan of ``kind`` with its lines ``(due, amount)`` in order, with its audit event; its id."""
    plan = Plan.create(account=account_id, note=note_id, kind=kind, created_at=now)
    # One statement for all the lines: a year of instalments would be twelve round trips.
    rows = [(plan.id, seq, due, amount) for seq, (due, amount) in enumerate(lines, 1)]
    PlanLine.insert_many(rows, fields=[PlanLine.plan, PlanLine.seq, PlanLine.due, PlanLine.amount]).execute()
    plan_event(actor, plan, now)
    return int(plan.id)


def settle_account(account_id: int, stage: Stage, next_action: str, next_action_at: datetime | None) -> None:
    """The case's stage and next action after a note."""
    Account.update(stage=stage, next_action=next_action, next_action_at=next_action_at).where(
        Account.id == account_id).execute()


def mark_debtor(debtor_id: int, *, cease_contact: bool = False, dispute: bool = False) -> None:
    """Set the debtor's cease-contact or dispute flag (a call asked for it); a flag not asked for is left as it is."""
    changes = {name: True for name, on in (("cease_contact", cease_contact), ("dispute", dispute)) if on}
    if changes:
        Debtor.update(**changes).where(Debtor.id == debtor_id).execute()


@dataclass(frozen=True)
class SavedNote:
    """A saved call note, as an amendment starts from it."""

    id: int
    agent_id: int
    attempt_id: int | None
    created_at: datetime
    outcome: Outcome
    attitude: str
    hardship: str
    can_pay: int | None
    response: str
    next_action: str
    next_action_at: datetime | None
    text: str
    checklist: dict[str, Any]
    #: The figures put to the debtor on the call, as stored (empty when no offer was made).
    offer: dict[str, Any] = field(default_factory=dict)


def _saved(row: CallNote) -> SavedNote:
    return SavedNote(
        id=row.id,
        agent_id=row.agent_id,
        attempt_id=row.attempt_id,
        created_at=row.created_at,
        outcome=row.outcome,
        attitude=row.attitude,
        hardship=row.hardship,
        can_pay=row.can_pay,
        response=row.response,
        next_action=row.next_action,
        next_action_at=row.next_action_at,
        text=row.text,
        checklist=dict(row.checklist or {}),
        offer=dict(row.offer or {}),
    )


def note_on(account_id: int, note_id: int) -> SavedNote | None:
    """The note ``note_id`` if it is one of the account's, else ``None``."""
    row = CallNote.select().where((CallNote.id == note_id) & (CallNote.account == account_id)).first()
    return _saved(row) if row is not None else None


def latest_note_by(account_id: int, agent_id: int) -> SavedNote | None:
    """The agent's latest note on the account, or ``None``."""
    row = (
        CallNote.select()
        .where((CallNote.account == account_id) & (CallNote.agent == agent_id))
        .order_by(CallNote.created_at.desc(), CallNote.id.desc())
        .first()
    )
    return _saved(row) if row is not None else None


def promise_of(note_id: int) -> tuple[int, date] | None:
    """The amount and the day of the promise made on the note's call, or ``None``."""
    row = Promise.select(Promise.amount, Promise.due).where(Promise.note == note_id).tuples().first()
    return (row[0], row[1]) if row is not None else None


def cancel_open_promises(actor: str, note_id: int, amended_by: int, now: datetime) -> list[int]:
    """Cancel the open promises of note ``note_id`` (an amendment replaces them), each with its audit event;
    their ids."""
    cancelled = [p for (p,) in Promise.select(Promise.id).where(
        (Promise.note == note_id) & Promise.status.in_(_STANDING)).tuples()]
    if cancelled:
        Promise.update(status=PromiseStatus.CANCELLED, resolved_at=now).where(Promise.id.in_(cancelled)).execute()
        for promise_id in cancelled:
            append_event(actor, "promise_cancelled", f"promise:{promise_id}", {"amended_by": amended_by}, now)
    return cancelled


def supersede_open_promises(actor: str, account_id: int, note_id: int, now: datetime) -> list[int]:
    """Mark the account's open promises made before note ``note_id`` as superseded (its promise or plan takes
    their place), each with its audit event; their ids. They stay on record, neither due nor broken."""
    older = [p for (p,) in Promise.select(Promise.id).where(
        (Promise.account == account_id) & Promise.status.in_(_STANDING)
        & ((Promise.note.is_null()) | (Promise.note != note_id))).tuples()]
    if older:
        Promise.update(status=PromiseStatus.SUPERSEDED, resolved_at=now).where(Promise.id.in_(older)).execute()
        for promise_id in older:
            append_event(actor, "promise_superseded", f"promise:{promise_id}", {"by_note": note_id}, now)
    return older
