"""Persistence: Peewee models, database open, migrations, import/export, demo data.

The only package that imports Peewee. Typical start-up::

    db = use_database(open_database(config.database.url))
    check_schema(db)
"""

from agent_tui.store.database import open_database, use_database
from agent_tui.store.errors import (
    DatabaseUnavailable,
    DatabaseUrlError,
    RecordImmutable,
    SchemaError,
    StoreError,
)
from agent_tui.store.schema import check_schema, init_db, schema_version, upgrade_db

__all__ = [
    "DatabaseUnavailable",
    "DatabaseUrlError",
    "RecordImmutable",
    "SchemaError",
    "StoreError",
    "check_schema",
    "init_db",
    "open_database",
    "schema_version",
    "upgrade_db",
    "use_database",
]
