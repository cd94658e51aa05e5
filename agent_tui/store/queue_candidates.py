"""The first accounts of an agent's queue, drawn in SQL without reading the whole scope.

The queue's rules (:mod:`agent_tui.domain.queue`) rank accounts in groups —
promises and callbacks due, broken promises, never tried, tried before —
and inside a group by a score of balance and days past due. At a million
accounts an agent's scope holds hundreds of thousands of them, too many to
rank in Python between two key presses, and the screen shows a few dozen.
So the service ranks only candidates drawn from here, group by group in
that order, each group's best first by the same score computed in SQL:

- ``due``: an open promise due by today, or a callback whose time has come;
- ``broken``: a broken promise;
- ``new``: no attempt on the account in the history the queue looks at;
- ``retry``: the rest.

Each group here is a superset of the rules' group (the rules decide, on the
candidates, exactly where each one goes); days past due are counted from the
floor's day, where the rules use the debtor's own (a day apart at most).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from peewee import SQL, PostgresqlDatabase, Value, fn

from agent_tui.domain.policy import QueueWeights
from agent_tui.domain.records import CALL_BACK, PromiseStatus, Stage
from agent_tui.store.models import Account, CallAttempt, Promise

#: The groups, in the order the queue works them.
GROUPS = ("due", "broken", "new", "retry")
#: The next action that makes an account a callback at its time (as the note form writes it).
CALLBACK = CALL_BACK


def scope_extremes(scope) -> tuple[int, date | None]:
    """The largest balance and the oldest overdue date among the accounts in ``scope``.

    Read from the top of each column's index: the largest in scope is the
    first account in scope met walking down it. The first :data:`TOP` entries
    nearly always hold one; the whole scope is read only when they do not.
    """
    return int(_first_in_scope(scope, Account.balance.desc(), None) or 0), _day(
        _first_in_scope(scope, Account.overdue_since.asc(), Account.overdue_since.is_null(False)))


#: Index entries read before falling back to the scope itself.
TOP = 500


def _first_in_scope(scope, order, present):
    column = order.node
    top = Account.select(Account.id).order_by(order).limit(TOP)
    if present is not None:
        top = top.where(present)
        scope = scope & present
    for where in (scope & Account.id.in_(top), scope):
        row = Account.select(column).where(where).order_by(order).limit(1).tuples().first()
        if row is not None:
            return row[0]
    return None


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _days_overdue(today: date):
    """Days from ``overdue_since`` to ``today``, never below zero; 0 without a date."""
    bound = Account._meta.database
    if isinstance(getattr(bound, "obj", None) or bound, PostgresqlDatabase):
        days = fn.GREATEST(0, Value(today).cast("date") - Account.overdue_since)
    else:
        days = fn.MAX(0, fn.julianday(Value(today.isoformat())) - fn.julianday(Account.overdue_since))
    return fn.COALESCE(days, 0)


def score(today: date, largest: tuple[int, int], weights: QueueWeights) -> Any:
    """The rules' score without the best hour, as SQL: weighted balance and days, each over the largest."""
    largest_balance, largest_days = largest
    terms = []
    if largest_balance > 0:
        terms.append(Account.balance * Value(float(weights.balance) / largest_balance))
    if largest_days > 0:
        terms.append(_days_overdue(today) * Value(float(weights.days_past_due) / largest_days))
    if not terms:
        return Value(0)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _group(name: str, latest_today: date, now: datetime, since: datetime):
    """The SQL condition of a group (a superset of the rules' group of the same name)."""
    if name == "due":
        promised = Promise.select(Promise.account).where(
            (Promise.status == PromiseStatus.OPEN) & (Promise.due <= latest_today))
        called_back = Account.select(Account.id).where(
            Account.stage.in_(list(Stage)) & (Account.next_action_at <= now) & (Account.next_action == CALLBACK))
        return Account.id.in_(promised) | Account.id.in_(called_back)
    if name == "broken":
        return Account.id.in_(Promise.select(Promise.account).where(Promise.status == PromiseStatus.BROKEN))
    tried = CallAttempt.select(SQL("1")).where(
        ((CallAttempt.account == Account.id) | (CallAttempt.account.is_null() & (CallAttempt.debtor == Account.debtor)))
        & (CallAttempt.started_at >= since) & (CallAttempt.started_at <= now))
    if name == "new":
        return ~fn.EXISTS(tried)
    if name == "retry":
        return fn.EXISTS(tried)
    raise ValueError(f"unknown queue group {name!r}")


def candidates(scope, group: str, *, today: date, latest_today: date, now: datetime, since: datetime,
               largest: tuple[int, int], weights, limit: int, leave_out: list[int]) -> list[Account]:
    """Up to ``limit`` accounts of ``scope`` in ``group``, best score first, none of ``leave_out``.

    ``today`` counts days past due; ``latest_today`` is the latest date it is
    anywhere now (a promise due then may be due in the debtor's zone);
    ``since`` is where the queue's history of attempts begins.
    """
    query = Account.select().where(scope & _group(group, latest_today, now, since))
    if leave_out:
        query = query.where(Account.id.not_in(leave_out))
    order = score(today, largest, weights)
    return list(query.order_by(order.desc(), Account.id).limit(limit))
