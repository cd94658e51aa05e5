"""A one-line progress bar for long imports: rows read and rows per second.

It redraws in place with a carriage return, at most a few times a second, so
a million-row file costs it nothing worth measuring. It writes only to the
stream it is given; the command line gives it stderr when stderr is a
terminal (or when asked), so piped output stays clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from agent_tui.i18n import t

WIDTH = 24


class ImportProgress:
    """Draws ``FILE [#####-----] 45% 450,000 rows, 180,000 rows/s`` on one line."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic, interval: float = 0.2):
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self._file = ""
        self._total = 0
        self._started = 0.0
        self._drawn = 0.0
        self._rows = 0
        self._line = 0
        self._width = 0

    def start(self, file: str, total_lines: int) -> None:
        """Begin a file of ``total_lines`` physical lines (the header included)."""
        self._file = file
        self._total = max(total_lines, 1)
        self._started = self._drawn = self.clock()
        self._rows = self._line = 0

    def update(self, rows: int, line: int) -> None:
        """``rows`` records read so far, up to physical ``line``; redraws when it is time."""
        self._rows, self._line = rows, line
        now = self.clock()
        if now - self._drawn >= self.interval:
            self._drawn = now
            self._draw(now)

    def finish(self, rows: int) -> None:
        """Draw the file's final state (``rows`` records in all) and end the line."""
        self._rows, self._line = rows, self._total
        self._draw(self.clock())
        self.stream.write("\n")
        self.stream.flush()
        self._width = 0

    def _draw(self, now: float) -> None:
        fraction = min(self._line / self._total, 1.0)
        filled = int(fraction * WIDTH)
        elapsed = now - self._started
        rate = int(self._rows / elapsed) if elapsed > 0 else 0
        text = t(
            "import.progress",
            file=self._file,
            bar="#" * filled + "-" * (WIDTH - filled),
            percent=int(fraction * 100),
            rows=f"{self._rows:,}",
            rate=f"{rate:,}",
        )
        # Pad over what a longer previous drawing left on the line.
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)
