"""A table of facts drawn by one widget: a heading, then labels on the left and values on the right."""

from __future__ import annotations

from itertools import zip_longest

from rich.cells import cell_len
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from agent_tui.ui.common.reading import break_lines
from agent_tui.ui.common.shown import shown

Fact = tuple[str, "Content | str"]

LABEL_WIDTH = 12
"""Cells given to the label column."""

LABEL_STYLE = ".fact-table--label"
"""The labels' style: the component class, so the CSS colour resolves as it does for a widget's text."""


def _as_content(value: Content | str) -> Content:
    # A str is data: its control characters escaped, a bracket in it text, not markup.
    return value if isinstance(value, Content) else shown(value)


def _broken(content: Content, width: int) -> list[Content]:
    """``content`` as lines of at most ``width`` cells, broken where a reader expects."""
    return break_lines(content, width).split("\n", allow_blank=True)


def _widest_line(content: Content) -> int:
    return max(cell_len(line) for line in content.plain.split("\n"))


class FactTable(Widget):
    """Labels in a muted column on the left, values on the right; a long value wraps in its own column.

    One widget draws the whole table (a grid of a Static per cell costs a widget
    per cell). Its height is the number of lines the rows wrap to at its width,
    counted in terminal cells, so a CJK character takes two.
    """

    COMPONENT_CLASSES = {"fact-table--label"}

    DEFAULT_CSS = """
    FactTable > .fact-table--label {
        color: $text-muted;
    }
    FactTable {
        height: auto;
        /* the rows are wrapped here, in their columns: the lines must not be wrapped again */
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._title: Content | None = None
        self._rows: list[tuple[Content, Content]] = []
        self._wrapped: tuple[int, list[Content]] = (-1, [])

    def show(self, facts: list[Fact], title: Content | str | None = None) -> None:
        """Replace the rows, and the heading above them (none if ``title`` is None)."""
        self._title = None if title is None else _as_content(title)
        self._rows = [(Content(label), _as_content(value)) for label, value in facts]
        self._wrapped = (-1, [])
        self.refresh(layout=True)

    @property
    def title(self) -> Content:
        """The heading above the rows (empty when there is none)."""
        return self._title or Content()

    @property
    def plain(self) -> str:
        """The rows as text, a row a line, label and value separated by a space (for tests and screen readers)."""
        return "\n".join(f"{label.plain} {value.plain}" for label, value in self._rows)

    def lines(self, width: int) -> list[Content]:
        """The table wrapped to ``width`` cells, a Content per screen line."""
        if width == self._wrapped[0]:
            return self._wrapped[1]
        lines = self._wrap(width)
        self._wrapped = (width, lines)
        return lines

    def _wrap(self, width: int) -> list[Content]:
        if width <= 0:
            return []
        # Lines break where a reader expects (never inside an amount, nor before a ，): see domain.line_breaks.
        lines = _broken(self._title, width) if self._title else []
        label_width = min(LABEL_WIDTH, width)
        value_width = max(1, width - label_width)
        for label, value in self._rows:
            labels = _broken(label, label_width)
            values = _broken(value, value_width)
            for label_line, value_line in zip_longest(labels, values, fillvalue=Content()):
                # the label's style runs across its whole column, as a cell's would
                lines.append(label_line.truncate(label_width, pad=True).stylize(LABEL_STYLE) + value_line)
        return lines

    def render(self) -> RenderResult:
        """The wrapped lines at the current width."""
        return Content("\n").join(self.lines(self.content_size.width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the widest unwrapped row (the table is normally given its container's width)."""
        widths = [LABEL_WIDTH + _widest_line(value) for _, value in self._rows]
        if self._title:
            widths.append(_widest_line(self._title))
        return max(widths, default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The number of lines the rows wrap to at ``width``."""
        return len(self.lines(width))
