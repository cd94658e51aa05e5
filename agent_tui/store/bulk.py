"""Loading many rows at once: demo data and placement files.

``bulk_insert`` sends multi-row INSERTs in batches, each batch one
transaction, sized so a batch never exceeds SQLite's limit on bound
variables. Rows may carry their own primary keys (so children can point at
parents without reading ids back); on PostgreSQL the id sequence is moved past
them afterwards, so later ordinary inserts do not collide.

Values go through each field's ``db_value`` (UTC instants, enums, rates,
JSON, related rows) exactly as in ``insert_many``; only the statement text is
built here, once per batch shape, because Peewee's per-value SQL generation
costs more than the database's work at demo-data scale.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from peewee import Database, DatabaseProxy, Field, Model, PostgresqlDatabase, SqliteDatabase, chunked

#: SQLite's default SQLITE_MAX_VARIABLE_NUMBER: 32766 since 3.32, 999 before.
SQLITE_MAX_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
#: The protocol's limit on parameters of one statement (binding server-side, as psycopg 3 does).
POSTGRES_MAX_PARAMETERS = 65535
#: Rows per INSERT where the database sets no tighter limit.
DEFAULT_BATCH = 1000


def bulk_insert(model: type[Model], rows: Sequence[dict[str, Any]], batch: int | None = None) -> int:
    """Insert ``rows`` (dicts of field name → value) into ``model``'s table; return how many.

    ``batch`` caps the rows per INSERT (default :data:`DEFAULT_BATCH`); it is
    lowered further to stay under the database's limit on bound parameters.
    Fields a row leaves out take the model's defaults; keys may be field
    names (``debtor``) or column names (``debtor_id``).
    """
    if not rows:
        return 0
    db = _actual(model._meta.database)
    fields, defaults = _columns(model, rows)
    limit = SQLITE_MAX_VARIABLES if isinstance(db, SqliteDatabase) else POSTGRES_MAX_PARAMETERS
    size = min(max(1, batch or DEFAULT_BATCH), max(1, limit // len(fields)))
    head = 'INSERT INTO "{}" ({}) VALUES '.format(
        model._meta.table_name, ", ".join(f'"{field.column_name}"' for field in fields)
    )
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    total = 0
    for part in chunked(rows, size):
        params: list[Any] = []
        for row in part:
            for field in fields:
                if field.name in row:
                    value = row[field.name]
                elif field.column_name in row:
                    value = row[field.column_name]
                else:
                    value = defaults[field.name]()
                params.append(field.db_value(value))
        with db.atomic():
            db.execute_sql(head + ", ".join([one] * len(part)), params)
        total += len(part)
    pk = model._meta.primary_key
    if isinstance(db, PostgresqlDatabase) and pk is not None and any(pk.name in row for row in rows):
        advance_sequence(model)
    return total


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


def _columns(model: type[Model], rows: Sequence[dict[str, Any]]) -> tuple[list[Field], dict[str, Any]]:
    """The fields to write: every key a row names, then every field with a default."""
    known = model._meta.combined  # field names and column names ("debtor", "debtor_id")
    keys = dict.fromkeys(key for row in rows for key in row)
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise KeyError(f"{model.__name__} has no field {unknown[0]!r}")
    fields = dict.fromkeys(known[key] for key in keys)
    for field in model._meta.sorted_fields:
        if field.default is not None:
            fields.setdefault(field, None)
    return list(fields), {field.name: _default(field) for field in fields}


def _default(field: Field) -> Callable[[], Any]:
    default = field.default
    return default if callable(default) else (lambda: default)


def _actual(db: Database | DatabaseProxy) -> Database:
    return db.obj if isinstance(db, DatabaseProxy) else db
