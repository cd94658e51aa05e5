"""The config and database URL every figure runs the product with.

A module of its own, with nothing but these, so the start-up and memory
children (frame_child.py) load no more than the product itself would:
portfolio.py, which builds the demo, brings shutil, subprocess and argparse.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def bench_config(language: str = "zh-CN"):
    """The repository's config.yaml with the demo's language: a Chinese floor by default."""
    from agent_tui.config import load_config

    config = load_config(str(REPO / "config.yaml"))
    return dataclasses.replace(config, language=language)


def sqlite_url(path: Path) -> str:
    """The database URL of a SQLite file."""
    return f"sqlite:///{path.resolve()}"
