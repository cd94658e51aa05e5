"""The notes table draws its one-line cells itself; the picture must be DataTable's own, cell for cell.

Each line of the table is drawn twice, once with the table's direct path and
once with DataTable's (the direct path turned off, every cache cleared), under
the cursor, on both zebra stripes, and hovered; the two must be the same
segments in the same styles. A Textual upgrade that draws cells differently
fails here rather than shifting the picture.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.segment import Segment
from rich.text import Text
from textual.app import App
from textual.coordinate import Coordinate

from agent_tui.ui.review.widgets.note_table import NoteTable

ROWS = [
    ["2025-03-14 14:05", "A001", "王伟", "已承诺还款", Text("⚑ 2", style="bold red"), "80", "—", "HX-1", "说好下周五还"],
    ["2025-03-14 14:06", "A002", "María José", "No answer", Text("", style="bold red"), "—", "¥1,200.00 Open",
     "HX-22", "left a message [b]not bold[/b] \\[x]"],
    ["2025-03-14 14:07", "A003", "", "Refused", Text("⚑", style="bold red"), "100", "—", "HX-333", ""],
    ["2025-03-14 14:08", "A004", "Ann", "Right party", Text("⚑ 1", style="bold red"), "0", "—", "HX-4",
     "a very long note that is wider than any other cell in its column so far"],
    ["2025-03-14 14:09", "A005", "李欣怡", "Wrong number", Text(""), "55", "—", "HX-55555", "短"],
]


class Table(App):
    def compose(self):
        yield NoteTable(ZoneInfo("Asia/Shanghai"), id="notes")


def _lines(table: NoteTable) -> list[list[Segment]]:
    table._clear_caches()
    return [list(Segment.simplify(table.render_line(y))) for y in range(table.size.height)]


async def test_direct_cells_look_exactly_as_datatable_draws_them(monkeypatch):
    app = Table()
    async with app.run_test(size=(150, 12)) as pilot:
        table = app.query_one(NoteTable)
        for n, cells in enumerate(ROWS):
            table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in cells), key=str(n))
        # One cell wider than its column has been measured: DataTable's own path draws it cropped.
        table.update_cell("3", "note", Text("x" * 200))
        await pilot.pause()
        drawn = 0
        for cursor, hover in [((0, 0), (0, 0)), ((1, 0), (3, 2)), ((4, 0), (2, 5))]:
            table.cursor_coordinate = Coordinate(*cursor)
            table.hover_coordinate = Coordinate(*hover)
            await pilot.pause()
            direct = _lines(table)
            with monkeypatch.context() as patch:
                patch.setattr(NoteTable, "_one_line_cell", lambda *args: None)
                own = _lines(table)
            assert direct == own
            drawn += sum(1 for line in direct if line)
        assert drawn >= 3 * (len(ROWS) + 1)


async def test_the_direct_path_draws_the_plain_cells(monkeypatch):
    """The test above is only worth something if the direct path is taken at all."""
    taken = []
    one_line_cell = NoteTable._one_line_cell

    def counting(self, *args):
        lines = one_line_cell(self, *args)
        taken.append(lines is not None)
        return lines

    monkeypatch.setattr(NoteTable, "_one_line_cell", counting)
    app = Table()
    async with app.run_test(size=(150, 12)) as pilot:
        table = app.query_one(NoteTable)
        for n, cells in enumerate(ROWS):
            table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in cells), key=str(n))
        await pilot.pause()
        _lines(table)
    assert sum(taken) >= len(ROWS) * 9 - 1


def test_what_was_typed_is_shown_as_typed_never_as_markup():
    from datetime import UTC, datetime

    from agent_tui.service.review_views import NoteLine

    line = NoteLine(id=7, created_at=datetime(2025, 3, 14, 6, 5, tzinfo=UTC), agent_code="A001",
                    agent_name="Wang", account_id=1, account_ref="HX-[1]", debtor_name="[b]Li[/b]",
                    outcome="refused", text="said [/] and [red]no[/red]", flagged=False, lint_flags=(),
                    compliance_flags=(), checklist={}, amends_id=None)
    table = NoteTable(ZoneInfo("Asia/Shanghai"))
    cells = table._cells(line)
    assert all(isinstance(cell, Text) for cell in cells)
    plain = [cell.plain for cell in cells]
    assert "[b]Li[/b]" in plain and "HX-[1]" in plain and "said [/] and [red]no[/red]" in plain
