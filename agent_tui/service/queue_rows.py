"""The agent's queue as rows: the conduct rules' order, a badge for why each case is there.

:func:`~agent_tui.domain.queue.order_queue` ranks the accounts; here each
entry becomes a :class:`~agent_tui.service.views.QueueRow`. A case that
rests (:func:`~agent_tui.domain.queue.resting_until`: a next action set for
later, an open promise not yet due) is "not now" until then and goes after
the cases that can be worked now, with the time it comes back.

The rules rank by the balance stored with the account (the creditor's claim
as placed); the row shows what the case's own pane shows, the ledger's total
owed as of the debtor's today (:func:`owed_now`), so the agent never reads
two balances for one case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from agent_tui.domain.ledger import compute_ledger
from agent_tui.domain.money import Amount
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.queue import QueueEntry, QueueGroup, QueueInput
from agent_tui.domain.records import Account, PromiseStatus
from agent_tui.service.views import QueueRow

#: Days past due to their delinquency bucket (``M1`` …), as the ledger policy sets them.
Bucket = Callable[[int], str]


@dataclass(frozen=True)
class Placed:
    """One queue row and whether "next case" may take it now."""

    row: QueueRow
    workable: bool


def reason_of(entry: QueueEntry, item: QueueInput, now: datetime) -> tuple[str, datetime | None]:
    """The badge for an entry, and the time it may be worked when that is later."""
    zone = ZoneInfo(entry.zone)
    if entry.group == QueueGroup.CLOSED:
        return "not_now", None
    rest = entry.resting_until
    if not entry.contactable:
        later = max((t for t in (entry.next_allowed_at, rest) if t is not None), default=None)
        return "not_now", later.astimezone(zone) if later else None
    if rest is not None:
        return "not_now", rest.astimezone(zone)
    group = entry.group
    if group == QueueGroup.DUE:
        today = now.astimezone(zone).date()
        promise_due = any(p.status == PromiseStatus.OPEN and p.due <= today for p in item.promises)
        return ("promise_due" if promise_due else "callback"), None
    if group == QueueGroup.BROKEN:
        return "broken_promise", None
    if group == QueueGroup.NEW:
        return "new", None
    return "follow_up", None


def queue_rows(entries: list[QueueEntry], inputs: dict[int, QueueInput], bucket: Bucket, now: datetime) -> list[Placed]:
    """Rows in working order: what can be worked now in the rules' order, then the rest."""
    placed = []
    for entry in entries:
        item = inputs[entry.account.id]
        reason, later = reason_of(entry, item, now)
        currency = item.account.terms.currency
        row = QueueRow(
            account_id=item.account.id,
            account_ref=item.account.ref,
            debtor_name=item.debtor.name,
            balance=Amount(item.balance, currency),
            days_past_due=item.days_past_due,
            bucket=bucket(item.days_past_due),
            reason=reason,
            next_time=later,
            local_time=now.astimezone(ZoneInfo(entry.zone)),
        )
        placed.append(Placed(row, workable=entry.workable))
    # Stable: inside each half the rules' order stands.
    return [p for p in placed if p.workable] + [p for p in placed if not p.workable]


def owed_now(placed: Placed, account: Account | None, policy: LedgerPolicy) -> Placed:
    """``placed`` with the balance, days past due and bucket its case shows: the ledger's on the debtor's date.

    The row's ``local_time`` is the debtor's clock, so its date is the day the
    debtor pane counts to; without the account's records the row is kept as is.
    """
    if account is None:
        return placed
    ledger = compute_ledger(account.terms, account.schedule, account.payments, placed.row.local_time.date(), policy)
    row = replace(placed.row, balance=Amount(ledger.owed.total, account.terms.currency),
                  days_past_due=ledger.days_past_due, bucket=ledger.bucket)
    return Placed(row, placed.workable)
