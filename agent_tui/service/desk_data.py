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
from agent_tui.store.models import Account, Agent, CallAttempt, ContactPoint, Debtor, Draft, Promise
from agent_tui.store.prepared import Prepared, padded, slot, slots

#: How far back the queue looks at attempts: the caps need a week, the best hour a month.
HISTORY_DAYS = 31
#: How far back the contact gate counts attempts before a dial: a week's caps, and a day for the debtor's zone.
GATE_HISTORY = timedelta(days=8)


def zone_of(name: str) -> ZoneInfo:
    """The debtor's zone; UTC when the name is not a zone (the gate refuses such a debtor anyway)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def desk_scope(agent: Agent, now: datetime, lease_team_after: timedelta):
    """The accounts this agent may work: assigned to them, unassigned, or left too long by a teammate;
    not closed, and not held right now by another agent's lease."""
    return _scope(agent.id, agent.team, now, now - lease_team_after)


def _scope(agent_id: int, team: str, now, left_before):
    """:func:`desk_scope`'s condition; ``now`` and ``left_before`` may be a prepared statement's slots."""
    mine = Account.assigned_agent == agent_id
    unassigned = Account.assigned_agent.is_null()
    scope = mine | unassigned
    if team:
        teammates = Agent.select(Agent.id).where((Agent.team == team) & (Agent.id != agent_id))
        left = Account.assigned_agent.in_(teammates) & (Account.next_action_at < left_before)
        scope = scope | left
    free = Account.claimed_by.is_null() | (Account.claimed_by == agent_id) | (Account.lease_until < now)
    return scope & free & (Account.stage != Stage.CLOSED)


class DeskScope:
    """One agent's scope, asked about a few cases at a time: after every F2, so its SQL is prepared."""

    def __init__(self, agent: Agent, lease_team_after: timedelta) -> None:
        self.agent_id, self.team, self.after = agent.id, agent.team, lease_team_after
        condition = _scope(self.agent_id, self.team, slot("now"), slot("left_before"))
        self._which = Prepared(Account, lambda count: Account.select(Account.id).where(
            Account.id.in_(slots("ids", count)) & condition).tuples())

    def condition(self, now: datetime):
        """The scope at ``now`` as a condition on accounts (see :func:`desk_scope`)."""
        return _scope(self.agent_id, self.team, now, now - self.after)

    def which(self, ids: list[int], now: datetime) -> set[int]:
        """Which of ``ids`` are in the scope at ``now``."""
        ids = padded(list(dict.fromkeys(ids)))
        if not ids:
            return set()
        rows = self._which.rows(shape=(len(ids),), ids=ids, now=now, left_before=now - self.after)
        return {row[0] for row in rows}


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


# A queue's inputs are read for every case F2 takes, and the case and its draft for every case
# opened: prepared (see agent_tui.store.prepared), lists padded to a few lengths.
_DEBTORS = Prepared(Debtor, lambda count: Debtor.select().where(Debtor.id.in_(slots("ids", count))))
_POINTS = Prepared(ContactPoint, lambda count: (
    ContactPoint.select()
    .where(ContactPoint.debtor.in_(slots("ids", count)))
    .order_by(ContactPoint.primary.desc(), ContactPoint.id)
))
_HISTORY = Prepared(CallAttempt, lambda count: (
    CallAttempt.select()
    .where(CallAttempt.debtor.in_(slots("ids", count)) & (CallAttempt.started_at >= slot("since")))
    .order_by(CallAttempt.started_at, CallAttempt.id)
))
# The status is checked in Python, not in SQL: given both, the planner may walk every open and
# broken promise by the status index instead of these accounts' few by theirs.
_PROMISES = Prepared(Promise, lambda count: (
    Promise.select().where(Promise.account.in_(slots("ids", count))).order_by(Promise.created_at, Promise.id)
))
_ACCOUNT = Prepared(Account, lambda: Account.select().where(Account.id == slot("id")))
_DRAFT = Prepared(Draft, lambda: Draft.select().where((Draft.agent == slot("agent")) & (Draft.account == slot("account"))))


_OPEN_ATTEMPTS = Prepared(CallAttempt, lambda: (
    CallAttempt.select()
    .where((CallAttempt.account == slot("account")) & CallAttempt.outcome.is_null())
    .order_by(CallAttempt.started_at.desc())
))


def open_attempts(account_id: int) -> list[CallAttempt]:
    """The account's attempts with no outcome yet (a call on, or one whose note never came), latest first."""
    return _OPEN_ATTEMPTS.rows(account=account_id)


def account_row(account_id: int) -> Account | None:
    """The account's row, or ``None``."""
    found = _ACCOUNT.rows(id=account_id)
    return found[0] if found else None


def draft_row(agent_id: int, account_id: int) -> Draft | None:
    """The agent's draft note on the account, or ``None``."""
    found = _DRAFT.rows(agent=agent_id, account=account_id)
    return found[0] if found else None


def queue_inputs(rows: list[Account], now: datetime) -> dict[int, QueueInput]:
    """What :func:`~agent_tui.domain.queue.order_queue` needs for each account, in four queries."""
    if not rows:
        return {}
    account_ids = [r.id for r in rows]
    debtor_ids = sorted({r.debtor_id for r in rows})
    account_ids, debtor_ids = padded(account_ids), padded(debtor_ids)
    n_accounts, n_debtors = (len(account_ids),), (len(debtor_ids),)
    debtors = {d.id: debtor_record(d) for d in _DEBTORS.rows(shape=n_debtors, ids=debtor_ids)}
    points: dict[int, list] = defaultdict(list)
    for p in _POINTS.rows(shape=n_debtors, ids=debtor_ids):
        points[p.debtor_id].append(contact_point_record(p))
    history: dict[int, list] = defaultdict(list)
    since = now - timedelta(days=HISTORY_DAYS)
    for a in _HISTORY.rows(shape=n_debtors, ids=debtor_ids, since=since):
        history[a.debtor_id].append(attempt_record(a))
    promises: dict[int, list] = defaultdict(list)
    for p in _PROMISES.rows(shape=n_accounts, ids=account_ids):
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
