"""A read-only snapshot: one transaction in which every query of a use case sees the same data.

The review reads several things for one screen (a page and its promises; a
dashboard's five aggregates). Inside :func:`read_snapshot` they all see the
database as it was when the first one ran, even while agents keep saving:

- PostgreSQL: ``REPEATABLE READ, READ ONLY`` (the server refuses any write in
  it, on top of the session's ``default_transaction_read_only``);
- SQLite: a deferred transaction, which in WAL mode reads one snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import Database, PostgresqlDatabase

#: The database handle a reader holds: what the service passes around without importing Peewee itself.
ReaderDatabase = Database


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Open a connection for this thread (if none) and read in one consistent, read-only transaction."""
    with db.connection_context(), db.atomic():
        if isinstance(db, PostgresqlDatabase):
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
