"""F1: every key of the workstation, read from the bindings themselves."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from agent_tui.i18n import t


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the key as pressed, what it does, and the longer explanation."""

    key: str
    description: str
    tooltip: str


class HelpScreen(ModalScreen[None]):
    """The key table; Escape or F1 closes it."""

    BINDINGS = [
        Binding("escape,f1,q", "dismiss", show=False),
    ]

    def __init__(self, keys: list[KeyHelp]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("workstation.help.title"), classes="title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(t("workstation.help.hint"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("workstation.help.key"))
        table.add_column(t("workstation.help.action"))
        table.add_column(t("workstation.help.explain"))
        for key in self._keys:
            table.add_row(Text(key.key, style="bold"), Text(key.description), Text(key.tooltip))
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
