"""Fixtures for the workstation service: a small desk in a SQLite file, a fixed clock."""

from __future__ import annotations

import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database

from .desk import Clock, Desk, build_desk, desk_config


@pytest.fixture
def desk(tmp_path) -> Desk:
    return build_desk(tmp_path / "desk.db")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def station(desk, clock):
    """The agent A001's workstation on the desk, dialling by hand."""
    set_language("en")
    db = use_database(open_database(desk.url))
    yield Workstation(db, desk_config(), desk.agent, now=clock, dialer=Dialer(""))
    db.close()
