"""One saved note with its case around it, as the lead reads it.

The note in full, the account with its schedule, payments and charges (for
the ledger check), the debtor's profile and numbers, the attempt it records,
and every note of the same account in order, so the lead sees what came
before and after and which notes amend which. A bounded number of queries
whatever the account holds. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from agent_tui.domain import records
from agent_tui.store import convert
from agent_tui.store.models import Account, Agent, CallAttempt, CallNote, Promise

#: The most notes of one account the timeline shows (the newest ones).
TIMELINE_LIMIT = 500


@dataclass(frozen=True)
class StoredNote:
    """A call note as saved, every field, foreign keys as ids or codes."""

    id: int
    created_at: datetime
    agent_code: str
    agent_name: str
    account_id: int
    attempt_id: int | None
    amends_id: int | None
    outcome: str
    attitude: str
    hardship: str
    can_pay: int | None
    offer_kind: str
    offer: dict
    response: str
    next_action: str
    next_action_at: datetime | None
    text: str
    checklist: dict
    lint_flags: tuple[dict, ...]
    compliance_flags: tuple
    flagged: bool


@dataclass(frozen=True)
class TimelineEntry:
    """One note of the account, as a line of its history."""

    id: int
    created_at: datetime
    agent_code: str
    outcome: str
    amends_id: int | None
    flagged: bool
    text: str


@dataclass(frozen=True)
class AttemptFacts:
    """The dial a note records: the number (masked as stored) and when."""

    number: str
    started_at: datetime
    ended_at: datetime | None
    right_party: bool


@dataclass(frozen=True)
class PromiseFacts:
    """A promise on the account, and which note took it."""

    id: int
    note_id: int | None
    amount: int
    due: date
    status: str
    created_at: datetime | None


@dataclass(frozen=True)
class NoteCase:
    """A note and its case: account, debtor, numbers, attempt, promises and the account's notes."""

    note: StoredNote
    account: records.Account
    balance: int
    debtor: records.Debtor
    contacts: tuple[records.ContactPoint, ...]
    attempt: AttemptFacts | None
    promises: tuple[PromiseFacts, ...]
    #: Every note of the account, oldest first (at most :data:`TIMELINE_LIMIT`, the newest).
    timeline: tuple[TimelineEntry, ...]


def _value(enum_or_text) -> str:
    return str(getattr(enum_or_text, "value", enum_or_text) or "")


def _stored(row: CallNote, agent: Agent) -> StoredNote:
    return StoredNote(
        id=row.id,
        created_at=row.created_at,
        agent_code=agent.code,
        agent_name=agent.name,
        account_id=row.account_id,
        attempt_id=row.attempt_id,
        amends_id=row.amends_id,
        outcome=_value(row.outcome),
        attitude=row.attitude,
        hardship=row.hardship,
        can_pay=row.can_pay,
        offer_kind=row.offer_kind,
        offer=dict(row.offer or {}),
        response=row.response,
        next_action=row.next_action,
        next_action_at=row.next_action_at,
        text=row.text,
        checklist=dict(row.checklist or {}),
        lint_flags=tuple(row.lint_flags or ()),
        compliance_flags=tuple(row.compliance_flags or ()),
        flagged=bool(row.flagged),
    )


def _timeline(account_id: int) -> tuple[TimelineEntry, ...]:
    query = (
        CallNote.select(
            CallNote.id, CallNote.created_at, CallNote.outcome, CallNote.amends, CallNote.flagged, CallNote.text,
            Agent.code,
        )
        .join(Agent, on=(CallNote.agent == Agent.id))
        .where(CallNote.account == account_id)
        .order_by(CallNote.created_at.desc(), CallNote.id.desc())
        .limit(TIMELINE_LIMIT)
        .tuples()
    )
    entries = [
        TimelineEntry(note_id, created, code, _value(outcome), amends, bool(flagged), text)
        for note_id, created, outcome, amends, flagged, text, code in query
    ]
    return tuple(reversed(entries))


def load_note_case(note_id: int) -> NoteCase | None:
    """The note with this id and its case; ``None`` if there is no such note."""
    row = (
        CallNote.select(CallNote, Agent)
        .join(Agent, on=(CallNote.agent == Agent.id))
        .where(CallNote.id == note_id)
        .first()
    )
    if row is None:
        return None
    account = convert.load_account(row.account_id)
    debtor = convert.load_debtor(account.debtor_id) if account is not None else None
    if account is None or debtor is None:
        return None  # the foreign keys forbid it; a note without its case cannot be shown as one
    balance = Account.select(Account.balance).where(Account.id == row.account_id).scalar() or 0
    attempt = None
    if row.attempt_id is not None:
        dial = CallAttempt.get_or_none(CallAttempt.id == row.attempt_id)
        if dial is not None:
            attempt = AttemptFacts(dial.number, dial.started_at, dial.ended_at, bool(dial.right_party))
    promises = tuple(
        PromiseFacts(p.id, p.note_id, p.amount, p.due, _value(p.status), p.created_at)
        for p in Promise.select().where(Promise.account == row.account_id).order_by(Promise.created_at, Promise.id)
    )
    return NoteCase(
        note=_stored(row, row.agent),
        account=account,
        balance=balance,
        debtor=debtor,
        contacts=convert.load_contact_points(debtor.id),
        attempt=attempt,
        promises=promises,
        timeline=_timeline(row.account_id),
    )
