"""Schema versions: init and upgrade are idempotent, steps are transactional, SQLite is backed up."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from peewee import CharField

from agent_tui.store.database import open_database
from agent_tui.store.errors import SchemaError, StoreError
from agent_tui.store.models import MODELS
from agent_tui.store.schema import (
    STEPS,
    Step,
    check_schema,
    init_db,
    latest_version,
    schema_version,
    upgrade_db,
)


def _add_nickname(migrator, db):
    migrator.migrate(migrator.add_column("agent", "nickname", CharField(default="")))


def _add_segment_then_fail(migrator, db):
    migrator.migrate(migrator.add_column("account", "segment", CharField(default="")))
    db.execute_sql("SELECT * FROM no_such_table")


NEXT = (*STEPS, Step(latest_version() + 1, "agents get a nickname", _add_nickname))


def _columns(db, table):
    return {column.name for column in db.get_columns(table)}


def test_init_creates_every_table_once(db_url):
    db = open_database(db_url)
    assert schema_version(db) == 0
    first = init_db(db)
    assert first.created and first.after == latest_version()
    tables = set(db.get_tables())
    assert {m._meta.table_name for m in MODELS} <= tables
    assert "schema_version" in tables
    again = init_db(db)
    assert not again.changed and again.after == first.after
    assert schema_version(db) == latest_version()
    db.close()


def test_upgrade_of_an_empty_database_initialises_it(db_url):
    db = open_database(db_url)
    report = upgrade_db(db)
    assert report.created
    assert check_schema(db) == latest_version()
    db.close()


def test_upgrade_applies_each_step_once(db_url, tmp_path):
    db = open_database(db_url)
    init_db(db)
    before = schema_version(db)
    report = upgrade_db(db, NEXT, backup_dir=tmp_path / "backups")
    assert report.applied == (before + 1,)
    assert "nickname" in _columns(db, "agent")
    assert schema_version(db) == before + 1
    assert check_schema(db, NEXT) == before + 1
    again = upgrade_db(db, NEXT, backup_dir=tmp_path / "backups")
    assert not again.changed and again.applied == () and again.backup is None
    db.close()


def test_sqlite_is_backed_up_before_a_step(tmp_path):
    path = tmp_path / "live.db"
    db = open_database(f"sqlite:///{path}")
    init_db(db)
    report = upgrade_db(db, NEXT)
    db.close()
    assert report.backup is not None and report.backup.parent == tmp_path
    assert stat.S_IMODE(os.stat(report.backup).st_mode) == 0o600
    copy = sqlite3.connect(report.backup)
    try:
        (version,) = copy.execute("SELECT MAX(version) FROM schema_version").fetchone()
        columns = {row[1] for row in copy.execute("PRAGMA table_info(agent)")}
    finally:
        copy.close()
    assert version == latest_version()  # the copy is the database as it was
    assert "nickname" not in columns


def test_a_failing_step_changes_nothing(db_url, tmp_path):
    db = open_database(db_url)
    init_db(db)
    before = schema_version(db)
    broken = (*STEPS, Step(before + 1, "broken", _add_segment_then_fail))
    with pytest.raises(StoreError) as caught:
        upgrade_db(db, broken, backup_dir=tmp_path)
    assert "\n" not in str(caught.value)
    assert schema_version(db) == before
    assert "segment" not in _columns(db, "account")
    db.close()


def test_check_schema_names_the_fix(db_url):
    db = open_database(db_url)
    with pytest.raises(SchemaError, match="db init"):
        check_schema(db)
    init_db(db)
    with pytest.raises(SchemaError, match="db upgrade"):
        check_schema(db, NEXT)
    db.close()


def test_a_newer_database_is_refused(db_url, tmp_path):
    db = open_database(db_url)
    init_db(db)
    upgrade_db(db, NEXT, backup_dir=tmp_path)
    with pytest.raises(SchemaError, match="newer"):
        check_schema(db)
    with pytest.raises(SchemaError):
        upgrade_db(db)
    db.close()


def test_steps_after_the_baseline_are_numbered_in_order():
    versions = [step.version for step in STEPS]
    assert versions == sorted(set(versions))
    assert all(version > 1 for version in versions)


def test_a_database_from_before_number_zones_gets_the_column_and_keeps_its_numbers(db_url, tmp_path):
    from playhouse.migrate import SchemaMigrator

    from agent_tui.store.models import ContactPoint, Debtor

    db = open_database(db_url)
    init_db(db)
    # The database as version 5 made it: contact points without a time zone.
    SchemaMigrator.from_database(db).drop_column("contact_point", "time_zone").run()
    db.execute_sql("DELETE FROM schema_version")
    db.execute_sql("INSERT INTO schema_version (version, description, applied_at)"
                   " VALUES (5, 'before number zones', '2026-01-01 00:00:00')")
    db.execute_sql("INSERT INTO debtor (name, national_id, occupation, employer, family, credit_history, time_zone,"
                   " language, cease_contact, dispute, vulnerable, attorney, created_at) VALUES"
                   " ('D', 'N1', '', '', '', '', '', 'en', false, false, false, false, '2026-01-01 00:00:00')")
    db.execute_sql("INSERT INTO contact_point (debtor_id, kind, value, is_primary, do_not_call)"
                   " SELECT id, 'mobile', '+1 602 555 0100', true, false FROM debtor")
    report = upgrade_db(db, backup_dir=tmp_path)
    assert 6 in report.applied and "time_zone" in _columns(db, "contact_point")
    with db.bind_ctx((Debtor, ContactPoint)):
        point = ContactPoint.get()
        assert (point.value, point.time_zone) == ("+1 602 555 0100", None)
    assert not upgrade_db(db, backup_dir=tmp_path).changed
    db.close()
