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
character no name holds), as three-character tokens: ``吕敏`` is indexed as
``吕敏`` + ``MARK`` + ``吕 MARK MARK 吕敏 MARK 敏 MARK MARK 敏 MARK``, and a
search for ``敏`` asks for the token ``敏 MARK MARK``. Triggers on ``debtor``
keep it complete whoever writes, from a view that spells out each name's
text, so ``rebuild`` fills it for a database that had none. An index on
``lower(ref)`` turns a reference's start into a range: SQLite's ``lower``
folds ASCII only, exactly as its ``LIKE`` does.

PostgreSQL: ``pg_trgm`` GIN indexes on the name and the reference serve
``ILIKE`` directly (the planner rechecks each row). Without the extension the
search still works, by scanning.

A migration that rebuilds the ``debtor`` table must drop the view first and
call :func:`install` again afterwards (SQLite refuses to rename a table under
a view that names it).
"""

from __future__ import annotations

from peewee import SQL, Database, DatabaseError, NodeList, PostgresqlDatabase, Value, fn

from agent_tui.store.database import is_sqlite
from agent_tui.store.models import Account, Debtor

#: Closes each single character and pair of a name in the index; no name or search holds it.
MARK = "\ue000"
#: The FTS5 table of debtor names, and the view that gives each name's indexed text.
SEARCH_TABLE = "debtor_name_search"
GRAMS_VIEW = "debtor_name_grams"
#: The trigram index on the name and the ref index that serve the search (pg_trgm's on PostgreSQL).
REF_INDEX = "account_ref_lower"
PG_NAME_INDEX = "debtor_name_trgm"
PG_REF_INDEX = "account_ref_trgm"

_MARK_SQL = "char(57344)"
_SQLITE_SCHEMA = (
    # The name, then each character and each pair of characters closed with MARK.
    f'CREATE VIEW IF NOT EXISTS "{GRAMS_VIEW}" AS SELECT d."id" AS id, d."name" || {_MARK_SQL} || coalesce(('
    f' WITH RECURSIVE pos(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM pos WHERE n < length(d."name"))'
    f' SELECT group_concat(substr(d."name", n, 1) || {_MARK_SQL} || {_MARK_SQL} || substr(d."name", n, 2)'
    f" || {_MARK_SQL}, '') FROM pos), '') AS grams FROM \"debtor\" d",
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{SEARCH_TABLE}" USING fts5(grams, content=\'{GRAMS_VIEW}\','
    " content_rowid='id', tokenize='trigram', detail='none')",
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_insert" AFTER INSERT ON "debtor" BEGIN'
    f' INSERT INTO "{SEARCH_TABLE}"(rowid, grams) SELECT id, grams FROM "{GRAMS_VIEW}" WHERE id = NEW."id"; END',
    # Before the change the view still gives the old text, which is what FTS5 needs to remove it.
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_unname" BEFORE UPDATE OF "id", "name" ON "debtor"'
    f' WHEN OLD."id" IS NOT NEW."id" OR OLD."name" IS NOT NEW."name" BEGIN'
    f' INSERT INTO "{SEARCH_TABLE}"("{SEARCH_TABLE}", rowid, grams)'
    f' SELECT \'delete\', id, grams FROM "{GRAMS_VIEW}" WHERE id = OLD."id"; END',
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_rename" AFTER UPDATE OF "id", "name" ON "debtor"'
    f' WHEN OLD."id" IS NOT NEW."id" OR OLD."name" IS NOT NEW."name" BEGIN'
    f' INSERT INTO "{SEARCH_TABLE}"(rowid, grams) SELECT id, grams FROM "{GRAMS_VIEW}" WHERE id = NEW."id"; END',
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_delete" BEFORE DELETE ON "debtor" BEGIN'
    f' INSERT INTO "{SEARCH_TABLE}"("{SEARCH_TABLE}", rowid, grams)'
    f' SELECT \'delete\', id, grams FROM "{GRAMS_VIEW}" WHERE id = OLD."id"; END',
    f'CREATE INDEX IF NOT EXISTS "{REF_INDEX}" ON "account" (lower("ref"))',
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
            db.execute_sql(f'INSERT INTO "{SEARCH_TABLE}"("{SEARCH_TABLE}") VALUES (\'rebuild\')')
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

    One or two characters ask for their own token (closed with MARK); more
    ask for every trigram of the text (the index keeps no positions, so
    not in order: the ``LIKE`` that follows sees to that).
    """
    if MARK in text or not text:
        return None
    if len(text) < 3:
        tokens = [text + MARK * (3 - len(text))]
    else:
        tokens = list(dict.fromkeys(text[n:n + 3] for n in range(len(text) - 2)))
    return " AND ".join('"' + token.replace('"', '""') + '"' for token in tokens)


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
    by_name = Account.select(Account.id).where(Account.debtor.in_(debtors_named(text)))
    return accounts_with_ref_from(text) | by_name
