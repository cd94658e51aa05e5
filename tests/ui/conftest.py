"""Fixtures for the screen tests: the desk of the service tests, the app from make_app."""

from __future__ import annotations

import pytest

from agent_tui.i18n import set_language
from agent_tui.ui.workstation.app import make_app
from tests.service.desk import Clock, build_desk, desk_config


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    """A blinking cursor makes screenshots differ from one run to the next."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def workstation(tmp_path):
    """A factory: the app for agent A001 on a fresh desk in ``lang``, with a fixed clock and by-hand dialling."""

    def build(lang: str = "en", at=None, **config):
        desk = build_desk(tmp_path / f"desk-{lang}.db", lang)
        app = make_app(desk_config(lang, **config), desk.url, desk.agent, now=Clock(at) if at else Clock())
        return app, desk

    yield build
    set_language("en")
