"""The notes browser's table: one line per note, newest first, growing a page at a time.

The table holds only the pages read so far. When the cursor comes near the
last line and more notes exist, it asks for the next page
(:class:`NoteTable.MoreWanted`); Enter on a line asks to open that note
(:class:`NoteTable.NoteChosen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
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
        columns = self.ordered_columns
        for line in lines:
            if str(line.id) not in self.rows:  # a page read twice must not add its lines twice
                cells = self._cells(line)
                self.add_row(*cells, key=str(line.id))
                # Size the columns for the new rows now: DataTable would do it when next idle,
                # so the page could be drawn first with every column as wide as its heading.
                for column, cell in zip(columns, cells):
                    column.content_width = max(column.content_width, cell.cell_len)

    def _cells(self, line: NoteLine) -> list[Text]:
        """The row's cells as plain Text: what was typed is shown as typed, never read as markup."""
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
            Text(when(line.created_at, self.zone)),
            Text(line.agent_code),
            Text(line.debtor_name),
            Text(label("outcome", line.outcome)),
            flag_cell,
            Text(score_cell),
            Text(promise or "—"),
            Text(line.account_ref),
            Text(note),
        ]

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """A cell's line: a one-line text cell drawn directly, anything else by DataTable.

        DataTable draws every cell through Rich's padding and wrapping, which is
        most of the time a new page takes to appear. A note's cell is one line
        of plain text that fits its column, so its line is simply the padding,
        the text and the padding, in the styles DataTable gives them (the test
        compares the two cell by cell). It is cached under DataTable's own key,
        so the table forgets it exactly when it would forget its own.
        """
        lines = self._one_line_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _one_line_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                       cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The cell drawn directly, or ``None`` where DataTable must draw it (headers, wrapping, markup…)."""
        if row_index < self.fixed_rows or column_index < self.fixed_columns:  # also the header and labels
            return None
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return None
        column_key = self._column_locations.get_key(column_index)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
               self._pseudo_class_state)
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        if type(cell) is not Text or cell.spans or cell.justify not in (None, "default"):
            return None
        plain = cell.plain
        room = width - 2 * self.cell_padding
        used = cell_len(plain)
        if used > room or "\t" in plain or "\n" in plain:
            return None
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        text_style = pre + self.app.console.get_style(cell.style) if cell.style else pre
        if post:
            pre, text_style = pre + post, text_style + post
        line = []
        if self.cell_padding:
            line.append(Segment(" " * self.cell_padding, pre))
        if plain:
            line.append(Segment(plain, text_style))
        if room - used + self.cell_padding:
            line.append(Segment(" " * (room - used + self.cell_padding), pre))
        lines = [line]
        self._cell_render_cache[key] = lines
        return lines

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
