"""Fixtures for the workstation service: a small desk on SQLite and on PostgreSQL, a fixed clock.

The empty database of each kind is ``db_url`` of tests/conftest.py (PostgreSQL:
a schema of the test's own).
"""

from __future__ import annotations

import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database

from .desk import Clock, Desk, build_desk, desk_config


@pytest.fixture
def desk(db_url: str) -> Desk:
    """The small desk of :mod:`tests.service.desk`, written to an empty database of each kind."""
    return build_desk(db_url)


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
