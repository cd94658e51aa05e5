"""Fixtures for the workstation service: a small desk on SQLite and on PostgreSQL, a fixed clock.

PostgreSQL is the test server (see tests/pg_server.py); each test gets a
schema of its own.
"""

from __future__ import annotations

import pytest
from pg_server import pg_schema

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database

from .desk import Clock, Desk, build_desk, desk_config


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def desk_url(request, tmp_path):
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'desk.db'}"
        return
    with pg_schema("agent_tui_desk") as url:
        yield url


@pytest.fixture
def desk(desk_url) -> Desk:
    return build_desk(desk_url)


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
