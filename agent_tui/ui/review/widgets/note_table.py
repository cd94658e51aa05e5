"""The notes browser's table: one line per note, newest first, growing a page at a time.

The table holds only the pages read so far. When the cursor comes near the
last line and more notes exist, it asks for the next page
(:class:`NoteTable.MoreWanted`); Enter on a line asks to open that note
(:class:`NoteTable.NoteChosen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from agent_tui.i18n import t
from agent_tui.service.review_export import mask_text
from agent_tui.service.review_views import NoteLine
from agent_tui.ui.review.wording import first_line, label, money, when

#: How close to the last line the cursor comes before the next page is read.
READ_AHEAD = 10
NOTE_WIDTH = 40


class NoteTable(DataTable):
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

    def __init__(self, zone: ZoneInfo, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.zone = zone

    def on_mount(self) -> None:
        for name in ("saved", "agent", "debtor", "outcome", "flags", "score", "promise", "account", "note"):
            self.add_column(t(f"review.column.{name}"), key=name)

    def show(self, lines: tuple[NoteLine, ...], append: bool) -> None:
        """Put a page in the table: after what is there (``append``) or instead of it."""
        if not append:
            self.clear()
        for line in lines:
            if str(line.id) not in self.rows:  # a page read twice must not add its lines twice
                self.add_row(*self._cells(line), key=str(line.id))

    def _cells(self, line: NoteLine) -> list:
        flags = len(line.lint_flags) + len(line.compliance_flags)
        flag_cell = Text(f"⚑ {flags}" if flags else ("⚑" if line.flagged else ""), style="bold red")
        score = line.checklist.get("score")
        score_cell = str(score) if isinstance(score, int) and not isinstance(score, bool) else "—"
        promise = ", ".join(f"{money(amount, line.currency)} {label('promise_status', status)}"
                            for amount, status in line.promises)
        note = first_line(mask_text(line.text), NOTE_WIDTH)
        if line.amends_id:
            note = f"↺#{line.amends_id} {note}"
        return [
            when(line.created_at, self.zone),
            line.agent_code,
            line.debtor_name,
            label("outcome", line.outcome),
            flag_cell,
            score_cell,
            promise or "—",
            line.account_ref,
            note,
        ]

    @property
    def highlighted_note(self) -> int | None:
        """The id of the note under the cursor, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - READ_AHEAD:
            self.post_message(self.MoreWanted())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled (by the wheel, say) to near the end: ask for the next page too."""
        super().watch_scroll_y(old_value, new_value)
        if self.row_count and new_value >= self.max_scroll_y - READ_AHEAD:
            self.post_message(self.MoreWanted())

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.NoteChosen(int(event.row_key.value)))
