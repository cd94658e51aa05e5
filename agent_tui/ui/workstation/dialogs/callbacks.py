"""Ctrl+T: my callbacks today, the calls back this agent set, due today on each debtor's clock; Enter opens one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from agent_tui.i18n import t
from agent_tui.service.views import CallbackRow
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import CALLBACK_KEYS


def zone_of(row: CallbackRow) -> ZoneInfo:
    """The debtor's clock (UTC when the zone is unknown)."""
    try:
        return ZoneInfo(row.time_zone or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


class CallbacksScreen(ModalScreen[int | None]):
    """The callbacks, soonest first; dismissed with the account to open, or None. Open it through ``localized``."""

    KEYS = CALLBACK_KEYS

    def __init__(self, rows: list[CallbackRow], now: datetime) -> None:
        super().__init__()
        self._rows = rows
        self._now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="callbacks"):
            yield Static(t("workstation.callbacks.title"), classes="title")
            yield DataTable(id="callback-list", cursor_type="row", zebra_stripes=True)
            hint = t("workstation.callbacks.hint") if self._rows else t("workstation.callbacks.none")
            yield Static(hint, classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#callback-list", DataTable)
        for key in ("when", "debtor", "account"):
            table.add_column(t(f"workstation.callbacks.{key}"))
        for row in self._rows:
            when = fmt.on_clock(row.at, zone_of(row), self._now, "debtor")
            table.add_row(Text(when), Text(plain(row.debtor_name)), Text(plain(row.account_ref)),
                          key=str(row.account_id))
        table.focus()

    @on(DataTable.RowSelected, "#callback-list")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.dismiss(int(event.row_key.value))

    def action_open_highlighted(self) -> None:
        """Enter: open the highlighted callback's case."""
        table = self.query_one("#callback-list", DataTable)
        if 0 <= table.cursor_row < len(self._rows):
            self.dismiss(self._rows[table.cursor_row].account_id)
