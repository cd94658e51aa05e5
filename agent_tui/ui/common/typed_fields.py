"""Fields the agent types in, drawn so that nothing in them acts on the terminal.

Textual's ``Input`` and ``TextArea`` never read their text as markup, but
they draw it as it is: an escape sequence pasted into a field (or put there
from a draft) would reach the terminal and be obeyed. These two draw each
control or format character as U+FFFD instead, one cell wide, and keep the
text itself as typed: what is saved is what was pasted, and what is shown
can no longer set a title or write the clipboard. A draft is put into the
fields already escaped (see ``NoteForm.load``), so the mark is seen only
for what is pasted, until it is saved and shown everywhere as its escape.
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input, TextArea

from agent_tui.domain.shown_text import visible

#: Drawn in place of a character that would act on the terminal.
STAND_IN = "\ufffd"


def _acts(ch: str) -> bool:
    """Whether ``ch`` would be obeyed rather than read (``visible`` writes it as an escape)."""
    return ch != "\t" and not unicodedata.combining(ch) and visible(ch) != ch


def drawn_safe(strip: Strip) -> Strip:
    """``strip`` with each control or format character drawn as :data:`STAND_IN`, at the width it had."""
    text = strip.text
    if visible(text) == text:
        return strip
    segments = [
        Segment("".join(STAND_IN if _acts(ch) else ch for ch in segment.text), segment.style, segment.control)
        for segment in strip
    ]
    return Strip(segments).crop(0, strip.cell_length)


class TypedInput(Input):
    """An ``Input`` whose text, as drawn, carries no control character to the terminal."""

    def render_line(self, y: int) -> Strip:
        """The line as ``Input`` draws it, control characters shown as :data:`STAND_IN`."""
        return drawn_safe(super().render_line(y))


class TypedTextArea(TextArea):
    """A ``TextArea`` whose text, as drawn, carries no control character to the terminal."""

    def render_line(self, y: int) -> Strip:
        """The line as ``TextArea`` draws it, control characters shown as :data:`STAND_IN`."""
        return drawn_safe(super().render_line(y))
