"""One per-day series as a labelled sparkline: the trend at a glance, the figures in words beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

from agent_tui.i18n import t


class Trend(Vertical):
    """``Attempts: 412``, ``highest 61 on 2025-03-12``, over a sparkline of the days."""

    DEFAULT_CSS = """
    Trend { height: 1fr; }
    Trend > .trend-label { height: 1; text-style: bold; }
    Trend > .trend-peak { height: 1; color: $text-muted; }
    Trend > Sparkline { height: 1fr; min-height: 1; }
    """

    def __init__(self, series: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.series = series

    def compose(self) -> ComposeResult:
        yield Static(t(f"review.series.{self.series}"), classes="trend-label")
        yield Static("", classes="trend-peak")
        yield Sparkline([], summary_function=max)

    def show(self, values: list[int], days: tuple[date, ...], figure: Callable[[int], str]) -> None:
        """Draw ``values`` (one per day of ``days``); ``figure`` writes a value for the label."""
        name = t(f"review.series.{self.series}")
        label = self.query_one(".trend-label", Static)
        peak = self.query_one(".trend-peak", Static)
        label.update(t("review.dashboard.trend", label=name, total=figure(sum(values))))
        if not any(values):
            peak.update(t("review.dashboard.trend_empty"))
        else:
            high = max(values)
            peak.update(t("review.dashboard.trend_peak", high=figure(high), day=days[values.index(high)].isoformat()))
        self.query_one(Sparkline).data = [float(v) for v in values] if values else [0.0]
