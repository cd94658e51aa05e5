"""What the desk asks of the workstation's service, and the autosave of the call-note form.

The desk screen shows and takes keys; this controller holds the service (once
it is open) and puts each step on the desk's one database worker
(:class:`~agent_tui.ui.workstation.desk_worker.DeskWorker`), the bound service
method with its arguments, and the answer's message. It also keeps the form's
autosave: the draft is written at most a second after the last change, and
once more, waited for, when the agent quits.

A save that meets a busy database waits and tries again until it is written
(the service does); meanwhile the note's status line says so, with the tries
and the time, and Esc stops the wait: the note stays in the form and is kept
as a draft (:meth:`DeskController.keep_as_draft`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from agent_tui.i18n import t
from agent_tui.service.errors import CaseRefused
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation import desk_messages as answers
from agent_tui.ui.workstation.desk_worker import DeskWorker

if TYPE_CHECKING:
    from agent_tui.service.views import CallState, CaseView, NoteDraft, QueueRow
    from agent_tui.service.workstation import Workstation
    from agent_tui.ui.workstation.dialogs.verify import Verification
    from agent_tui.ui.workstation.widgets.note_form import NoteForm

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log

#: How long quitting waits for the draft to reach the database before it leaves anyway.
QUIT_WAIT_SECONDS = 10.0
#: After this long without an answer to Ctrl+S, the note's status line says it is waiting.
WAIT_NOTICE_SECONDS = 0.5


class DeskView(Protocol):
    """What the controller reads of the desk screen: the case on it and its note form."""

    @property
    def case(self) -> CaseView | None: ...

    @property
    def note(self) -> NoteForm: ...

    def unsaved(self) -> tuple[str, bool] | None:
        """What quitting would leave unsaved (the case's ref, whether a call waits for its note), or None."""
        ...


class DeskController:
    """The desk's dealings with the service: its steps, in order, on one worker; and the draft's autosave.

    ``screen`` hosts the worker, its answers and the notices; ``view`` is the same screen, as the
    controller reads it.
    """

    def __init__(self, screen: Screen[Any], view: DeskView, open_service: Callable[[], Workstation]) -> None:
        self.screen = screen
        self.view = view
        self._open_service = open_service
        self.worker = DeskWorker(screen)
        #: The service once the worker has opened it; None until then.
        self.service: Workstation | None = None
        #: Set once the desk is open and shows the queue (or could not be opened).
        self.open_done = asyncio.Event()
        #: The form changed since the draft was last sent to the database.
        self.dirty = False
        #: Counts the form's changes: a stored draft older than one already stored is dropped.
        self.revision = 0
        #: The fields the agent has changed on this case (their problems are shown as they type).
        self.touched: set[str] = set()
        #: Ctrl+S is on its way: no autosave starts until it has come back.
        self.saving = False
        #: The status line says the save waits for the database (Esc then keeps the note as a draft).
        self.waiting = False
        #: Esc was pressed: the save stops at the database's next busy answer.
        self.stopping = False
        self._wait_notice: Timer | None = None

    # ---- opening ----

    def open(self) -> None:
        """Open the service and read the queue, on the worker; the keys that need it are dimmed until then."""
        self.worker.ask(self._open_and_read, answer=_opened, failed=answers.OpenFailed, keys_wait=False)

    def _open_and_read(self) -> tuple[Workstation, list[QueueRow]]:
        service = self._open_service()
        return service, service.queue()

    # ---- steps ----

    def ask(self, method: Callable[..., Any], *args: Any, answer: Callable[[Any], Message] | None = None) -> None:
        """Run ``method(*args)`` on the worker after the steps asked before it; ``answer(result)`` to the desk."""
        self.worker.ask(method, *args, answer=answer)

    def next_case(self) -> None:
        """F2: the draft of the case being left goes first, then the next case."""
        self.autosave()
        self.ask(self._service().next_case, answer=answers.CaseLoaded)

    def open_case(self, account_id: int) -> None:
        """A case chosen from the queue or found by search (the draft of the case being left goes first)."""
        self.autosave()
        self.ask(self._service().open_case, account_id, answer=answers.CaseLoaded)

    def reload_queue(self) -> None:
        """The queue again, as the service orders it now."""
        self.ask(self._service().queue, answer=answers.QueueLoaded)

    def call_step(self, method: Callable[..., CallState], *args: Any) -> None:
        """A step of the call (end it, verify, mark the checklist, pick an offer): the call's new state back."""
        self.ask(method, *args, answer=answers.CallChanged)

    def verified(self, account_id: int, answer: Verification | None) -> None:
        """F4's dialog closed: what the person on the line confirmed (or that it is not the debtor)."""
        case = self.view.case
        if answer is None or case is None or case.account_id != account_id:
            return
        if answer.not_the_debtor:
            self.call_step(self._service().identity_failed, account_id)
        else:
            self.call_step(self._service().verify_identity, account_id, answer.identifiers)

    def section_opened(self, account_id: int, section: str) -> None:
        """F7 (listening) and F8 (offers) move the checklist on; the other sections are only read."""
        step = {"listening": "listen", "offers": "offer"}.get(section)
        if step is not None:
            self.call_step(self._service().mark_step, account_id, step)

    def callbacks(self) -> None:
        """Ctrl+T: my callbacks today."""
        self.ask(self._service().callbacks_today, answer=answers.CallbacksReady)

    def numbers(self, account_id: int) -> None:
        """F3: the debtor's numbers and the gate's verdict on each, to choose from."""
        self.ask(self._service().numbers, account_id, answer=partial(answers.NumbersReady, account_id))

    def dial(self, account_id: int, contact_id: int | None = None) -> None:
        """The gate's answer on the number chosen (None: the first it allows), or the call started."""
        self.ask(self._service().dial, account_id, contact_id, answer=answers.DialDone)

    def reveal(self, account_id: int) -> None:
        """Ctrl+R: the national ID, once the reveal is in the audit log."""
        self.ask(self._service().reveal_national_id, account_id, answer=partial(answers.IdRevealed, account_id))

    def amend(self, account_id: int) -> None:
        """Ctrl+N: the agent's last note on the case, to correct."""
        self.ask(self._service().start_amendment, account_id, answer=partial(answers.AmendmentReady, account_id))

    def search(self, text: str, dialog: Any) -> None:
        """A search typed in the search dialog; the rows go back to the dialog (a newer search replaces it)."""
        from agent_tui.ui.workstation.dialogs.search import SearchScreen

        service = self._service()
        self.worker.ask(service.search, text, answer=partial(SearchScreen.ResultsReady, text), to=dialog, tag="search")

    def _service(self) -> Workstation:
        """The service (only asked for once the desk is open: the keys that need it are dimmed until then)."""
        if self.service is None:
            raise RuntimeError("the desk is not open yet")
        return self.service

    def failed(self, step: str, error: BaseException) -> None:
        """A refusal or a failure in a step becomes a notice; nothing is lost from the form."""
        log.error("%s failed", step, exc_info=error)
        if step in ("save_note", "amend_note"):
            self.saved()
            self.view.note.set_status("")
            self.dirty = True  # the form is kept: the next autosave writes it as the draft
        if isinstance(error, CaseRefused):
            self.screen.app.notify(plain(fmt.text(error.msg)), severity="warning", markup=False)
        else:
            # The step and the class only: the message may quote what was typed (the log has it, masked).
            text = t("workstation.notice.failed", error=f"{step}: {type(error).__name__}")
            self.screen.app.notify(text, severity="error", timeout=10, markup=False)

    # ---- the form ----

    def case_shown(self) -> None:
        """A new case (or none) is on the desk: nothing typed on it yet."""
        self.dirty = False
        self.touched = set()

    def draft_restored(self, account_id: int, draft: NoteDraft) -> None:
        """The case came with an unsaved draft: its filled fields count as touched, and are checked."""
        self.touched = {name for name, value in draft.to_dict().items() if value}
        self.check(account_id, draft)

    def form_changed(self, account_id: int, draft: NoteDraft, field: str) -> None:
        """The agent changed ``field``: check the form, and move the checklist on where the field says so."""
        service = self._service()
        self.dirty = True
        self.revision += 1
        if field:
            self.touched.add(field)
        self.check(account_id, draft)
        if field in ("hardship", "capacity"):
            self.hear(account_id, draft)
        if field == "outcome" and draft.outcome:
            self.call_step(service.choose_outcome, account_id, draft.outcome)
        elif field == "next_action" and draft.next_action:
            self.call_step(service.mark_step, account_id, "record")

    def check(self, account_id: int, draft: NoteDraft) -> None:
        """The form's problems, checked on the worker (the rules read the case the service holds).

        Only the newest check matters, and what it shows changes nothing a later key does (Ctrl+S
        checks again as it saves): keys typed meanwhile do not wait for it, and a check not yet
        started when a newer one is asked is dropped.
        """
        self.worker.ask(self._service().check_note, account_id, draft,
                        answer=partial(answers.NoteChecked, account_id), keys_wait=False, tag="check")

    def hear(self, account_id: int, draft: NoteDraft) -> None:
        """What the debtor said (hardship, monthly capacity) sizes the offers again; only the newest typing counts.

        The next key waits for the new offers (it is a few milliseconds): F8 typed at once shows them.
        """
        self.worker.ask(self._service().hear, account_id, draft,
                        answer=partial(answers.OffersHeard, account_id), tag="hear")

    def amending(self) -> None:
        """The form now holds a note to correct: it is to be saved, and nothing in it was typed yet."""
        self.touched = set()
        self.dirty = True

    def save(self, account_id: int, draft: NoteDraft, warned: bool = False) -> None:
        """Ctrl+S: the service checks every field and saves; no autosave starts until the answer.

        ``warned``: the agent saw what the wording checker flagged and saves anyway.
        """
        self.saving = True
        self.view.note.set_status(t("workstation.note.saving"))
        self._wait_notice = self.screen.set_interval(WAIT_NOTICE_SECONDS, self._still_saving)
        self.ask(self._service().save_note, account_id, draft, self.revision, warned, answer=answers.NoteSaved)

    def _still_saving(self) -> None:
        """The save has not come back yet: most likely another program holds the database's write lock."""
        if not self.saving or self.service is None:
            return
        if not self.waiting:
            self.waiting = True
            self.view.note.set_status(t("trust.waiting_for_database"))
        wait = self.service.waiting()
        if wait is not None and not self.stopping:
            self.view.note.set_status(t("trust.database_busy", tries=wait.tries, seconds=round(wait.seconds)))

    def keep_as_draft(self) -> bool:
        """Esc while the save waits for the database: stop waiting, keep the note as a draft; whether it did."""
        if not self.waiting or self.stopping or self.service is None:
            return False
        if self.service.stop_waiting():
            self.stopping = True
            self.view.note.set_status(t("trust.stopping_wait"))
        return True

    def saved(self) -> None:
        """Ctrl+S has come back (saved or not)."""
        self.saving = self.waiting = self.stopping = False
        if self._wait_notice is not None:
            self._wait_notice.stop()
            self._wait_notice = None

    # ---- autosave ----

    def autosave(self) -> None:
        """Every second: a changed draft goes to the database (keys do not wait for it)."""
        self._store_draft(keys_wait=False)

    async def before_quit(self) -> None:
        """Quitting: the changed draft goes to the database, and the app waits until it is there (the case
        stays the agent's, to come back first). With no call and nothing typed, the case goes back to the
        team at once instead of being held for the rest of its lease."""
        case = self.view.case
        if case is not None and self.service is not None and not self.saving and self.view.unsaved() is None:
            self.worker.ask(self.service.leave_case, case.account_id, keys_wait=True)
            try:
                await asyncio.wait_for(self.worker.idle(), QUIT_WAIT_SECONDS)
            except TimeoutError:
                log.error("case not given back on quit: the database did not answer")
            return
        if self._store_draft(keys_wait=True):
            try:
                await asyncio.wait_for(self.worker.idle(), QUIT_WAIT_SECONDS)
            except TimeoutError:
                log.error("draft not saved on quit: the database did not answer")

    def _store_draft(self, keys_wait: bool) -> bool:
        case = self.view.case
        if not self.dirty or case is None or self.saving or self.service is None:
            return False
        self.dirty = False
        self.worker.ask(
            self.service.save_draft,
            case.account_id,
            self.view.note.draft(),
            self.revision,
            answer=partial(answers.DraftStored, case.account_id),
            keys_wait=keys_wait,
        )
        return True


def _opened(opened: tuple[Workstation, list[QueueRow]]) -> answers.Opened:
    return answers.Opened(*opened)
