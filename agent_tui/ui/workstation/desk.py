"""The desk: one screen with the queue, the debtor, the script and the call note.

The screen holds what is on it (the open case and its call state) and asks
the :class:`~agent_tui.service.workstation.Workstation` for everything else
in thread workers; answers come back as the messages below. The keys are
the call flow of the issue: F2 next case, F3 dial, F4 identity verified, F5
end call, F6 note, F7–F9 script sections, Ctrl+S save.

The desk is drawn first and opened after: its first frame is the panes,
their titles and the footer, with the queue still loading; the service is
imported and opened in a worker just after that frame, and the queue comes
with it. A key that needs the service (F2, search) pressed before then
waits, and runs once the desk is open; the keys that need a case do what
they do without one (say there is none).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial, wraps
from typing import TYPE_CHECKING, Callable
from zoneinfo import ZoneInfo

from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from agent_tui.i18n import t
from agent_tui.service.errors import CaseRefused
from agent_tui.ui.common import format as fmt
from agent_tui.ui.workstation.keys import DESK_KEYS, localized_bindings, usable_now
from agent_tui.ui.workstation.widgets.checklist_strip import ChecklistStrip
from agent_tui.ui.workstation.widgets.debtor_pane import DebtorPane
from agent_tui.ui.workstation.widgets.deferred import Deferred
from agent_tui.ui.common.key_bar import KeyBar
from agent_tui.ui.workstation.widgets.pane_tabs import PaneTabs
from agent_tui.ui.workstation.widgets.queue_pane import QueuePane
from agent_tui.ui.workstation.widgets.script_pane import ScriptPane

if TYPE_CHECKING:
    from agent_tui.service.views import CallState, CaseView, DialResult, NoteDraft, QueueRow, SaveResult
    from agent_tui.service.workstation import Workstation
    from agent_tui.ui.workstation.widgets.note_form import NoteForm

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log

#: After this long without an answer from the save worker, the status line says it is waiting.
WAIT_NOTICE_SECONDS = 0.5


def once_open(method: Callable) -> Callable:
    """A key's action that needs the service: before the desk is open it waits, and runs when it is.

    A key pressed again while it waits (F2, F2: "is it coming?") still runs once.
    """

    @wraps(method)
    def run(self: DeskScreen, *args) -> None:
        if self.opened is None:
            step = partial(method, self, *args)
            if not any(w.func is method and w.args == step.args for w in self._waiting):
                self._waiting.append(step)
            return
        method(self, *args)

    return run


class DeskScreen(Screen):
    """The agent's one screen; on a narrow terminal one pane shows at a time."""

    @dataclass
    class Opened(Message):
        """The service is open, and the queue it ordered first."""

        service: Workstation
        rows: list[QueueRow]

    @dataclass
    class QueueLoaded(Message):
        """The queue as the service ordered it."""

        rows: list[QueueRow]

    @dataclass
    class CaseLoaded(Message):
        """A case to show (None: nothing to take)."""

        case: CaseView | None

    @dataclass
    class CallChanged(Message):
        """The call or the checklist moved on."""

        state: CallState

    @dataclass
    class DialDone(Message):
        """F3's answer: refused by the gate, or a call started."""

        result: DialResult

    @dataclass
    class NoteSaved(Message):
        """Ctrl+S's answer: saved (and the next case), or the problems that stopped it."""

        result: SaveResult

    @dataclass
    class DraftStored(Message):
        """The form's draft reached the database."""

        account_id: int
        at: datetime

    @dataclass
    class IdRevealed(Message):
        """The national ID, shown after the reveal was written to the audit log."""

        account_id: int
        national_id: str

    @dataclass
    class AmendmentReady(Message):
        """The agent's last note on the case, copied into the form to be corrected."""

        account_id: int
        draft: NoteDraft

    strip = getters.query_one("#strip", ChecklistStrip)
    queue = getters.query_one("#queue", QueuePane)
    debtor = getters.query_one("#debtor", DebtorPane)
    script = getters.query_one("#script", ScriptPane)
    #: The NoteForm, built just after the first frame (its module is imported then, so no type here).
    note: getters.query_one[NoteForm] = getters.query_one("#note")
    tabs = getters.query_one("#pane-tabs", PaneTabs)

    def __init__(
        self, open_service: Callable[[], Workstation], now: Callable[[], datetime], floor_zone: str = "UTC"
    ) -> None:
        super().__init__(id="desk-screen")
        self.floor_zone = ZoneInfo(floor_zone)
        self._bindings = localized_bindings(DESK_KEYS, self._bindings)
        self._open_service = open_service
        #: The service once the opening worker has opened it; None until then.
        self.opened: Workstation | None = None
        #: Keys pressed before the service was open, to run (in order) once it is.
        self._waiting: list[partial] = []
        self.now = now
        self.case: CaseView | None = None
        self.state: CallState | None = None
        self._dirty = False
        self._revision = 0
        self._touched: set[str] = set()
        self._saving = False

    def compose(self) -> ComposeResult:
        yield ChecklistStrip(self.now, id="strip")
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="desk"):
            yield QueuePane(id="queue", classes="pane")
            with Vertical(id="right"):
                with Horizontal(id="top"):
                    yield DebtorPane(id="debtor", classes="pane")
                    yield ScriptPane(id="script", classes="pane")
                # Built just after the first frame: most of the desk's widgets, and empty until a case is open.
                yield Deferred(_note_form)
        yield KeyBar()

    def on_mount(self) -> None:
        self._take_width_class()
        self.set_interval(1.0, self._flush_draft)
        self.queue.loading()
        self.queue.table.focus()
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        """Just after the first frame: open the desk (the imports and the database would have held the frame back)."""
        self.app.first_frame_drawn()
        self._open()

    @property
    def service(self) -> Workstation:
        """The workstation's use cases (only asked for once the desk is open)."""
        if self.opened is None:
            raise RuntimeError("the desk is not open yet")
        return self.opened

    def _take_width_class(self) -> None:
        """``-narrow`` or ``-wide`` from the terminal's width now, so the first frame is laid out for it.

        Textual sets the app's breakpoint classes at the first resize, after the first
        frame: an 80-column terminal was first drawn with the wide desk squeezed into it.
        """
        width = self.app.size.width
        applies = [(at, name) for at, name in self.app.HORIZONTAL_BREAKPOINTS if width >= at]
        chosen = max(applies)[1] if applies else None
        for _, name in self.app.HORIZONTAL_BREAKPOINTS:
            self.set_class(name == chosen, name)

    # ---- panes ----

    def show_pane(self, name: str) -> None:
        """Bring a pane forward (on a narrow terminal it replaces the one shown)."""
        self.tabs.pane = name

    def action_next_pane(self) -> None:
        """Ctrl+O: the next pane, and the cursor into it."""
        pane = self.tabs.next()
        if pane == "note":
            if self.query("#note"):  # not yet in its place in the very first moments
                self.note.focus_first()
        elif pane == "script" and self.script.built:
            self.script.open_section(self.script.section)
        elif pane == "debtor":
            self.debtor.scroll.focus()
        else:
            self.queue.table.focus()

    # ---- which keys work now ----

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that cannot work in the call's present state (on a narrow screen, hide them)."""
        if usable_now(action, self.case is not None, self.state.call if self.state else None):
            return True
        return False if self.has_class("-narrow") else None

    def on_resize(self) -> None:
        self.query_one(KeyBar).compact = self.has_class("-narrow")
        self.refresh_bindings()

    # ---- workers: every database call runs off the UI thread ----

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open(self) -> None:
        service = self._open_service()
        rows = service.queue()
        self.post_message(self.Opened(service, rows))

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue")
    def _load_queue(self) -> None:
        rows = self.service.queue()
        if not get_current_worker().is_cancelled:
            self.post_message(self.QueueLoaded(rows))

    @work(thread=True, exclusive=True, exit_on_error=False, group="case")
    def _load_case(self, account_id: int | None) -> None:
        case = self.service.next_case() if account_id is None else self.service.open_case(account_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CaseLoaded(case))

    # Call-flow steps are commands, not "latest wins" reads: none may be dropped,
    # so these workers are not exclusive and always post their answer.
    @work(thread=True, exit_on_error=False, group="call")
    def _call_step(self, step: str, *args) -> None:
        from agent_tui.service.views import CallState, DialResult

        method = getattr(self.service, step)
        answer = method(*args)
        if isinstance(answer, DialResult):
            self.post_message(self.DialDone(answer))
        elif isinstance(answer, CallState):
            self.post_message(self.CallChanged(answer))

    @work(thread=True, exit_on_error=False, group="save")
    def _save(self, account_id: int, draft: NoteDraft, revision: int) -> None:
        self.post_message(self.NoteSaved(self.service.save_note(account_id, draft, revision)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def _store_draft(self, account_id: int, draft: NoteDraft, revision: int) -> None:
        at = self.service.save_draft(account_id, draft, revision)
        if at is not None:
            self.post_message(self.DraftStored(account_id, at))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reveal")
    def _reveal(self, account_id: int) -> None:
        self.post_message(self.IdRevealed(account_id, self.service.reveal_national_id(account_id)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="amend")
    def _amend(self, account_id: int) -> None:
        self.post_message(self.AmendmentReady(account_id, self.service.start_amendment(account_id)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A refusal or a failure in a worker becomes a notice; nothing is lost from the form."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "open":  # the desk cannot be opened: the app leaves and says why
            log.error("workstation not opened", exc_info=error)
            self._waiting.clear()
            self.app.start_failed(error)
            return
        log.error("%s worker failed", event.worker.group, exc_info=error)
        if event.worker.group == "save":
            self._saving = False
            self.note.set_status("")
        if isinstance(error, CaseRefused):
            self.app.notify(fmt.text(error.msg), severity="warning", markup=False)
        else:
            self.app.notify(
                t("workstation.notice.failed", error=f"{type(error).__name__}: {error}"),
                severity="error",
                timeout=10,
                markup=False,
            )

    # ---- answers ----

    @on(Opened)
    def _opened(self, event: Opened) -> None:
        if self.query(Deferred):  # the panes built after the first frame are not all in place yet
            self.call_after_refresh(self._opened, event)
            return
        self.opened = event.service
        self.queue.show(event.rows)
        waiting, self._waiting = self._waiting, []
        for step in waiting:
            step()

    @on(QueueLoaded)
    def _queue_loaded(self, event: QueueLoaded) -> None:
        self.queue.show(event.rows, self.case.account_id if self.case else None)

    @on(CaseLoaded)
    async def _case_loaded(self, event: CaseLoaded) -> None:
        case = event.case
        self.case = case
        self._dirty = False
        self._touched = set()
        if case is None:
            self.state = None
            await self.debtor.show(None)
            self.strip.show((), None)
            self.note.load(None, ())
            await self.script.show((), (), None)
            self.app.notify(self.queue.why_nothing_to_take(self.floor_zone), markup=False)
            self.refresh_bindings()
            self._load_queue()
            return
        from agent_tui.service.views import CallState

        self.state = CallState(case.account_id, case.call, case.checklist, case.step)
        await self.debtor.show(case)
        await self.script.show(case.script, case.offers, case.step)
        self.note.load(case.draft, case.offers)
        self.strip.show(case.checklist, case.call)
        self.script.open_section("first_call", focus=False)
        if case.draft is not None and case.draft_saved_at is not None:
            saved = case.draft_saved_at.astimezone(self.floor_zone)
            self.note.set_status(t("workstation.note.restored", at=fmt.day_and_clock(saved)))
            self.app.notify(t("workstation.notice.draft_restored"), markup=False)
            self._touched = {name for name, value in case.draft.to_dict().items() if value}
            self._validate(case.draft)
        self.show_pane("debtor")
        self.debtor.scroll.focus()
        self.queue.move_to(case.account_id)
        self.refresh_bindings()
        self._load_queue()

    def _apply_state(self, state: CallState) -> None:
        if self.case is None or state.account_id != self.case.account_id:
            return  # an answer about a case no longer on the screen
        self.state = state
        self.strip.show(state.checklist, state.call)
        self.script.highlight(state.step)
        self.refresh_bindings()
        if state.blocked is not None:
            self.app.notify(fmt.text(state.blocked), severity="warning", markup=False)

    @on(CallChanged)
    def _call_changed(self, event: CallChanged) -> None:
        self._apply_state(event.state)

    @on(DialDone)
    def _dialled(self, event: DialDone) -> None:
        result = event.result
        if not result.allowed:
            zone = self.case.debtor.time_zone if self.case else "UTC"
            from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen

            self.app.push_screen(RefusalScreen(result, zone, self.floor_zone.key))
            return
        if result.state is not None:
            self._apply_state(result.state)
            log.info("call dialled account=%s", result.state.account_id)
        if result.dialer_error is not None:
            self.app.notify(fmt.text(result.dialer_error), severity="error", markup=False)
        call = result.state.call if result.state else None
        if call is not None and call.dial_by_hand:
            self.app.notify(t("workstation.notice.dial_by_hand", number=call.dial_by_hand), markup=False)
        self.show_pane("script")
        self.script.open_section("first_call")

    @on(NoteSaved)
    def _saved(self, event: NoteSaved) -> None:
        self._saving = False
        result = event.result
        if not result.saved:
            self.note.set_status("")
            self.note.show_problems(result.problems)
            self.show_pane("note")
            self.note.focus_first()
            self.app.notify(t("workstation.notice.not_saved"), severity="warning", markup=False)
            return
        self.app.notify(t("workstation.notice.saved", id=result.note_id), markup=False)
        self.post_message(self.CaseLoaded(result.next_case))

    @on(DraftStored)
    def _draft_stored(self, event: DraftStored) -> None:
        if self.case is not None and event.account_id == self.case.account_id and not self._saving:
            at = event.at.astimezone(self.floor_zone).strftime("%H:%M:%S")
            self.note.set_status(t("workstation.note.draft_saved", at=at))

    @on(IdRevealed)
    def _revealed_id(self, event: IdRevealed) -> None:
        if self.case is not None and event.account_id == self.case.account_id:
            self.debtor.reveal(self.case, event.national_id)
            self.app.notify(t("workstation.notice.id_revealed"), markup=False)

    @on(AmendmentReady)
    def _amendment(self, event: AmendmentReady) -> None:
        if self.case is None or event.account_id != self.case.account_id:
            return
        self.note.load(event.draft, self.case.offers)
        self._touched = set()
        self._dirty = True
        self.show_pane("note")
        self.note.focus_first()

    # ---- the form ----

    def on_note_form_draft_changed(self, event: NoteForm.DraftChanged) -> None:
        if self.case is None:
            return
        self._dirty = True
        self._revision += 1
        if event.field:
            self._touched.add(event.field)
        self._validate(event.draft)
        if event.field == "outcome" and event.draft.outcome:
            self._call_step("choose_outcome", self.case.account_id, event.draft.outcome)
        elif event.field == "next_action" and event.draft.next_action:
            self._call_step("mark_step", self.case.account_id, "record")

    def _validate(self, draft: NoteDraft, every_field: bool = False) -> list:
        problems = self.service.check_note(self.case.account_id, draft)
        shown = problems if every_field else [p for p in problems if p.field in self._touched]
        self.note.show_problems(shown)
        return problems

    def _flush_draft(self) -> None:
        """Autosave: at most a second after the last keystroke, the draft is on its way to the database."""
        if not self._dirty or self.case is None or self._saving:
            return
        self._dirty = False
        self._store_draft(self.case.account_id, self.note.draft(), self._revision)

    def save_draft_now(self) -> None:
        """Before quitting: write the draft on this thread, so nothing typed is lost."""
        if self._dirty and self.case is not None and not self._saving:
            self._dirty = False
            self.service.save_draft(self.case.account_id, self.note.draft(), self._revision)

    # ---- the keys ----

    def _guard_open_call(self) -> bool:
        """True (and a notice) when a dialled call still needs its note before moving on."""
        if self.state is not None and self.state.call is not None:
            self.app.notify(t("workstation.notice.finish_note"), severity="warning", markup=False)
            self.show_pane("note")
            self.note.focus_first()
            return True
        return False

    def _need_case(self) -> bool:
        if self.case is None:
            self.app.notify(t("workstation.notice.no_case"), severity="warning", markup=False)
            return False
        return True

    def action_help(self) -> None:
        """F1: the key table, every key as config.yaml mapped it (also those not usable right now)."""
        from agent_tui.ui.workstation.dialogs.help import HelpScreen, key_table

        self.app.push_screen(HelpScreen(key_table(self.app, self.app.config.keys)))

    @once_open
    def action_next_case(self) -> None:
        """F2: save nothing twice, lose nothing, take the next case."""
        if self._guard_open_call():
            return
        self._flush_draft()
        self._load_case(None)

    @on(QueuePane.CaseChosen)
    @once_open
    def _case_chosen(self, event: QueuePane.CaseChosen) -> None:
        if self.case is not None and event.account_id == self.case.account_id:
            self.show_pane("debtor")
            self.debtor.scroll.focus()
            return
        if self._guard_open_call():
            return
        self._flush_draft()
        self._load_case(event.account_id)

    def action_dial(self) -> None:
        """F3: the compliance gate first; dial only what it allows."""
        if not self._need_case():
            return
        if self._guard_open_call():
            return
        self._call_step("dial", self.case.account_id)

    def action_verify_identity(self) -> None:
        """F4: tick what the person on the line confirmed; two identifiers verify the debtor."""
        if not self._need_case():
            return
        case = self.case
        from agent_tui.ui.workstation.dialogs.verify import Verification, VerifyScreen

        def verified(answer: Verification | None) -> None:
            if answer is None or self.case is None or self.case.account_id != case.account_id:
                return
            if answer.not_the_debtor:
                self._call_step("identity_failed", case.account_id)
            else:
                self._call_step("verify_identity", case.account_id, answer.identifiers)

        self.app.push_screen(VerifyScreen.for_debtor(case.debtor), verified)

    def action_end_call(self) -> None:
        """F5: stop the clock; the note is next."""
        if not self._need_case():
            return
        self._call_step("end_call", self.case.account_id)
        self.show_pane("note")
        self.note.focus_first()

    def action_focus_note(self) -> None:
        """F6: the cursor to the note form."""
        self.show_pane("note")
        self.note.focus_first()

    def action_show_section(self, name: str) -> None:
        """F7/F8/F9: listening prompts, offers, objections."""
        self.show_pane("script")
        self.script.open_section(name)
        if self.case is not None and name in ("listening", "offers"):
            self._call_step("mark_step", self.case.account_id, "listen" if name == "listening" else "offer")

    @on(ScriptPane.OfferPicked)
    def _offer_picked(self, event: ScriptPane.OfferPicked) -> None:
        if self.case is None:
            return
        self.note.set_offer(event.index)
        self._call_step("pick_offer", self.case.account_id, event.index)
        self.app.notify(t("workstation.notice.offer_picked", index=event.index), markup=False)

    @on(ScriptPane.ObjectionPicked)
    def _objection_picked(self, event: ScriptPane.ObjectionPicked) -> None:
        if self.case is None or not event.outcome:
            return
        self.note.set_outcome(event.outcome)
        label = fmt.choice("callnote.outcome", event.outcome)
        self.app.notify(t("workstation.notice.outcome_set", outcome=label), markup=False)

    def action_save_note(self) -> None:
        """Ctrl+S: check every field, then write attempt, note, promise, stage and audit at once."""
        if not self._need_case() or self._saving:
            return
        draft = self.note.draft()
        problems = self._validate(draft, every_field=True)
        if problems:
            self.show_pane("note")
            self.note.focus_first()
            self.app.notify(t("workstation.notice.not_saved"), severity="warning", markup=False)
            return
        self._saving = True  # no new autosave starts from here on
        self.note.set_status(t("workstation.note.saving"))
        self.set_timer(WAIT_NOTICE_SECONDS, self._still_saving)
        self._save(self.case.account_id, draft, self._revision)

    def _still_saving(self) -> None:
        """The save has not come back yet: most likely another program holds the database's write lock."""
        if self._saving:
            self.note.set_status(t("trust.waiting_for_database"))

    @once_open
    def action_search(self) -> None:
        """`/`: find a case by name, account ref or phone."""

        def chosen(account_id: int | None) -> None:
            if account_id is not None:
                self.post_message(QueuePane.CaseChosen(account_id))

        from agent_tui.ui.workstation.dialogs.search import SearchScreen

        self.app.push_screen(SearchScreen(self.service.search), chosen)

    def action_reveal_id(self) -> None:
        """Ctrl+R: show the full national ID; the reveal goes to the audit log first."""
        if self._need_case():
            self._reveal(self.case.account_id)

    def action_amend_note(self) -> None:
        """Ctrl+N: correct the last note with a new one that points to it."""
        if self._need_case() and not self._guard_open_call():
            self._amend(self.case.account_id)


def _note_form() -> NoteForm:
    """The call-note form, imported when it is built (after the first frame), with the rules it checks."""
    from agent_tui.ui.workstation.widgets.note_form import NoteForm

    return NoteForm(id="note", classes="pane")
