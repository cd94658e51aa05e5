"""`/`: find a case by name, account ref or phone across the agent's accounts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from agent_tui.i18n import language, t
from agent_tui.service.views import QueueRow
from agent_tui.ui.workstation.widgets.queue_pane import reason_badge


class SearchScreen(ModalScreen[int | None]):
    """Type to search; Enter or Down goes to the results; Enter on a result opens the case."""

    BINDINGS = [Binding("escape", "dismiss", show=False)]

    @dataclass
    class ResultsReady(Message):
        """The service answered a search."""

        query: str
        rows: list[QueueRow]

    field = getters.query_one("#search-input", Input)
    results = getters.query_one("#search-results", DataTable)

    def __init__(self, search) -> None:
        super().__init__()
        self._search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("workstation.search.title"), classes="title")
            yield Input(placeholder=t("workstation.search.placeholder"), id="search-input")
            yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)
            yield Static(t("workstation.search.hint"), classes="hint", id="search-hint")

    def on_mount(self) -> None:
        for key in ("debtor", "account", "balance", "reason"):
            self.results.add_column(t(f"workstation.search.{key}"))
        self.field.focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if len(query) >= 2:
            self._run(query)
        else:
            self.results.clear()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _run(self, query: str) -> None:
        rows = self._search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ResultsReady(query, rows))

    @on(ResultsReady)
    def _show(self, event: ResultsReady) -> None:
        if event.query != self.field.value.strip():
            return  # an older answer than what is typed now
        self.results.clear()
        lang = language()
        for row in event.rows:
            self.results.add_row(
                Text(row.debtor_name),
                Text(row.account_ref),
                Text(row.balance.localize(lang), justify="right"),
                Text(reason_badge(row)),
                key=str(row.account_id),
            )
        self.query_one("#search-hint", Static).update(
            t("workstation.search.found", count=len(event.rows)) if event.rows else t("workstation.search.nothing")
        )

    @on(Input.Submitted, "#search-input")
    def _to_results(self) -> None:
        if self.results.row_count == 1:
            self.dismiss(int(self.results.coordinate_to_cell_key((0, 0)).row_key.value))
        elif self.results.row_count:
            self.results.focus()

    def key_down(self) -> None:
        if self.field.has_focus and self.results.row_count:
            self.results.focus()

    @on(DataTable.RowSelected, "#search-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(int(event.row_key.value))

    async def action_dismiss(self, result: int | None = None) -> None:
        self.dismiss(None)
