"""Fixtures for the workstation service: a small desk on SQLite and on PostgreSQL, a fixed clock.

PostgreSQL is the server at 127.0.0.1:5432 (``AGENT_TUI_TEST_PG`` overrides it);
each test gets a schema of its own. Without a server that half is skipped,
except under CI, where a missing server fails.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import psycopg2
import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database

from .desk import Clock, Desk, build_desk, desk_config


PG_URL = os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def desk_url(request, tmp_path):
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'desk.db'}"
        return
    try:
        admin = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(error).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    admin.autocommit = True
    schema = f"agent_tui_desk_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    try:
        joiner = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{joiner}options={quote(f'-c search_path={schema}')}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


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
