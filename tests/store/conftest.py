"""Fixtures for the store: every store test runs on a SQLite file and on PostgreSQL.

The empty database of each kind is ``db_url`` of tests/conftest.py; here it is
initialised and bound, and the SQL Peewee sends can be counted.
"""

from __future__ import annotations

import logging

import pytest

from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS
from agent_tui.store.schema import SchemaVersion, init_db


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
