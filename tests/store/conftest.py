"""Fixtures for the store: every store test runs on a SQLite file and on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432 (database ``test``; override with
``AGENT_TUI_TEST_PG``). Each test gets a schema of its own, dropped afterwards,
so runs never see each other's rows. Without a server the PostgreSQL half is
skipped, unless ``CI`` is set: there a missing server is a failure.
"""

from __future__ import annotations

import logging
import os
import uuid
from urllib.parse import quote

import psycopg2
import pytest

from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS
from agent_tui.store.schema import SchemaVersion, init_db

PG_URL = os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_admin():
    try:
        conn = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(error).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    conn.autocommit = True
    return conn


def _with_search_path(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A URL to an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin = _pg_admin()
    schema = f"agent_tui_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _with_search_path(PG_URL, schema)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def db(db_url):
    """An initialised database with every model bound to it for the test."""
    database = open_database(db_url)
    init_db(database)
    with database.bind_ctx((*MODELS, SchemaVersion)):
        yield database
    database.close()


@pytest.fixture
def is_pg(db_url) -> bool:
    """Whether this run of the test is the PostgreSQL one."""
    return db_url.startswith("postgresql")


class QueryLog(logging.Handler):
    """Counts the SQL statements Peewee sends (it logs each at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record):
        sql = record.msg[0] if isinstance(record.msg, tuple) else str(record.msg)
        self.statements.append(sql)


@pytest.fixture
def query_log():
    """The statements sent while the test runs."""
    logger = logging.getLogger("peewee")
    handler = QueryLog()
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)
