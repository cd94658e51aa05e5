"""The queue pane: the agent's cases in the conduct rules' order, one row each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from agent_tui.i18n import language, t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.shown import plain

if TYPE_CHECKING:
    from agent_tui.service.views import QueueRow

#: The theme colour of each queue reason's badge (DataTable cells are Rich text,
#: so the colour is looked up in the theme rather than written as a CSS variable).
BADGE_COLOUR = {
    "promise_due": "warning",
    "broken_promise": "error",
    "new": "primary",
    "callback": "success",
}


#: Column widths in cells: a queue of 70 columns (with its scroll bar) shows them all (balances up to ¥999,999.99).
#: The debtor's name takes at least NAME_WIDTH, and whatever room a wider pane has beyond the others.
NAME_WIDTH = 12
BALANCE_WIDTH = 13
COLUMNS = (("debtor", NAME_WIDTH), ("balance", BALANCE_WIDTH), ("overdue", 10), ("reason", 14), ("local", 5))


def name_width(room: int, cell_padding: int = 1, scroll_bar: int = 2) -> int:
    """The debtor column's width in a table ``room`` cells wide: all the other columns leave, at least NAME_WIDTH.

    Room for the scroll bar is kept whether or not it shows, so the column
    does not change width as the queue grows past the pane's height.
    """
    others = sum(width for _key, width in COLUMNS[1:]) + 2 * cell_padding * len(COLUMNS)
    return max(NAME_WIDTH, room - scroll_bar - others)


def reason_badge(row: QueueRow) -> str:
    """The reason a case is in the queue, as the badge reads; ``not now`` carries the next time.

    That time is on the debtor's clock, as the "Local" column beside it; on
    another day than theirs today it is that day (``12-09``), as the column
    has no room for both.
    """
    label = t(f"workstation.reason.{row.reason}")
    if row.reason == "not_now" and row.next_time is not None:
        later = row.next_time.astimezone(row.local_time.tzinfo)
        at = fmt.clock(later) if later.date() == row.local_time.date() else later.strftime("%m-%d")
        return t("workstation.reason.not_now_until", reason=label, at=at)
    return label


class QueuePane(Vertical):
    """The queue: Enter on a row opens that case."""

    @dataclass
    class CaseChosen(Message):
        """The agent chose a case from the queue."""

        account_id: int

    table = getters.query_one("#queue-table", DataTable)

    def __init__(self, now: Callable[[], datetime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[QueueRow] = []
        #: While a third party is on the line no amount is on the screen, the queue's balances included.
        self.amounts_hidden = False
        self.now = now or (lambda: datetime.now(UTC))
        #: The debtor column's width now (see :func:`name_width`).
        self.name_width = NAME_WIDTH

    def compose(self) -> ComposeResult:
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.border_title = t("workstation.pane.queue")
        self._add_columns()
        self.set_interval(60, self.tick_clocks)

    def _add_columns(self) -> None:
        for key, width in COLUMNS:
            shown = self.name_width if key == "debtor" else width
            self.table.add_column(t(f"workstation.queue.{key}"), key=key, width=shown)

    def on_resize(self, event: events.Resize) -> None:
        """Give the names the room the pane has: the columns again at the new width, the rows and cursor kept."""
        width = name_width(self.size.width, self.table.cell_padding, self.table.styles.scrollbar_size_vertical)
        if width == self.name_width:
            return
        self.name_width = width
        row = self.table.cursor_row
        current = self.rows[row].account_id if 0 <= row < len(self.rows) else None
        self.table.clear(columns=True)
        self._add_columns()
        if self.border_subtitle:  # the queue was shown: show it again; before that there is nothing to count
            self.show(self.rows, current)

    def hide_amounts(self, hidden: bool) -> None:
        """Show the balances, or a dash in their place (a third party on the line)."""
        if hidden == self.amounts_hidden:
            return
        self.amounts_hidden = hidden
        if self.border_subtitle:
            row = self.table.cursor_row
            self.show(self.rows, self.rows[row].account_id if 0 <= row < len(self.rows) else None)

    def tick_clocks(self) -> None:
        """Move the "Local" column to the debtors' clocks now: no reading, each row keeps its zone."""
        now = self.now()
        for row in self.rows:
            local = now.astimezone(row.local_time.tzinfo)
            try:
                self.table.update_cell(str(row.account_id), "local", Text(fmt.clock(local)))
            except CellDoesNotExist:  # the table was refilled since
                continue

    def _badge(self, row: QueueRow) -> Text:
        name = BADGE_COLOUR.get(row.reason)
        if name is None:  # follow-up plain, "not now" receding
            return Text(reason_badge(row), style=Style(dim=row.reason == "not_now"))
        return Text(reason_badge(row), style=Style(color=self.app.theme_variables.get(name), bold=True))

    def show(self, rows: list[QueueRow], current: int | None = None) -> None:
        """Fill the table with ``rows``; keep the cursor on ``current`` when it is still there."""
        self.rows = rows
        table = self.table
        table.clear()
        lang = language()
        for row in rows:
            table.add_row(
                Text(fmt.clip(plain(row.debtor_name), self.name_width)),
                Text(fmt.pad_left("—" if self.amounts_hidden else row.balance.localize(lang), BALANCE_WIDTH)),
                Text(t("workstation.queue.overdue_cell", days=row.days_past_due, bucket=row.bucket)),
                self._badge(row),
                Text(fmt.clock(row.local_time)),
                key=str(row.account_id),
            )
        self.border_subtitle = t("workstation.queue.count", count=len(rows))
        if current is not None:
            self.move_to(current)

    def why_nothing_to_take(self, floor_zone: tzinfo, now: datetime | None = None) -> str:
        """Why "next case" found nothing: an empty queue, or only cases that open later (and when)."""
        later = [row.next_time for row in self.rows if row.next_time is not None]
        if not later:
            return t("workstation.notice.queue_empty")
        first = min(later, key=lambda at: at.timestamp())
        return t("workstation.notice.nothing_callable", at=fmt.on_clock(first, floor_zone, now or self.now(), "floor"))

    def move_to(self, account_id: int) -> None:
        """Put the cursor on the row of ``account_id``, if it is in the queue."""
        try:
            index = self.table.get_row_index(str(account_id))
        except RowDoesNotExist:  # the case left the queue (saved, or found by search)
            return
        self.table.move_cursor(row=index)

    @on(DataTable.RowSelected, "#queue-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.CaseChosen(int(event.row_key.value)))
