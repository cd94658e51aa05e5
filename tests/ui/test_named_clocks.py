"""Times carry their clock: the debtor's or the floor's, named, with the date when it is not that clock's today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from agent_tui.domain.money import Amount
from agent_tui.i18n import set_language
from agent_tui.service.views import QueueRow
from agent_tui.ui.common import format as fmt
from agent_tui.ui.workstation.widgets.queue_pane import QueuePane, reason_badge

LA = ZoneInfo("America/Los_Angeles")
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: 03:00 UTC on 8 December: 19:00 on the 7th in Los Angeles, 11:00 on the 8th in Shanghai.
NOW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


def test_a_note_saved_at_ten_on_the_floor_reads_as_ten_on_a_named_clock():
    set_language("en")
    saved = datetime(2026, 12, 8, 2, 9, tzinfo=UTC)  # 10:09 in Shanghai
    assert fmt.on_clock(saved, SHANGHAI, NOW, "floor") == "10:09 (floor)"
    assert fmt.on_clock(saved, SHANGHAI, NOW, "debtor") == "10:09 (debtor)"
    # In Los Angeles that was the evening before: their today is the 7th, so no date.
    assert fmt.on_clock(saved, LA, NOW, "debtor") == "18:09 (debtor)"
    assert fmt.on_clock(saved - timedelta(days=1), LA, NOW, "debtor") == "2026-12-06 18:09 (debtor)"
    assert fmt.on_clock(saved.replace(tzinfo=None), SHANGHAI, NOW, "floor") == "10:09 (floor)"  # stored UTC
    assert fmt.on_clock(None, SHANGHAI, NOW, "floor") == "—"
    set_language("zh-CN")
    try:
        assert fmt.on_clock(saved, SHANGHAI, NOW, "debtor") == "10:09（债务人）"
        assert fmt.on_clock(saved + timedelta(days=2), SHANGHAI, NOW, "floor") == "2026-12-10 10:09（本中心）"
    finally:
        set_language("en")


def _row(next_time: datetime | None = None) -> QueueRow:
    return QueueRow(1, "R-1", "Sam Miller", Amount(100_00, "CNY"), 3, "M1",
                    "not_now" if next_time else "new", next_time, NOW.astimezone(LA))


def test_not_now_shows_the_time_today_and_the_day_otherwise_on_the_debtors_clock():
    set_language("en")
    assert reason_badge(_row(datetime(2026, 12, 7, 21, 0, tzinfo=LA))) == "Not now 21:00"
    assert reason_badge(_row(datetime(2026, 12, 8, 8, 0, tzinfo=LA))) == "Not now 12-08"


class OneQueue(App[None]):
    def __init__(self, clock) -> None:
        super().__init__()
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield QueuePane(lambda: self.clock[0], id="queue")


async def test_the_local_column_moves_with_the_clock_without_a_reload():
    set_language("en")
    clock = [NOW]
    app = OneQueue(clock)
    async with app.run_test() as pilot:
        pane = app.query_one(QueuePane)
        pane.show([_row()])
        table = app.query_one(DataTable)
        assert str(table.get_cell("1", "local")) == "19:00"
        clock[0] = NOW + timedelta(minutes=61)
        pane.tick_clocks()
        await pilot.pause()
        assert str(table.get_cell("1", "local")) == "20:01"
        pane.show([])
        pane.tick_clocks()  # rows gone: nothing to move, nothing raised
