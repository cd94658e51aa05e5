"""The PostgreSQL server the tests use, one schema per test.

The server is at 127.0.0.1:5432 (database ``test``; ``AGENT_TUI_TEST_PG``
overrides it). Without a server the PostgreSQL half of a test is skipped,
unless ``CI`` is set: there a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg2
import pytest

PG_URL = os.environ.get("AGENT_TUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def pg_admin():
    """An autocommit connection to the test server, or skip (fail in CI) when there is none."""
    try:
        conn = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(error).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    conn.autocommit = True
    return conn


def with_search_path(url: str, schema: str) -> str:
    """``url`` with its connections' search path set to ``schema``."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


@contextmanager
def pg_schema(prefix: str) -> Iterator[str]:
    """A URL to a fresh, empty schema on the test server, dropped afterwards."""
    admin = pg_admin()
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(PG_URL, schema)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
