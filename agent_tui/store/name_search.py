"""The notes browser's search, by part of a debtor's name or the start of an account reference, indexed.

The search matches what ``LIKE`` matches (``ILIKE`` on PostgreSQL): any part
of a debtor's name, or the start of an account reference, case aside. Read by
scanning, that is every debtor and every account for each search; at a
million accounts, far too slow. The indexes here only find *candidates*
quickly; every candidate is still checked with the same ``LIKE``, so a search
finds exactly what the scan found, whatever the index folds or misses.

SQLite: an FTS5 table with the ``trigram`` tokenizer over each debtor's name
finds names that contain a search of three characters or more. Trigrams
cannot find one or two characters, and Chinese names are two or three
characters long, so each name is indexed together with its single characters
and pairs of characters, each closed with :data:`MARK` (a private-use
character), as three-character tokens: ``吕敏`` is indexed as ``吕敏`` +
``MARK`` + ``吕 MARK MARK 吕敏 MARK 敏 MARK MARK 敏 MARK``, and a search for
``敏`` asks for the token ``敏 MARK MARK``. A name longer than the
:data:`POSITIONS` spelt out this way carries the token :data:`LONG` instead,
which every short search also asks for. Triggers on ``debtor`` keep the index
complete whoever writes; they spell a name out with the small table of
positions, as triggers cannot loop. The table holds no copy of the names, so
nothing else names ``debtor`` and a migration may rebuild it; the schema
installs the triggers again after each upgrade. An index on ``lower(ref)``
turns a reference's start into a range: SQLite's ``lower`` folds ASCII only,
exactly as its ``LIKE`` does.

PostgreSQL: ``pg_trgm`` GIN indexes on the name and the reference serve
``ILIKE`` directly (the planner rechecks each row). Without the extension the
search still works, by scanning.
"""

from __future__ import annotations

from peewee import SQL, Database, DatabaseError, NodeList, PostgresqlDatabase, Value, fn

from agent_tui.store.database import is_sqlite
from agent_tui.store.models import Account, Debtor

#: Closes each single character and pair of a name in the index.
MARK = "\ue000"
#: The token of a name too long to be spelt out in full: a short search checks every such name.
LONG = "\ue001" * 3
#: How many of a name's first characters are spelt out (names are at most 200 long).
POSITIONS = 256
#: The FTS5 table of debtor names, and the table of positions the triggers spell names out with.
SEARCH_TABLE = "debtor_name_search"
POSITION_TABLE = "debtor_name_position"
#: The ref index that serves the search, and pg_trgm's indexes on PostgreSQL.
REF_INDEX = "account_ref_lower"
PG_NAME_INDEX = "debtor_name_trgm"
PG_REF_INDEX = "account_ref_trgm"
#: The triggers that keep the search table complete.
TRIGGERS = tuple(f"{SEARCH_TABLE}_{event}" for event in ("insert", "update", "delete"))


def _indexed_text(row: str) -> str:
    """The SQL of what the index holds for the debtor ``row``: the name, then the name spelt out."""
    name, mark = f'{row}."name"', "char(57344)"
    return (
        f"{name} || {mark} || coalesce((SELECT group_concat(substr({name}, n, 1) || {mark} || {mark}"
        f" || substr({name}, n, 2) || {mark}, '') FROM \"{POSITION_TABLE}\" WHERE n <= length({name})), '')"
        f" || CASE WHEN length({name}) > {POSITIONS} THEN char(57345, 57345, 57345) ELSE '' END"
    )


def _add(row: str) -> str:
    """The statement that indexes the debtor ``row`` (``NEW`` in a trigger)."""
    return f'INSERT INTO "{SEARCH_TABLE}"(rowid, grams) VALUES ({row}."id", {_indexed_text(row)});'


def _remove(row: str) -> str:
    """The statement that takes the debtor ``row`` (``OLD``) out: a contentless table must be told its text."""
    return (f'INSERT INTO "{SEARCH_TABLE}"("{SEARCH_TABLE}", rowid, grams)'
            f" VALUES ('delete', {row}.\"id\", {_indexed_text(row)});")


_SQLITE_SCHEMA = (
    f'CREATE TABLE IF NOT EXISTS "{POSITION_TABLE}" (n INTEGER PRIMARY KEY)',
    f'INSERT OR IGNORE INTO "{POSITION_TABLE}"(n) WITH RECURSIVE p(n) AS'
    f" (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < {POSITIONS}) SELECT n FROM p",
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{SEARCH_TABLE}" USING fts5(grams, content=\'\','
    " tokenize='trigram', detail='none')",
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[0]}" AFTER INSERT ON "debtor" BEGIN {_add("NEW")} END',
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[1]}" AFTER UPDATE OF "id", "name" ON "debtor"'
    f' WHEN OLD."id" IS NOT NEW."id" OR OLD."name" IS NOT NEW."name"'
    f' BEGIN {_remove("OLD")} {_add("NEW")} END',
    f'CREATE TRIGGER IF NOT EXISTS "{TRIGGERS[2]}" AFTER DELETE ON "debtor" BEGIN {_remove("OLD")} END',
    f'CREATE INDEX IF NOT EXISTS "{REF_INDEX}" ON "account" (lower("ref"))',
)
#: Index every debtor already there (the step that brings the search to an older database).
_SQLITE_FILL = (
    f'INSERT INTO "{SEARCH_TABLE}"("{SEARCH_TABLE}") VALUES (\'delete-all\')',
    f'INSERT INTO "{SEARCH_TABLE}"(rowid, grams) SELECT d."id", {_indexed_text("d")} FROM "debtor" d',
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
            for statement in _SQLITE_FILL:
                db.execute_sql(statement)
        return
    schema = _trigram_schema(db)
    if schema is None:
        return
    ops = '"{}".gin_trgm_ops'.format(schema.replace('"', '""'))
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{PG_NAME_INDEX}" ON "debtor" USING gin ("name" {ops})')
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{PG_REF_INDEX}" ON "account" USING gin ("ref" {ops})')


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


def match_query(text: str) -> str | None:
    """The FTS5 query that finds every name containing ``text`` (and maybe more); ``None``: scan instead.

    One or two characters ask for their own token (closed with MARK), or a
    name too long to be spelt out; more ask for every trigram of the text
    (the index keeps no positions, so not in order: the ``LIKE`` that follows
    sees to that).
    """
    if not text or MARK in text or LONG[0] in text:
        return None
    if len(text) < 3:
        return f"{_token(text + MARK * (3 - len(text)))} OR {_token(LONG)}"
    return " AND ".join(_token(trigram) for trigram in dict.fromkeys(text[n:n + 3] for n in range(len(text) - 2)))


def _token(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_indexed() -> bool:
    return is_sqlite(_bound())


def debtors_named(text: str):
    """The ids of debtors whose name contains ``text`` (case aside, as ``LIKE`` has it)."""
    query = Debtor.select(Debtor.id).where(like(Debtor.name, f"%{_like_pattern(text)}%"))
    match = match_query(text) if _sqlite_indexed() else None
    if match is not None:
        found = SQL(f'(SELECT rowid FROM "{SEARCH_TABLE}" WHERE "{SEARCH_TABLE}" MATCH ?)', [match])
        query = query.where(Debtor.id.in_(found))
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
