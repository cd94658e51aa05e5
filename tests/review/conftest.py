"""Fixtures for the review: a small floor of agents and notes, on a SQLite file and on PostgreSQL.

The floor is written on a normal connection; the review then opens the same
database read-only, as ``agent-tui review`` does. The empty database of each
kind is ``db_url`` of tests/conftest.py (PostgreSQL: a schema of the test's own).
"""

from __future__ import annotations

import pytest

from agent_tui.config import Config
from agent_tui.service.review import open_review

from .floor import NOW, write_floor


@pytest.fixture
def empty_url(db_url: str) -> str:
    """A URL to an empty database of each kind."""
    return db_url


@pytest.fixture
def sqlite_url(tmp_path):
    """A SQLite URL only (for what is about SQLite's query plans or files)."""
    return f"sqlite:///{tmp_path / 'floor.db'}"


@pytest.fixture
def floor_url(empty_url):
    """The floor written to a database of each kind; yields (url, floor)."""
    return empty_url, write_floor(empty_url)


@pytest.fixture
def review(floor_url):
    """The review opened read-only on the floor, its clock fixed at :data:`NOW`."""
    url, _ = floor_url
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
