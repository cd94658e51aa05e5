"""The SQLite file `agent-tui demo` would replace, looked at before anything is removed.

The demo writes a fresh file: an old one at that place is deleted first. A
file that holds no table (new, empty, or left by a start that found no
schema) has nothing to lose; one that holds any table, agent-tui's or
another program's, is named to the caller, who asks the user or needs
``--force``. A file that is not a SQLite database is never opened for
writing, so never touched. A PostgreSQL database is not replaced at all
(the demo command refuses one that already holds accounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from agent_tui.store.database import SQLITE_SCHEMES, open_database, url_params


@dataclass(frozen=True)
class ExistingDatabase:
    """A SQLite file with something in it, at the place the demo would write."""

    path: Path
    tables: int
    #: Accounts in it, if it is an agent-tui database; ``None`` for another program's.
    accounts: int | None


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite ``url`` names (as :func:`~agent_tui.store.database.open_database` reads it), else ``None``."""
    if urlparse(url).scheme.lower() not in SQLITE_SCHEMES:
        return None
    name = str(url_params(url)["database"])
    return None if name == ":memory:" else Path(name).expanduser().absolute()


def existing_database(url: str) -> ExistingDatabase | None:
    """What the SQLite file at ``url`` holds, if it holds any table; ``None`` when there is nothing to lose.

    The file is opened read-only: a file that is not a database raises
    :class:`~agent_tui.store.errors.DatabaseUnavailable` and is left as it is.
    """
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    db = open_database(url, read_only=True)
    try:
        tables = {name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        accounts = db.execute_sql("SELECT count(*) FROM account").fetchone()[0] if "account" in tables else None
    finally:
        db.close()
    return ExistingDatabase(path, len(tables), accounts)


def remove_sqlite_file(path: Path) -> None:
    """Delete the database file ``path`` with its ``-wal``, ``-shm`` and ``-journal`` files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
