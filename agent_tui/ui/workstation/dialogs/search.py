"""`/`: find a case by name, account ref or phone across the agent's accounts.

The search runs on the desk's database worker like every other step: the
dialog asks it through the function it is given, and the rows come back as
:class:`SearchScreen.ResultsReady`. A search typed over by a newer one before it
started is not run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowKey

from agent_tui.i18n import language, t
from agent_tui.service.views import QueueRow
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.common.typed_fields import TypedInput
from agent_tui.ui.workstation.keys import SEARCH_KEYS
from agent_tui.ui.workstation.widgets.queue_pane import reason_badge


class SearchScreen(ModalScreen[int | None]):
    """Type to search; Enter opens the highlighted result (the first, until the cursor moves); Down goes
    into the results, where Enter opens the row under the cursor.

    Open it through :func:`~agent_tui.ui.workstation.keys.localized`.
    """

    KEYS = SEARCH_KEYS

    @dataclass
    class ResultsReady(Message):
        """The service answered a search."""

        query: str
        rows: list[QueueRow]

    field = getters.query_one("#search-input", Input)
    results = getters.query_one("#search-results", DataTable)

    def __init__(self, search: Callable[[str, MessagePump], None]) -> None:
        """``search(text, dialog)`` asks for the rows matching ``text``, to be posted to ``dialog``."""
        super().__init__()
        self._search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("workstation.search.title"), classes="title")
            yield TypedInput(placeholder=t("workstation.search.placeholder"), id="search-input")
            yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)
            yield Static(t("workstation.search.hint"), classes="hint", id="search-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        for key in ("debtor", "account", "balance", "reason"):
            self.results.add_column(t(f"workstation.search.{key}"))
        self.field.focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if len(query) >= 2:
            self._search(query, self)
        else:
            self.results.clear()

    @on(ResultsReady)
    def _show(self, event: ResultsReady) -> None:
        if event.query != self.field.value.strip():
            return  # an older answer than what is typed now
        self.results.clear()
        lang = language()
        for row in event.rows:
            self.results.add_row(
                Text(plain(row.debtor_name)),
                Text(plain(row.account_ref)),
                Text(row.balance.localize(lang), justify="right"),
                Text(reason_badge(row)),
                key=str(row.account_id),
            )
        self.query_one("#search-hint", Static).update(
            t("workstation.search.found", count=len(event.rows)) if event.rows else t("workstation.search.nothing")
        )

    @on(Input.Submitted, "#search-input")
    def _open_highlighted(self) -> None:
        """Enter in the field: the row the table highlights is the one opened (what the agent sees is what opens)."""
        if self.results.row_count:
            row = min(self.results.cursor_row, self.results.row_count - 1)
            self._open(self.results.coordinate_to_cell_key(Coordinate(max(row, 0), 0)).row_key)

    def key_down(self) -> None:
        if self.field.has_focus and self.results.row_count:
            self.results.focus()

    @on(DataTable.RowSelected, "#search-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key)

    def _open(self, row: RowKey) -> None:
        """Close with the account of ``row`` (its key), to be opened on the desk."""
        if row.value is not None:
            self.dismiss(int(row.value))
