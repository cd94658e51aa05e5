"""The agent's queue: its first cases in the conduct rules' order, and a search over every case.

A long queue is kept as a window of its first cases (see
:mod:`agent_tui.service.queue_window`), ranked afresh when it is old and
otherwise only cleared of the cases that have left the agent's scope.
"""

from __future__ import annotations

from datetime import datetime

from agent_tui.domain.contact_gate import zone_of
from agent_tui.domain.queue import order_queue
from agent_tui.service.queue_rows import Placed, owed_now, queue_rows
from agent_tui.service.queue_window import QueueWindow, build_window, refresh
from agent_tui.service.views import QueueRow
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.convert import DeskAccount, load_accounts
from agent_tui.store.desk_reads import queue_inputs


class DeskQueue:
    """The queue pane's use cases, and the window "next case" takes from."""

    def __init__(self, state: DeskState) -> None:
        self.state = state

    def queue(self) -> list[QueueRow]:
        """The first cases of the agent's queue in the conduct rules' order, each with why it is there.

        A long queue is shown as its first cases (see :mod:`agent_tui.service.queue_window`);
        search finds any case.
        """
        state = self.state
        now = state.now()
        with state.unit():
            return [placed.row for placed in self.window_at(now).placed]

    def search(self, text: str) -> list[QueueRow]:
        """The agent's accounts whose debtor name, account ref or phone number contains ``text``."""
        if "\x00" in text:
            return []  # no stored text holds a NUL (the store refuses to send one)
        state = self.state
        now = state.now()
        with state.unit():
            accounts = state.scope().find(text, now)
            rows = {p.row.account_id: p.row for p in self._rows(accounts, now)}
            return [rows[a.id] for a in accounts if a.id in rows]

    def rank(self, now: datetime) -> QueueWindow:
        """Rank the queue's first cases afresh (see :mod:`agent_tui.service.queue_window`); inside a use case."""
        state = self.state
        today = now.astimezone(zone_of(state.config.time_zone)).date()
        window = build_window(state.scope(), now, today, state.profile, state.config.queue, state.bucket)
        window.placed = self._owed(window.placed)
        state.window = window
        return window

    def window_at(self, now: datetime) -> QueueWindow:
        """The queue's window: the one ranked a moment ago without the cases gone since, or a new one."""
        state = self.state
        if state.window is not None and state.window.fresh(now):
            scope = state.scope()
            return refresh(state.window, lambda ids: scope.which(ids, now))
        return self.rank(now)

    def _rows(self, accounts: list[DeskAccount], now: datetime) -> list[Placed]:
        state = self.state
        inputs = queue_inputs(accounts, now, state.profile.country)
        entries = order_queue(now, list(inputs.values()), state.profile, state.config.queue)
        return self._owed(queue_rows(entries, inputs, state.bucket, now))

    def _owed(self, placed: list[Placed]) -> list[Placed]:
        """The rows with the balance each case's pane shows (the stored one only ranks them)."""
        accounts = load_accounts(p.row.account_id for p in placed)
        policy = self.state.config.ledger
        return [owed_now(p, accounts.get(p.row.account_id), policy) for p in placed]
