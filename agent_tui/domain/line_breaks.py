"""Where a line of text may break, as a Chinese (and an English) reader expects.

A terminal wraps text where it runs out of cells. Textual breaks a line only
at spaces and folds a longer run at any character, and Chinese has no
spaces: a paragraph of it is one long run, folded anywhere, so an amount is
cut in two (``¥12,3`` / ``45.00``), ``元`` lands alone at the start of a line,
and a line opens with ``，`` or ``。``. The rules here follow the line breaking
Chinese typesetting uses (the closing punctuation rule of GB/T 15834 and the
kinsoku rule of JIS X 4051, as Unicode's UAX #14 sets them out), kept to what
the workstation's texts hold:

* A line may break after a space (not a no-break space), and between two
  characters when either is a wide (CJK) one.
* Never before closing punctuation (``，。？！、；：）」』”…`` and their ASCII
  kin) nor after opening punctuation (``（「『“`` and ``(``).
* Never inside a figure: an amount with its currency mark (``¥``, ``$``) and
  its grouping, a date, a clock time, a percentage, nor between a figure and
  the unit after it (``元``, ``万元``, ``天``, ``期``, ``个月`` …).
* A run of letters and digits (an English word, an account ref) is not broken.

:func:`break_opportunities` marks where a line may start; :func:`wrap_offsets`
fills lines greedily up to a width in cells and gives where each new line
starts, folding a run only when it is wider than a whole line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise

#: No line starts with these: closing punctuation, and what hangs on the word before.
CLOSING = frozenset("，。？！、；：）」』】》〉”’…‥・〕］｝％‰,.;:!?)]}%")
#: No line ends with these: opening punctuation and currency marks, which belong to what follows.
OPENING = frozenset("（「『【《〈“‘〔［｛([{¥￥$€£")

#: Spaces that join what they stand between: no line breaks at them.
NO_BREAK_SPACES = frozenset("\u00a0\u202f\u2007")

#: A figure and the unit after it: kept on one line.
_FIGURE = re.compile(
    r"\d{1,4}年\d{1,2}月(?:\d{1,2}[日号])?"  # a date written out: 2025年9月25日
    r"|(?:[¥￥$€£]\s?)?[-+]?\d(?:[\d,.:/\-]*\d)?"
    r"(?:\s?(?:万元|亿元|个月|元|万|亿|块|角|天|日|号|月|年|期|次|笔|岁|周|小时|分钟|%|％))?"
)


def cell_width(character: str) -> int:
    """The cells a character takes in a terminal: two for a wide (CJK) one, none for a combining mark."""
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def _wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def break_opportunities(text: str) -> list[bool]:
    """For each position of ``text``, whether a new line may start there (never at 0 or inside a figure)."""
    allowed = [False] * (len(text) + 1)
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if here.isspace() and here not in NO_BREAK_SPACES:
            continue  # spaces hang at the end of the line they follow
        if before in NO_BREAK_SPACES or here in NO_BREAK_SPACES:
            continue
        if before.isspace():
            allowed[i] = True
        elif here in CLOSING or before in OPENING:
            continue
        elif _wide(before) or _wide(here):
            allowed[i] = True
    for figure in _FIGURE.finditer(text):
        for i in range(figure.start() + 1, figure.end()):
            allowed[i] = False
        # A closing mark after the figure stays with it (handled above); so does an opening mark before it.
    return allowed


def wrap_offsets(text: str, width: int, cells: Callable[[str], int] = cell_width) -> list[int]:
    """Where each new line starts when one paragraph of ``text`` (no newline) is filled to ``width`` cells.

    ``cells`` measures a character (the screen's own measure may be passed). Spaces at the end of a
    line may run past the width (they are not drawn); a run with no place to break that is wider than
    a whole line is folded where it reaches the edge.
    """
    if width <= 0 or not text:
        return []
    allowed = break_opportunities(text)
    offsets: list[int] = []
    start, used, last = 0, 0, None
    for i, character in enumerate(text):
        if i > start and allowed[i]:
            last = i
        size = cells(character)
        if character.isspace() and character not in NO_BREAK_SPACES:
            used += size
            continue
        if used + size > width and i > start:
            cut = last if last is not None and last > start else i
            offsets.append(cut)
            start, last = cut, None
            used = sum(cells(c) for c in text[cut:i])
        used += size
    return offsets


def wrap_lines(text: str, width: int, cells: Callable[[str], int] = cell_width) -> list[str]:
    """``text`` (which may hold newlines) as lines of at most ``width`` cells, trailing spaces dropped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *wrap_offsets(paragraph, width, cells), len(paragraph)]
        lines += [paragraph[a:b].rstrip() for a, b in pairwise(cuts)]
    return lines
