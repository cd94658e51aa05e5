"""Claims on cases: which agent holds an account right now, and until when.

A floor is many agents on one database working one portfolio; two of them
must never call the same debtor at once. An agent takes a case by claiming
it with a lease (``Account.claimed_by`` and ``Account.lease_until``); saving
the note or leaving the case releases it, and a lease that runs out (the
agent's program died) lets the next agent take the case.

- PostgreSQL: :func:`claim_first` is one statement. The subquery picks the
  first claimable candidate in the caller's order and locks it
  ``FOR UPDATE SKIP LOCKED``, so agents asking at the same moment each get a
  different case instead of queueing behind one row.
- SQLite: the caller's transaction is ``BEGIN IMMEDIATE`` (see
  :mod:`agent_tui.store.database`), which already holds the one write lock;
  the select and the update inside it cannot interleave with another agent.

A case assigned to an agent (a personal callback, a promise they took) is
offered to that agent first; the team may claim it only when its due moment
(``next_action_at``, or an open promise's due day) is older than
``team_after``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from peewee import Database, PostgresqlDatabase, Value, fn

from agent_tui.domain.records import PromiseStatus, Stage
from agent_tui.store.models import Account, Agent, Debtor, Promise


def claimable(agent_id: int, now: datetime, team_after: timedelta = timedelta(0)) -> Any:
    """The condition under which ``agent_id`` may claim an account at ``now``.

    Not closed; not held by another agent's live lease; and either unassigned,
    assigned to this agent, or assigned to someone else whose due moment is
    more than ``team_after`` ago.
    """
    overdue_at = now - team_after
    free = Account.claimed_by.is_null() | (Account.claimed_by == agent_id) | (Account.lease_until <= now)
    late_promise = fn.EXISTS(
        Promise.select(Promise.id).where(
            (Promise.account == Account.id)
            & (Promise.status == PromiseStatus.OPEN)
            & (Promise.due < overdue_at.date())
        )
    )
    left_to_team = (Account.next_action_at < overdue_at) | late_promise
    assigned_ok = Account.assigned_agent.is_null() | (Account.assigned_agent == agent_id) | left_to_team
    return free & assigned_ok & (Account.stage != Stage.CLOSED)


def claim_first(
    db: Database,
    candidate_ids: list[int],
    agent_id: int,
    now: datetime,
    lease_until: datetime,
    *,
    team_after: timedelta = timedelta(0),
) -> int | None:
    """Claim the first of ``candidate_ids`` (in that order) the agent may take; its id, or ``None``.

    Runs inside the caller's transaction (or its own); the claim is released
    by :func:`release` or by the lease running out.
    """
    ids = [int(i) for i in dict.fromkeys(candidate_ids)]
    if not ids:
        return None
    if isinstance(db, PostgresqlDatabase):
        rule = claimable(agent_id, now, team_after)
        order = Value(ids, unpack=False)
        first = (
            Account.select(Account.id)
            .where(Account.id.in_(ids) & rule)
            .order_by(fn.array_position(order.cast("integer[]"), Account.id))
            .limit(1)
            .for_update(skip_locked=True)
        )
        query = (
            Account.update(claimed_by=agent_id, lease_until=lease_until)
            .where(Account.id == first)
            .returning(Account.id)
        )
        with db.atomic():
            rows = list(query.tuples().execute())
        return rows[0][0] if rows else None
    with db.atomic():
        rule = claimable(agent_id, now, team_after)
        open_ids = {a for (a,) in Account.select(Account.id).where(Account.id.in_(ids) & rule).tuples()}
        chosen = next((i for i in ids if i in open_ids), None)
        if chosen is None:
            return None
        Account.update(claimed_by=agent_id, lease_until=lease_until).where(Account.id == chosen).execute()
        return chosen


def release(account_id: int, agent_id: int) -> bool:
    """Let go of the case if this agent holds it; whether it did."""
    query = Account.update(claimed_by=None, lease_until=None).where(
        (Account.id == account_id) & (Account.claimed_by == agent_id)
    )
    return query.execute() > 0


@dataclass(frozen=True)
class ClaimHolder:
    """Who holds a case, and until when."""

    agent_id: int
    name: str
    lease_until: datetime | None


def holder_of(account_id: int) -> ClaimHolder | None:
    """The agent holding the case (their lease may have run out), or ``None`` when nobody does."""
    row = (
        Account.select(Agent.id, Agent.name, Account.lease_until)
        .join(Agent, on=(Account.claimed_by == Agent.id))
        .where(Account.id == account_id)
        .tuples()
        .first()
    )
    return ClaimHolder(*row) if row is not None else None


def held_by(agent_id: int) -> list[int]:
    """The cases the agent holds, whether or not their lease has run out, the latest lease first.

    An agent works one case at a time, so this is the case on their screen;
    after their workstation died, the case it left unfinished (nobody else has
    taken it since, or it would be theirs).
    """
    query = (
        Account.select(Account.id)
        .where(Account.claimed_by == agent_id)
        .order_by(Account.lease_until.desc(nulls="LAST"), Account.id)
        .tuples()
    )
    return [account_id for (account_id,) in query]


def release_others(agent_id: int, keep: int) -> int:
    """Let go of every case this agent holds but ``keep``: an agent works one case at a time."""
    query = Account.update(claimed_by=None, lease_until=None).where(
        (Account.claimed_by == agent_id) & (Account.id != keep)
    )
    return query.execute()


def renew(account_id: int, agent_id: int, lease_until: datetime) -> bool:
    """Extend the agent's lease on the case; ``False`` when they no longer hold it."""
    query = Account.update(lease_until=lease_until).where(
        (Account.id == account_id) & (Account.claimed_by == agent_id)
    )
    return query.execute() > 0


def lock_debtor(db: Database, debtor_id: int) -> None:
    """Hold the debtor for the rest of the transaction, so the contact limits count every agent's calls.

    On PostgreSQL the row is locked ``FOR UPDATE``: a second agent about to
    dial the same debtor waits here until the first one's attempt is
    committed, then counts it. On SQLite the ``BEGIN IMMEDIATE`` transaction
    already serialises writers, so there is nothing more to do.
    """
    if isinstance(db, PostgresqlDatabase):
        list(Debtor.select(Debtor.id).where(Debtor.id == debtor_id).for_update().tuples())
