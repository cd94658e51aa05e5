"""The agent workstation's use cases behind one object: one method each, one transaction each.

The screen calls these from worker threads and gets plain views back
(:mod:`agent_tui.service.views`). Each use case lives with its kind — the
queue (:mod:`.desk_queue`), cases (:mod:`.cases`), the call (:mod:`.calls`),
the note (:mod:`.notes`), personal data (:mod:`.personal_data`) — and they
share one :class:`~.desk_state.DeskState`: the database, the clock, the lock
and the case on the screen. The rules come from ``domain``; rows come
through the store's named reads and writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from agent_tui.config import Config
from agent_tui.domain.compliance import Profile
from agent_tui.service.busy_wait import Waiting
from agent_tui.service.case_loader import CaseLoader
from agent_tui.service.dialer import Dialer
from agent_tui.service.views import (
    AgentView,
    CallbackRow,
    CallState,
    CaseView,
    DialResult,
    FieldProblem,
    HeardOffers,
    NoteDraft,
    NumberChoice,
    QueueRow,
    SaveResult,
)
from agent_tui.service.workstation.callbacks import callbacks_today
from agent_tui.service.workstation.calls import Calls
from agent_tui.service.workstation.cases import Cases
from agent_tui.service.workstation.desk_queue import DeskQueue
from agent_tui.service.workstation.desk_state import DeskDatabase, DeskState
from agent_tui.service.workstation.hearing import Hearing
from agent_tui.service.workstation.notes import Notes
from agent_tui.service.workstation.personal_data import PersonalData


def utc_now() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


class Workstation:
    """What one agent can do at the workstation."""

    def __init__(
        self,
        db: DeskDatabase,
        config: Config,
        agent_code: str,
        now: Callable[[], datetime] = utc_now,
        dialer: Dialer | None = None,
    ) -> None:
        self.state = DeskState(db, config, agent_code, now, dialer or Dialer(config.dialer.command))
        self.loader = CaseLoader(config, self.state.profile)
        self._queue = DeskQueue(self.state)
        self._cases = Cases(self.state, self._queue, self.loader)
        self._calls = Calls(self.state)
        self._notes = Notes(self.state, self.loader)
        self._personal = PersonalData(self.state)
        self._hearing = Hearing(self.state, self.loader, self._calls)
        #: An idle connection held open beside the use cases' own (see ``store.database.keep_attached``).
        self.attached: Any = None

    @property
    def db(self) -> Any:
        """The database the use cases run in."""
        return self.state.db

    @property
    def config(self) -> Config:
        """The configuration the workstation runs with."""
        return self.state.config

    @property
    def agent_code(self) -> str:
        """The code of the agent working here."""
        return self.state.agent_code

    @property
    def now(self) -> Callable[[], datetime]:
        """The workstation's clock."""
        return self.state.now

    @property
    def profile(self) -> Profile:
        """The conduct rules in force."""
        return self.state.profile

    # ---- who, and the queue ----

    def agent(self) -> AgentView:
        """The agent working here; refuses an agent code the database does not know."""
        with self.state.unit():
            agent = self.state.agent()
            return AgentView(agent.code, agent.name, agent.team)

    def queue(self) -> list[QueueRow]:
        """The first cases of the agent's queue in the conduct rules' order, each with why it is there."""
        return self._queue.queue()

    def callbacks_today(self) -> list[CallbackRow]:
        """The callbacks this agent set, due today on each debtor's clock, soonest first."""
        return callbacks_today(self.state)

    def search(self, text: str) -> list[QueueRow]:
        """The agent's accounts whose debtor name, account ref or phone number contains ``text``."""
        return self._queue.search(text)

    # ---- cases ----

    def open_case(self, account_id: int) -> CaseView:
        """Open a case from the queue or a search: claim it, restore its draft and any call in progress."""
        return self._cases.open_case(account_id)

    def next_case(self, skip: int | None = None) -> CaseView | None:
        """The first case of the queue that can be worked now, other than the one on the screen
        (or ``skip``, the case whose note was just saved)."""
        return self._cases.next_case(skip)

    def leave_case(self, account_id: int) -> bool:
        """The agent leaves the case without a note: the claim goes back to the team at once."""
        return self._cases.leave_case(account_id)

    # ---- the call ----

    def numbers(self, account_id: int) -> tuple[NumberChoice, ...]:
        """F3's choice: the debtor's numbers, the primary first, each with the contact gate's verdict now."""
        return self._calls.numbers(account_id)

    def dial(self, account_id: int, contact_id: int | None = None) -> DialResult:
        """F3: ask the contact gate first; dial the number chosen, or else the first it allows; or say why not."""
        return self._calls.dial(account_id, contact_id)

    def verify_identity(self, account_id: int, identifiers: tuple[str, ...] = ()) -> CallState:
        """F4: the person on the line confirmed these identifiers (two verify identity)."""
        return self._calls.verify_identity(account_id, identifiers)

    def identity_failed(self, account_id: int) -> CallState:
        """F4, "not the debtor": the third-party path, nothing about the debt may be said."""
        return self._calls.identity_failed(account_id)

    def end_call(self, account_id: int) -> CallState:
        """F5: the call is over; the clock stops."""
        return self._calls.end_call(account_id)

    def mark_step(self, account_id: int, step: str) -> CallState:
        """The agent moved on to ``step``; says why when the conduct rules lock it."""
        return self._calls.mark_step(account_id, step)

    def pick_offer(self, account_id: int, index: int) -> CallState:
        """An offer from the list was put to the debtor."""
        return self._calls.pick_offer(account_id, index)

    def choose_outcome(self, account_id: int, outcome: str) -> CallState:
        """The note's outcome was chosen; a third party on the line puts the checklist on that path."""
        return self._calls.choose_outcome(account_id, outcome)

    # ---- the note ----

    def hear(self, account_id: int, draft: NoteDraft) -> HeardOffers | None:
        """The offers worked out again from the form's hardship and monthly capacity; None when unchanged."""
        return self._hearing.hear(account_id, draft)

    def check_note(self, account_id: int, draft: NoteDraft) -> list[FieldProblem]:
        """The form's problems, field by field, as the agent types (no database, no lock)."""
        return self._notes.check_note(account_id, draft)

    def save_draft(self, account_id: int, draft: NoteDraft, revision: int = 0) -> datetime | None:
        """Autosave the form; an older revision than one already stored is dropped."""
        return self._notes.save_draft(account_id, draft, revision)

    def load_draft(self, account_id: int) -> NoteDraft | None:
        """The agent's saved draft for a case, if there is one."""
        return self._notes.load_draft(account_id)

    def save_note(self, account_id: int, draft: NoteDraft, revision: int = 0, warned: bool = False) -> SaveResult:
        """Ctrl+S: attempt, note, promise or plan, stage and next action, audit — in one transaction;
        then the next case. An amendment (``draft.amends_id``) goes to :meth:`amend_note`.

        ``revision`` is the form's autosave revision at Ctrl+S: an autosave of that revision or
        older that arrives afterwards is dropped instead of bringing back the deleted draft.
        ``warned``: the agent saw what the wording checker flagged and saves anyway.
        """
        if draft.amends_id is not None:
            return self.amend_note(draft.amends_id, draft, revision, warned)
        result = self._notes.save_note(account_id, draft, revision, warned)
        if not result.saved:
            return result
        return replace_next(result, self.next_case(skip=account_id))

    def waiting(self) -> Waiting | None:
        """How long a use case has waited for a busy database, or ``None`` (safe from any thread)."""
        return self.state.busy.waiting()

    def stop_waiting(self) -> bool:
        """The agent keeps the note as a draft instead of waiting for a busy database to save it (safe from
        any thread): the save waiting now is refused with ``kept_as_draft``. Whether a save was waiting."""
        return self.state.busy.stop()

    def start_amendment(self, account_id: int) -> NoteDraft:
        """Ctrl+N: the agent's last note on the case, in the form, marked as amending it."""
        return self._notes.start_amendment(account_id)

    def amend_note(self, note_id: int, draft: NoteDraft, revision: int = 0, warned: bool = False) -> SaveResult:
        """Save a correction as a new note pointing to ``note_id``; the old note stays as it was;
        then the case again, with the correction."""
        result, account_id = self._notes.amend_note(note_id, draft, revision, warned)
        if not result.saved:
            return result
        return replace_next(result, self.open_case(account_id))

    # ---- personal data ----

    def reveal_national_id(self, account_id: int) -> str:
        """The full national ID; the reveal is written to the audit log first."""
        return self._personal.reveal_national_id(account_id)


def replace_next(result: SaveResult, case: CaseView | None) -> SaveResult:
    """The saved note's result with the case the desk shows next."""
    return replace(result, next_case=case)


#: Each SQLite connection's page cache, in KiB. An agent's use cases read a case, its ledger and
#: one window of the queue: a few hundred pages, which the OS keeps cached anyway. SQLite's own
#: default (2 MiB a connection) would be held for the whole shift.
PAGE_CACHE_KIB = 512


def open_workstation(config: Config, database_url: str, agent_code: str,
                     now: Callable[[], datetime] = utc_now) -> Workstation:
    """Open the database at ``database_url``, bind the models to it, and the agent's workstation on it."""
    from agent_tui.store import check_schema, open_database, use_database
    from agent_tui.store.audit import append_event
    from agent_tui.store.database import keep_attached

    db = use_database(open_database(database_url, cache_kib=PAGE_CACHE_KIB))
    check_schema(db)
    workstation = Workstation(db, config, agent_code, now=now)
    workstation.attached = keep_attached(db)  # each use case's connection then closes without a disk sync
    workstation.agent()  # an unknown or disabled agent stops here, before anything is recorded in their name
    with db.connection_context(), db.atomic():
        # The settings this desk enforces (calling windows, caps, offers) are on record at each start.
        append_event(agent_code, "config_loaded", f"agent:{agent_code}",
                     {"sha256": config.digest(), "file": config.source}, now())
    return workstation
