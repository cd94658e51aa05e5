"""Text that came from a file, the database or a person, made safe to show.

Names from a placement file, a note an agent typed, a search a lead typed:
all of it is data, and a terminal obeys some data. An escape sequence can
set the window title, write the clipboard (OSC 52) or draw a hyperlink; a
right-to-left override reorders what the reader sees; a line separator
breaks a table row. :func:`visible` is the one function every surface
(workstation, review, ``serve``, CLI output, the log) passes such text
through before it meets the screen: each control or format character comes
out as a visible escape (``\\x1b``, ``\\u202e``), so it is seen, never obeyed.

Markup is the screen's concern, not this module's: the widgets show the
result as plain content, so ``[b]`` or ``[/]`` appears as typed (see
``agent_tui.ui.common.shown``).
"""

from __future__ import annotations

import unicodedata

#: Joiners that belong inside a word or an emoji, not to an attacker: left as they are.
_JOINERS = frozenset({"\u200c", "\u200d"})
#: The most combining marks one character may carry; more (a "zalgo" stack) is shown escaped.
MAX_MARKS = 4
#: Shown before a combining mark that has no character to sit on (at the start of a text).
_MARK_BASE = "\u25cc"


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _hidden(ch: str, lines: bool) -> bool:
    """Whether ``ch`` would act on the terminal or on the reading order rather than be read."""
    if ch == "\n":
        return not lines
    if ch in _JOINERS:
        return False
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control and format character shown as an escape.

    ``lines=True`` keeps line breaks (a note's body); otherwise a line break
    is escaped too, so a one-line place (a table cell, a title, a CSV
    preview) stays one line; with it, a CR LF pair counts as one break. A tab becomes a space. The result holds no
    character below U+0020 other than the kept line breaks, no C1 control,
    no bidi control and no line or paragraph separator.
    """
    if lines:
        text = text.replace("\r\n", "\n")  # a note pasted from Windows ends its lines this way
    out: list[str] = []
    marks = 0
    for ch in text:
        if ch == "\t":
            out.append(" ")
            marks = 0
            continue
        if _hidden(ch, lines):
            out.append(_escape(ch))
            marks = 0
            continue
        if unicodedata.combining(ch):
            if not out or out[-1] in {"\n", " "}:
                out.append(_MARK_BASE)  # a mark with nothing to sit on would land on the screen's own text
                marks = 0
            if marks >= MAX_MARKS:
                out.append(_escape(ch))
                continue
            marks += 1
        else:
            marks = 0
        out.append(ch)
    return "".join(out)
