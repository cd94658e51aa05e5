"""Where agent-tui keeps its files on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "AGENT_TUI_HOME"


def data_dir() -> Path:
    """The user's data folder for agent-tui ($AGENT_TUI_HOME overrides it), created 0700."""
    folder = Path(os.environ.get(HOME_ENV) or platformdirs.user_data_dir("agent-tui", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def demo_database_url() -> str:
    """The URL of the built-in demo database in the data folder."""
    return f"sqlite:///{data_dir() / 'demo.db'}"
