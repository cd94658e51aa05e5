"""The database drivers a process will not use are kept out of it.

Peewee imports the PostgreSQL drivers (psycopg2, psycopg) as it loads,
whenever they are installed, and psycopg2-binary brings libpq and OpenSSL
with it: several megabytes and tens of milliseconds at every start, for a
workstation on a SQLite file that never talks to a server. The workstation's
factory calls :func:`leave_out_server_drivers` with its database URL before
it first imports the store.
"""

from __future__ import annotations

import sys

#: Python's names of the PostgreSQL drivers Peewee looks for.
SERVER_DRIVERS = ("psycopg2", "psycopg")


def leave_out_server_drivers(database_url: str) -> bool:
    """For a SQLite URL (or the empty one, the demo's file), keep the server drivers out of this process.

    Must run before Peewee is first imported, and does nothing after (nor
    for a server URL). Returns whether the drivers were left out.
    """
    url = (database_url or "").strip()
    if "peewee" in sys.modules or (url and not url.lower().startswith("sqlite:")):
        return False
    for name in SERVER_DRIVERS:
        if name not in sys.modules:
            sys.modules[name] = None  # Python's way to make an import fail: Peewee then does without
    return True
