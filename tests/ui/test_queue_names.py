"""The queue's names take the room the pane has: whole on an 80-column terminal, clipped only when narrow."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from agent_tui.domain.money import Amount
from agent_tui.i18n import set_language
from agent_tui.service.views import QueueRow
from agent_tui.ui.workstation.widgets.queue_pane import NAME_WIDTH, QueuePane, name_width

NOW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


def _row(n: int, name: str) -> QueueRow:
    return QueueRow(n, f"R-{n}", name, Amount(13_746_85, "USD"), 52, "M2", "new", None,
                    NOW.astimezone(ZoneInfo("America/New_York")))


class OneQueue(App[None]):
    CSS = "QueuePane { width: 1fr; height: 1fr; padding: 0 1; border: round white; }"

    def compose(self) -> ComposeResult:
        yield QueuePane(lambda: NOW, id="queue")


def test_the_name_column_takes_what_the_other_columns_leave():
    assert name_width(66) == NAME_WIDTH  # the wide desk's queue: 70 columns with border and padding
    assert name_width(76) == NAME_WIDTH + 10
    assert name_width(40) == NAME_WIDTH  # never below the least


async def test_names_are_whole_on_an_80_column_queue_and_the_cursor_stays():
    set_language("en")
    app = OneQueue()
    async with app.run_test(size=(80, 12)) as pilot:
        pane = app.query_one(QueuePane)
        pane.show([_row(1, "Sam Miller"), _row(2, "Elizabeth Thompson"), _row(3, "Christopher Montgomery-Smith")],
                  current=2)
        await pilot.pause()
        table = app.query_one(DataTable)
        assert str(table.get_cell("2", "debtor")) == "Elizabeth Thompson"
        assert str(table.get_cell("3", "debtor")) == "Christopher Montgomer…"  # 22 cells: all there is
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        assert str(table.get_cell("2", "debtor")) == "Elizabeth T…"  # narrower than the columns: the least
        assert table.cursor_row == 1  # still on the row chosen
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert str(table.get_cell("2", "debtor")) == "Elizabeth Thompson"
