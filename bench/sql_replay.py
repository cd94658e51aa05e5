"""The driver-alone floor: the statements a use case ran, replayed on a bare ``sqlite3`` connection.

A use case is recorded once as it runs (every statement Peewee sends, with
its parameters), then replayed on a fresh connection to the same file in
one transaction, every row fetched. What is left between the two is what
the program adds on top of SQLite: building queries, making rows into
records, the rules, the screen.

A replay that writes is rolled back, so it can be repeated and leaves the
data as it was; only the audit chain's sequence number and hash, which are
unique, are moved out of the way of the event the use case itself wrote.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

#: Where a replayed audit event's sequence number is moved, clear of the real chain.
AUDIT_SEQ_OFFSET = 10**12


@contextmanager
def recording(db) -> Iterator[list[tuple[str, tuple]]]:
    """Record every statement ``db`` executes inside the block, in order."""
    statements: list[tuple[str, tuple]] = []
    execute = db.execute_sql

    def recorder(sql, params=None):
        statements.append((sql, tuple(params or ())))
        return execute(sql, params)

    db.execute_sql = recorder
    try:
        yield statements
    finally:
        del db.execute_sql


def _clear_of_the_chain(sql: str, params: tuple) -> tuple:
    """An audit event's parameters with its unique seq and hash moved aside (the chain has them)."""
    if not sql.startswith('INSERT INTO "audit_event"'):
        return params
    columns = [c.strip().strip('"') for c in sql[sql.index("(") + 1:sql.index(")")].split(",")]
    values = list(params)
    for n, column in enumerate(columns):
        if column == "seq":
            values[n] = values[n] + AUDIT_SEQ_OFFSET
        elif column == "hash":
            values[n] = f"replay-{values[n]}"
    return tuple(values)


def replay(db_path: Path, statements: list[tuple[str, tuple]], write: bool = False) -> float:
    """Seconds to run ``statements`` on a fresh connection in one transaction, every row read.

    Read-only statements run on a ``mode=ro`` connection and commit; with
    ``write`` the transaction takes the write lock up front, as the program's
    does, and is rolled back.
    """
    started = time.perf_counter()
    if write:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        for pragma in ("foreign_keys = 1", "synchronous = normal"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn = sqlite3.connect(f"file:{quote(str(db_path))}?mode=ro", uri=True, isolation_level=None)
        conn.execute("BEGIN")
    try:
        for sql, params in statements:
            conn.execute(sql, _clear_of_the_chain(sql, params) if write else params).fetchall()
    finally:
        conn.execute("ROLLBACK" if write else "COMMIT")
        conn.close()
    return time.perf_counter() - started
