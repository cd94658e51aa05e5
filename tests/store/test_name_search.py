"""The notes search's index finds exactly what scanning with LIKE (ILIKE) finds, and stays complete.

Every search is compared with the scan it replaces: the same ``LIKE`` over
every debtor's name and every account's reference, no index. Names in
Chinese of one to three characters (searched by one, two or three), Latin
names with case and accents, LIKE's wildcards, quotes, and the index's own
mark character.
"""

from __future__ import annotations

import pytest

from agent_tui.store import name_search, schema
from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS, Account, Debtor
from agent_tui.store.name_search import accounts_found, like
from agent_tui.store.schema import STEPS, SchemaVersion, init_db, schema_version, upgrade_db

from . import rows

NAMES = [
    "吕敏", "吕敏华", "王伟", "王", "欧阳娜娜", "Maria García", "MARÍA JOSÉ", "ann-marie o'neil", "50%_off Ltd",
    'The "Quote" Co', "back\\slash", "x", "", "  spaced  out  ", "Ünal Çelik", "straße", "İpek",
    "a" * 199 + "吕", "o'brien-smith", 'say "ok"',
]
#: The upgrade step that brings the search's indexes.
SEARCH_STEP = next(step for step in STEPS if step.apply is schema._notes_browser)
REFS = ["HX-2024-000001", "hx-2024-000002", "HX-2025-000010", "AB_1", "Ä-1", "ab%2", "ZZ"]

#: Tests of one database's own query plans or limits: run on that one only.
ON_SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
ON_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


def _scan(text: str) -> set[int]:
    """What the search found before it had an index: LIKE over every name and reference."""
    pattern = name_search._like_pattern(text)
    named = Debtor.select(Debtor.id).where(like(Debtor.name, f"%{pattern}%"))
    query = Account.select(Account.id).where(like(Account.ref, f"{pattern}%") | Account.debtor.in_(named))
    return {row[0] for row in query.tuples()}


def _found(text: str) -> set[int]:
    return {row[0] for row in accounts_found(text).tuples()}


def _searches() -> list[str]:
    texts = {"吕", "敏", "吕敏", "敏华", "吕敏华", "吕敏华x", "娜娜", "欧阳", "maria", "MARIA", "garcía", "GARCÍA",
             "maría", "marÍa", "josé", "JOSÉ", "ann-m", "O'NEIL", "%", "_", "50%_", "%_o", '"', '"Quote"', "quote",
             "\\", "k\\s", "spaced  out", "  ", "ünal", "ÜNAL", "straße", "STRASSE", "i̇pek", "ipek", "İ",
             "a" * 3, "a" * 198 + "吕", "aa吕", "o'", "'b", "n-", "-", "'", '"o', 'k"',
             "hx-2024", "HX-2024-0000", "hx-2025-000010",
             "Hx-", "ab_", "ab%", "ä-", "Ä", "z", "ZZ", "nobody", "吕伟"}
    for name in NAMES:
        for size in (1, 2, 3, 4):
            for start in range(0, max(len(name) - size + 1, 0), 3):
                texts.add(name[start:start + size])
    return sorted(t for t in texts if t.strip())


@pytest.fixture
def floor(db):
    debtors = [rows.debtor(name=name) for name in NAMES]
    for n, debtor in enumerate(debtors):
        rows.account(debtor, ref=REFS[n] if n < len(REFS) else f"ACC-{n:04d}")
    return debtors


def _catch_up(db) -> None:
    with db.atomic():
        name_search.catch_up(db)


@pytest.mark.parametrize("caught_up", [True, False], ids=["indexed", "pending"])
def test_every_search_finds_what_the_scan_finds(db, floor, caught_up):
    if caught_up:
        _catch_up(db)
    for text in _searches():
        assert _found(text) == _scan(text), text


def test_the_index_follows_renames_and_deletions(db, floor):
    first = floor[0]  # 吕敏
    _catch_up(db)
    assert _found("吕敏") == _scan("吕敏") and _found("吕敏")
    Debtor.update(name="司马光").where(Debtor.id == first.id).execute()
    Debtor.update(occupation="teacher").where(Debtor.id == floor[1].id).execute()  # not the name: no change
    lone = rows.debtor(name="独孤求败")
    for text in ("吕敏", "司马", "马", "光", "司马光", "独孤", "求败", "孤求败"):
        assert _found(text) == _scan(text), text
    assert _found("独孤") == set()  # a debtor with no account is found by no note
    rows.account(lone)
    assert _found("独孤") == _scan("独孤") != set()
    _catch_up(db)
    Debtor.update(name="独孤九败").where(Debtor.id == lone.id).execute()  # renamed once indexed
    assert _found("求败") == set() and _found("九败") == _scan("九败") != set()
    Account.delete().where(Account.debtor == lone.id).execute()
    Debtor.delete().where(Debtor.id == lone.id).execute()  # deleted while pending
    Debtor.delete().where(Debtor.id == rows.debtor(name="独孤").id).execute()  # deleted while pending
    indexed_then_deleted = rows.debtor(name="九阳")
    _catch_up(db)
    Debtor.delete().where(Debtor.id == indexed_then_deleted.id).execute()
    Debtor.insert_many([{"name": "独孤九剑", "national_id": "X1"}, {"name": "九阴", "national_id": "X2"}]).execute()
    written_elsewhere = Debtor.get(Debtor.name == "独孤九剑")
    rows.account(written_elsewhere)
    for caught_up in (False, True):
        if caught_up:
            _catch_up(db)
        for text in ("独孤", "九剑", "孤九剑", "求败", "九", "九阳", "司马光"):
            assert _found(text) == _scan(text), text
    if name_search.is_sqlite(db):
        _integrity_check(db)
        assert _pending(db) == 0


def _integrity_check(db) -> None:
    """FTS5 checks its own index (a contentless table told the wrong text to forget is corrupt)."""
    for table in (name_search.TRIGRAM_TABLE, name_search.PAIR_TABLE):
        db.execute_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def _pending(db) -> int:
    return db.execute_sql(f"SELECT count(*) FROM {name_search.PENDING_TABLE}").fetchone()[0]


def _drop_search(db) -> None:
    """The schema before the search had indexes."""
    db.execute_sql('DROP INDEX "promise_status_note_id"')
    if name_search.is_sqlite(db):
        for trigger in name_search.TRIGGERS:
            db.execute_sql(f'DROP TRIGGER "{trigger}"')
        for table in (name_search.TRIGRAM_TABLE, name_search.PAIR_TABLE, name_search.PENDING_TABLE,
                      name_search.POSITION_TABLE):
            db.execute_sql(f'DROP TABLE "{table}"')
        db.execute_sql(f'DROP INDEX "{name_search.REF_INDEX}"')
    else:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name_search.PG_NAME_INDEX}"')
        db.execute_sql(f'DROP INDEX IF EXISTS "{name_search.PG_REF_INDEX}"')


def _triggers(db) -> set[str]:
    return {name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _index_names(db) -> set[str]:
    names = {index.name for table in ("debtor", "account") for index in db.get_indexes(table)}
    if name_search.is_sqlite(db):
        names |= set(db.get_tables())
    return names


def test_upgrade_indexes_the_names_already_there(db_url, tmp_path):
    db = open_database(db_url)
    init_db(db, tuple(step for step in STEPS if step.version < SEARCH_STEP.version))
    _drop_search(db)
    assert schema_version(db) == SEARCH_STEP.version - 1
    with db.bind_ctx((*MODELS, SchemaVersion)):
        for n, name in enumerate(NAMES):
            rows.account(rows.debtor(name=name), ref=f"R-{n}")
    report = upgrade_db(db, backup_dir=tmp_path / "backups")
    assert SEARCH_STEP.version in report.applied  # with the steps after it
    indexes = _index_names(db)
    assert ("status", "note_id") in {tuple(index.columns) for index in db.get_indexes("promise")}
    if name_search.is_sqlite(db):
        assert {name_search.TRIGRAM_TABLE, name_search.PAIR_TABLE, name_search.REF_INDEX} <= indexes
        for text in ("敏", "吕敏", "吕敏华"):
            table, words = name_search.match_query(text)
            (indexed,) = db.execute_sql(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [words]).fetchone()
            assert indexed == 2 if len(text) < 3 else 1, text  # the names written before the upgrade
        assert _pending(db) == 0
        _integrity_check(db)
        assert set(name_search.TRIGGERS) <= _triggers(db)
    else:
        assert {name_search.PG_NAME_INDEX, name_search.PG_REF_INDEX} <= indexes
    with db.bind_ctx((*MODELS, SchemaVersion)):
        for text in ("敏", "吕敏", "maria", "r-1", "a" * 5):
            assert _found(text) == _scan(text), text
    again = upgrade_db(db, backup_dir=tmp_path / "backups")
    assert not again.changed
    db.close()


@ON_SQLITE
def test_sqlite_search_reads_the_indexes_not_every_row(db, floor):
    _catch_up(db)
    for text in ("敏", "吕敏", "吕敏华", "HX-2024"):
        sql, params = accounts_found(text).sql()
        plan = " | ".join(str(row[-1]) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        table = name_search.TRIGRAM_TABLE if len(text) >= 3 else name_search.PAIR_TABLE
        assert f"SCAN {table} VIRTUAL TABLE" in plan and name_search.REF_INDEX in plan, plan
        assert " SCAN t" not in " " + plan.replace(" | ", "  "), plan


@ON_POSTGRESQL
def test_postgresql_search_can_use_the_trigram_indexes(db, floor):
    db.execute_sql("SET enable_seqscan = off")
    try:
        for text in ("吕敏华", "maria", "HX-2024"):
            sql, params = accounts_found(text).sql()
            plan = " | ".join(str(row[0]) for row in db.execute_sql("EXPLAIN " + sql, params))
            assert name_search.PG_NAME_INDEX in plan and name_search.PG_REF_INDEX in plan, plan
    finally:
        db.execute_sql("RESET enable_seqscan")


def test_the_match_query_of_each_length():
    pairs, trigrams, long = name_search.PAIR_TABLE, name_search.TRIGRAM_TABLE, name_search.LONG_NAME
    assert name_search.match_query("敏") == (pairs, f'"敏" * OR {long}')
    assert name_search.match_query("吕敏") == (pairs, f'"吕敏" OR {long}')
    assert name_search.match_query("o'") == (pairs, f'"o\'" OR {long}')
    assert name_search.match_query('"') is None and name_search.match_query("%_") is None
    assert name_search.match_query("吕敏华") == (trigrams, '"吕敏华"')
    assert name_search.match_query('a"bcb"a') == (trigrams, '"a""b" AND """bc" AND "bcb" AND "cb""" AND "b""a"')
    assert name_search.match_query("ababab") == (trigrams, '"aba" AND "bab"')
    assert name_search.match_query("%%%") == (trigrams, '"%%%"')


@ON_SQLITE  # PostgreSQL keeps names to 200 characters
def test_sqlite_names_longer_than_spelt_out_are_still_found(db):
    """SQLite keeps any length; a character past the spelt-out positions is found all the same."""
    tail = "x" * (name_search.POSITIONS + 20)
    long_names = [tail + "鑫", "鑫" + tail, tail + "鑫淼"]
    for name in long_names:
        rows.account(rows.debtor(name=name))
    rows.account(rows.debtor(name="淼"))
    _catch_up(db)
    for text in ("鑫", "鑫淼", "淼", "x鑫", "xx", "x"):
        assert _found(text) == _scan(text), text
    assert len(_found("鑫")) == 3 and len(_found("淼")) == 2


def test_a_migration_may_rebuild_the_debtor_table(db_url, tmp_path):
    """SQLite changes a column by copying the table: the search's triggers come back after the step."""
    def employer_optional(migrator, db):
        migrator.migrate(migrator.drop_not_null("debtor", "employer"))

    db = open_database(db_url)
    init_db(db)
    with db.bind_ctx((*MODELS, SchemaVersion)):
        rows.account(rows.debtor(name="吕敏"))
        _catch_up(db)
    steps = (*STEPS, schema.Step(schema.latest_version() + 1, "employer optional", employer_optional))
    upgrade_db(db, steps, backup_dir=tmp_path)
    with db.bind_ctx((*MODELS, SchemaVersion)):
        rows.account(rows.debtor(name="吕敏华"))
        _catch_up(db)
        assert len(_found("吕敏")) == 2 and _found("吕敏") == _scan("吕敏")
    if name_search.is_sqlite(db):
        assert set(name_search.TRIGGERS) <= _triggers(db)
        _integrity_check(db)
    db.close()


def test_counting_what_a_search_finds_stops_past_the_limit(floor):
    for text in ("吕敏", "敏", "hx", "a", "nobody"):
        found = len(_scan(text))
        assert name_search.found_at_most(text, 2 * found)  # found both ways, an account counts twice
        if found:
            assert not name_search.found_at_most(text, found - 1)
