"""The notes table is Textual's DataTable, drawing its cells as DataTable does, and shows text as typed.

The table once drew its one-line cells itself through DataTable's private
members; now it is a plain DataTable that knows its columns. These tests pin
that: the lines it draws are those of a bare DataTable given the same cells,
what an agent typed is never read as markup, and no review widget, screen or
dialog defines a name that Textual keeps private.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable

import agent_tui.ui.review as review_ui
from agent_tui.i18n import t
from agent_tui.service.review_views import NoteRow
from agent_tui.ui.review.widgets.note_table import COLUMNS, NoteTable, note_cells

ZONE = ZoneInfo("Asia/Shanghai")


def row(n: int, **fields) -> NoteRow:
    values = dict(id=n, created_at=datetime(2025, 3, 14, 6, n, tzinfo=UTC), agent_code=f"A00{n}",
                  agent_name="Wang", account_id=n, account_ref=f"HX-{n}", debtor_name="王伟", outcome="refused",
                  text="说好下周五还", flagged=False, flag_count=0, score=None, amends_id=None)
    return NoteRow(**{**values, **fields})


ROWS = [
    row(1, flag_count=2, flagged=True, score=80),
    row(2, debtor_name="María José", outcome="no_answer", text="left a message [b]not bold[/b] \\[x]",
        promises=((120000, "open"),)),
    row(3, debtor_name="", flagged=True, score=100, text=""),
    row(4, debtor_name="Ann", outcome="right_party", flag_count=1, score=0, amends_id=2,
        text="a very long note that is wider than any other cell in its column so far"),
]


class OneTable(App):
    """The notes table, or a bare DataTable with the same columns, alone on the screen."""

    CSS = "DataTable { height: 1fr; }"

    def __init__(self, bare: bool = False) -> None:
        super().__init__()
        self.bare = bare

    def compose(self):
        if self.bare:
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        else:
            yield NoteTable(ZONE, id="table")

    def on_mount(self) -> None:
        if self.bare:
            table = self.query_one(DataTable)
            for name in COLUMNS:
                table.add_column(t(f"review.column.{name}"), key=name)


def _lines(table: DataTable) -> list[list[Segment]]:
    return [list(Segment.simplify(table.render_line(y))) for y in range(table.size.height)]


async def _drawn(bare: bool) -> list[list[list[Segment]]]:
    """The table's lines with the cursor on the first row, then on the third."""
    app = OneTable(bare)
    pictures = []
    async with app.run_test(size=(150, 12)) as pilot:
        table = app.query_one(DataTable)
        if bare:
            for line in ROWS:
                table.add_row(*note_cells(line, ZONE), key=str(line.id))
        else:
            table.show(tuple(ROWS), append=False)
        await pilot.pause()
        await pilot.pause()
        for cursor in (0, 2):
            table.move_cursor(row=cursor, animate=False)
            await pilot.pause()
            pictures.append(_lines(table))
    return pictures


async def test_the_table_draws_what_a_bare_datatable_draws():
    ours, bare = await _drawn(bare=False), await _drawn(bare=True)
    assert sum(1 for line in ours[0] if "".join(s.text for s in line).strip()) == len(ROWS) + 1
    assert ours == bare


async def test_a_page_read_twice_adds_its_lines_once():
    app = OneTable()
    async with app.run_test(size=(150, 20)) as pilot:
        notes = app.query_one(NoteTable)
        notes.show(tuple(ROWS[:2]), append=False)
        notes.show(tuple(ROWS), append=True)
        await pilot.pause()
        assert [int(key.value) for key in notes.rows] == [1, 2, 3, 4]
        notes.show(tuple(ROWS[2:]), append=False)
        await pilot.pause()
        assert [int(key.value) for key in notes.rows] == [3, 4]


def test_what_was_typed_is_shown_as_typed_never_as_markup():
    line = row(7, account_ref="HX-[1]", debtor_name="[b]Li[/b]", text="said [/] and [red]no[/red]")
    cells = note_cells(line, ZONE)
    assert all(isinstance(cell, Text) for cell in cells)
    plain = [cell.plain for cell in cells]
    assert "[b]Li[/b]" in plain and "HX-[1]" in plain and "said [/] and [red]no[/red]" in plain


def test_the_cells_say_flags_score_promise_and_amendment():
    cells = [cell.plain for cell in note_cells(ROWS[3], ZONE)]
    assert cells[COLUMNS.index("flags")] == "⚑ 1"
    assert cells[COLUMNS.index("score")] == "0"
    assert cells[COLUMNS.index("note")].startswith("↺#2 a very long note")
    assert cells[COLUMNS.index("note")].endswith("…")
    assert [cell.plain for cell in note_cells(ROWS[2], ZONE)][COLUMNS.index("flags")] == "⚑"


# --- no name Textual keeps to itself --------------------------------------------------------

UI = Path(review_ui.__file__).parent


def _own_names(cls: ast.ClassDef) -> set[str]:
    """Methods, class attributes and ``self.x`` assignments of one class."""
    names = set()
    for node in ast.walk(cls):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute) and getattr(target.value, "id", "") == "self":
                names.add(target.attr)
    return names


@functools.cache
def _textual_private_names() -> frozenset[str]:
    from textual.app import App as TextualApp
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Footer, Select, Sparkline, Static

    names = set()
    for base in (TextualApp, Screen, ModalScreen, DataTable, Static, Select, Footer, Sparkline):
        for klass in base.__mro__:
            if not klass.__module__.startswith("textual"):
                continue
            names |= {n for n in vars(klass) if n.startswith("_") and not n.endswith("__")}
            # and what its methods set on ``self`` (``self._bindings = …``)
            names |= {n for n in _own_names(ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0])
                      if n.startswith("_") and not n.endswith("__")}
    return frozenset(names)


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_no_review_class_overrides_a_private_textual_name(path):
    textual_private = _textual_private_names()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        clash = sorted(_own_names(cls) & textual_private)
        assert not clash, f"{path.name}: {cls.name} defines Textual's private {clash}"
