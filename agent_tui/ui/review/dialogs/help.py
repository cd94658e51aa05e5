"""F1: every key of the screen underneath, read from its active bindings."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from agent_tui.i18n import t
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.review.keys import HELP_KEYS, shown

#: Cells around each column of the table, the dialog's border, padding and scroll bar, and the least of an
#: explanation worth a column.
CELL_GAPS = 2
FRAME = 8
MIN_EXPLAIN = 20


def help_width(screen_width: int) -> int:
    """The dialog's width on a screen ``screen_width`` cells wide (as review.tcss sets it: 96%, at most 140)."""
    return min(140, screen_width * 96 // 100)


class HelpDialog(ModalScreen[None]):
    """The key table of ``screen``: key, what it does, the explanation and the id to remap it.

    Escape closes it, and so does F1 (the app's help key) pressed again.
    """

    KEYS = HELP_KEYS

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str, str]] = []
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not (binding.id or "").startswith("review.") or binding.id in seen or binding.system:
                continue  # Textual's own keys (cursor moves) speak only English and need no help
            seen.add(binding.id)
            display = shown(screen.app.get_key_display(binding))
            name = (binding.id or "").removeprefix("review.")
            self.rows.append((display, binding.description, binding.tooltip, name))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(t("review.help.title"), classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(t("review.help.hint"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        names = ("key", "action", "id")
        widths = [max([cell_len(t(f"review.help.{name}"))] + [cell_len(plain(row[i])) for row in self.rows])
                  for name, i in zip(names, (0, 1, 3), strict=True)]
        for name, width in zip(names, widths, strict=True):
            table.add_column(t(f"review.help.{name}"), width=width)
        # The explanation takes the rest of the dialog's width and wraps there, never cut off.
        rest = help_width(self.app.size.width) - sum(widths) - CELL_GAPS * 4 - FRAME
        table.add_column(t("review.help.explain"), width=max(MIN_EXPLAIN, rest))
        for key, action, tip, ident in self.rows:
            # Keys come from config.yaml: Text cells, as a str cell would be read as markup.
            table.add_row(Text(plain(key), style="bold"), Text(plain(action)), Text(plain(ident)), Text(plain(tip)),
                          height=None)
        table.focus()

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
