"""Open promises moved to kept or broken by the payments received and the debtor's date, on record.

Run after every import (payments come in with the creditor's files) and by
``agent-tui promises check`` on a schedule (a promise whose day has passed
on the debtor's clock is broken even when no file came in). Each move is
written with its audit event in the same transaction as the others of its
run; a promise another run moved first is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from agent_tui.domain.phone_zone import clock_zone
from agent_tui.domain.promise_keeping import promise_moves
from agent_tui.domain.records import PromiseStatus
from agent_tui.store.promise_status import open_promise_cases, record_promise_moves


@dataclass(frozen=True)
class PromiseCheck:
    """What one run found: promises still open that it looked at, and how many it moved each way."""

    looked_at: int = 0
    kept: int = 0
    broken: int = 0


def check_promises(actor: str, now: datetime, country: str = "",
                   account_ids: Iterable[int] | None = None) -> PromiseCheck:
    """Move every open promise (of ``account_ids`` when given) the payments keep or its day has broken.

    Call inside a transaction on the bound database.
    """
    looked_at = kept = broken = 0
    for case in open_promise_cases(account_ids):
        looked_at += sum(1 for p in case.promises if p.status == PromiseStatus.OPEN)
        moves = promise_moves(case.promises, case.payments, now, clock_zone(case.debtor, case.points, country))
        if moves:
            moves = record_promise_moves(actor, case, moves)
        kept += sum(1 for m in moves if m.status == PromiseStatus.KEPT)
        broken += sum(1 for m in moves if m.status == PromiseStatus.BROKEN)
    return PromiseCheck(looked_at, kept, broken)
