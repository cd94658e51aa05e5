"""A measured figure beside its floor, and the table and JSON they are reported in.

Every figure is a list of runs of our code and a list of runs of its floor,
taken in the same process run, alternating where the two can be; the
figure's value is the median of its runs, and the ratio is ours / floor.
A target is either a ratio to the floor (``≤ 1.3×``) or an absolute limit
on our median (``≤ 20 ms``); the floor is shown either way, so the table
says how far above the driver or the bare toolkit each figure sits.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Target:
    """What a figure must meet: ``ratio`` to its floor, or ``limit`` on its own median (in its unit).

    ``none`` is a figure shown for what it tells, with nothing to meet.
    """

    kind: Literal["ratio", "limit", "none"]
    value: float = 0.0

    def text(self, unit: str) -> str:
        """``≤ 1.3×``, ``≤ 20 ms`` or ``—``."""
        if self.kind == "none":
            return "—"
        return f"≤ {self.value:g}×" if self.kind == "ratio" else f"≤ {self.value:g} {unit}"


@dataclass
class Figure:
    """One line of the table: our runs, the floor's runs, and the target."""

    id: str
    name: str
    unit: str
    target: Target
    floor_name: str
    ours: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    #: What else a reader needs to trust the number (rows, filters tried, the slowest case).
    notes: dict = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        """Our median, or ``None`` before any run."""
        return statistics.median(self.ours) if self.ours else None

    @property
    def floor_median(self) -> float | None:
        """The floor's median, or ``None`` before any run."""
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        """Ours over the floor."""
        ours, floor = self.median, self.floor_median
        if ours is None or not floor:
            return None
        return ours / floor

    @property
    def met(self) -> bool | None:
        """Whether the target is met (``None`` if nothing was measured or there is no target)."""
        if self.target.kind == "none":
            return None
        if self.target.kind == "ratio":
            return None if self.ratio is None else self.ratio <= self.target.value
        return None if self.median is None else self.median <= self.target.value

    def as_json(self) -> dict:
        """The figure as plain JSON values."""
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "median": _round(self.median),
            "runs": [_round(v) for v in self.ours],
            "floor": {"name": self.floor_name, "median": _round(self.floor_median),
                      "runs": [_round(v) for v in self.floor]},
            "ratio": _round(self.ratio),
            "target": {"kind": self.target.kind, "value": self.target.value},
            "met": self.met,
            "notes": self.notes,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    if value >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def table(figures: list[Figure]) -> list[str]:
    """The figures as aligned text lines: median, floor, ratio, target, met."""
    head = ("figure", "median", "floor", "floor median", "ratio", "target", "")
    rows = [head]
    for f in figures:
        rows.append((
            f.name,
            _value(f.median, f.unit),
            f.floor_name,
            _value(f.floor_median, f.unit),
            "—" if f.ratio is None else f"{f.ratio:.2f}×",
            f.target.text(f.unit),
            {True: "met", False: "MISSED", None: "—"}[f.met],
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    right = {1, 3, 4}
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def markdown(figures: list[Figure]) -> list[str]:
    """The same table in Markdown, for the README."""
    lines = ["| figure | median | floor | floor median | ratio | target | |",
             "| --- | ---: | --- | ---: | ---: | --- | --- |"]
    for f in figures:
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        met = {True: "met", False: "missed", None: "—"}[f.met]
        lines.append(f"| {f.name} | {_value(f.median, f.unit)} | {f.floor_name} | "
                     f"{_value(f.floor_median, f.unit)} | {ratio} | {f.target.text(f.unit)} | {met} |")
    return lines
