"""Data on the screen: shown as typed, never obeyed.

Every widget that shows text from a file, the database or a person builds
it here: :func:`shown` passes it through the one escaping function,
:func:`agent_tui.domain.shown_text.visible` (no control characters), and
wraps it as plain :class:`~textual.content.Content`, which Textual never
parses for markup, so ``[b]`` or ``[/]`` in a name appears as typed. A
catalog string that carries data goes through :func:`filled`.
"""

from __future__ import annotations

from textual.content import Content

from agent_tui.domain.shown_text import visible
from agent_tui.i18n import t


def plain(text: object, *, lines: bool = False) -> str:
    """``text`` as a string with its control characters escaped (for places that take a plain string)."""
    return visible("" if text is None else str(text), lines=lines)


def shown(text: object, *, lines: bool = False) -> Content:
    """Data as plain content: escaped, no markup (a table cell, a ``Static``, a title)."""
    return Content(plain(text, lines=lines))


def filled(key: str, **values: object) -> Content:
    """A catalog message with data in its fields, the data escaped and the whole never read as markup."""
    return Content(t(key, **{name: plain(value) for name, value in values.items()}))
