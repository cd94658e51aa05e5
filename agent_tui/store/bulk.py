"""What loading many rows through the driver's ``executemany`` needs besides it.

The bulk writers send rows with their own primary keys, so children can
point at parents without reading ids back. The demo (store/demo.py) draws its
ids itself, so on PostgreSQL the id sequence must then be moved past them
(:func:`advance_sequence`) for later ordinary inserts not to collide; the
placement import takes its ids from the sequence instead. SQLite's limit on
bound variables sizes the import's lookups. A fresh database is filled
faster with its indexes made once at the end (:func:`drop_indexes`).
"""

from __future__ import annotations

import sqlite3

from peewee import Database, DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase

#: SQLite's default SQLITE_MAX_VARIABLE_NUMBER: 32766 since 3.32, 999 before.
SQLITE_MAX_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


def advance_sequence(model: type[Model]) -> None:
    """On PostgreSQL, move ``model``'s id sequence past the largest id in its table."""
    db = _actual(model._meta.database)
    if not isinstance(db, PostgresqlDatabase):
        return
    table = model._meta.table_name
    column = model._meta.primary_key.column_name
    db.execute_sql(
        f"SELECT setval(pg_get_serial_sequence(%s, %s), "
        f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)',
        (table, column),
    )


def drop_indexes(db: Database) -> list[str]:
    """Drop the secondary indexes of a SQLite database about to be filled; the statements that make them again.

    Filling tables and then indexing them once is about a third cheaper than
    keeping every index up to date row by row. Indexes SQLite makes for
    constraints have no statement of their own and stay.
    """
    if not isinstance(db, SqliteDatabase):
        return []
    found = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in found:
        db.execute_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def _actual(db: Database | DatabaseProxy) -> Database:
    return db.obj if isinstance(db, DatabaseProxy) else db
