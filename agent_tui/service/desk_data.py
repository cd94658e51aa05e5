"""What the workstation reads: the agent's accounts, a queue's inputs, one case's records.

Queries go through the store's models and converters; every loader is a
fixed number of queries however many accounts it covers, so the queue of an
agent with hundreds of accounts opens as fast as one with ten.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain import records
from agent_tui.domain.queue import QueueInput
from agent_tui.domain.records import CALL_BACK, PromiseStatus, Stage
from agent_tui.store.convert import (
    attempt_record,
    contact_point_record,
    contract_terms,
    debtor_record,
    promise_record,
)
from agent_tui.store.models import Account, Agent, CallAttempt, ContactPoint, Debtor, Promise

#: How far back the queue looks at attempts: the caps need a week, the best hour a month.
HISTORY_DAYS = 31


def zone_of(name: str) -> ZoneInfo:
    """The debtor's zone; UTC when the name is not a zone (the gate refuses such a debtor anyway)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def desk_scope(agent: Agent, now: datetime, lease_team_after: timedelta):
    """The accounts this agent may work: assigned to them, unassigned, or left too long by a teammate;
    not closed, and not held right now by another agent's lease."""
    mine = Account.assigned_agent == agent.id
    unassigned = Account.assigned_agent.is_null()
    scope = mine | unassigned
    if agent.team:
        teammates = Agent.select(Agent.id).where((Agent.team == agent.team) & (Agent.id != agent.id))
        left = Account.assigned_agent.in_(teammates) & (Account.next_action_at < now - lease_team_after)
        scope = scope | left
    free = Account.claimed_by.is_null() | (Account.claimed_by == agent.id) | (Account.lease_until < now)
    return scope & free & (Account.stage != Stage.CLOSED)


def light_account(row: Account, promises: tuple[records.Promise, ...]) -> records.Account:
    """An account record without schedule, payments or charges: what the queue needs."""
    return records.Account(
        id=row.id,
        ref=row.ref,
        debtor_id=row.debtor_id,
        creditor=row.creditor,
        product=row.product,
        terms=contract_terms(row),
        stage=row.stage,
        next_action=row.next_action,
        next_action_at=row.next_action_at,
        promises=promises,
    )


def queue_inputs(rows: list[Account], now: datetime) -> dict[int, QueueInput]:
    """What :func:`~agent_tui.domain.queue.order_queue` needs for each account, in four queries."""
    if not rows:
        return {}
    account_ids = [r.id for r in rows]
    debtor_ids = sorted({r.debtor_id for r in rows})
    debtors = {d.id: debtor_record(d) for d in Debtor.select().where(Debtor.id.in_(debtor_ids))}
    points: dict[int, list] = defaultdict(list)
    query = (
        ContactPoint.select()
        .where(ContactPoint.debtor.in_(debtor_ids))
        .order_by(ContactPoint.primary.desc(), ContactPoint.id)
    )
    for p in query:
        points[p.debtor_id].append(contact_point_record(p))
    history: dict[int, list] = defaultdict(list)
    since = now - timedelta(days=HISTORY_DAYS)
    query = (
        CallAttempt.select()
        .where(CallAttempt.debtor.in_(debtor_ids) & (CallAttempt.started_at >= since))
        .order_by(CallAttempt.started_at, CallAttempt.id)
    )
    for a in query:
        history[a.debtor_id].append(attempt_record(a))
    promises: dict[int, list] = defaultdict(list)
    # The status is checked here, not in SQL: given both, the planner may walk every open and
    # broken promise by the status index instead of these accounts' few by theirs.
    for p in Promise.select().where(Promise.account.in_(account_ids)).order_by(Promise.created_at, Promise.id):
        if p.status in (PromiseStatus.OPEN, PromiseStatus.BROKEN):
            promises[p.account_id].append(promise_record(p))
    inputs = {}
    for row in rows:
        debtor = debtors[row.debtor_id]
        today = now.astimezone(zone_of(debtor.time_zone)).date()
        days = max(0, (today - row.overdue_since).days) if row.overdue_since else 0
        own = tuple(promises[row.id])
        inputs[row.id] = QueueInput(
            account=light_account(row, own),
            debtor=debtor,
            contact_points=tuple(points[row.debtor_id]),
            history=tuple(history[row.debtor_id]),
            balance=row.balance,
            days_past_due=days,
            promises=own,
            callback_at=row.next_action_at if row.next_action == CALL_BACK else None,
        )
    return inputs


def find_accounts(scope, text: str, limit: int = 50) -> list[Account]:
    """Accounts in ``scope`` whose debtor's name, ref or a phone number contains ``text``."""
    text = text.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    match = Debtor.name.contains(text) | Account.ref.contains(text)
    if len(digits) >= 3:
        phones = ContactPoint.select(ContactPoint.debtor).where(ContactPoint.value.contains(digits))
        match = match | Account.debtor.in_(phones)
    query = Account.select().join(Debtor).where(scope & match).order_by(Account.ref).limit(limit)
    return list(query)
