"""Call notes and audit events are written once: the ORM and the database both refuse changes."""

from __future__ import annotations

import peewee
import pytest

from agent_tui.store.errors import RecordImmutable
from agent_tui.store.models import Account, AuditEvent, CallNote, Draft

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
