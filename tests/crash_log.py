"""The 0600 log an unexpected error writes to, read back by the desk's and the review's crash tests.

The ``log_file`` fixture that starts it is in ``tests/conftest.py``.
"""

from __future__ import annotations

import stat
from pathlib import Path

from agent_tui.log import stop_log


def read_log(path: Path) -> str:
    """The log's text once it is closed; it must be readable by its owner only."""
    stop_log()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path.read_text(encoding="utf-8")
