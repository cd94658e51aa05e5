"""Opening the database named by a URL: a SQLite file or a PostgreSQL server.

``open_database(url)`` builds the Peewee database the URL names (its parts
read as ``playhouse.db_url`` reads them, without loading that module's
other database kinds: PostgreSQL, MySQL, CockroachDB, the SQLite
extensions, half a megabyte of code a workstation never runs), sets it up
the way this program relies on, and checks it can be reached, so
a bad URL or a server that is down shows as one clear line
(:class:`~agent_tui.store.errors.StoreError`) instead of a traceback later.

- SQLite: the file (and its folders) is created private (0600) before SQLite
  touches it; every connection gets WAL, foreign keys, a busy timeout and
  ``synchronous=normal``; writers take the lock up front (``BEGIN IMMEDIATE``)
  so two workstations on one file wait for each other instead of failing.
- Busy: :func:`is_busy` tells a write that met another's lock (SQLite's
  busy timeout ran out; on PostgreSQL a lock timeout, a serialization failure
  or a deadlock) from one that failed for good: the former is worth running
  again, whole, once the other writer is done.
- Read-only: SQLite opens ``file:PATH?mode=ro`` and PostgreSQL sets
  ``default_transaction_read_only`` for the session, so the connection itself
  refuses writes, whatever the code above it does.

The returned database is not bound to the models; the caller binds it with
:func:`use_database` (or ``db.bind_ctx(MODELS)`` in tests).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlparse

from peewee import Database, DatabaseError, ImproperlyConfigured, PostgresqlDatabase, SqliteDatabase

from agent_tui.database_url import unknown_parameter
from agent_tui.paths import demo_database_url
from agent_tui.store.errors import DatabaseUnavailable, DatabaseUrlError, TextRefused
from agent_tui.store.models import database as _proxy

DEFAULT_BUSY_TIMEOUT_MS = 5000
#: Seconds to wait for a PostgreSQL server before saying it cannot be reached.
DEFAULT_CONNECT_TIMEOUT = 10

#: SQLite's primary result codes for a lock another connection holds: SQLITE_BUSY and SQLITE_LOCKED.
SQLITE_BUSY_CODES = frozenset({5, 6})
#: PostgreSQL's SQLSTATEs for a transaction that lost to another over a lock and may simply run again:
#: serialization_failure, deadlock_detected, lock_not_available (lock_timeout, NOWAIT).
POSTGRES_BUSY_STATES = frozenset({"40001", "40P01", "55P03"})

SQLITE_SCHEMES = frozenset({"sqlite"})
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})


def open_database(
    url: str,
    read_only: bool = False,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    cache_kib: int | None = None,
) -> Database:
    """Open the database at ``url`` (empty: the demo database) and check it answers.

    ``sqlite:///relative.db``, ``sqlite:////absolute.db`` and
    ``postgresql://user:password@host:port/name`` are understood; query
    parameters pass to the driver (``?connect_timeout=3``,
    ``?options=-c%20search_path%3Dteam``), those it would not know refused by
    name (:mod:`agent_tui.database_url`). Raises
    :class:`~agent_tui.store.errors.DatabaseUrlError` for a URL that cannot
    work and :class:`~agent_tui.store.errors.DatabaseUnavailable` when the file
    or server cannot be opened. ``cache_kib`` caps each SQLite connection's
    page cache (SQLite's own default is 2 MiB a connection).
    """
    url = (url or "").strip() or demo_database_url()
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise DatabaseUrlError("bad_url", url=redacted(url), reason=str(error)) from None
    scheme = parsed.scheme.lower()
    unknown = unknown_parameter(url) if scheme in SQLITE_SCHEMES | POSTGRES_SCHEMES else None
    if unknown is not None:
        database = "SQLite" if scheme in SQLITE_SCHEMES else "PostgreSQL"
        name, close = unknown
        key = "unknown_parameter_close" if close else "unknown_parameter"
        raise DatabaseUrlError(key, name=name, database=database, close=close)
    if scheme in SQLITE_SCHEMES:
        db, where = _sqlite(url, read_only, busy_timeout_ms, cache_kib)
    elif scheme in POSTGRES_SCHEMES:
        db, where = _postgres(url, read_only)
    else:
        raise DatabaseUrlError("unsupported_scheme", scheme=scheme or url)
    _probe(db, where, server=scheme in POSTGRES_SCHEMES)
    return db


class _RefusesNul:
    """The last guard against a NUL character in text sent to the database, the same on both.

    PostgreSQL's driver refuses the character with a ValueError (in a search
    as in a write) and SQLite keeps it in text that its own functions and most
    tools cut at it. The rules above refuse it with a message first (the note
    form names the field), so this only stops what slipped past them, before
    it reaches either database. The bulk loads go round it: the placement
    files refuse a NUL byte themselves.
    """

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            raise TextRefused("nul_character")
        return super().execute_sql(sql, params)  # type: ignore[misc]


class _Sqlite(_RefusesNul, SqliteDatabase):
    """Peewee's SQLite database, refusing a NUL in written text."""


class _Postgres(_RefusesNul, PostgresqlDatabase):
    """Peewee's PostgreSQL database, refusing a NUL in written text."""


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` says the database was busy: another writer held a lock this one needed.

    Such a write failed whole (its transaction rolled back) and will go
    through once the other writer is done, so the caller may run it again.
    Peewee wraps the driver's exception; the driver's own is found in its
    arguments or its context.
    """
    seen: set[int] = set()
    todo: list[object] = [error]
    while todo:
        one = todo.pop()
        if not isinstance(one, BaseException) or id(one) in seen:
            continue
        seen.add(id(one))
        if isinstance(one, sqlite3.OperationalError):
            code = getattr(one, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in SQLITE_BUSY_CODES:
                return True
            text = str(one)
            if "database is locked" in text or "database table is locked" in text:
                return True
        if getattr(one, "pgcode", None) in POSTGRES_BUSY_STATES:
            return True
        todo.extend((*one.args, one.__cause__, one.__context__))
    return False


def use_database(db: Database) -> Database:
    """Bind every model to ``db`` (the program's one database) and return it."""
    _proxy.initialize(db)
    return db


def is_sqlite(db: Database) -> bool:
    """Whether ``db`` is a SQLite database (files can be copied; pragmas apply)."""
    return isinstance(db, SqliteDatabase)


def sqlite_path(db: Database) -> Path | None:
    """The file behind a SQLite database, or ``None`` (in-memory, or not SQLite)."""
    if not is_sqlite(db) or db.database in ("", ":memory:"):
        return None
    name = db.database
    if name.startswith("file:"):  # the read-only URI form
        name = unquote(name[len("file:") :].split("?", 1)[0])
    return Path(name)


def keep_attached(db: Database) -> sqlite3.Connection | None:
    """Hold one idle connection to a SQLite file for as long as the returned object lives.

    The last connection to close a WAL database checkpoints it and syncs the
    file to disk. A program that opens a connection for each use case (one
    per worker thread) would pay that sync on every one; with this one held,
    closing them is cheap, and SQLite checkpoints as usual every thousand
    pages. ``None`` for PostgreSQL or an in-memory database.
    """
    path = sqlite_path(db)
    if path is None:
        return None
    held = sqlite3.connect(str(path), check_same_thread=False)
    held.execute("SELECT count(*) FROM sqlite_master").fetchone()  # attach to the WAL
    return held


def redacted(url: str) -> str:
    """``url`` with any password replaced by ``***``, fit to show or log."""
    try:
        parsed = urlparse(url)
        if parsed.password is None:
            return url
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@", 1)
        return parsed._replace(netloc=netloc).geturl()
    except ValueError:
        return url.split("@", 1)[-1]


def url_params(url: str) -> dict[str, object]:
    """The database name, user, password, host, port and query parameters in ``url``, as Peewee takes them.

    Read as ``playhouse.db_url`` reads them: the user and password unquoted; a
    query value of ``true``/``false``, digits or ``null``/``none`` becomes a
    bool, an int or None; a SQLite URL with no path is the in-memory database.
    """
    parsed = urlparse(url)
    params: dict[str, object] = {"database": parsed.path[1:]}
    if parsed.username:
        params["user"] = unquote(parsed.username)
    if parsed.password:
        params["password"] = unquote(parsed.password)
    if parsed.hostname:
        params["host"] = parsed.hostname
    if parsed.port:
        params["port"] = parsed.port
    if parsed.scheme.lower() in SQLITE_SCHEMES and not params["database"]:
        params["database"] = ":memory:"
    for key, value in parse_qsl(parsed.query, keep_blank_values=True):
        params[key] = _query_value(value)
    return params


def _query_value(value: str) -> object:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if value.isdigit():
        return int(value)
    if lowered in ("null", "none"):
        return None
    return value


def _sqlite(url: str, read_only: bool, busy_timeout_ms: int, cache_kib: int | None) -> tuple[Database, str]:
    params = url_params(url)
    name = str(params.pop("database"))
    common = {**params, "timeout": busy_timeout_ms / 1000}
    cache = [("cache_size", -cache_kib)] if cache_kib else []
    if name == ":memory:":
        return _Sqlite(name, pragmas=[("foreign_keys", 1)], **common), name
    path = Path(name).expanduser().absolute()
    where = str(path)
    if read_only:
        if not path.is_file():
            raise DatabaseUnavailable("no_file", path=where)
        db = _Sqlite(
            f"file:{quote(str(path), safe='/')}?mode=ro",
            uri=True,
            pragmas=[
                ("foreign_keys", 1),
                ("busy_timeout", busy_timeout_ms),
                ("query_only", 1),
                *cache,
            ],
            **common,
        )
        return db, where
    _create_private_file(path)
    db = _Sqlite(
        str(path),
        lock_type="IMMEDIATE",
        pragmas=[
            ("journal_mode", "wal"),
            ("foreign_keys", 1),
            ("busy_timeout", busy_timeout_ms),
            ("synchronous", "normal"),
            *cache,
        ],
        **common,
    )
    return db, where


def _create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only, with its folders, if it is new.

    SQLite would create the file with the process umask (often world-readable);
    debtors' data must not be, so the empty file is made here first. SQLite
    gives its -wal and -shm files the database file's permissions.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseUnavailable("cannot_create", path=str(path), reason=error.strerror or str(error)) from None
    os.close(fd)


def _postgres(url: str, read_only: bool) -> tuple[Database, str]:
    params = url_params(url)
    if not params["database"]:
        # Two slashes instead of three: the name reads as the host.
        raise DatabaseUrlError("no_database_name")
    params.setdefault("connect_timeout", DEFAULT_CONNECT_TIMEOUT)
    if read_only:
        options = str(params.get("options") or "")
        params["options"] = f"{options} -c default_transaction_read_only=on".strip()
    db = _Postgres(**params)
    host = params.get("host") or "localhost"
    port = params.get("port") or 5432
    return db, f"{host}:{port}/{params.get('database', '')}"


def _probe(db: Database, where: str, server: bool) -> None:
    """Connect once and read something, so a bad file or a down server shows now."""
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("PRAGMA schema_version" if is_sqlite(db) else "SELECT 1")
    except ImproperlyConfigured:
        raise DatabaseUnavailable("no_driver") from None
    except DatabaseError as error:
        if not db.is_closed():
            db.close()
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise DatabaseUnavailable("unreachable" if server else "cannot_open", where=where, reason=reason) from None
    if sqlite_path(db) is not None or not is_sqlite(db):
        # An in-memory database lives as long as its connection: keep that one open.
        db.close()
