"""The note form's one-line choice: keys, the pop-up list's place, and what a change posts."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from agent_tui.ui.common.choice import Choice, ChoiceMenu

OPTIONS = [("No answer", "no_answer"), ("Wrong number", "wrong_number"), ("Right party", "right_party")]


class Form(App):
    def __init__(self, top: int = 0) -> None:
        super().__init__()
        self.top = top
        self.changes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="spacer")
            yield Choice(OPTIONS, prompt="(choose)", id="outcome")

    def on_mount(self) -> None:
        self.query_one("#spacer").styles.height = self.top
        self.query_one(Choice).focus()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        self.changes.append((event.control.id, event.value))


def _shown(app: App) -> str:
    return str(app.query_one(Choice).render())


@pytest.mark.asyncio
async def test_enter_opens_the_list_on_the_blank_arrows_move_enter_picks():
    app = Form()
    async with app.run_test(size=(60, 20)) as pilot:
        assert "(choose)" in _shown(app) and app.query_one(Choice).value == ""
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
        menu = app.screen.query_one(OptionList)
        assert menu.highlighted == 0  # the blank first, as Select has it
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceMenu)
        assert app.query_one(Choice).value == "wrong_number"
        assert app.focused is app.query_one(Choice)
        assert "Wrong number" in _shown(app)
        assert app.changes == [("outcome", "wrong_number")]
        await pilot.press("enter")
        assert app.screen.query_one(OptionList).highlighted == 2  # opens on the current pick
        await pilot.press("up", "up", "enter")  # the blank clears it
        await pilot.pause()
        assert app.query_one(Choice).value == ""
        assert app.changes[-1] == ("outcome", "")


@pytest.mark.asyncio
async def test_escape_leaves_the_field_as_it_was():
    app = Form()
    async with app.run_test(size=(60, 20)) as pilot:
        app.query_one(Choice).value = "right_party"
        await pilot.press("space", "up", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceMenu)
        assert app.query_one(Choice).value == "right_party"


@pytest.mark.asyncio
@pytest.mark.parametrize("top", [0, 16])
async def test_the_list_opens_below_the_field_or_above_it_when_there_is_no_room(top):
    app = Form(top)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        field = app.query_one(Choice).region
        menu = app.screen.query_one(OptionList).region
        assert app.screen.region.contains_region(menu)
        assert menu.y >= field.bottom if top == 0 else menu.bottom <= field.y


@pytest.mark.asyncio
async def test_only_an_option_is_taken_and_new_options_drop_a_pick_they_lack():
    app = Form()
    async with app.run_test(size=(60, 20)) as pilot:
        choice = app.query_one(Choice)
        choice.value = "not_an_option"
        assert choice.value == ""
        choice.value = "no_answer"
        choice.set_options(OPTIONS[1:])
        await pilot.pause()
        assert choice.value == ""
        choice.value = "right_party"
        choice.set_options(OPTIONS)
        assert choice.value == "right_party"
