"""Call notes and audit events are written once: the ORM and the database both refuse changes."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from agent_tui.store.database import open_database
from agent_tui.store.errors import RecordImmutable
from agent_tui.store.models import Account, AuditEvent, CallNote, Draft
from agent_tui.store.schema import STEPS, init_db, upgrade_db

from . import rows


def _event(seq: int, **fields) -> AuditEvent:
    return AuditEvent.create(
        **{"seq": seq, "actor": "A0001", "action": "note.saved", "hash": f"{seq:064x}", **fields}
    )


def test_a_saved_note_cannot_be_changed_through_the_orm(db):
    note = rows.note(rows.account(), rows.agent(), text="promised 500 on Friday")
    note.text = "promised 5000 on Friday"
    with pytest.raises(RecordImmutable) as caught:
        note.save()
    assert str(note.id) in str(caught.value)
    with pytest.raises(RecordImmutable):
        note.delete_instance()
    with pytest.raises(RecordImmutable):
        CallNote.update(text="x")
    with pytest.raises(RecordImmutable):
        CallNote.delete()
    assert CallNote.get_by_id(note.id).text == "promised 500 on Friday"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE call_note SET text = 'rewritten'", "DELETE FROM call_note"],
)
def test_the_database_refuses_changes_to_notes(db, statement):
    note = rows.note(rows.account(), rows.agent(), text="original")
    with pytest.raises(peewee.DatabaseError), db.atomic():
        db.execute_sql(statement)
    assert CallNote.get_by_id(note.id).text == "original"


def test_a_correction_amends_the_original(db):
    acct, agent = rows.account(), rows.agent()
    original = rows.note(acct, agent, text="can pay 300")
    fixed = rows.note(acct, agent, text="can pay 3000", amends=original)
    assert CallNote.get_by_id(fixed.id).amends_id == original.id
    assert [n.id for n in original.amendments] == [fixed.id]
    assert CallNote.get_by_id(original.id).text == "can pay 300"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET actor = 'someone else'", "DELETE FROM audit_event"],
)
def test_the_database_refuses_changes_to_the_audit_trail(db, statement):
    _event(1)
    with pytest.raises(peewee.DatabaseError), db.atomic():
        db.execute_sql(statement)
    assert AuditEvent.get(AuditEvent.seq == 1).actor == "A0001"


def test_two_events_cannot_take_the_same_place_in_the_trail(db):
    _event(1)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        _event(1, hash="f" * 64)


def test_other_tables_stay_editable(db):
    acct = rows.account()
    Account.update(next_action="call back").where(Account.id == acct.id).execute()
    assert Account.get_by_id(acct.id).next_action == "call back"


def test_one_draft_per_agent_and_account(db):
    acct, agent = rows.account(), rows.agent()
    Draft.create(agent=agent, account=acct, fields={"text": "first"})
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Draft.create(agent=agent, account=acct, fields={"text": "second"})
    Draft.create(agent=rows.agent(), account=acct, fields={})
    assert Draft.select().where(Draft.account == acct).count() == 2


def _shell(db):
    """A plain sqlite3 connection to the test's file, as the sqlite3 shell opens it: none of our PRAGMAs."""
    return sqlite3.connect(db.database, isolation_level=None)


SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
POSTGRES = pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


@SQLITE
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE", "INSERT OR IGNORE"])
def test_sqlite_refuses_an_insert_over_a_saved_note(db, verb):
    """REPLACE would delete the old row without firing the DELETE trigger; the file itself refuses it."""
    note = rows.note(rows.account(), rows.agent(), text="original")
    shell = _shell(db)
    columns = _columns(shell, "call_note")
    values = ", ".join("'rewritten'" if column == "text" else f'"{column}"' for column in columns)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        shell.execute(f"{verb} INTO call_note ({', '.join(columns)}) SELECT {values} FROM call_note")
    shell.close()
    assert [n.text for n in CallNote.select()] == ["original"] and CallNote.get_by_id(note.id)


@SQLITE
@pytest.mark.parametrize("key", ["id", "seq", "hash"])
def test_sqlite_refuses_an_event_over_an_existing_one(db, key):
    """Whichever unique key the new row shares with an old one, REPLACE is refused."""
    _event(1)
    _event(2)
    new = {"id": 99, "seq": 99, "hash": "e" * 64}
    new[key] = {"id": 1, "seq": 1, "hash": f"{1:064x}"}[key]
    shell = _shell(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        shell.execute(
            "INSERT OR REPLACE INTO audit_event (id, seq, at, actor, action, subject, payload, prev_hash, hash) "
            "VALUES (:id, :seq, '2024-03-01 09:30:00', 'X', 'forged', '', '{}', '', :hash)", new)
    shell.close()
    assert [(e.seq, e.actor) for e in AuditEvent.select().order_by(AuditEvent.seq)] == [(1, "A0001"), (2, "A0001")]


@POSTGRES
def test_postgres_refuses_an_upsert_over_a_saved_note_or_event(db):
    """PostgreSQL has no REPLACE; ON CONFLICT DO UPDATE is an UPDATE, and the UPDATE trigger refuses it."""
    note = rows.note(rows.account(), rows.agent(), text="original")
    _event(1)
    for statement in (
        "INSERT INTO call_note SELECT * FROM call_note ON CONFLICT (id) DO UPDATE SET text = 'rewritten'",
        "INSERT INTO audit_event (seq, at, actor, action, subject, payload, prev_hash, hash) "
        "VALUES (1, now(), 'X', 'forged', '', '{}', '', 'f') ON CONFLICT (seq) DO UPDATE SET actor = 'X'",
    ):
        with pytest.raises(peewee.DatabaseError, match="append-only"), db.atomic():
            db.execute_sql(statement)
    assert CallNote.get_by_id(note.id).text == "original"
    assert AuditEvent.get(AuditEvent.seq == 1).actor == "A0001"


def _columns(shell, table):
    return [row[1] for row in shell.execute(f'PRAGMA table_info("{table}")')]


@SQLITE
def test_db_upgrade_gives_an_older_database_the_refusal(db_url, tmp_path):
    old = open_database(db_url)
    init_db(old, STEPS[:3])  # version 4, as it was made before the refusal existed:
    for table in ("call_note", "audit_event"):
        old.execute_sql(f'DROP TRIGGER "{table}_no_replace"')
    assert 5 in upgrade_db(old, backup_dir=tmp_path).applied
    names = {name for (name,) in old.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    old.close()
    assert {"call_note_no_replace", "audit_event_no_replace"} <= names
