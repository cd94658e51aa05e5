"""The agent's queue as a window: its first cases, ranked by the rules, kept between key presses.

An agent's scope can hold hundreds of thousands of accounts; ranking them
all at every F2 would take minutes at a million accounts, and the queue
pane shows a few dozen. The window ranks only candidates drawn from the
store group by group in the queue's own order (:mod:`agent_tui.store.queue_candidates`),
with the scores they have in the whole scope, until it holds :data:`SIZE`
cases that can be worked now (or the scope runs out: a small scope is
ranked whole, exactly as before).

The queue pane's refresh (after each case opens, in the background) ranks
the window again once it is :data:`MAX_AGE` old or an hour has turned
(calling windows and a debtor's best hour turn on the hour); in between it
only drops the cases another agent has taken. F2 takes the first case of
the window as the pane shows it, checked against the rules and claimed as
it is taken, so a window a few minutes old never hands out a case the rules
would refuse now or another agent holds; F2 ranks again only when nothing
in the window can be taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from agent_tui.domain.compliance import Profile
from agent_tui.domain.policy import QueueWeights
from agent_tui.domain.queue import order_queue
from agent_tui.service.queue_rows import Bucket, Placed, queue_rows
from agent_tui.store.convert import DeskAccount
from agent_tui.store.desk_reads import HISTORY_DAYS, DeskScope, queue_inputs
from agent_tui.store.queue_candidates import GROUPS

#: Cases that can be worked now that a window holds (the queue pane's rows, with room to spare).
SIZE = 50
#: Candidates drawn from the store at a time.
DRAW = 60
#: Draws at most per build: a scope whose cases are nearly all closed to calls now stops here.
MAX_DRAWS = 8
#: How long a window is reused.
MAX_AGE = timedelta(minutes=5)
#: Hours ahead of UTC of the furthest zone: a promise due "today" somewhere on Earth.
FURTHEST_AHEAD = timedelta(hours=14)


@dataclass
class QueueWindow:
    """The first cases of the queue in working order, and what they were ranked with."""

    placed: list[Placed]
    #: The scope's largest balance and days past due: the scores are the whole queue's.
    largest: tuple[int, int]
    built_at: datetime
    #: Whether the window holds the whole scope (nothing was left undrawn).
    whole: bool = False

    def fresh(self, now: datetime) -> bool:
        """Whether the window may still be used at ``now``."""
        same_hour = now.replace(minute=0, second=0, microsecond=0) == self.built_at.replace(
            minute=0, second=0, microsecond=0)
        return same_hour and timedelta(0) <= now - self.built_at < MAX_AGE

    @property
    def ids(self) -> list[int]:
        """The accounts in the window, in order."""
        return [p.row.account_id for p in self.placed]

    def keep_only(self, ids: set[int]) -> None:
        """Drop the cases not in ``ids`` (taken by someone else, closed)."""
        self.placed = [p for p in self.placed if p.row.account_id in ids]

    def drop(self, account_id: int) -> None:
        """Take a case out (its note was saved: it comes back at the next build, where the rules put it)."""
        self.placed = [p for p in self.placed if p.row.account_id != account_id]


def build_window(scope: DeskScope, now: datetime, today: date, profile: Profile, weights: QueueWeights,
                 bucket: Bucket, size: int | None = None) -> QueueWindow:
    """Rank candidates group by group until ``size`` (default :data:`SIZE`) of them can be worked now,
    or the scope is drawn dry."""
    size = size or SIZE
    largest_balance, oldest = scope.extremes(now)
    largest = (largest_balance, max(0, (today - oldest).days) if oldest else 0)
    drawn: dict[int, DeskAccount] = {}
    groups = list(GROUPS)
    placed: list[Placed] = []
    whole = False
    for _ in range(MAX_DRAWS):
        want = DRAW
        while want > 0 and groups:
            rows = scope.candidates(
                groups[0], today=today, latest_today=(now + FURTHEST_AHEAD).date(), now=now,
                since=now - timedelta(days=HISTORY_DAYS), largest=largest, weights=weights, limit=want,
                leave_out=list(drawn))
            drawn.update((row.id, row) for row in rows)
            want -= len(rows)
            if want > 0:
                groups.pop(0)  # this group is drawn dry: on to the next
        whole = not groups
        inputs = queue_inputs(list(drawn.values()), now, profile.country)
        entries = order_queue(now, list(inputs.values()), profile, weights, largest=largest)
        placed = queue_rows(entries, inputs, bucket, now)
        if whole or sum(p.workable for p in placed) >= size:
            break
    if whole:  # the whole scope was ranked: the queue as the rules order it, all of it
        return QueueWindow(placed, largest, now, whole=True)
    workable = [p for p in placed if p.workable]
    if len(workable) >= size:  # the queue's first cases; what rests comes after all the rest
        return QueueWindow(workable[:size], largest, now)
    return QueueWindow(placed, largest, now)


def check_one(account: DeskAccount, now: datetime, largest: tuple[int, int], profile: Profile,
              weights: QueueWeights, bucket: Bucket) -> Placed:
    """One case placed by the rules as of now, with the window's scores: may F2 take it?"""
    inputs = queue_inputs([account], now, profile.country)
    entries = order_queue(now, list(inputs.values()), profile, weights, largest=largest)
    return queue_rows(entries, inputs, bucket, now)[0]


def refresh(window: QueueWindow, in_scope: Callable[[list[int]], set[int]]) -> QueueWindow:
    """The window without the cases that have left the scope since it was built (``in_scope`` tells which stay)."""
    window.keep_only(in_scope(window.ids))
    return window
