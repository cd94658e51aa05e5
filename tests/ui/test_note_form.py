"""The note form's picks, driven by keys: Enter opens the list, typing jumps, Enter picks, Escape leaves
the field as it was; the list opens under the field, or above it at the screen's foot; a draft's pick
that the form does not offer is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

import agent_tui.ui.workstation as workstation_ui
from agent_tui.domain.money import Amount
from agent_tui.i18n import Msg, t
from agent_tui.service.note_check import OUTCOMES
from agent_tui.service.views import NoteDraft, OfferView
from agent_tui.ui.common.pick import Pick
from agent_tui.ui.workstation.widgets.note_form import NoteForm

from .agent import choose, press


def offer(index: int) -> OfferView:
    """An offer as the service gives it (only its index and words matter to the form)."""
    return OfferView(index, "full", Msg("workstation.script.offer_kind.full"), Amount(237797), (), False)


class FormApp(App[None]):
    """The note form alone, under a spacer ``top`` lines high, with the desk's stylesheet."""

    CSS_PATH = Path(workstation_ui.__file__).parent / "workstation.tcss"

    def __init__(self, top: int = 0) -> None:
        super().__init__()
        self.top = top
        self.changes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="spacer")
        yield NoteForm(id="note")

    def on_mount(self) -> None:
        self.query_one("#spacer").styles.height = self.top
        self.query_one(NoteForm).load(None, (offer(1), offer(2)))
        self.query_one(NoteForm).focus_first()

    def on_note_form_draft_changed(self, event: NoteForm.DraftChanged) -> None:
        self.changes.append((event.field, getattr(event.draft, event.field)))


def outcome(app: App) -> Pick:
    return app.query_one("#field-outcome", Pick)


def shown(pick: Pick) -> str:
    """What the closed field shows: the picked option's words, or the prompt."""
    return str(pick.query_one("#label", Static).content)


def opened(app: App) -> OptionList:
    """The list of the pick that has it open (the cursor is in it)."""
    listed = app.focused
    assert isinstance(listed, OptionList) and isinstance(listed.parent, Pick), f"no list open: {listed!r}"
    return listed


async def test_enter_opens_the_list_on_the_blank_arrows_move_enter_picks():
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pick = outcome(app)
        assert app.focused is pick and pick.picked == "" and shown(pick) == t("callnote.placeholder.choose")
        await press(pilot, "enter")
        assert opened(app).highlighted == 0  # the blank first, as Select has it
        await press(pilot, "down", "down", "enter")
        assert pick.picked == OUTCOMES[1] and app.focused is pick
        assert shown(pick) == t(f"callnote.outcome.{OUTCOMES[1]}")
        assert app.changes == [("outcome", OUTCOMES[1])]
        await press(pilot, "enter")
        assert opened(app).highlighted == 2  # opens on the current pick
        await press(pilot, "up", "up", "enter")  # the blank clears it
        assert pick.picked == "" and shown(pick) == t("callnote.placeholder.choose")
        assert app.changes[-1] == ("outcome", "")


async def test_typing_the_first_letters_jumps_to_the_option():
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pick = outcome(app)
        await press(pilot, "enter")
        words = t("callnote.outcome.promise_to_pay")
        await press(pilot, *words[:3].lower())
        assert opened(app).highlighted == OUTCOMES.index("promise_to_pay") + 1
        await press(pilot, "enter")
        assert pick.picked == "promise_to_pay" and app.focused is pick
        await press(pilot, "tab")  # on to the next field
        assert app.focused is app.query_one("#field-attitude")
        await choose(pilot, ["cooperative", "hesitant", "evasive", "emotional", "hostile"], "evasive")
        assert app.changes == [("outcome", "promise_to_pay"), ("attitude", "evasive")]


async def test_escape_leaves_the_field_as_it_was():
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pick = outcome(app)
        pick.pick("right_party")
        await press(pilot, "down", "up")
        escape = app.screen.active_bindings.get("escape")
        assert escape is None or not escape.binding.show  # no words from outside the catalog in the footer
        await press(pilot, "escape")
        assert app.focused is pick and pick.picked == "right_party"
        assert not pick.expanded
        assert shown(pick) == t("callnote.outcome.right_party")


@pytest.mark.parametrize("top", [0, 20])
async def test_the_list_opens_below_the_field_or_above_it_when_there_is_no_room(top):
    app = FormApp(top)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        field, listed = outcome(app).region, opened(app).region
        assert app.screen.region.contains_region(listed)
        if top == 0:
            assert listed.y >= field.bottom  # under the field
        else:  # above it: only the list's lower edge lies on the field's line, the form below stays in view
            assert listed.y < field.y and listed.bottom <= field.bottom


async def test_only_an_option_is_taken_and_new_offers_drop_a_pick_they_lack():
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.query_one(NoteForm)
        form.load(NoteDraft(outcome="not_an_option", offer="2"), (offer(1), offer(2)))
        assert form.draft().outcome == "" and form.draft().offer == "2"
        form.load(NoteDraft(outcome="no_answer", offer="2"), (offer(1),))
        assert form.draft().outcome == "no_answer" and form.draft().offer == ""
        form.set_offer(1)
        form.set_outcome("refused")
        await pilot.pause()
        assert (form.draft().offer, form.draft().outcome) == ("1", "refused")
        assert app.changes == [("offer", "1"), ("outcome", "refused")]  # load posts nothing; these do
