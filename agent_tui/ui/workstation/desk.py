"""The desk: one screen with the queue, the debtor, the script and the call note.

The screen holds what is on it (the open case and its call state) and takes
the keys: F2 next case, F3 dial, F4 identity verified, F5 end call, F6 note,
F7–F9 script sections, Ctrl+S save. What it asks of the service goes through
its controller (:mod:`.desk_controller`) to the desk's one database worker;
the answers come back as the messages of :mod:`.desk_messages`, in the order
the keys were pressed. The service is opened beside the first frame; until
then the keys that need it are dimmed, and the queue says it is on its way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen

from agent_tui.i18n import language, t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation import desk_messages as answers
from agent_tui.ui.workstation.desk_controller import DeskController
from agent_tui.ui.workstation.desk_worker import DeskWorker
from agent_tui.ui.workstation.keys import DESK_KEYS, OUTCOME_KEYS, SAVED_AT_ONCE, localized, usable_now
from agent_tui.ui.workstation.widgets.checklist_strip import ChecklistStrip
from agent_tui.ui.workstation.widgets.debtor_pane import DebtorPane
from agent_tui.ui.workstation.widgets.note_form import NoteForm
from agent_tui.ui.workstation.widgets.outcome_bar import OutcomeBar
from agent_tui.ui.workstation.widgets.pane_tabs import PaneTabs
from agent_tui.ui.workstation.widgets.queue_pane import QueuePane
from agent_tui.ui.workstation.widgets.script_pane import ScriptPane

if TYPE_CHECKING:
    from agent_tui.i18n import Msg
    from agent_tui.service.views import CallState, CallView, CaseView
    from agent_tui.service.workstation import Workstation

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log


def heard_lines(case: CaseView) -> tuple[str, ...]:
    """Above the offers: what they were worked out for (the capacity stated, hardship), and why no plan fits."""
    lines = []
    capacity = case.capacity.localize(language()) if case.capacity is not None else None
    if capacity is not None and case.hardship:
        lines.append(t("workstation.offer.sized_both", capacity=capacity))
    elif capacity is not None:
        lines.append(t("workstation.offer.sized_capacity", capacity=capacity))
    elif case.hardship:
        lines.append(t("workstation.offer.sized_hardship"))
    lines += [plain(fmt.text(reason)) for reason in case.offers_left_out]
    return tuple(lines)


class DeskScreen(Screen[None]):
    """The agent's one screen; on a narrow terminal one pane shows at a time.

    Build it through :func:`~agent_tui.ui.workstation.keys.localized`, which gives it its keys.
    """

    KEYS = DESK_KEYS

    strip = getters.query_one("#strip", ChecklistStrip)
    queue = getters.query_one("#queue", QueuePane)
    debtor = getters.query_one("#debtor", DebtorPane)
    script = getters.query_one("#script", ScriptPane)
    #: The call-note form (put in place just after the first frame: it is empty until a case is open).
    note = getters.query_one("#note", NoteForm)
    tabs = getters.query_one("#pane-tabs", PaneTabs)
    outcome_bar = getters.query_one("#outcome-bar", OutcomeBar)

    def __init__(self, open_service: Callable[[], Workstation], now: Callable[[], datetime], floor_zone: str = "UTC",
                 keymap: dict[str, str] | None = None) -> None:
        super().__init__(id="desk-screen")
        self.floor_zone = ZoneInfo(floor_zone)
        self.now = now
        #: config.yaml's ``keys:``, for the F1 help.
        self.keymap = dict(keymap or {})
        self.controller = DeskController(self, self, open_service)
        self.case: CaseView | None = None
        self.state: CallState | None = None
        #: The offer the script reads and the call has recorded as put to the debtor, if any.
        self.picked_offer: int | None = None

    @property
    def service(self) -> Workstation:
        """The workstation's use cases (only asked for once the desk is open: the keys that need it are dimmed)."""
        if self.controller.service is None:
            raise RuntimeError("the desk is not open yet")
        return self.controller.service

    def compose(self) -> ComposeResult:
        yield ChecklistStrip(self.now, id="strip")
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="desk"):
            yield QueuePane(self.now, id="queue", classes="pane")
            with Vertical(id="right"):
                with Horizontal(id="top"):
                    yield DebtorPane(id="debtor", classes="pane")
                    yield ScriptPane(id="script", classes="pane")
                yield Lazy(NoteForm(id="note", classes="pane"))
        yield OutcomeBar(id="outcome-bar")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._take_width_class()
        self.set_interval(1.0, self.controller.autosave)
        self.queue.border_subtitle = t("workstation.queue.loading")
        self.queue.table.focus()
        self.controller.open()

    def _take_width_class(self) -> None:
        """``-narrow`` or ``-wide`` from the terminal's width now, so the first frame is laid out for it (Textual
        sets them at the first resize, after the first frame: the wide desk squeezed into 80 columns)."""
        breakpoints = self.app.HORIZONTAL_BREAKPOINTS or []
        applies = [(at, name) for at, name in breakpoints if self.app.size.width >= at]
        chosen = max(applies)[1] if applies else None
        for _, name in breakpoints:
            self.set_class(name == chosen, name)

    # ---- panes, and which keys work now ----

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that cannot work now (on a narrow screen, hide them): before the desk is open, or in
        the call's present state."""
        call = self.state.call if self.state else None
        if usable_now(action, self.controller.service is not None, self.case is not None, call):
            return True
        return False if self.has_class("-narrow") else None

    def _show_keys(self) -> None:
        """The footer's keys, and the outcome keys' line while a dialled call waits for its note."""
        self.refresh_bindings()
        if self.query("#outcome-bar"):
            waiting = self.case is not None and self.state is not None and self.state.call is not None
            self.outcome_bar.show(tuple(
                (self._key_shown(spec.id, spec.key), t(f"workstation.key.{spec.id}")) for spec in OUTCOME_KEYS
            ) if waiting else None)

    def on_resize(self) -> None:
        self.refresh_bindings()

    # ---- answers ----

    @on(answers.Opened)
    def _opened(self, event: answers.Opened) -> None:
        if not self.query("#note"):  # the form is put in place just after the first frame
            self.call_after_refresh(self._opened, event)
            return
        self.controller.service = event.service
        self.queue.show(event.rows)
        self.refresh_bindings()
        self.controller.open_done.set()

    @on(answers.OpenFailed)
    def _open_failed(self, event: answers.OpenFailed) -> None:
        """The desk cannot be opened: the message goes on to the app, which logs it, leaves and says why."""
        self.controller.open_done.set()

    @on(DeskWorker.Failed)
    def _step_failed(self, event: DeskWorker.Failed) -> None:
        self.controller.failed(event.step, event.error)

    @on(answers.QueueLoaded)
    def _queue_loaded(self, event: answers.QueueLoaded) -> None:
        self.queue.show(event.rows, self.case.account_id if self.case else None)

    @on(answers.CaseLoaded)
    async def _case_loaded(self, event: answers.CaseLoaded) -> None:
        await self._show_case(event.case)

    async def _show_case(self, case: CaseView | None) -> None:
        """Put ``case`` on the desk (None: say why there is nothing to take); then the queue again."""
        self.case = case
        self.controller.case_shown()
        offer = case.draft.offer if case is not None and case.draft is not None else ""
        self.picked_offer = int(offer) if offer.isdigit() else None
        if case is None:
            self.state = None
            self._fit_call(None)
            await self.debtor.show(None)
            self.strip.show((), None)
            self.note.load(None, ())
            await self.script.show((), (), None)
            self.app.notify(self.queue.why_nothing_to_take(self.floor_zone, self.now()), markup=False)
        else:
            from agent_tui.service.views import CallState

            self.state = CallState(case.account_id, case.call, case.checklist, case.step)
            await self.debtor.show(case)
            await self.script.show(case.script, case.offers, case.step, heard_lines(case))
            self.note.load(case.draft, case.offers)
            self._fit_call(case.call)
            self.strip.show(case.checklist, case.call)
            self.script.open_section("first_call", focus=False)
            if case.draft is not None and case.draft_saved_at is not None:
                saved = fmt.on_clock(case.draft_saved_at, self.floor_zone, self.now(), "floor")
                self.note.set_status(t("workstation.note.restored", at=saved))
                self.app.notify(t("workstation.notice.draft_restored"), markup=False)
                self.controller.draft_restored(case.account_id, case.draft)
            self.show_pane("debtor")
            self.debtor.scroll.focus()
            self.queue.move_to(case.account_id)
        self._show_keys()
        self.controller.reload_queue()

    @on(answers.OffersHeard)
    def _offers_heard(self, event: answers.OffersHeard) -> None:
        """The offers and the words quoting them, worked out again from the hardship and capacity typed."""
        heard = event.heard
        if heard is None or self.case is None or event.account_id != self.case.account_id:
            return
        case = heard.case
        dropped = self.picked_offer is not None and heard.picked is None
        if heard.picked != self.picked_offer:
            self.controller.dirty = True  # the draft stored next holds the offer's new number (or none)
        self.case, self.picked_offer = case, heard.picked
        self.script.show_offers(case.offers, heard_lines(case))
        self.script.refill(case.script_for(heard.picked) if heard.picked else case.script)
        self.script.mark_picked(heard.picked)
        self.note.set_offers(case.offers, heard.picked)
        if dropped:  # (the new list says itself what it was worked out for: no notice on every key typed)
            self.app.notify(t("workstation.notice.offer_dropped"), severity="warning", markup=False)

    @on(answers.CallChanged)
    def _call_changed(self, event: answers.CallChanged) -> None:
        self._apply_state(event.state)

    def _apply_state(self, state: CallState) -> None:
        if self.case is None or state.account_id != self.case.account_id:
            return  # an answer about a case no longer on the screen
        self.state = state
        self._fit_call(state.call)
        self.strip.show(state.checklist, state.call)
        self.script.highlight(state.step)
        self._show_keys()
        if state.blocked is not None:
            self.app.notify(plain(fmt.text(state.blocked)), severity="warning", markup=False)

    @on(answers.DialDone)
    def _dialled(self, event: answers.DialDone) -> None:
        result = event.result
        if not result.allowed:
            zone = self.case.debtor.time_zone if self.case else "UTC"
            from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen

            self.app.push_screen(localized(RefusalScreen)(result, zone, self.floor_zone.key))
            return
        if result.state is not None:
            self._apply_state(result.state)
            log.info("call dialled account=%s", result.state.account_id)
        if result.dialer_error is not None:
            self.app.notify(plain(fmt.text(result.dialer_error)), severity="error", markup=False)
        call = result.state.call if result.state else None
        if call is not None and call.dial_by_hand:
            self.app.notify(t("workstation.notice.dial_by_hand", number=plain(call.dial_by_hand)), markup=False)
        self.show_pane("script")
        self.script.open_section("first_call")

    def _fit_call(self, call: CallView | None) -> None:
        """The panes as the call allows: with a third party on the line, no debt, figure or offer anywhere,
        and the note offers only the outcomes that fit the call."""
        third_party = call is not None and call.third_party
        self.debtor.set_third_party(third_party)
        self.script.set_third_party(third_party)
        self.queue.hide_amounts(third_party)
        self.note.fit_call(call.outcomes if call is not None else (), third_party)

    @on(answers.NoteChecked)
    def _note_checked(self, event: answers.NoteChecked) -> None:
        if self.case is not None and event.account_id == self.case.account_id:
            self.note.show_problems([p for p in event.problems if p.field in self.controller.touched])

    @on(answers.NoteSaved)
    async def _saved(self, event: answers.NoteSaved) -> None:
        self.controller.saved()
        result = event.result
        if not result.saved and result.flags and not result.problems:
            self.note.set_status("")
            self._ask_about_wording(result.flags)
            return
        if not result.saved:
            self.note.set_status("")
            self.note.show_problems(result.problems)
            self._to_the_note()
            self.app.notify(t("workstation.notice.not_saved"), severity="warning", markup=False)
            return
        if result.pending_approval:
            self.app.notify(t("workstation.notice.saved_pending", id=result.note_id), severity="warning",
                            timeout=10, markup=False)
        else:
            self.app.notify(t("workstation.notice.saved", id=result.note_id), markup=False)
        await self._show_case(result.next_case)

    def _ask_about_wording(self, flags: tuple[Msg, ...]) -> None:
        """The wording checker flagged the note: save it anyway (the flags go to the lead) or change it."""
        from agent_tui.ui.workstation.dialogs.wording import WordingScreen

        case = self.case
        third_party = self.state is not None and self.state.call is not None and self.state.call.third_party

        def answered(save_anyway: bool | None) -> None:
            if self.case is None or case is None or self.case.account_id != case.account_id:
                return
            if save_anyway and not self.controller.saving:
                self.controller.save(case.account_id, self.note.draft(), warned=True)
            else:
                self.show_pane("note")
                self.note.query_one("#field-text").focus()

        self.app.push_screen(localized(WordingScreen)(flags, third_party), answered)

    @on(answers.DraftStored)
    def _draft_stored(self, event: answers.DraftStored) -> None:
        if event.at is None or self.case is None or event.account_id != self.case.account_id:
            return
        if not self.controller.saving:
            at = event.at.astimezone(self.floor_zone).strftime("%H:%M:%S")
            self.note.set_status(t("workstation.note.draft_saved", at=t("common.clock.floor", at=at)))

    @on(answers.IdRevealed)
    def _revealed_id(self, event: answers.IdRevealed) -> None:
        if self.case is not None and event.account_id == self.case.account_id:
            self.debtor.reveal(self.case, event.national_id)
            self.app.notify(t("workstation.notice.id_revealed"), markup=False)

    @on(answers.AmendmentReady)
    def _amendment(self, event: answers.AmendmentReady) -> None:
        if self.case is None or event.account_id != self.case.account_id:
            return
        self.note.load(event.draft, self.case.offers)
        amended = next((n for n in self.case.notes if n.id == event.draft.amends_id), None)
        if amended is not None:  # which note: its time on the debtor's clock, and what it recorded
            at = fmt.on_clock(amended.at, ZoneInfo(self.case.debtor.time_zone), self.now(), "debtor")
            outcome = plain(fmt.choice("callnote.outcome", amended.outcome))
            self.note.set_status(t("workstation.note.amending_which", id=amended.id, at=at, outcome=outcome))
        self.controller.amending()
        self._to_the_note()

    @on(NoteForm.DraftChanged)
    def _draft_changed(self, event: NoteForm.DraftChanged) -> None:
        if self.case is not None:
            self.controller.form_changed(self.case.account_id, event.draft, event.field)
            if event.field == "offer" and event.draft.offer.isdigit():  # chosen in the form: as if picked
                self._take_offer(int(event.draft.offer))

    # ---- the keys ----

    def _to_the_note(self) -> None:
        """The note pane forward, the cursor on its first field to fill."""
        self.show_pane("note")
        self.note.focus_first()

    def _guard_open_call(self) -> bool:
        """True (and a notice) when a dialled call still needs its note before moving on."""
        if self.state is not None and self.state.call is not None:
            self.app.notify(t("workstation.notice.finish_note"), severity="warning", markup=False)
            self._to_the_note()
            return True
        return False

    def _need_case(self) -> CaseView | None:
        """The open case; None (and a notice) when there is none."""
        if self.case is None:
            self.app.notify(t("workstation.notice.no_case"), severity="warning", markup=False)
        return self.case

    def action_help(self) -> None:
        """F1: the key table, every key as config.yaml mapped it (also those not usable right now)."""
        from agent_tui.ui.workstation.dialogs.help import HelpScreen, key_table

        self.app.push_screen(localized(HelpScreen)(key_table(self.app, self.keymap)))

    def action_next_case(self) -> None:
        """F2: save nothing twice, lose nothing, take the next case."""
        if not self._guard_open_call():
            self.controller.next_case()

    @on(QueuePane.CaseChosen)
    def _case_chosen(self, event: QueuePane.CaseChosen) -> None:
        if self.controller.service is None:
            return
        if self.case is not None and event.account_id == self.case.account_id:
            self.show_pane("debtor")
            self.debtor.scroll.focus()
        elif not self._guard_open_call():
            self.controller.open_case(event.account_id)

    def action_dial(self) -> None:
        """F3: the debtor's numbers with the compliance gate's verdict on each; dial only what it allows."""
        case = self._need_case()
        if case is not None and not self._guard_open_call():
            if self.service.config.dialer.choose_number:
                self.controller.numbers(case.account_id)
            else:
                self.controller.dial(case.account_id)

    @on(answers.NumbersReady)
    def _numbers(self, event: answers.NumbersReady) -> None:
        """One number (or none: the service says so) is dialled at once; more are the agent's choice."""
        if self.case is None or event.account_id != self.case.account_id:
            return
        if self.state is not None and self.state.call is not None:
            return  # dialled meanwhile
        if len(event.numbers) <= 1:
            self.controller.dial(event.account_id)
            return
        from agent_tui.ui.workstation.dialogs.numbers import NumberScreen

        def chosen(contact_id: int | None) -> None:
            if contact_id is not None and self.case is not None and self.case.account_id == event.account_id:
                self.controller.dial(event.account_id, contact_id)

        self.app.push_screen(localized(NumberScreen)(event.numbers), chosen)

    def action_verify_identity(self) -> None:
        """F4: tick what the person on the line confirmed; two identifiers verify the debtor."""
        case = self._need_case()
        if case is None:
            return
        from agent_tui.ui.workstation.dialogs.verify import VerifyScreen

        verified = partial(self.controller.verified, case.account_id)
        self.app.push_screen(localized(VerifyScreen).for_debtor(case.debtor), verified)

    def action_close_call(self, outcome: str) -> None:
        """Shift+F1–F8: end the call with its outcome. Nobody to speak with: saved at once, the next case opens;
        else the outcome in the note (a promise filled from the offer picked) and the cursor where the words go."""
        case = self._need_case()
        call = self.state.call if self.state is not None else None
        if case is None or call is None:
            return
        if call.ended_at is None:
            self.controller.call_step(self.service.end_call, case.account_id)
        if outcome in SAVED_AT_ONCE:
            self.note.set_outcome(outcome, quiet=True)  # the save records it: no step of the call in between
            if not self.controller.saving:
                self.controller.save(case.account_id, self.note.draft())
            return
        self.note.set_outcome(outcome)
        field = "text"
        if outcome == "promise_to_pay":
            if self.picked_offer is not None and self.note.draft().offer != str(self.picked_offer):
                self.note.set_offer(self.picked_offer)
            if self.picked_offer is None:
                field = "promise_amount"
        elif outcome == "callback":
            self.note.set_next_action("call_back")
            field = "next_action_at"
        self.show_pane("note")
        self.note.focus_field(field)
        label = plain(fmt.choice("callnote.outcome", outcome))
        self.app.notify(t("workstation.notice.outcome_set", outcome=label), markup=False)

    def unsaved(self) -> tuple[str, bool] | None:
        """What Ctrl+Q would leave unsaved: (the case's account ref, whether a dialled call waits for its note);
        None when nothing does."""
        if self.case is None or not self.query("#note"):
            return None
        on_call = self.state is not None and self.state.call is not None
        if on_call or not self.note.draft().is_empty():
            return self.case.account_ref, on_call
        return None

    def on_key(self, event: events.Key) -> None:
        """A desk key that cannot work during a call says why (its footer key is dimmed): not silence."""
        call = self.state.call if self.state is not None else None
        if call is None or self.case is None:
            return
        binding = self.active_bindings.get(event.key)
        if binding is None or binding.enabled or binding.node is not self:
            return
        action = binding.binding.action
        if action in ("next_case", "dial", "search", "callbacks"):
            notice = "workstation.notice.call_first"
        elif action == "amend_note":
            notice = "workstation.notice.amend_after_call"
        else:
            return
        event.stop()
        first, last = (self._key_shown(spec.id, spec.key) for spec in (OUTCOME_KEYS[0], OUTCOME_KEYS[-1]))
        self.app.notify(t(notice, key=self._key_shown("", event.key), outcomes=f"{first}…{last}",
                          save=self._key_shown("save_note", "ctrl+s")), severity="warning", markup=False)

    def _key_shown(self, binding_id: str, default: str) -> str:
        """A key as the footer shows it, where config.yaml's ``keys:`` put it."""
        from textual.binding import Binding

        key = self.keymap.get(binding_id, default).split(",")[0].strip()
        return self.app.get_key_display(Binding(key, ""))

    def action_end_call(self) -> None:
        """F5: stop the clock; the note is next."""
        case = self._need_case()
        if case is not None:
            self.controller.call_step(self.service.end_call, case.account_id)
            self._to_the_note()

    def action_focus_note(self) -> None:
        """F6: the cursor to the note form."""
        self._to_the_note()

    def action_show_section(self, name: str) -> None:
        """F7/F8/F9: listening prompts, offers, objections."""
        self.show_pane("script")
        self.script.open_section(name)
        if self.case is not None:
            self.controller.section_opened(self.case.account_id, name)

    @on(ScriptPane.OfferPicked)
    def _offer_picked(self, event: ScriptPane.OfferPicked) -> None:
        if self.state is not None and self.state.call is not None and self.state.call.third_party:
            return  # no offer with a third party on the line (the list shows none; this is the guard)
        if self.case is not None:
            self._take_offer(event.index, again=True)
            # The words to say next are "agree", now quoting this offer: the first call's tab shows them.
            self.script.open_section("first_call")
            self.note.set_offer(event.index)
            self.app.notify(t("workstation.notice.offer_picked", index=event.index), markup=False)

    def _take_offer(self, index: int, again: bool = False) -> None:
        """The script reads offer ``index`` from now on, and the call records it as put to the debtor.

        ``again``: also when it is the offer already taken (Enter on the list once more moves the
        checklist on, which a pick refused before identity was verified did not).
        """
        if self.case is None or (index == self.picked_offer and not again):
            return
        self.picked_offer = index
        self.script.refill(self.case.script_for(index))
        self.controller.call_step(self.service.pick_offer, self.case.account_id, index)

    @on(ScriptPane.ObjectionPicked)
    def _objection_picked(self, event: ScriptPane.ObjectionPicked) -> None:
        if self.case is not None and event.outcome:
            self.note.set_outcome(event.outcome)
            label = plain(fmt.choice("callnote.outcome", event.outcome))
            self.app.notify(t("workstation.notice.outcome_set", outcome=label), markup=False)

    def action_save_note(self) -> None:
        """Ctrl+S: the service checks every field, then writes attempt, note, promise, stage and audit at once."""
        case = self._need_case()
        if case is not None and not self.controller.saving:
            self.controller.save(case.account_id, self.note.draft())

    def action_search(self) -> None:
        """`/`: find a case by name, account ref or phone."""

        def chosen(account_id: int | None) -> None:
            if account_id is not None:
                self.post_message(QueuePane.CaseChosen(account_id))

        from agent_tui.ui.workstation.dialogs.search import SearchScreen

        self.app.push_screen(localized(SearchScreen)(self.controller.search), chosen)

    def action_callbacks(self) -> None:
        """Ctrl+T: my callbacks today; Enter on one opens its case."""
        if not self._guard_open_call():
            self.controller.callbacks()

    @on(answers.CallbacksReady)
    def _callbacks_ready(self, event: answers.CallbacksReady) -> None:
        from agent_tui.ui.workstation.dialogs.callbacks import CallbacksScreen

        def chosen(account_id: int | None) -> None:
            if account_id is not None:
                self.post_message(QueuePane.CaseChosen(account_id))

        self.app.push_screen(localized(CallbacksScreen)(event.rows, self.now()), chosen)

    def action_reveal_id(self) -> None:
        """Ctrl+R: show the full national ID; the reveal goes to the audit log first."""
        case = self._need_case()
        if case is not None:
            self.controller.reveal(case.account_id)

    def action_amend_note(self) -> None:
        """Ctrl+N: correct the last note with a new one that points to it."""
        case = self._need_case()
        if case is not None and not self._guard_open_call():
            self.controller.amend(case.account_id)
