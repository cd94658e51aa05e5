"""Call attempts as the desk writes them: dialled at F3, ended at F5, given an outcome with the note.

An attempt is written when the gate allows the dial, so every agent's
counting sees it at once; a workstation that stops mid-call finds it again
(:func:`open_call`) and the agent goes on with the same call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agent_tui.domain.records import Outcome
from agent_tui.store.models import CallAttempt, ContactPoint


@dataclass(frozen=True)
class OpenCall:
    """An attempt with no outcome yet: a call on, or one whose note never came."""

    attempt_id: int
    contact_point_id: int | None
    #: The full number dialled (empty when the contact point is gone).
    number: str
    started_at: datetime
    ended_at: datetime | None


def open_call(account_id: int, agent_id: int) -> OpenCall | None:
    """The agent's latest attempt on the account that has no outcome yet, or ``None``."""
    # The agent is checked here, not in SQL: with it in the WHERE the planner may walk all of
    # the agent's attempts (hundreds of thousands) by its index instead of the account's few.
    rows = (
        CallAttempt.select(CallAttempt.id, CallAttempt.agent, CallAttempt.contact_point, CallAttempt.started_at,
                           CallAttempt.ended_at)
        .where((CallAttempt.account == account_id) & CallAttempt.outcome.is_null())
        .order_by(CallAttempt.started_at.desc())
        .tuples()
    )
    found = next((row for row in rows if row[1] == agent_id), None)
    if found is None:
        return None
    attempt_id, _, point_id, started_at, ended_at = found
    number = ContactPoint.select(ContactPoint.value).where(ContactPoint.id == point_id).scalar() if point_id else None
    return OpenCall(attempt_id, point_id, number or "", started_at, ended_at)


def start_attempt(account_id: int, debtor_id: int, agent_id: int, contact_point_id: int, masked_number: str,
                  now: datetime) -> int:
    """Write the dial of ``contact_point_id`` at ``now``; the new attempt's id."""
    return int(CallAttempt.insert(
        account=account_id,
        debtor=debtor_id,
        agent=agent_id,
        contact_point=contact_point_id,
        number=masked_number,
        started_at=now,
    ).execute())


def end_attempt(attempt_id: int, now: datetime) -> None:
    """The call is over at ``now``."""
    CallAttempt.update(ended_at=now).where(CallAttempt.id == attempt_id).execute()


def record_outcome(attempt_id: int, outcome: Outcome, now: datetime) -> None:
    """Give the attempt its outcome (the note's), and an end at ``now`` if it had none."""
    ended_at = CallAttempt.select(CallAttempt.ended_at).where(CallAttempt.id == attempt_id).scalar()
    CallAttempt.update(outcome=outcome, right_party=outcome.is_conversation, ended_at=ended_at or now).where(
        CallAttempt.id == attempt_id).execute()
