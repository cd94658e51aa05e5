"""The desk's footer: Textual's Footer, dimming the keys that cannot work now, rebuilt only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from agent_tui.ui.common.key_footer import KeyFooter


class Desk(Screen):
    BINDINGS = [
        Binding("f2", "next", "Next case", id="next", tooltip="Take the next case"),
        Binding("f3", "dial", "Dial", id="dial", tooltip="Dial"),
        Binding("f5", "hang_up", "End call", id="end", tooltip="End the call"),
        Binding("ctrl+x", "secret", "Hidden", show=False, id="secret", tooltip="Not shown"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.in_call = False
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield KeyFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hang_up" and not self.in_call:
            return None  # shown, dimmed
        return not (action == "dial" and self.in_call)  # dial is not shown during a call

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


def _keys(app: App) -> list[tuple[str, str, bool]]:
    """(key, words, usable) of each key the footer shows."""
    return [(key.key, key.description, not key.has_class("-disabled")) for key in app.screen.query("FooterKey")]


async def test_the_footer_shows_the_keys_that_work_and_dims_the_others():
    app = One()
    async with app.run_test(size=(160, 5)) as pilot:
        await pilot.pause()
        assert _keys(app) == [("f2", "Next case", True), ("f3", "Dial", True), ("f5", "End call", False)]
        await pilot.press("f3")
        await pilot.pause()
        assert _keys(app) == [("f2", "Next case", True), ("f5", "End call", True)]  # redrawn when the keys change
        assert app.screen.pressed == ["dial"]


async def test_moving_the_cursor_keeps_the_footer_as_it_is():
    app = One()
    async with app.run_test(size=(160, 5)) as pilot:
        await pilot.pause()
        before = list(app.screen.query("FooterKey"))
        app.screen.query_one("#two", Input).focus()
        await pilot.pause()
        assert app.focused.id == "two"
        assert list(app.screen.query("FooterKey")) == before  # the same keys: not rebuilt


async def test_a_narrow_terminal_has_a_compact_footer_and_a_click_presses_a_key():
    app = One()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert footer.compact and footer.region.y == 4  # docked at the bottom
        await pilot.click("FooterKey")  # the first: F2
        await pilot.pause()
        assert app.screen.pressed == ["next"]
