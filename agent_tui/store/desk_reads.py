"""What the agent's desk reads: who works here, which accounts are theirs, a queue's inputs, a case's notes.

Every function takes ids and plain values and returns plain values or
frozen records; the workstation service never sees a row or a condition.
The agent's scope (:class:`DeskScope`) is an object of this module: the
service keeps it and hands it back, and only here does it become SQL.

Every loader is a fixed number of queries however many accounts it covers,
so the queue of an agent with hundreds of accounts opens as fast as one
with ten.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from agent_tui.domain import records
from agent_tui.domain.debtor_clock import days_since, debtor_today
from agent_tui.domain.policy import QueueWeights
from agent_tui.domain.queue import QueueInput
from agent_tui.domain.records import CALL_BACK, Outcome, PromiseStatus, Stage
from agent_tui.store import queue_candidates
from agent_tui.store.convert import (
    DeskAccount,
    attempt_record,
    contact_point_record,
    debtor_record,
    desk_account,
    promise_record,
)
from agent_tui.store.models import Account, Agent, CallAttempt, CallNote, ContactPoint, Debtor, Promise

#: How far back the queue looks at attempts: the caps need a week, the best hour a month.
HISTORY_DAYS = 31


@dataclass(frozen=True)
class DeskAgent:
    """The agent working at the desk."""

    id: int
    code: str
    name: str
    team: str


def agent_by_code(code: str) -> DeskAgent | None:
    """The agent with this code, or ``None`` when the database does not know it."""
    row = Agent.select(Agent.id, Agent.code, Agent.name, Agent.team).where(Agent.code == code).tuples().first()
    return DeskAgent(*row) if row is not None else None


class DeskScope:
    """The accounts one agent may work: assigned to them, unassigned, or left too long by a teammate;
    not closed, something owed, and not held right now by another agent's lease.

    ``team_after`` is how long a teammate's due case stays theirs before the team may take it.
    """

    def __init__(self, agent_id: int, team: str, team_after: timedelta) -> None:
        self.agent_id, self.team, self.team_after = agent_id, team, team_after

    def condition(self, now: datetime) -> Any:
        """The scope at ``now`` as a condition on accounts (for the store's own queries)."""
        mine = Account.assigned_agent == self.agent_id
        scope = mine | Account.assigned_agent.is_null()
        if self.team:
            teammates = Agent.select(Agent.id).where((Agent.team == self.team) & (Agent.id != self.agent_id))
            left = Account.assigned_agent.in_(teammates) & (Account.next_action_at < now - self.team_after)
            scope = scope | left
        free = Account.claimed_by.is_null() | (Account.claimed_by == self.agent_id) | (Account.lease_until < now)
        # Nothing owed is closed (guide stage 6), whatever stage the row still says: in no queue.
        return scope & free & (Account.stage != Stage.CLOSED) & (Account.balance > 0)

    def which(self, ids: list[int], now: datetime) -> set[int]:
        """Which of ``ids`` are in the scope at ``now``."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return set()
        query = Account.select(Account.id).where(Account.id.in_(ids) & self.condition(now)).tuples()
        return {account_id for (account_id,) in query}

    def extremes(self, now: datetime) -> tuple[int, date | None]:
        """The largest balance and the oldest overdue date in the scope at ``now``."""
        return queue_candidates.scope_extremes(self.condition(now))

    def candidates(self, group: str, *, now: datetime, today: date, latest_today: date, since: datetime,
                   largest: tuple[int, int], weights: QueueWeights, limit: int,
                   leave_out: list[int]) -> list[DeskAccount]:
        """Up to ``limit`` accounts of the scope in the queue's ``group``, best first
        (see :func:`agent_tui.store.queue_candidates.candidates`)."""
        rows = queue_candidates.candidates(
            self.condition(now), group, today=today, latest_today=latest_today, now=now, since=since,
            largest=largest, weights=weights, limit=limit, leave_out=leave_out)
        return [desk_account(row) for row in rows]

    def find(self, text: str, now: datetime, limit: int = 50) -> list[DeskAccount]:
        """Accounts in the scope whose debtor's name, ref or a phone number contains ``text``, by ref."""
        text = text.strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        match = Debtor.name.contains(text) | Account.ref.contains(text)
        if len(digits) >= 3:
            phones = ContactPoint.select(ContactPoint.debtor).where(ContactPoint.value.contains(digits))
            match = match | Account.debtor.in_(phones)
        query = Account.select().join(Debtor).where(self.condition(now) & match).order_by(Account.ref).limit(limit)
        return [desk_account(row) for row in query]


def queue_inputs(accounts: list[DeskAccount], now: datetime, country: str = "") -> dict[int, QueueInput]:
    """What :func:`~agent_tui.domain.queue.order_queue` needs for each account, in four queries.

    Days past due count to the debtor's today (:func:`~agent_tui.domain.debtor_clock.debtor_today`,
    ``country`` the floor's for a number without one), as the case's own pane counts them.
    """
    if not accounts:
        return {}
    account_ids = [a.id for a in accounts]
    debtor_ids = sorted({a.debtor_id for a in accounts})
    debtors = {d.id: debtor_record(d) for d in Debtor.select().where(Debtor.id.in_(debtor_ids))}
    points: dict[int, list[records.ContactPoint]] = defaultdict(list)
    point_rows = (ContactPoint.select().where(ContactPoint.debtor.in_(debtor_ids))
                  .order_by(ContactPoint.primary.desc(), ContactPoint.id))
    for p in point_rows:
        points[p.debtor_id].append(contact_point_record(p))
    history: dict[int, list[records.Attempt]] = defaultdict(list)
    since = now - timedelta(days=HISTORY_DAYS)
    attempt_rows = (CallAttempt.select()
                    .where(CallAttempt.debtor.in_(debtor_ids) & (CallAttempt.started_at >= since))
                    .order_by(CallAttempt.started_at, CallAttempt.id))
    for a in attempt_rows:
        history[a.debtor_id].append(attempt_record(a))
    promises: dict[int, list[records.Promise]] = defaultdict(list)
    # The status is checked here, not in SQL: given both, the planner may walk every open and
    # broken promise by the status index instead of these accounts' few by theirs.
    for p in Promise.select().where(Promise.account.in_(account_ids)).order_by(Promise.created_at, Promise.id):
        if p.status in (PromiseStatus.OPEN, PromiseStatus.BROKEN):
            promises[p.account_id].append(promise_record(p))
    inputs = {}
    for account in accounts:
        debtor = debtors[account.debtor_id]
        days = days_since(account.overdue_since, debtor_today(now, debtor, points[account.debtor_id], country))
        own = tuple(promises[account.id])
        inputs[account.id] = QueueInput(
            account=account.light(own),
            debtor=debtor,
            contact_points=tuple(points[account.debtor_id]),
            history=tuple(history[account.debtor_id]),
            balance=account.balance,
            days_past_due=days,
            promises=own,
            callback_at=account.next_action_at if account.next_action == CALL_BACK else None,
        )
    return inputs


@dataclass(frozen=True)
class RecentNote:
    """One of the case's latest notes, as the debtor pane lists it."""

    id: int
    at: datetime
    agent_code: str
    outcome: Outcome
    text: str
    amends_id: int | None
    next_action: str


def latest_notes(account_id: int, limit: int) -> list[RecentNote]:
    """The account's ``limit`` latest notes, newest first."""
    query = (
        CallNote.select(CallNote.id, CallNote.created_at, Agent.code, CallNote.outcome, CallNote.text,
                        CallNote.amends, CallNote.next_action)
        .join(Agent)
        .where(CallNote.account == account_id)
        .order_by(CallNote.created_at.desc(), CallNote.id.desc())
        .limit(limit)
        .tuples()
    )
    return [RecentNote(*row) for row in query]


def national_id_of(account_id: int) -> tuple[int, str] | None:
    """The account's debtor's id and full national ID; ``None`` when there is no such account."""
    row = (Debtor.select(Debtor.id, Debtor.national_id).join(Account, on=(Account.debtor == Debtor.id))
           .where(Account.id == account_id).tuples().first())
    return (row[0], row[1]) if row is not None else None


@dataclass(frozen=True)
class ScheduledCallback:
    """A callback an agent's note set, still its account's next action."""

    account_id: int
    account_ref: str
    debtor_name: str
    time_zone: str
    at: datetime


def callbacks_set_by(agent_id: int, start: datetime, end: datetime) -> list[ScheduledCallback]:
    """The callbacks the agent's notes set for ``start`` to ``end`` (UTC) that no later note has changed (the
    account still says so) on open accounts, soonest first, each account once."""
    query = (
        CallNote.select(Account.id, Account.ref, Debtor.name, Debtor.time_zone, CallNote.next_action_at)
        .join(Account, on=(CallNote.account == Account.id))
        .join(Debtor, on=(Account.debtor == Debtor.id))
        .where((CallNote.agent == agent_id) & (CallNote.next_action == CALL_BACK)
               & (CallNote.next_action_at >= start) & (CallNote.next_action_at < end)
               & (Account.next_action == CALL_BACK) & (Account.next_action_at == CallNote.next_action_at)
               & Account.closed_at.is_null())
        .order_by(CallNote.next_action_at, Account.id)
        .tuples()
    )
    found: dict[int, ScheduledCallback] = {}
    for row in query:
        found.setdefault(row[0], ScheduledCallback(*row))
    return list(found.values())
