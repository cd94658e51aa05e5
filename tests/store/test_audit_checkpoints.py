"""Signed checkpoints anchor the audit chain's end: truncation and recomputation are reported.

Each test tampers as someone who can write the database would: with a plain
connection (the sqlite3 module, psycopg2), after dropping or disabling the
append-only triggers, on SQLite and on PostgreSQL. Verify runs through the
command line, as the administrator would run it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest

from agent_tui.cli import main
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit import append_event, event_hash
from agent_tui.store.audit_checkpoints import write_checkpoint
from agent_tui.store.audit_keys import generate_key, load_private_key
from agent_tui.store.models import AuditEvent

T0 = datetime(2026, 11, 28, 3, tzinfo=UTC)


def _append(url, first, last):
    db = use_database(open_database(url))
    with db.atomic():
        for n in range(first, last + 1):
            append_event(f"A{n % 3:03d}", "export" if n % 5 else "reveal_national_id", f"debtor:{n}",
                         {"rows": n}, at=T0 + timedelta(minutes=n))
    db.close()


def _checkpoint(url, key, folder, minutes=0):
    db = use_database(open_database(url, read_only=True))
    try:
        return write_checkpoint(load_private_key(key), folder, now=T0 + timedelta(days=1, minutes=minutes))[0]
    finally:
        db.close()


@pytest.fixture
def anchored(db_url, tmp_path):
    """A chain of 40 events with checkpoints at #20 and #30; the key and the checkpoint folder."""
    db = open_database(db_url)
    init_db(db)
    db.close()
    key, folder = tmp_path / "keys" / "audit.key", tmp_path / "checkpoints"
    generate_key(key)
    _append(db_url, 1, 20)
    _checkpoint(db_url, key, folder, 1)
    _append(db_url, 21, 30)
    _checkpoint(db_url, key, folder, 2)
    _append(db_url, 31, 40)
    return db_url, key, folder


def verify(url, capsys, folder=None, public=None, *extra):
    args = ["audit", "verify", "--db", url, *extra]
    if folder is not None:
        args += ["--checkpoints", str(folder), "--public-key", str(public)]
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def tamper(url, *statements, disable=False):
    """Change the database with plain SQL as an intruder would: the append-only triggers out of the way first."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_%'"):
            con.execute(f'DROP TRIGGER "{name}"')
    else:
        con = psycopg2.connect(url)
        con.autocommit = True
        for table in ("audit_event", "call_note"):
            if disable:  # what a table owner can do without dropping anything
                con.cursor().execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            else:
                for name in ("no_change", "no_truncate"):
                    con.cursor().execute(f'DROP TRIGGER IF EXISTS "{table}_{name}" ON "{table}"')
    for statement in statements:
        con.cursor().execute(statement)
    con.close()


def recompute_from(url, seq, payload):
    """Rewrite event ``seq``'s payload and recompute every hash after it, as one with the code but not the key."""
    tamper(url)
    db = use_database(open_database(url))
    mark = db.param
    with db.atomic():
        prev = AuditEvent.get(AuditEvent.seq == seq - 1).hash if seq > 1 else ""
        for event in list(AuditEvent.select().where(AuditEvent.seq >= seq).order_by(AuditEvent.seq)):
            body = payload if event.seq == seq else event.payload
            digest = event_hash(event.seq, event.at, event.actor, event.action, event.subject, body, prev)
            db.execute_sql(f"UPDATE audit_event SET payload = {mark}, prev_hash = {mark}, hash = {mark} "
                           f"WHERE seq = {mark}", (AuditEvent.payload.db_value(body), prev, digest, event.seq))
            prev = digest
    db.close()


def test_an_untouched_chain_agrees_with_its_checkpoints(anchored, capsys):
    url, key, folder = anchored
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 0, out
    assert "every signed checkpoint (2) still finds the hash it signed" in out and "signed event #30" in out
    assert "the 10 events after #30 are not covered" in out


def test_without_checkpoints_verify_says_what_it_cannot_prove(anchored, capsys):
    url, _, _ = anchored
    code, out = verify(url, capsys)
    assert code == 0 and "intact" in out
    assert "not proven without signed checkpoints" in out and "deleted from the end" in out


def test_the_newest_events_deleted_are_reported(anchored, capsys):
    url, key, folder = anchored
    tamper(url, "DELETE FROM audit_event WHERE seq > 22")
    code, out = verify(url, capsys)
    assert code == 0 and "intact: 22 events" in out  # the finding: a plain hash chain cannot see it
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1
    assert "cut short: 8 events deleted from its end" in out and "now ends at #22" in out


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_deleting_with_the_triggers_disabled_is_reported(anchored, capsys):
    """The table's owner can disable its triggers without dropping them (issue 18 keeps that to the admin role)."""
    url, key, folder = anchored
    tamper(url, "DELETE FROM audit_event WHERE seq > 22", disable=True)
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "cut short: 8 events deleted from its end" in out


def test_a_truncated_trail_is_reported(anchored, capsys):
    url, key, folder = anchored
    tamper(url, "DELETE FROM audit_event" if url.startswith("sqlite") else "TRUNCATE audit_event")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "cut short: 30 events deleted" in out and "now ends at #0" in out


def test_a_chain_recomputed_without_the_key_is_reported(anchored, capsys):
    url, key, folder = anchored
    recompute_from(url, 25, {"rows": 0})
    code, out = verify(url, capsys)
    assert code == 0 and "intact: 40 events" in out  # the finding: every link holds again
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "recomputed" in out
    assert "event #30 no longer has the hash" in out and "after #20 and up to #30" in out


def test_an_event_changed_before_a_checkpoint_is_reported(anchored, capsys):
    url, key, folder = anchored
    tamper(url, "UPDATE audit_event SET actor = 'A999' WHERE seq = 12")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "broken at event #12" in out  # the walk finds the row; its stored hash is as signed
    tamper(url, f"UPDATE audit_event SET actor = 'A999', hash = '{'0' * 64}' WHERE seq = 20")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "rewritten: event #20" in out and "after #0 and up to #20" in out


def test_an_event_deleted_or_inserted_mid_chain_is_reported(anchored, capsys):
    url, key, folder = anchored
    tamper(url, "DELETE FROM audit_event WHERE seq = 30")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "event #30 is missing" in out and "signed by checkpoint" in out
    tamper(url, "INSERT INTO audit_event (seq, at, actor, action, subject, payload, prev_hash, hash) "
                "VALUES (30, '2026-11-28 03:30:00', 'A000', 'export', 'debtor:30', '{}', 'x', 'y')")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "#30" in out and "rewritten: event #30" in out


def test_a_forged_checkpoint_is_reported(anchored, capsys, tmp_path):
    url, key, folder = anchored
    other = tmp_path / "other.key"
    generate_key(other)
    recompute_from(url, 25, {"rows": 0})
    _checkpoint(url, other, folder, 3)  # the intruder signs the rewritten chain with a key of their own
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "signature does not verify" in out and "recomputed" in out
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    code, out = verify(url, capsys, folder, f"{key}.pub")
    assert code == 1 and "junk.json: not a readable audit checkpoint" in out


def test_checkpoint_signs_only_a_chain_that_extends_the_last_one(anchored, capsys):
    url, key, folder = anchored
    before = sorted(folder.iterdir())
    assert main(["audit", "checkpoint", "--db", url, "--key", str(key), "--checkpoints", str(folder)]) == 0
    assert "event #40" in capsys.readouterr().out and len(list(folder.iterdir())) == len(before) + 1
    assert main(["audit", "checkpoint", "--db", url, "--key", str(key), "--checkpoints", str(folder)]) == 0
    assert "nothing written" in capsys.readouterr().out
    recompute_from(url, 35, {"rows": 0})
    assert main(["audit", "checkpoint", "--db", url, "--key", str(key), "--checkpoints", str(folder)]) == 1
    assert "nothing signed" in capsys.readouterr().err
    assert len(list(folder.iterdir())) == len(before) + 1


def test_no_events_yet_and_no_checkpoint_yet(db_url, tmp_path, capsys):
    db = open_database(db_url)
    init_db(db)
    db.close()
    key, folder = tmp_path / "audit.key", tmp_path / "checkpoints"
    generate_key(key)
    code, out = verify(db_url, capsys, folder, f"{key}.pub")
    assert code == 1 and "no signed checkpoint in" in out
    checkpoint = _checkpoint(db_url, key, folder)
    assert checkpoint.seq == 0 and json.loads(checkpoint.file.read_text())["hash"] == ""
    code, out = verify(db_url, capsys, folder, f"{key}.pub")
    assert code == 0, out
