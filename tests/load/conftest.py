"""Fixtures for the load test: an empty database of each kind, as in the store tests."""

from tests.store.conftest import db_url  # noqa: F401 - the SQLite file and the PostgreSQL schema
