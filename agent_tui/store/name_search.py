"""The notes browser's search, by part of a debtor's name or the start of an account reference, indexed.

The search matches what ``LIKE`` matches (``ILIKE`` on PostgreSQL): any part
of a debtor's name, or the start of an account reference, case aside. Read by
scanning, that is every debtor and every account for each search; at a
million accounts, far too slow. The indexes here only find *candidates*
quickly; every candidate is still checked with the same ``LIKE``, so a search
finds exactly what the scan found, whatever the index folds or misses.

SQLite: two FTS5 tables hold the names. One, with the ``trigram``
tokenizer, finds names that contain a search of three characters or more.
Trigrams cannot find one or two characters, and Chinese names are two or
three characters long, so the other holds each name as the pairs of
characters it is made of (``吕敏华`` as ``吕敏 敏华 华``), split by the ``ascii``
tokenizer, which folds ASCII case only, as ``LIKE`` does: two characters are
a pair, one is the start of a pair. A name longer than the :data:`POSITIONS`
spelt out this way also holds :data:`LONG_NAME`, which every short search
asks for as well.

FTS5 writes its index out at the end of every statement that changes it,
which from a trigger is every row: a million-row import would take twice as
long. So the triggers on ``debtor`` only note a new or renamed debtor in the
pending table (taking a renamed or deleted one out of the indexes at once,
a rare thing), and :func:`catch_up` indexes every pending debtor in one
statement; the import, the demo and the upgrade call it before they commit.
A search also checks every debtor still pending, so it is exact whoever
wrote the row and whether or not anyone caught up. Nothing here names
``debtor`` but the triggers, so a migration may copy the table (SQLite's way
to change a column; it drops the triggers, which the schema installs again
after each upgrade). An index on ``lower(ref)`` turns a reference's start
into a range: SQLite's ``lower`` folds ASCII only, exactly as its ``LIKE``.

PostgreSQL: ``pg_trgm`` GIN indexes on the name and the reference serve
``ILIKE`` directly (the planner rechecks each row). Without the extension the
search still works, by scanning.
"""

from __future__ import annotations

from peewee import SQL, Database, DatabaseError, NodeList, PostgresqlDatabase, Value, fn

from agent_tui.store.database import is_sqlite
from agent_tui.store.models import Account, Debtor

#: How many of a name's first characters are spelt out as pairs (names are at most 200 long).
POSITIONS = 256
#: The token of a name too long to be spelt out in full (pairs are at most two characters).
LONG_NAME = "toolong"
#: The FTS5 tables of names (whole, for trigrams; as pairs), the pending debtors, the positions.
TRIGRAM_TABLE = "debtor_name_trigrams"
PAIR_TABLE = "debtor_name_pairs"
PENDING_TABLE = "debtor_name_pending"
POSITION_TABLE = "debtor_name_position"
#: The ref index that serves the search, and pg_trgm's indexes on PostgreSQL.
REF_INDEX = "account_ref_lower"
PG_NAME_INDEX = "debtor_name_trgm"
PG_REF_INDEX = "account_ref_trgm"
#: The triggers that keep the pending table.
TRIGGERS = tuple(f"debtor_name_search_{event}" for event in ("insert", "update", "delete"))


def _pairs(row: str) -> str:
    """The SQL of the debtor ``row``'s name as pairs of characters, each starting at one position.

    The first three are written out, as most names have no more; the rest
    come from the table of positions.
    """
    name = f'{row}."name"'
    return (
        f"substr({name}, 1, 2) || ' ' || substr({name}, 2, 2) || ' ' || substr({name}, 3, 2)"
        f" || CASE WHEN length({name}) > 3 THEN ' ' || (SELECT group_concat(substr({name}, n, 2), ' ')"
        f' FROM "{POSITION_TABLE}" WHERE n > 3 AND n <= length({name})) ELSE \'\' END'
        f" || CASE WHEN length({name}) > {POSITIONS} THEN ' {LONG_NAME}' ELSE '' END"
    )


def _forget(row: str) -> str:
    """The statements that take the indexed debtor ``row`` (``OLD``) out of both tables.

    A contentless table is told the text it was given; a pending debtor was never given any.
    """
    unless_pending = f'WHERE NOT EXISTS (SELECT 1 FROM "{PENDING_TABLE}" WHERE id = {row}."id")'
    return (
        f'INSERT INTO "{TRIGRAM_TABLE}"("{TRIGRAM_TABLE}", rowid, name)'
        f" SELECT 'delete', {row}.\"id\", {row}.\"name\" {unless_pending};"
        f' INSERT INTO "{PAIR_TABLE}"("{PAIR_TABLE}", rowid, pairs)'
        f" SELECT 'delete', {row}.\"id\", {_pairs(row)} {unless_pending};"
    )


_PENDING = f'INSERT OR IGNORE INTO "{PENDING_TABLE}"(id) VALUES (NEW."id");'
_SQLITE_SCHEMA = (
    f'CREATE TABLE IF NOT EXISTS "{POSITION_TABLE}" (n INTEGER PRIMARY KEY)',
    f'INSERT OR IGNORE INTO "{POSITION_TABLE}"(n) WITH RECURSIVE p(n) AS'
    f" (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < {POSITIONS}) SELECT n FROM p",
    f'CREATE TABLE IF NOT EXISTS "{PENDING_TABLE}" (id INTEGER PRIMARY KEY)',
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{TRIGRAM_TABLE}" USING fts5(name, content=\'\','
    " tokenize='trigram', detail='none', columnsize=0)",
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{PAIR_TABLE}" USING fts5(pairs, content=\'\','
    " tokenize='ascii', detail='none', columnsize=0)",
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[0]}" AFTER INSERT ON "debtor" BEGIN {_PENDING} END',
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[1]}" AFTER UPDATE OF "id", "name" ON "debtor"'
    f' WHEN OLD."id" IS NOT NEW."id" OR OLD."name" IS NOT NEW."name" BEGIN {_forget("OLD")} {_PENDING} END',
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[2]}" AFTER DELETE ON "debtor" BEGIN {_forget("OLD")} END',
    f'CREATE INDEX IF NOT EXISTS "{REF_INDEX}" ON "account" (lower("ref"))',
)
_PENDING_ROWS = f'FROM "debtor" d WHERE d."id" IN (SELECT id FROM "{PENDING_TABLE}")'
_SQLITE_CATCH_UP = (
    f'INSERT INTO "{TRIGRAM_TABLE}"(rowid, name) SELECT d."id", d."name" {_PENDING_ROWS}',
    f'INSERT INTO "{PAIR_TABLE}"(rowid, pairs) SELECT d."id", {_pairs("d")} {_PENDING_ROWS}',
    f'DELETE FROM "{PENDING_TABLE}"',
)
#: Start over: every debtor pending (the step that brings the search to an older database).
_SQLITE_REFILL = (
    f'INSERT INTO "{TRIGRAM_TABLE}"("{TRIGRAM_TABLE}") VALUES (\'delete-all\')',
    f'INSERT INTO "{PAIR_TABLE}"("{PAIR_TABLE}") VALUES (\'delete-all\')',
    f'INSERT OR IGNORE INTO "{PENDING_TABLE}"(id) SELECT "id" FROM "debtor"',
)


def install(db: Database, fill: bool = False) -> None:
    """Create the search's indexes in ``db`` if missing; ``fill`` indexes the debtors already there.

    Idempotent. On PostgreSQL without ``pg_trgm`` (not installed on the
    server, or not allowed) nothing is created and the search scans.
    """
    if is_sqlite(db):
        for statement in _SQLITE_SCHEMA:
            db.execute_sql(statement)
        if fill:
            for statement in _SQLITE_REFILL:
                db.execute_sql(statement)
            catch_up(db)
        return
    schema = _trigram_schema(db)
    if schema is None:
        return
    ops = '"{}".gin_trgm_ops'.format(schema.replace('"', '""'))
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{PG_NAME_INDEX}" ON "debtor" USING gin ("name" {ops})')
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{PG_REF_INDEX}" ON "account" USING gin ("ref" {ops})')


def catch_up(db: Database) -> None:
    """Index every debtor written since the last time, in one statement per table (SQLite; else nothing).

    Call it inside the writer's transaction, after a bulk write of debtors:
    a search stays exact without it, only slower while many are pending.
    """
    if is_sqlite(db):
        for statement in _SQLITE_CATCH_UP:
            db.execute_sql(statement)


def _trigram_schema(db: Database) -> str | None:
    """The schema holding ``pg_trgm`` on this server, installing it first if it can be; ``None`` if not.

    It goes to ``public`` when allowed, so that dropping one schema (a
    tenant's, a test's) never takes the extension from another's indexes.
    """
    found = db.execute_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_trgm'"
    ).fetchone()
    if found is not None:
        return found[0]
    for statement in ("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", "CREATE EXTENSION IF NOT EXISTS pg_trgm"):
        try:
            with db.atomic():  # a savepoint: a refusal must not end the upgrade's transaction
                db.execute_sql(statement)
        except DatabaseError:  # not on this server, or not allowed: the next way, or scan
            continue
        return _trigram_schema(db)
    return None


def _like_pattern(text: str) -> str:
    """``text`` with LIKE's wildcards taken literally (escaped with a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _bound() -> Database:
    """The database the models are bound to (through the program's proxy, or directly in a test)."""
    db = Debtor._meta.database
    return getattr(db, "obj", db)


def like(column, pattern: str):
    """``column LIKE pattern ESCAPE '\\'``: case-insensitive on both databases (ILIKE on PostgreSQL)."""
    op = SQL("ILIKE") if isinstance(_bound(), PostgresqlDatabase) else SQL("LIKE")
    return NodeList((column, op, Value(pattern), SQL("ESCAPE '\\'")))


def _ascii_lower(text: str) -> str:
    """``text`` with A–Z folded to a–z and nothing else, as SQLite's ``lower`` and ``LIKE`` fold."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _after_prefix(prefix: str) -> str | None:
    """The least string greater than every string that starts with ``prefix`` (``None``: there is none)."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates are not characters: the next one is past them
        last = 0xE000
    if last > 0x10FFFF:
        return None
    return prefix[:-1] + chr(last)


def match_query(text: str) -> tuple[str, str] | None:
    """The FTS5 table and query that find every name containing ``text`` (and maybe more).

    Three characters or more ask the trigram table for each trigram of the
    text (it keeps no positions, so not in order: the ``LIKE`` that follows
    sees to that). Two ask the pair table for the pair, one for any pair it
    starts; both also for every name too long to be spelt out. ``None``: the
    text has no character the pair table keeps (ASCII punctuation or space
    only); the search scans.
    """
    if len(text) >= 3:
        trigrams = dict.fromkeys(text[n:n + 3] for n in range(len(text) - 2))
        return TRIGRAM_TABLE, " AND ".join(_phrase(trigram) for trigram in trigrams)
    if not any(not ch.isascii() or ch.isalnum() for ch in text):
        return None
    # The ascii tokenizer drops ASCII punctuation from the pair as from the names ("o'" is "o").
    pair = f"{_phrase(text)} *" if len(text) == 1 else _phrase(text)
    return PAIR_TABLE, f"{pair} OR {LONG_NAME}"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_indexed() -> bool:
    return is_sqlite(_bound())


def debtors_named(text: str):
    """The ids of debtors whose name contains ``text`` (case aside, as ``LIKE`` has it)."""
    query = Debtor.select(Debtor.id).where(like(Debtor.name, f"%{_like_pattern(text)}%"))
    match = match_query(text) if _sqlite_indexed() else None
    if match is not None:
        table, words = match
        candidates = SQL(f'(SELECT rowid FROM "{table}" WHERE "{table}" MATCH ?'
                         f' UNION ALL SELECT id FROM "{PENDING_TABLE}")', [words])
        query = query.where(Debtor.id.in_(candidates))
    return query


def accounts_with_ref_from(text: str):
    """The ids of accounts whose reference starts with ``text`` (case aside, as ``LIKE`` has it)."""
    query = Account.select(Account.id).where(like(Account.ref, f"{_like_pattern(text)}%"))
    if _sqlite_indexed():
        low = _ascii_lower(text)
        high = _after_prefix(low)
        lowered = fn.lower(Account.ref)
        query = query.where(lowered >= low)
        if high is not None:
            query = query.where(lowered < high)
    return query


def accounts_found(text: str):
    """The ids of accounts whose reference starts with ``text`` or whose debtor's name contains it."""
    return accounts_with_ref_from(text) | _accounts_named(text)


def found_at_most(text: str, most: int) -> bool:
    """Whether ``text`` finds at most ``most`` accounts, read no further than that.

    Counted without merging the two ways an account is found (a UNION reads
    every row before it can stop), so an account found both ways counts twice.
    """
    return (accounts_with_ref_from(text) + _accounts_named(text)).limit(most + 1).count() <= most


def account_found(text: str):
    """The same test as :func:`accounts_found` for one account row at a time, with no index (joins Debtor)."""
    pattern = _like_pattern(text)
    return like(Account.ref, f"{pattern}%") | like(Debtor.name, f"%{pattern}%")


def _accounts_named(text: str):
    return Account.select(Account.id).where(Account.debtor.in_(debtors_named(text)))
