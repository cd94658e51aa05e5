"""The notes browser: every note, newest first, filtered, searched, paged, exported."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.getters import query_one
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from agent_tui.i18n import language, t
from agent_tui.service.export_folder import export_folder, free_place
from agent_tui.service.review_views import AgentChoice, BrowserPage, NoteCursor, NoteQuery
from agent_tui.ui.common.crash import fault_stops_app
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.common.typed_fields import TypedInput
from agent_tui.ui.review.dialogs.export import ExportChoice, ExportDialog
from agent_tui.ui.review.dialogs.filter import FilterDialog
from agent_tui.ui.review.keys import NOTES_KEYS, localized
from agent_tui.ui.review.screens.detail import NoteScreen
from agent_tui.ui.review.widgets.note_table import NoteTable
from agent_tui.ui.review.widgets.title_bar import TitleBar
from agent_tui.ui.review.wording import day, label, problem_text

#: Seconds a page may take before the status line says it is being read.
SAY_READING_AFTER = 0.25


def filter_summary(query: NoteQuery) -> str:
    """The filter in a few words, for the line above the table; what the lead typed shown as typed."""
    if query.empty:
        return t("review.notes.filter_none")
    parts = []
    if query.agent:
        parts.append(t("review.summary.agent", value=plain(query.agent)))
    if query.since:
        parts.append(t("review.summary.since", value=day(query.since)))
    if query.until:
        parts.append(t("review.summary.until", value=day(query.until)))
    if query.outcome:
        parts.append(t("review.summary.outcome", value=plain(label("outcome", query.outcome))))
    if query.stage:
        parts.append(t("review.summary.stage", value=plain(label("stage", query.stage))))
    if query.flag:
        parts.append(t("review.summary.flag", value=plain(label("flag", query.flag))))
    if query.promise:
        value = t("review.promise_filter.any") if query.promise == "any" else label("promise_status", query.promise)
        parts.append(t("review.summary.promise", value=plain(value)))
    if query.search:
        parts.append(t("review.summary.search", value=plain(query.search)))
    return t("review.notes.filter_prefix") + " " + " · ".join(parts)


class NotesScreen(Screen[None]):
    """All notes, newest first; a page is read only when the lead scrolls to it."""

    KEYS = NOTES_KEYS

    query_text = var(NoteQuery(), init=False)

    table = query_one("#notes", NoteTable)
    search_box = query_one("#search", Input)
    status = query_one("#status", Static)

    @dataclass
    class PageRead(Message):
        """A page of notes came back from the database."""

        bubble = False  # for this screen only

        page: BrowserPage
        append: bool
        generation: int

    @dataclass
    class AgentsRead(Message):
        """The agents the filter offers came back from the database."""

        bubble = False  # for this screen only

        agents: tuple[AgentChoice, ...]

    @dataclass
    class ExportWritten(Message):
        """An export was written (to a file here, or for the browser to download)."""

        bubble = False  # for this screen only

        kind: str
        rows: int
        path: Path
        for_browser: bool
        seq: int  # the export's event in the audit log

    def __init__(self) -> None:
        super().__init__()
        self.next_page: NoteCursor | None = None
        self.reading_page = False
        self.generation = 0
        self.agents: tuple[AgentChoice, ...] = ()

    @property
    def review(self):
        """The read-only review service."""
        return self.app.review

    def compose(self) -> ComposeResult:
        yield TitleBar(t("review.notes.title"), self.review.lead, id="title-bar")
        with Horizontal(id="search-bar"):
            yield TypedInput(placeholder=t("review.notes.search_placeholder"), id="search", compact=True)
            # The summary repeats the search as typed: text, never markup.
            yield Static(filter_summary(NoteQuery()), id="filter-summary", markup=False)
        yield NoteTable(self.review.zone, id="notes")
        yield Static(t("review.notes.loading"), id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.read_first_page()
        self.read_agents()

    @work(thread=True, exclusive=True, exit_on_error=False, group="agents")
    def read_agents(self) -> None:
        """Read the agents the filter offers (in a thread)."""
        self.post_message(self.AgentsRead(self.review.agents()))

    @on(AgentsRead)
    def agents_read(self, event: AgentsRead) -> None:
        """Keep the agents for the filter dialog."""
        self.agents = event.agents

    # --- reading pages -------------------------------------------------------------------

    def read_first_page(self) -> None:
        """Read the newest page for the current filter, replacing the table."""
        self.generation += 1
        self.next_page = None
        self.reading_page = True
        # Both lines are one row high whatever they say (see review.tcss): no new layout for them.
        self.query_one("#filter-summary", Static).update(filter_summary(self.query_text), layout=False)
        self.set_timer(SAY_READING_AFTER, partial(self.say_reading, self.generation))
        self.read_page(self.query_text, None, self.generation)

    def say_reading(self, generation: int) -> None:
        """A page is slow to come: say it is being read (a quick one is simply shown instead)."""
        if self.reading_page and generation == self.generation:
            self.status.update(t("review.notes.loading"), layout=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes")
    def read_page(self, query: NoteQuery, after: NoteCursor | None, generation: int) -> None:
        """Read one page of notes for ``query`` after ``after`` (in a thread)."""
        page = self.review.notes(query, after)
        self.post_message(self.PageRead(page, after is not None, generation))

    @on(PageRead)
    def page_read(self, event: PageRead) -> None:
        """Show a page that came back, unless the filter changed since it was asked for."""
        if event.generation != self.generation:
            return  # an answer to a filter the lead has since changed
        self.reading_page = False
        self.next_page = event.page.next
        with self.app.batch_update():  # the page and the count under it in one frame
            self.table.show(event.page.lines, event.append)
            self.say_how_many()

    def say_how_many(self) -> None:
        """The status line: how many notes are shown, and whether more will come."""
        shown = self.table.row_count
        if not shown:
            self.status.update(t("review.notes.none"), layout=False)
        elif self.next_page is not None:
            self.status.update(t("review.notes.shown_more", count=shown), layout=False)
        else:
            self.status.update(t("review.notes.shown", count=shown), layout=False)

    @on(NoteTable.MoreWanted)
    def more_wanted(self) -> None:
        """Read the next page, if there is one and none is on its way."""
        if self.next_page is not None and not self.reading_page:
            self.reading_page = True
            self.read_page(self.query_text, self.next_page, self.generation)

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """A read that failed: say why, on the status line and in a notification."""
        if event.state == WorkerState.ERROR:
            self.reading_page = False
            if fault_stops_app(self, event.worker):
                return
            reason = plain(problem_text(event.worker.error))
            self.status.update(t("review.failed", reason=reason))
            self.notify(t("review.failed", reason=reason), severity="error", markup=False)

    def watch_query_text(self) -> None:
        if self.is_mounted:
            self.read_first_page()

    # --- actions ---------------------------------------------------------------------------

    @on(NoteTable.NoteChosen)
    def note_chosen(self, event: NoteTable.NoteChosen) -> None:
        """Enter on a note: open it with its case."""
        self.app.push_screen(localized(NoteScreen)(event.note_id))

    def action_open_note(self) -> None:
        """Enter outside the table opens the highlighted note."""
        note_id = self.table.highlighted_note
        if note_id is not None:
            self.app.push_screen(localized(NoteScreen)(note_id))

    def action_search(self) -> None:
        """Put the cursor in the search field."""
        self.search_box.focus()

    @on(Input.Submitted, "#search")
    def search_typed(self, event: Input.Submitted) -> None:
        """Enter in the search field: search."""
        self.query_text = self.query_text.with_search(event.value)
        self.table.focus()

    def action_refresh(self) -> None:
        """Read the notes again from the newest."""
        self.read_first_page()

    def action_clear_filter(self) -> None:
        """Show every note."""
        self.search_box.value = ""
        self.query_text = NoteQuery()

    def action_filter(self) -> None:
        """Open the filter dialog on the current filter."""

        def chosen(query: NoteQuery | None) -> None:
            if query is not None:
                self.search_box.value = query.search or ""
                self.query_text = query

        self.app.push_screen(localized(FilterDialog)(self.query_text, self.agents), chosen)

    def action_export(self) -> None:
        """Export what this filter shows, masked."""

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.write_export(choice, self.query_text)

        at = self.review.now().astimezone(self.review.zone)
        self.app.push_screen(localized(ExportDialog)(self.app.is_web, at, export_folder(self.review.config)), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def write_export(self, choice: ExportChoice, query: NoteQuery) -> None:
        """Write the export the lead chose into the export folder (in a thread); a browser is sent it too."""
        place = free_place(export_folder(self.review.config), choice.name)
        written, seq = self.review.export(choice.kind, query, place, language())
        self.post_message(self.ExportWritten(choice.kind, written.rows, written.path, self.app.is_web, seq))

    @on(ExportWritten)
    def exported(self, event: ExportWritten) -> None:
        """Say where the export went (in a browser: send it to be downloaded)."""
        kind = t(f"review.export.kind.{event.kind}")
        if event.for_browser:
            self.app.deliver_binary(event.path, save_filename=event.path.name, mime_type="text/csv")
            self.notify(t("review.notes.delivered", kind=kind, rows=event.rows, name=plain(event.path.name),
                          seq=event.seq), markup=False)
        else:
            self.notify(t("review.notes.exported", kind=kind, rows=event.rows, path=plain(event.path),
                          seq=event.seq), markup=False)
