"""At 80 columns the footer is compact, and a key still stands a space apart from its words."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from agent_tui.ui.common.key_footer import KeyFooter


class Desk(Screen):
    BINDINGS = [
        Binding("f2", "next", "Next case", id="next"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_next(self) -> None:
        pass

    def action_save(self) -> None:
        pass


class One(App):
    def on_mount(self) -> None:
        self.push_screen(Desk())


async def test_a_compact_footer_keeps_a_space_between_key_and_words():
    app = One()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(KeyFooter).compact
        shown = [str(key.render()) for key in app.screen.query("FooterKey")]
        assert shown == ["f2 Next case", "^s Save"]
