"""The outcome keys, one line above the footer while a dialled call waits for its note.

The footer has no room for eight more keys beside the call's own (F4 to F9,
Ctrl+S): 160 columns hold about a dozen. So while a call is open (or over and
not yet noted) the outcome keys get this line of their own, drawn from the
same key table and config.yaml's ``keys:`` as the footer and F1; on a narrow
terminal it takes a second line rather than cut a key off, and a key and its
words are never split between the two. Otherwise it is not there at all.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

#: Between two keys on a line.
GAP = "  "


def key_lines(keys: tuple[tuple[str, str], ...], width: int) -> Content:
    """The keys, each ``key words``, in lines of at most ``width`` cells, broken only between two keys."""
    lines: list[list[Content]] = [[]]
    used = 0
    for key, words in keys:
        item = Content.assemble((key, "bold $accent"), " ", words)
        need = item.cell_length + (len(GAP) if lines[-1] else 0)
        if lines[-1] and used + need > width:
            lines.append([])
            used, need = 0, item.cell_length
        lines[-1].append(item)
        used += need
    return Content("\n").join(Content(GAP).join(line) for line in lines)


class OutcomeBar(Static):
    """``(key as shown, words)`` of each outcome key, or nothing."""

    DEFAULT_CSS = """
    OutcomeBar {
        height: auto;
        width: 1fr;
        padding: 0 1;
        display: none;
    }
    OutcomeBar.-shown {
        display: block;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keys: tuple[tuple[str, str], ...] = ()

    def show(self, keys: tuple[tuple[str, str], ...] | None) -> None:
        """Show ``keys`` (None: hide the line)."""
        self.set_class(keys is not None, "-shown")
        self._keys = keys or ()
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._keys:
            width = (self.content_size.width or self.app.size.width - 2) if self.is_mounted else 78
            self.update(key_lines(self._keys, max(width, 20)))
