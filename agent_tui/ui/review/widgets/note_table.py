"""The notes browser's table: one line per note, newest first, growing a page at a time.

A plain :class:`~textual.widgets.DataTable` that knows the notes' columns.
It holds only the pages read so far. When the cursor (or the scroll
position) comes near the last line and more notes exist, it asks for the
next page (:class:`NoteTable.MoreWanted`); Enter on a line asks to open
that note (:class:`NoteTable.NoteChosen`). The rows arrive masked from the
review service; the table only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from agent_tui.i18n import t
from agent_tui.service.review_views import NoteRow
from agent_tui.ui.common.shown import plain
from agent_tui.ui.review.wording import first_line, label, money, when

#: How close to the last line the cursor comes before the next page is read.
READ_AHEAD = 10
NOTE_WIDTH = 40
#: A debtor's name and an account reference are cut to this many cells, so a long one does not push the
#: other columns off.
DEBTOR_WIDTH = 24
COLUMNS = ("saved", "agent", "debtor", "outcome", "flags", "score", "promise", "account", "note")
#: The columns a lead needs whatever the width (the account, the outcome with its flags, the promise, the
#: start of the note), and those that go first as the terminal narrows, least needed first.
NEEDED = ("account", "outcome", "promise", "note")
LESSER = ("score", "agent", "debtor", "flags", "saved")
#: Cells between columns, the vertical scroll bar's, and the least of a note worth showing.
GAP = 2
SCROLL_BAR = 2
MIN_NOTE = 16
#: Notes whose cells decide the columns' widths (the first pages; the rest rarely differ).
SIZED = 200


def columns_for(width: int, sizes: dict[str, int]) -> tuple[tuple[str, ...], int]:
    """The columns that fit ``width`` cells (dropping :data:`LESSER` ones first) and the note's width.

    ``sizes`` is the widest cell of each column but the note. The flags go into the outcome's cell when
    their own column is dropped.
    """
    shown = list(COLUMNS)
    for name in (None, *LESSER):
        if name is not None:
            shown.remove(name)
        used = sum(sizes.get(c, 0) + GAP for c in shown if c != "note") + GAP + SCROLL_BAR
        if "flags" not in shown:  # the flags are in the outcome's cell now
            used += sizes.get("flags", 0) + 1
        if width - used >= MIN_NOTE or name == LESSER[-1]:
            break
    if "saved" not in shown:  # the narrowest: the account leads the line
        shown = ["account", *(c for c in shown if c != "account")]
    return tuple(shown), max(MIN_NOTE, min(NOTE_WIDTH, width - used - GAP))


def note_cells(row: NoteRow, zone: ZoneInfo, shown: tuple[str, ...] = COLUMNS,
               note_width: int = NOTE_WIDTH) -> list[Text]:
    """A note's cells as plain Text: what was typed is shown as typed, never read as markup or obeyed."""
    flags = f"⚑ {row.flag_count}" if row.flag_count else ("⚑" if row.flagged else "")
    promise = ", ".join(f"{money(amount, row.currency)} {label('promise_status', status)}"
                        for amount, status in row.promises)
    mark = f"↺#{row.amends_id} " if row.amends_id else ""
    # Escaped first, so the cut counts what is shown; the correction's mark is within the width.
    note = mark + first_line(plain(row.text, lines=True), note_width - cell_len(mark))
    outcome = Text(plain(label("outcome", row.outcome)))
    if flags and "flags" not in shown:
        outcome = Text.assemble((flags, "bold red"), " ", outcome)
    cells = {
        "saved": Text(when(row.created_at, zone)),
        "agent": Text(plain(row.agent_code)),
        "debtor": Text(first_line(plain(row.debtor_name), DEBTOR_WIDTH)),
        "outcome": outcome,
        "flags": Text(flags, style="bold red"),
        "score": Text("—" if row.score is None else str(row.score)),
        "promise": Text(plain(promise) or "—"),
        "account": Text(first_line(plain(row.account_ref), DEBTOR_WIDTH)),
        "note": Text(note),
    }
    return [cells[name] for name in shown]


class NoteTable(DataTable[Text]):
    """The list of notes; rows are keyed by note id."""

    DEFAULT_CSS = """
    NoteTable { height: 1fr; }
    """

    @dataclass
    class MoreWanted(Message):
        """The cursor is near the end of what was read; read the next page if there is one."""

    @dataclass
    class NoteChosen(Message):
        """The lead pressed Enter on a note."""

        note_id: int

    def __init__(self, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.zone = zone
        #: The notes read so far, in order, to lay out again when the width changes.
        self.notes: dict[int, NoteRow] = {}
        self.shown: tuple[str, ...] = ()
        self.note_width = NOTE_WIDTH

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self.scrolled, init=False)
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _sizes(self) -> dict[str, int]:
        sizes = {name: cell_len(t(f"review.column.{name}")) for name in COLUMNS}
        for row in islice(self.notes.values(), SIZED):
            for name, cell in zip(COLUMNS, note_cells(row, self.zone), strict=True):
                sizes[name] = max(sizes[name], cell.cell_len)
        return sizes

    def _lay_out(self) -> None:
        """Choose the columns for the width the table has, and put every note read so far in them."""
        width = self.size.width or self.app.size.width
        shown, note_width = columns_for(width, self._sizes())
        if shown == self.shown and note_width == self.note_width:
            return
        at = self.highlighted_note
        self.shown, self.note_width = shown, note_width
        self.clear(columns=True)
        for name in shown:
            self.add_column(t(f"review.column.{name}"), key=name)
        for row in self.notes.values():
            self.add_row(*note_cells(row, self.zone, shown, note_width), key=str(row.id))
        if at is not None and str(at) in self.rows:
            self.move_cursor(row=self.get_row_index(str(at)))

    def show(self, rows: tuple[NoteRow, ...], append: bool) -> None:
        """Put a page in the table: after what is there (``append``) or instead of it."""
        if not append:
            self.clear()
            self.notes.clear()
        before = self.shown
        for row in rows:
            self.notes.setdefault(row.id, row)
        self._lay_out()
        if self.shown != before:
            return  # laid out afresh, every note read so far in it
        for row in rows:
            if str(row.id) not in self.rows:  # a page read twice must not add its lines twice
                self.add_row(*note_cells(row, self.zone, self.shown, self.note_width), key=str(row.id))

    @property
    def highlighted_note(self) -> int | None:
        """The id of the note under the cursor, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    @on(DataTable.RowHighlighted)
    def near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """The cursor came near the last line read: ask for more."""
        if event.cursor_row >= self.row_count - READ_AHEAD:
            self.post_message(self.MoreWanted())

    def scrolled(self, new_value: float) -> None:
        """Scrolled (by the wheel, say) to near the end: ask for the next page too."""
        if self.row_count and new_value >= self.max_scroll_y - READ_AHEAD:
            self.post_message(self.MoreWanted())

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a line: open that note."""
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.NoteChosen(int(event.row_key.value)))
