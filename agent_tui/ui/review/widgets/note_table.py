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
from typing import Any
from zoneinfo import ZoneInfo

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
COLUMNS = ("saved", "agent", "debtor", "outcome", "flags", "score", "promise", "account", "note")


def note_cells(row: NoteRow, zone: ZoneInfo) -> list[Text]:
    """A note's cells as plain Text: what was typed is shown as typed, never read as markup or obeyed."""
    flag_cell = Text(f"⚑ {row.flag_count}" if row.flag_count else ("⚑" if row.flagged else ""), style="bold red")
    promise = ", ".join(f"{money(amount, row.currency)} {label('promise_status', status)}"
                        for amount, status in row.promises)
    note = first_line(plain(row.text, lines=True), NOTE_WIDTH)  # escaped first, so the cut counts what is shown
    if row.amends_id:
        note = f"↺#{row.amends_id} {note}"
    return [
        Text(when(row.created_at, zone)),
        Text(plain(row.agent_code)),
        Text(plain(row.debtor_name)),
        Text(plain(label("outcome", row.outcome))),
        flag_cell,
        Text("—" if row.score is None else str(row.score)),
        Text(plain(promise) or "—"),
        Text(plain(row.account_ref)),
        Text(note),
    ]


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

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(t(f"review.column.{name}"), key=name)
        self.watch(self, "scroll_y", self.scrolled, init=False)

    def show(self, rows: tuple[NoteRow, ...], append: bool) -> None:
        """Put a page in the table: after what is there (``append``) or instead of it."""
        if not append:
            self.clear()
        for row in rows:
            if str(row.id) not in self.rows:  # a page read twice must not add its lines twice
                self.add_row(*note_cells(row, self.zone), key=str(row.id))

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
