"""What each `agent-tui` command does, behind the parser in cli.py."""

from __future__ import annotations

from typing import Callable

HANDLERS: dict[str, Callable] = {}
