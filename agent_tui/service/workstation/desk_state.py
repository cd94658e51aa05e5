"""What the use cases of one workstation share: the database, the clock, the agent and the open case.

Each use case (:mod:`.desk_queue`, :mod:`.cases`, :mod:`.calls`,
:mod:`.notes`, :mod:`.personal_data`) runs as one unit of work
(:meth:`DeskState.unit`): the workstation's one lock, a connection of the
calling thread, one transaction. The lock serialises the use cases of one
workstation, so a keystroke that arrives while the previous one is still
writing waits its turn instead of racing it. A transaction that cannot begin
because another program holds the database's write lock begins again once it
is free (:mod:`agent_tui.service.busy_wait`), for up to :data:`UNIT_PATIENCE`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol

from agent_tui.config import Config
from agent_tui.domain.compliance import Profile, profile_for
from agent_tui.domain.ledger import bucket_for
from agent_tui.service.busy_wait import BusyWait
from agent_tui.service.call_session import CallSession
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.queue_window import QueueWindow
from agent_tui.service.views import CaseView
from agent_tui.store.desk_reads import DeskAgent, DeskScope, agent_by_code

#: Seconds a use case waits for a busy database to let it begin before it gives up (a note's save waits
#: for as long as it takes: see :mod:`agent_tui.service.workstation.notes`).
UNIT_PATIENCE = 30.0


class DeskDatabase(Protocol):
    """The database handle the use cases run in: a connection per thread, a transaction per use case."""

    def connection_context(self) -> AbstractContextManager[Any]: ...
    def atomic(self) -> AbstractContextManager[Any]: ...


class DeskState:
    """One agent's workstation between use cases: who works here, the case on the screen and its call,
    the queue's window, and the autosave revisions already overtaken."""

    def __init__(
        self,
        db: DeskDatabase,
        config: Config,
        agent_code: str,
        now: Callable[[], datetime],
        dialer: Dialer,
    ) -> None:
        self.db = db
        self.config = config
        self.agent_code = agent_code
        self.now = now
        self.dialer = dialer
        self.profile: Profile = profile_for(config.compliance)
        #: The call on the open case, from the moment it opens to its saved note.
        self.session: CallSession | None = None
        #: The case on the screen, as it was loaded.
        self.case: CaseView | None = None
        #: The queue's first cases, ranked (see :mod:`agent_tui.service.queue_window`).
        self.window: QueueWindow | None = None
        #: Cases the agent passed over with F2, without a note, since the desk opened: F2 takes the others
        #: first, so two cases never alternate; once nothing else can be taken they come round again.
        self.passed: set[int] = set()
        #: The newest autosave revision stored, per case.
        self.draft_revision: dict[int, int] = {}
        #: The revision of the form when its note was saved, per case: older autosaves are dropped.
        self.noted_revision: dict[int, int] = {}
        #: Waits out a busy database; says how long a use case has waited, and stops a save that waits.
        self.busy = BusyWait()
        self._lock = threading.RLock()
        self._agent: DeskAgent | None = None
        self._scope: DeskScope | None = None

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One use case: the lock, a connection of this thread, one transaction."""
        with self._lock, self.db.connection_context(), ExitStack() as stack:
            stack.push(self.busy.run(self._begin, patience=UNIT_PATIENCE))
            yield

    def _begin(self) -> AbstractContextManager[Any]:
        """The use case's transaction, begun (on SQLite it holds the write lock from here)."""
        transaction = self.db.atomic()
        transaction.__enter__()
        return transaction

    def agent(self) -> DeskAgent:
        """The agent working here (read once: who works here does not change while the workstation runs)."""
        if self._agent is None:
            agent = agent_by_code(self.agent_code)
            if agent is None:
                raise CaseRefused("unknown_agent", code=self.agent_code)
            self._agent = agent
        return self._agent

    def scope(self) -> DeskScope:
        """The accounts the agent may work (see :class:`~agent_tui.store.desk_reads.DeskScope`)."""
        if self._scope is None:
            agent = self.agent()
            self._scope = DeskScope(agent.id, agent.team, self.team_after)
        return self._scope

    @property
    def team_after(self) -> timedelta:
        """How long a teammate's due case stays theirs before the team may take it."""
        return timedelta(minutes=self.config.claims.assigned_first_minutes)

    def lease(self, now: datetime) -> datetime:
        """Until when a claim made or renewed at ``now`` holds the case."""
        return now + timedelta(seconds=round(self.config.claims.lease_minutes * 60))

    def bucket(self, days: int) -> str:
        """The delinquency bucket of ``days`` past due."""
        return bucket_for(days, self.config.ledger)

    def session_for(self, account_id: int) -> CallSession:
        """The call on ``account_id``; refused when that case is not the one open."""
        if self.session is None or self.session.account_id != account_id:
            raise CaseRefused("no_case")
        return self.session

    def forget_case(self) -> None:
        """The case left the screen (its note saved, or the agent left it)."""
        self.session, self.case = None, None
