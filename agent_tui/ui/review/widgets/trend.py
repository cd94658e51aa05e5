"""One per-day series as a labelled sparkline over a date axis: the trend at a glance, the figures in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

from agent_tui.i18n import t


def axis_line(days: tuple[date, ...], width: int) -> str:
    """The days under a sparkline ``width`` cells wide: the first at the left, the last at the right, and
    the middle one between them when there is room (``03-01     03-08     03-14``)."""
    if not days or width <= 0:
        return ""
    first, last = f"{days[0]:%m-%d}", f"{days[-1]:%m-%d}"
    if len(days) == 1 or width < len(first) + len(last) + 1:
        return first[:width]
    line = [" "] * width
    line[:len(first)] = first
    line[width - len(last):] = last
    middle = f"{days[len(days) // 2]:%m-%d}"
    start = (width - len(middle)) // 2
    if len(days) > 2 and start > len(first) + 1 and start + len(middle) < width - len(last) - 1:
        line[start:start + len(middle)] = middle
    return "".join(line)


class DateAxis(Static):
    """The days of the period under the bars, fitted to the width it has."""

    DEFAULT_CSS = """
    DateAxis { height: 1; color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.days: tuple[date, ...] = ()

    def set_days(self, days: tuple[date, ...]) -> None:
        """The period's days; the line is drawn for the width the axis has."""
        self.days = days
        self.update(axis_line(days, self.size.width))

    def on_resize(self) -> None:
        self.update(axis_line(self.days, self.size.width))


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
        yield DateAxis()

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
        self.query_one(DateAxis).set_days(days)
