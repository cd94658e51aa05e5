"""The team dashboard: per agent and for the team, a period's figures and their trend per day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.getters import query_one
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from agent_tui.i18n import t
from agent_tui.service.review_views import AgentFigures, Dashboard
from agent_tui.ui.common.crash import fault_stops_app
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import filled, plain, shown
from agent_tui.ui.common.typed_fields import TypedInput
from agent_tui.ui.review.keys import DASHBOARD_KEYS
from agent_tui.ui.review.widgets.title_bar import TitleBar
from agent_tui.ui.review.widgets.trend import Trend
from agent_tui.ui.review.wording import money, number, percent, problem_text

PRESETS = ("today", "week", "month", "this_month", "custom")
SERIES = ("attempts", "right_party", "promises", "collected")
COLUMNS = ("agent", "attempts", "rpc", "rpc_rate", "promises", "promised", "kept_rate", "broken", "collected",
           "score", "flagged")
#: The figures that go first as the terminal narrows, least needed first (each is told by another one
#: shown: the count by its rate, the amount promised by the promises, broken by the kept rate).
LESSER = ("score", "rpc", "promised", "broken")
#: Below this width only the columns a lead needs most are shown.
WIDE = 120
TEAM_KEY = "__team__"


def columns_for(width: int) -> tuple[str, ...]:
    """The dashboard's columns at ``width`` cells: all of them when wide, without :data:`LESSER` when not."""
    return COLUMNS if width >= WIDE else tuple(c for c in COLUMNS if c not in LESSER)


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The days a preset stands for, ending today."""
    if preset == "today":
        return today, today
    if preset == "month":
        return today - timedelta(days=29), today
    if preset == "this_month":
        return today.replace(day=1), today
    return today - timedelta(days=6), today


class DashboardScreen(Screen[None]):
    """Figures per agent and for the team; the trend below follows the highlighted row."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    KEYS = DASHBOARD_KEYS

    table = query_one("#figures", DataTable)
    period_line = query_one("#period-line", Static)

    @dataclass
    class DashboardRead(Message):
        """The period's figures came back from the database."""

        bubble = False  # for this screen only

        dashboard: Dashboard

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: Dashboard | None = None
        self.columns: tuple[str, ...] = ()

    @property
    def review(self):
        """The read-only review service."""
        return self.app.review

    def compose(self) -> ComposeResult:
        since, until = preset_period("week", self.review.today())
        yield TitleBar(t("review.dashboard.title"), self.review.lead, id="title-bar")
        with Horizontal(id="period-bar"):
            yield Label(t("review.dashboard.period"))
            yield Select([(t(f"review.dashboard.preset.{p}"), p) for p in PRESETS], value="week",
                         allow_blank=False, id="preset", compact=True)
            yield Label(t("review.dashboard.since"))
            yield TypedInput(since.isoformat(), placeholder="YYYY-MM-DD", id="since", compact=True)
            yield Label(t("review.dashboard.until"))
            yield TypedInput(until.isoformat(), placeholder="YYYY-MM-DD", id="until", compact=True)
        yield Static(t("review.dashboard.loading"), id="period-line")
        yield DataTable(id="figures", cursor_type="row", zebra_stripes=True)
        yield Static("", id="trend-heading")
        with Grid(id="trends"):
            for series in SERIES:
                yield Trend(series, id=f"trend-{series}")
        yield Static(t("review.dashboard.notes"), id="dash-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._lay_out()
        self.table.focus()
        self.recount()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """The columns for the width the screen has, and the figures in them again if the set changed."""
        columns = columns_for(self.size.width or self.app.size.width)
        if columns == self.columns:
            return
        self.columns = columns
        self.table.clear(columns=True)
        for name in columns:
            self.table.add_column(t(f"review.dash_column.{name}"), key=name)
        if self.dashboard is not None:
            self._fill(self.dashboard)

    # --- the period -------------------------------------------------------------------------

    def _period(self) -> tuple[date, date] | None:
        days = []
        for field in ("#since", "#until"):
            text = self.query_one(field, Input).value.strip()
            try:
                days.append(date.fromisoformat(text))
            except ValueError:
                # What the lead typed, as typed: never read as markup.
                self.period_line.update(filled("review.filter.bad_date", found=text))
                return None
        return days[0], days[1]

    def recount(self) -> None:
        """Count the figures of the period in the two date fields."""
        period = self._period()
        if period is not None:
            self.period_line.update(t("review.dashboard.loading"))
            self._count(*period)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def _count(self, since: date, until: date) -> None:
        self.post_message(self.DashboardRead(self.review.dashboard(since, until)))

    @on(Select.Changed, "#preset")
    def _preset(self, event: Select.Changed) -> None:
        if event.value == "custom" or event.value is Select.NULL:
            return
        since, until = preset_period(str(event.value), self.review.today())
        self.query_one("#since", Input).value = since.isoformat()
        self.query_one("#until", Input).value = until.isoformat()
        self.recount()

    @on(Input.Submitted)
    def _dates_typed(self) -> None:
        self.query_one("#preset", Select).value = "custom"
        self.recount()

    def action_refresh(self) -> None:
        """Count again: agents may have saved notes since."""
        self.recount()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and not fault_stops_app(self, event.worker):
            self.period_line.update(shown(problem_text(event.worker.error)))

    # --- showing -----------------------------------------------------------------------------

    @on(DashboardRead)
    def _dashboard_read(self, event: DashboardRead) -> None:
        board = self.dashboard = event.dashboard
        total = sum(board.payments)
        self.period_line.update(
            t("review.dashboard.period_line", since=board.since.isoformat(), until=board.until.isoformat(),
              days=len(board.days)) + " · " + t("review.dashboard.payments", amount=money(total, board.currency))
        )
        self._fill(board)
        self.table.move_cursor(row=self.table.row_count - 1, animate=False)
        self._show_trend(board.team, t("review.dashboard.team"))

    def _fill(self, board: Dashboard) -> None:
        self.table.clear()
        for row in board.agents:
            self.table.add_row(*self._cells(row, board.currency, f"{row.code} {row.name}"), key=row.code)
        team = self._cells(board.team, board.currency, t("review.dashboard.team"))
        for cell in team:
            cell.stylize("bold")
        self.table.add_row(*team, key=TEAM_KEY)

    def _cells(self, row: AgentFigures, currency: str, who: str) -> list:
        c = row.total
        figures = {
            "attempts": str(c.attempts),
            "rpc": str(c.right_party),
            "rpc_rate": percent(row.right_party_rate),
            "promises": str(c.promises),
            "promised": money(c.promised, currency),
            "kept_rate": percent(row.kept_rate),
            "broken": str(c.broken),
            "collected": money(c.collected, currency),
            "score": number(row.average_score),
        }
        cells: dict[str, Text] = {"agent": Text(plain(who))}
        cells.update((name, Text(value, justify="right")) for name, value in figures.items())
        cells["flagged"] = Text(str(c.flagged), style="bold red" if c.flagged else "", justify="right")
        return [cells[name] for name in self.columns or COLUMNS]

    @on(DataTable.RowHighlighted, "#figures")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.dashboard is None or event.row_key.value is None:
            return
        if event.row_key.value == TEAM_KEY:
            self._show_trend(self.dashboard.team, t("review.dashboard.team"))
        else:
            row = self.dashboard.row(event.row_key.value)
            self._show_trend(row, f"{row.code} {row.name}")

    def _show_trend(self, row: AgentFigures, who: str) -> None:
        board = self.dashboard
        if board is None:
            return
        heading = t("review.dashboard.trend_heading", who=plain(who))
        self.query_one("#trend-heading", Static).update(Text(heading, style="bold"))
        for series in SERIES:
            figure = (lambda v: money(v, board.currency)) if series == "collected" else str
            self.query_one(f"#trend-{series}", Trend).show(row.series(series), board.days, figure)
