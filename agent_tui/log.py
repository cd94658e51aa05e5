"""The operational log: what happened at the workstation, never what was said.

One file, ``agent-tui.log`` in the data folder, created with mode 0600. The
callers log ids and account refs only (case opened, call dialled, note saved,
errors with their tracebacks); note text, names, phone numbers and national
IDs never go in. As a last guard the formatter masks every phone number,
national ID and e-mail address in each message and traceback, with the rule
the review and the exports use, so a value that slips into an exception
message still reaches the file masked.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from agent_tui.domain.masking import mask_text
from agent_tui.domain.shown_text import visible
from agent_tui.paths import data_dir

LOG_FILE = "agent-tui.log"
LOGGER = "agent_tui"


def log_path() -> Path:
    """Where the workstation's log file lives."""
    return data_dir() / LOG_FILE


def masked(text: str) -> str:
    """``text`` with every phone number, national ID and e-mail address masked.

    The rule is the one the review screens and the exports use
    (:func:`agent_tui.domain.masking.mask_text`).
    """
    return mask_text(text)


class MaskingFormatter(logging.Formatter):
    """Formats a record as usual, with personal numbers masked in its message and traceback
    (the time stamp is left alone: it is ours, and it looks like a number).

    Then every control character is shown as an escape (:func:`~agent_tui.domain.shown_text.visible`):
    someone reads the log with ``less`` or ``tail -f`` in a terminal, which would obey an escape
    sequence that came in an exception's text. A message stays on one line, so a line break in a
    value cannot forge a log line; a traceback keeps its lines.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = visible(masked(record.message))
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        return visible(masked(super().formatException(ei)), lines=True)

    def formatStack(self, stack_info: str) -> str:
        return visible(masked(super().formatStack(stack_info)), lines=True)


def _private_file(path: Path) -> None:
    """Create ``path`` with mode 0600 if it is missing; tighten it if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def start_log(path: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the ``agent_tui`` loggers to ``path`` (default :func:`log_path`); returns the path.

    Calling it again replaces the earlier file handler, so a test can point the log elsewhere.
    """
    target = Path(path) if path is not None else log_path()
    _private_file(target)
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, logging.FileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # the terminal belongs to the screen
    return target


def stop_log() -> None:
    """Close the log file (tests, and the end of a run)."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
