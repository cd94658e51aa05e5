"""Fixtures for the review: a small floor of agents and notes, on a SQLite file and on PostgreSQL.

The floor is written on a normal connection; the review then opens the same
database read-only, as ``agent-tui review`` does. PostgreSQL runs in a schema
of its own per test; without a server that half is skipped, unless ``CI`` is
set, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from agent_tui.config import Config
from agent_tui.service.review import open_review
from agent_tui.store import init_db, open_database, use_database

from .floor import NOW, Floor, build_floor

PG_URL = os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def pg_admin():
    """An autocommit connection to the test server, or skip (fail in CI) when there is none."""
    import psycopg2

    try:
        conn = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(error).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    conn.autocommit = True
    return conn


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """A URL to an empty, initialised database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'floor.db'}"
        yield url
        return
    admin = pg_admin()
    schema = f"agent_tui_review_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options={quote(f'-c search_path={schema}')}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def sqlite_url(tmp_path):
    """A SQLite URL only (for what is about SQLite's query plans or files)."""
    return f"sqlite:///{tmp_path / 'floor.db'}"


def write_floor(url: str, **options) -> Floor:
    """Initialise the database at ``url`` and write the floor on a writable connection."""
    db = use_database(open_database(url))
    init_db(db)
    with db.connection_context():
        floor = build_floor(**options)
    db.close()
    return floor


@pytest.fixture
def floor_url(empty_url):
    """The floor written to a database of each kind; yields (url, floor)."""
    return empty_url, write_floor(empty_url)


@pytest.fixture
def review(floor_url):
    """The review opened read-only on the floor, its clock fixed at :data:`NOW`."""
    url, floor = floor_url
    service = open_review(Config(), url, "L001", now=lambda: NOW)
    yield service
    service.close()


class _Statements:
    """Collects the SQL Peewee sends (it logs each statement at DEBUG)."""

    def __init__(self) -> None:
        self.statements: list[str] = []


@pytest.fixture
def query_log_sql():
    """The statements sent while the test runs."""
    import logging

    log = _Statements()

    class Handler(logging.Handler):
        def emit(self, record):
            log.statements.append(record.msg[0] if isinstance(record.msg, tuple) else str(record.msg))

    logger = logging.getLogger("peewee")
    handler, level = Handler(logging.DEBUG), logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield log
    logger.removeHandler(handler)
    logger.setLevel(level)
