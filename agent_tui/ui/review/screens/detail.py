"""A note with its case around it, and the account's other notes to step through."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.getters import query_one
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from agent_tui.i18n import t
from agent_tui.service.review_views import NoteDetail, NoteView, TimelineLine
from agent_tui.ui.common.crash import fault_stops_app
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import filled, plain
from agent_tui.ui.review.keys import DETAIL_KEYS
from agent_tui.ui.review.widgets.note_sheet import case_sheet, note_sheet
from agent_tui.ui.review.widgets.title_bar import TitleBar
from agent_tui.ui.review.wording import first_line, label, on_floor, problem_text, when


class NoteScreen(Screen[None]):
    """One note: the note on the left, the case on the right, the account's notes below.

    Open it through :func:`~agent_tui.ui.review.keys.localized`, which gives it its keys.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    KEYS = DETAIL_KEYS

    title_bar = query_one("#title-bar", TitleBar)
    header = query_one("#note-header", Static)
    history = query_one("#history", DataTable)

    @dataclass
    class NoteRead(Message):
        """A note and its case came back from the database (``None``: no such note)."""

        bubble = False  # for this screen only

        note_id: int
        detail: NoteDetail | None

    def __init__(self, note_id: int) -> None:
        super().__init__()
        self.note_id = note_id
        self.detail: NoteDetail | None = None

    @property
    def review(self):
        """The read-only review service."""
        return self.app.review

    def compose(self) -> ComposeResult:
        yield TitleBar(t("review.detail.title", id=self.note_id), self.review.lead, id="title-bar")
        yield Static(t("review.notes.loading"), id="note-header")
        with VerticalScroll(id="detail-body"), Horizontal(id="detail-columns"):
            with Vertical(id="note-pane", classes="pane"):
                yield Static(t("review.detail.note_heading"), classes="pane-title")
                yield Static(id="note-sheet")
            with Vertical(id="case-pane", classes="pane"):
                yield Static(t("review.detail.case_heading"), classes="pane-title")
                yield Static(id="case-sheet")
        yield Static(t("review.detail.history_heading"), id="history-heading")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        for name in ("saved", "agent", "outcome", "flags", "note"):
            self.history.add_column(t(f"review.column.{name}"), key=name)
        self.query_one("#detail-body").focus()
        self.load(self.note_id)

    def load(self, note_id: int) -> None:
        """Read note ``note_id`` and show it here."""
        self.note_id = note_id
        self._read(note_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="note")
    def _read(self, note_id: int) -> None:
        self.post_message(self.NoteRead(note_id, self.review.note(note_id)))

    @on(NoteRead)
    def _note_read(self, event: NoteRead) -> None:
        if event.note_id != self.note_id:
            return
        self.detail = detail = event.detail
        if detail is None:
            self.header.update(t("review.detail.missing", id=event.note_id))
            return
        zone = self.review.zone
        note = detail.note
        self.title_bar.title_text = t("review.detail.title", id=note.id)
        self.title_bar.refresh()
        header = t("review.detail.header", when=on_floor(note.created_at, zone), agent=plain(note.agent_code),
                   agent_name=plain(note.agent_name), outcome=plain(label("outcome", note.outcome)))
        self.header.update(Text(header, style="bold"))
        self.query_one("#note-sheet", Static).update(note_sheet(detail, zone))
        self.query_one("#case-sheet", Static).update(case_sheet(detail, zone))
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
        self._fill_history(detail)

    def _fill_history(self, detail: NoteDetail) -> None:
        zone = self.review.zone
        table = self.history
        table.clear()
        here = 0
        entries: tuple[TimelineLine | NoteView, ...] = (*detail.earlier, detail.note, *detail.later)
        for n, entry in enumerate(entries):
            current = entry.id == detail.note.id
            flagged = Text("⚑", style="bold red") if entry.flagged else ""
            text = first_line(plain(entry.text, lines=True), 60)
            if entry.amends_id:
                text = f"↺#{entry.amends_id} {text}"
            style = "bold" if current else ""
            # Text cells: a plain string in a DataTable would be read as markup.
            table.add_row(Text(("▶ " if current else "  ") + when(entry.created_at, zone), style=style),
                          Text(plain(entry.agent_code)), Text(plain(label("outcome", entry.outcome))), flagged,
                          Text(text), key=str(entry.id))
            if current:
                here = n
        self.call_after_refresh(table.move_cursor, row=here, animate=False, scroll=True)
        heading = t("review.detail.history_heading") + " — " + t("review.detail.earlier_count",
                                                                   count=len(detail.earlier))
        heading += ", " + t("review.detail.later_count", count=len(detail.later))
        self.query_one("#history-heading", Static).update(heading)

    @on(DataTable.RowSelected, "#history")
    def _history_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None and int(event.row_key.value) != self.note_id:
            self.load(int(event.row_key.value))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            if fault_stops_app(self, event.worker):
                return
            reason = problem_text(event.worker.error)
            self.header.update(filled("review.failed", reason=reason))
            self.notify(plain(t("review.failed", reason=reason)), severity="error", markup=False)

    def action_back(self) -> None:
        """Back to the notes browser."""
        self.dismiss()

    def action_earlier(self) -> None:
        """The note before this one on the same account."""
        if self.detail is not None and self.detail.earlier:
            self.load(self.detail.earlier[-1].id)

    def action_later(self) -> None:
        """The note after this one on the same account."""
        if self.detail is not None and self.detail.later:
            self.load(self.detail.later[0].id)
