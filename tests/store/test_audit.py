"""The audit chain: intact when untouched, and broken at the right row when touched behind our back."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from agent_tui.cli import main
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.service.promise_keeping import check_promises
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit import append_event, note_event, plan_event, verify_chain
from agent_tui.store.demo import write_demo
from agent_tui.store.models import Account, Agent, AuditEvent, CallNote, Plan, PlanLine, Promise
from agent_tui.store.schema import STEPS

from . import rows


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


def _first(path, sql):
    con = sqlite3.connect(path)
    (value,) = con.execute(sql).fetchone()
    con.close()
    return value


def test_a_promise_whose_sum_was_changed_is_found(chain_db, capsys):
    target = _first(chain_db, "SELECT id FROM promise ORDER BY id LIMIT 1 OFFSET 2")
    raw(chain_db, f"UPDATE promise SET amount = amount - 10000 WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"promise {target} " in out and "changed" in out


def test_a_promise_status_moved_in_sql_is_found_and_one_the_program_moved_matches(chain_db, capsys):
    """Its status moves on as payments come in, each move an event; a move without one is named."""
    target = _first(chain_db, "SELECT id FROM promise WHERE status = 'open' ORDER BY id LIMIT 1")
    raw(chain_db, f"UPDATE promise SET status = 'kept', resolved_at = '2026-11-28 05:00:00' WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"promise {target} " in out and "status was open, now kept" in out
    raw(chain_db, f"UPDATE promise SET status = 'open', resolved_at = NULL WHERE id = {target}")
    db = use_database(open_database(f"sqlite:///{chain_db}"))
    with db.atomic():
        (due,) = Promise.select(Promise.due).where(Promise.id == target).tuples().get()
        check_promises("os:admin", datetime.combine(due + timedelta(days=2), datetime.min.time(), tzinfo=UTC))
    db.close()
    code, out = verify(chain_db, capsys)
    assert code == 0 and "promises" in out, out


def test_deleted_and_inserted_promises_are_found(chain_db, capsys):
    target = _first(chain_db, "SELECT MAX(id) FROM promise")
    raw(chain_db, f"DELETE FROM promise WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"promise {target} " in out and "deleted" in out
    raw(chain_db, f"INSERT INTO promise (id, account_id, note_id, amount, due, status, created_at) "
                  f"VALUES ({target}, 1, NULL, 100, '2026-12-01', 'open', '2026-11-28 03:00:00')")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"promise {target} " in out and "changed" in out
    raw(chain_db, "INSERT INTO promise (id, account_id, note_id, amount, due, status, created_at) "
                  "VALUES (999999, 1, NULL, 100, '2026-12-01', 'open', '2026-11-28 03:00:00')")
    raw(chain_db, f"DELETE FROM promise WHERE id = {target}")
    code, out = verify(chain_db, capsys)
    assert code == 1 and "promise 999999 " in out and "inserted" in out


def _plan(path):
    db = use_database(open_database(f"sqlite:///{path}"))
    with db.atomic():
        note = CallNote.select().order_by(CallNote.id).first()
        plan = Plan.create(account=note.account_id, note=note.id, kind="instalments",
                           created_at=datetime(2026, 11, 28, 3, tzinfo=UTC))
        for seq, day in enumerate((date(2026, 12, 15), date(2027, 1, 15), date(2027, 2, 15)), 1):
            PlanLine.create(plan=plan, seq=seq, due=day, amount=120_000)
        plan_event("A001", plan)
    db.close()
    return plan.id


def test_a_plan_line_changed_later_is_found(chain_db, capsys):
    plan_id = _plan(chain_db)
    code, out = verify(chain_db, capsys)
    assert code == 0 and "1 payment plans" in out
    raw(chain_db, f"UPDATE plan_line SET amount = 60000 WHERE plan_id = {plan_id} AND seq = 2")
    code, out = verify(chain_db, capsys)
    assert code == 1 and f"payment plan {plan_id} " in out and "changed" in out


def test_the_chinese_report_names_the_row_in_chinese(chain_db, capsys):
    target = _first(chain_db, "SELECT MIN(id) FROM promise")
    raw(chain_db, f"UPDATE promise SET due = '2030-01-01' WHERE id = {target}")
    config = chain_db.with_name("zh.yaml")
    config.write_text("language: zh-CN\n")
    code = main(["--config", str(config), "audit", "verify", "--db", f"sqlite:///{chain_db}"])
    err = capsys.readouterr().err
    assert code == 1 and f"还款承诺 {target} " in err and "被修改" in err


def test_upgrade_puts_promises_and_plans_made_earlier_on_record(tmp_path, capsys):
    """A database from before promises had events of their own verifies once upgraded."""
    path = tmp_path / "old.db"
    db = use_database(open_database(f"sqlite:///{path}"))
    init_db(db, STEPS[:1])  # version 2
    with db.atomic():  # as version 2 wrote them: the promise and plan only inside the call's event
        account = rows.account(rows.debtor())
        promise = Promise.create(account=account, amount=500_000, due=date(2026, 12, 8))
        plan = Plan.create(account=account, kind="extension")
        PlanLine.create(plan=plan, seq=1, due=date(2027, 1, 31), amount=500_000)
    db.close()
    code, out = verify(path, capsys)
    assert code == 2 and "db upgrade" in out
    assert main(["db", "upgrade", "--db", f"sqlite:///{path}"]) == 0
    capsys.readouterr()
    code, out = verify(path, capsys)
    assert code == 0 and "1 promises and 1 payment plans" in out, out
    db = use_database(open_database(f"sqlite:///{path}"))
    recorded = [(e.actor, e.action, e.subject) for e in AuditEvent.select().order_by(AuditEvent.seq)]
    db.close()
    assert recorded == [("db-upgrade", "promise_made", f"promise:{promise.id}"),
                        ("db-upgrade", "plan_made", f"plan:{plan.id}"),
                        ("db-upgrade", "state_recorded", f"debtor:{account.debtor_id}"),
                        ("db-upgrade", "state_recorded", f"account:{account.id}"),
                        ("db-upgrade", "state_recorded", f"ledger:{account.id}")]
    assert main(["db", "upgrade", "--db", f"sqlite:///{path}"]) == 0  # the second run changes nothing
    code, out = verify(path, capsys)
    assert code == 0 and "5 events" in out
