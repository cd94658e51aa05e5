"""The desk's key line: the keys that work now, drawn as text and redrawn when they change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from agent_tui.ui.common.key_bar import KeyBar


class Desk(Screen):
    BINDINGS = [
        Binding("f2", "next", "Next case"),
        Binding("f3", "dial", "Dial"),
        Binding("f5", "hang_up", "End call"),
        Binding("ctrl+x", "secret", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.in_call = False
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("desk")
        yield KeyBar()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hang_up" and not self.in_call:
            return None  # shown, dimmed
        if action == "dial" and self.in_call:
            return False  # not shown
        return True

    def action_next(self) -> None:
        self.pressed.append("next")

    def action_dial(self) -> None:
        self.pressed.append("dial")
        self.in_call = True
        self.refresh_bindings()

    def action_hang_up(self) -> None:
        self.pressed.append("hang_up")


class One(App):
    def on_mount(self) -> None:
        self.push_screen(Desk())


def _line(app: App) -> str:
    return app.screen.query_one(KeyBar).render().plain


@pytest.mark.asyncio
async def test_the_bar_shows_the_keys_that_work_and_dims_the_others():
    app = One()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert _line(app) == " f2 Next case  f3 Dial  f5 End call "
        assert [(key, enabled) for key, _, _, enabled in bar.keys()] == [("f2", True), ("f3", True), ("f5", False)]
        await pilot.press("f3")
        await pilot.pause()
        assert _line(app) == " f2 Next case  f5 End call "  # redrawn when the keys change
        bar.compact = True
        await pilot.pause()
        assert _line(app) == "f2Next case f5End call "


@pytest.mark.asyncio
async def test_a_click_on_a_key_presses_it_and_a_dimmed_one_does_nothing():
    app = One()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        await pilot.click(KeyBar, offset=(len(" f2 Next case  f3 Dial  ") + 2, 0))  # on "f5": not in a call
        await pilot.pause()
        assert app.screen.pressed == []
        await pilot.click(KeyBar, offset=(3, 0))  # on "f2"
        await pilot.pause()
        assert app.screen.pressed == ["next"]
        assert bar.region.y == 4  # docked at the bottom
