"""Text that breaks its lines where a reader expects (:mod:`agent_tui.domain.line_breaks`).

Textual wraps a :class:`~textual.content.Content` at spaces and folds a
longer run at any cell, which cuts Chinese anywhere: inside an amount,
between an amount and 元, before a ，. :class:`Reading` is the same content as
a Textual ``Visual`` that breaks each line first where the line-breaking rules
allow, at the width it is drawn at, and hands the lines (each within the
width) to the content to draw, so styles, alignment and selection work as
they do for any text. Put it in a ``Static`` (``Static(reading(content))``),
an ``OptionList`` prompt, or wherever a visual goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.visual import Visual

from agent_tui.domain.line_breaks import wrap_offsets

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions


def break_lines(content: Content, width: int) -> Content:
    """``content`` with a newline wherever a line ends at ``width`` cells (trailing spaces dropped)."""
    if width <= 0:
        return content
    lines = []
    for line in content.split("\n", allow_blank=True):
        offsets = wrap_offsets(line.plain, width, cell_len)
        pieces = line.divide(offsets) if offsets else [line]
        lines += [piece.rstrip() for piece in pieces]
    return Content("\n").join(lines)


class Reading(Visual):
    """A content drawn with its lines broken where a reader expects; see the module's text."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._broken: tuple[int, Content] = (-1, content)

    def __str__(self) -> str:
        return self.content.plain

    @property
    def plain(self) -> str:
        """The text, without its line breaks for width."""
        return self.content.plain

    def at(self, width: int) -> Content:
        """The content as drawn ``width`` cells wide."""
        if self._broken[0] != width:
            self._broken = (width, break_lines(self.content, width))
        return self._broken[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.at(width - pad).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self.at(width - pad).get_height(rules, width)


def reading(content: Content | str) -> Reading:
    """``content`` (a str is taken as plain text, never markup) to be drawn with reader-friendly line breaks."""
    return Reading(content if isinstance(content, Content) else Content(content))
