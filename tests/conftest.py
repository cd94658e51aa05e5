"""Fixtures every area shares: each test's own data folder, and an empty database of each kind.

PostgreSQL is the test server (see :mod:`tests.pg_server`); each test gets a
schema of its own, dropped afterwards, so runs (and parallel workers) never see
each other's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_tui import i18n
from agent_tui.log import start_log, stop_log
from tests.pg_server import pg_schema


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data folder and no config from the environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AGENT_TUI_HOME", str(home))
    monkeypatch.delenv("AGENT_TUI_CONFIG", raising=False)
    monkeypatch.chdir(home)
    yield home
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of each kind: a SQLite file in the test's folder, a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with pg_schema("agent_tui_test") as url:
        yield url


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The 0600 log an unexpected error writes to, started in this test's folder and stopped after it."""
    path = start_log(tmp_path / "logs" / "agent-tui.log")
    yield path
    stop_log()
