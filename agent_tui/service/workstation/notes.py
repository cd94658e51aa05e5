"""The call note: checked as the agent types, autosaved as a draft, saved with the call in one
transaction, and corrected by an amending note.

A save that meets a busy database runs again until it is written
(:mod:`agent_tui.service.busy_wait`): a note the agent saved is never lost to
another writer's lock. The agent may stop waiting; the save is then refused
with ``kept_as_draft`` and the form is as it was, to be kept as a draft.

Saving the note ends the case: what the desk opens next is the
workstation's business (:class:`~agent_tui.service.workstation.station.Workstation`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from agent_tui.service.busy_wait import Stopped
from agent_tui.service.case_loader import CaseLoader
from agent_tui.service.errors import CaseRefused
from agent_tui.service.note_check import check_note
from agent_tui.service.note_writer import NoteWriter, note_flags, third_party_checklist
from agent_tui.service.views import NOTE_FIELDS, FieldProblem, NoteDraft, SaveResult
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.claims import release, renew
from agent_tui.store.drafts import read_draft, write_draft

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log

T = TypeVar("T")

#: How many times the longest note a draft's field may hold (what is over the limit is refused at Ctrl+S).
DRAFT_ROOM = 10


class Notes:
    """The note form's use cases."""

    def __init__(self, state: DeskState, loader: CaseLoader) -> None:
        self.state = state
        self.loader = loader
        self.writer = NoteWriter(state.config)

    def check_note(self, account_id: int, draft: NoteDraft) -> list[FieldProblem]:
        """The form's problems, field by field, as the agent types (no database, no lock)."""
        state = self.state
        case, session = state.case, state.session
        if case is None or session is None or case.account_id != account_id:
            return []
        _, problems = check_note(draft, self.loader.note_rules(case), state.now())
        return problems + self.writer.call_problems(draft, session)

    def save_draft(self, account_id: int, draft: NoteDraft, revision: int = 0) -> datetime | None:
        """Autosave the form; an older revision than one already stored is dropped.

        A field far longer than a note may be (:data:`DRAFT_ROOM` times ``notes.max_length``)
        is kept only that long: the form still holds all of it, and rewriting megabytes on
        every autosave would hold the floor's write lock.
        """
        state = self.state
        now = state.now()
        room = DRAFT_ROOM * state.config.notes.max_length
        if any(len(getattr(draft, name)) > room for name in NOTE_FIELDS):
            log.info("draft cut to %s characters a field account=%s", room, account_id)
            draft = replace(draft, **{name: getattr(draft, name)[:room] for name in NOTE_FIELDS})
        with state.unit():
            if revision and revision < state.draft_revision.get(account_id, 0):
                return None  # a newer draft is already stored
            if revision and revision <= state.noted_revision.get(account_id, 0):
                return None  # typed before the note was saved: the note has it, the draft is gone
            state.draft_revision[account_id] = revision
            agent = state.agent()
            stored = read_draft(agent.id, account_id)
            fields = dict(stored.fields) if stored is not None else {}
            fields["form"] = draft.to_dict()
            renew(account_id, agent.id, state.lease(now))
            if state.session is not None and state.session.account_id == account_id:
                fields.update(state.session.to_dict())
            write_draft(agent.id, account_id, fields, now, stored.id if stored is not None else None)
            return now

    def load_draft(self, account_id: int) -> NoteDraft | None:
        """The agent's saved draft for a case, if there is one."""
        state = self.state
        with state.unit():
            stored = read_draft(state.agent().id, account_id)
            return NoteDraft.from_dict(stored.fields.get("form") or {}) if stored is not None else None

    def save_note(self, account_id: int, draft: NoteDraft, revision: int = 0, warned: bool = False) -> SaveResult:
        """Ctrl+S: attempt, note, promise or plan, stage and next action, audit — in one transaction.

        A note the wording checker flags is not saved until the agent, ``warned``, saves it anyway
        (the flags are then stored with it for the lead). The result has no next case: the
        workstation opens it once this transaction is over.
        """
        state = self.state
        now = state.now()

        def save() -> SaveResult:
            with state.unit():
                agent = state.agent()
                session = state.session_for(account_id)
                case = state.case
                if case is None:
                    raise CaseRefused("no_case")
                parsed, problems = check_note(draft, self.loader.note_rules(case), now)
                problems += self.writer.call_problems(draft, session)
                if parsed is None or problems:
                    return SaveResult(saved=False, problems=tuple(problems))
                flags = note_flags(parsed, session.third_party)
                if flags and not warned:
                    return SaveResult(saved=False, flags=tuple(flag.describe() for flag in flags))
                written = SaveResult(**self.writer.save(agent, session, case, parsed, now))
                # Only this agent's own claim: a note saved after the lease ran out must not free a teammate's.
                release(account_id, agent.id)
                return written

        result = self._until_written(save)
        if not result.saved:
            return result
        # Committed: only now does the desk let go of the case (a try the database refused changed nothing).
        if state.window is not None:
            state.window.drop(account_id)  # worked: the next ranking puts it where it now belongs
        state.forget_case()
        state.noted_revision[account_id] = revision
        log.info("note saved id=%s account=%s", result.note_id, account_id)
        return result

    def _until_written(self, save: Callable[[], T]) -> T:
        """``save()``, again while the database is busy, until it is written or the agent stops waiting."""
        try:
            return self.state.busy.run(save, stoppable=True)
        except Stopped:
            log.info("save stopped while the database was busy: kept as a draft")
            raise CaseRefused("kept_as_draft") from None

    def start_amendment(self, account_id: int) -> NoteDraft:
        """Ctrl+N: the agent's last note on the case, in the form, marked as amending it."""
        state = self.state
        with state.unit():
            case = state.case
            if case is None or case.account_id != account_id:
                raise CaseRefused("no_case")
            return self.writer.amendment_draft(state.agent(), account_id, case.debtor.time_zone, case.offers)

    def amend_note(self, note_id: int, draft: NoteDraft, revision: int = 0,
                   warned: bool = False) -> tuple[SaveResult, int]:
        """Save a correction as a new note pointing to ``note_id``; the old note stays as it was.

        Returns the result (without the case reopened) and the case's account id.
        """
        state = self.state
        now = state.now()

        def amend() -> tuple[SaveResult, int]:
            with state.unit():
                agent = state.agent()
                case = state.case
                if case is None:
                    raise CaseRefused("no_case")
                parsed, problems = check_note(draft, self.loader.note_rules(case), now)
                if parsed is None or problems:
                    return SaveResult(saved=False, problems=tuple(problems)), case.account_id
                old = self.writer.amended(agent, note_id, case)
                flags = note_flags(parsed, third_party_checklist(old.checklist))
                if flags and not warned:
                    return SaveResult(saved=False, flags=tuple(f.describe() for f in flags)), case.account_id
                return SaveResult(**self.writer.amend(agent, note_id, case, parsed, now)), case.account_id

        result, account_id = self._until_written(amend)
        if result.saved:
            state.noted_revision[account_id] = revision
            log.info("note amended id=%s amends=%s account=%s", result.note_id, note_id, account_id)
        return result, account_id
