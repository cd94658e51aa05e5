"""The audit chain: intact when untouched, and broken at the right row when touched behind our back."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from agent_tui.cli import main
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit import append_event, note_event, verify_chain
from agent_tui.store.demo import write_demo
from agent_tui.store.models import Account, Agent, CallNote


@pytest.fixture
def chain_db(tmp_path):
    path = tmp_path / "audit.db"
    db = use_database(open_database(f"sqlite:///{path}"))
    init_db(db)
    write_demo(db, accounts=40, seed=5, language="en", currency="CNY", today=date(2026, 11, 28),
               now=datetime(2026, 11, 28, 3, tzinfo=UTC), policy=LedgerPolicy())
    with db.atomic():
        append_event("A001", "reveal_national_id", "debtor:1", {"reason": "verify"})
    db.close()
    return path


def raw(path, *statements):
    """Tamper as an intruder would: drop the guards, then change rows with plain SQL."""
    con = sqlite3.connect(path)
    for table in ("call_note", "audit_event"):
        for event in ("update", "delete"):
            con.execute(f'DROP TRIGGER IF EXISTS "{table}_no_{event}"')
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def verify(path, capsys):
    code = main(["audit", "verify", "--db", f"sqlite:///{path}"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_untouched_chain_is_intact(chain_db, capsys):
    code, out = verify(chain_db, capsys)
    assert code == 0
    assert "intact" in out


def test_changed_note_text_is_found(chain_db, capsys):
    con = sqlite3.connect(chain_db)
    (target,) = con.execute("SELECT id FROM call_note ORDER BY id LIMIT 1 OFFSET 4").fetchone()
    con.close()
    raw(chain_db, f"UPDATE call_note SET text = 'edited later' WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"note {target} " in out and "changed" in out


def test_deleted_note_is_found(chain_db, capsys):
    con = sqlite3.connect(chain_db)
    (target,) = con.execute("SELECT MAX(id) FROM call_note").fetchone()
    con.close()
    raw(chain_db, f"DELETE FROM call_note WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"note {target} " in out and "deleted" in out


def test_inserted_note_is_found(chain_db, capsys):
    con = sqlite3.connect(chain_db)
    columns = [r[1] for r in con.execute("PRAGMA table_info(call_note)")]
    row = con.execute("SELECT * FROM call_note ORDER BY id LIMIT 1").fetchone()
    values = dict(zip(columns, row))
    values["id"] = 999999
    con.close()
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    con = sqlite3.connect(chain_db)
    con.execute(f"INSERT INTO call_note ({names}) VALUES ({marks})", list(values.values()))
    con.commit()
    con.close()
    code, out = verify(chain_db, capsys)
    assert code == 1 and "note 999999 " in out and "inserted" in out


def test_changed_event_is_found_at_its_seq(chain_db, capsys):
    raw(chain_db, "UPDATE audit_event SET actor = 'A002' WHERE seq = 7")
    code, out = verify(chain_db, capsys)
    assert code == 1 and "#7" in out


def test_deleted_event_is_found(chain_db, capsys):
    raw(chain_db, "DELETE FROM audit_event WHERE seq = 3")
    code, out = verify(chain_db, capsys)
    assert code == 1 and "#3" in out


def test_event_inserted_with_a_forged_seq_breaks_the_chain(chain_db, capsys):
    con = sqlite3.connect(chain_db)
    (last,) = con.execute("SELECT MAX(seq) FROM audit_event").fetchone()
    con.close()
    raw(chain_db, f"INSERT INTO audit_event (seq, at, actor, action, subject, payload, prev_hash, hash) "
                  f"VALUES ({last + 1}, '2026-11-28 04:00:00', 'A001', 'export', '', '{{}}', 'x', 'y')")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"#{last + 1}" in out


def test_notes_saved_through_the_program_keep_the_chain_intact(chain_db):
    db = use_database(open_database(f"sqlite:///{chain_db}"))
    with db.atomic():
        account = Account.select().first()
        note = CallNote.create(account=account, agent=Agent.get(Agent.code == "A001"), outcome="right_party",
                               text="说好月底还款 🙂")
        note_event("A001", note)
    assert verify_chain().intact
    db.close()
