"""Shared fixtures: keep the user's real data and config out of every test."""

from __future__ import annotations

import pytest

from agent_tui import i18n


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own data folder and no config from the environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AGENT_TUI_HOME", str(home))
    monkeypatch.delenv("AGENT_TUI_CONFIG", raising=False)
    monkeypatch.chdir(home)
    yield home
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
