"""What decides contact or money is on record with before and after; `audit verify` names every row changed
behind the program's back: table, row, account, who recorded it last and when, the field, was and now.

Each tamper is raw SQL on the database, on SQLite and on PostgreSQL, as someone with the file or the owner's
password would do it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from agent_tui import i18n
from agent_tui.cli import main
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit_state import record_states
from agent_tui.store.demo import write_demo
from agent_tui.store.models import Account, AuditEvent, ContactPoint, Debtor

NOW = datetime(2026, 11, 28, 3, tzinfo=UTC)


@pytest.fixture
def floor(db_url):
    db = use_database(open_database(db_url))
    init_db(db)
    write_demo(db, accounts=30, seed=5, language="en", currency="CNY", today=date(2026, 11, 28), now=NOW,
               policy=LedgerPolicy())
    db.close()
    return db_url


def sql(url: str, *statements: str) -> None:
    db = open_database(url)
    with db.connection_context(), db.atomic():
        for statement in statements:
            db.execute_sql(statement)
    db.close()


def one(url: str, query: str):
    db = open_database(url)
    with db.connection_context():
        row = db.execute_sql(query).fetchone()
    db.close()
    return row


def verify(url, capsys, *more: str):
    code = main(["audit", "verify", "--db", url, *more])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_demo_floor_verifies_with_every_state_on_record(floor, capsys):
    code, out = verify(floor, capsys)
    assert code == 0, out
    assert "debtors, numbers, accounts and ledgers match their recorded state" in out


def test_a_dispute_flag_cleared_in_sql_is_named_with_its_account_and_last_recorder(floor, capsys):
    debtor_id, ref = one(floor, "SELECT d.id, a.ref FROM debtor d JOIN account a ON a.debtor_id = d.id "
                                "ORDER BY d.id LIMIT 1")
    sql(floor, f"UPDATE debtor SET dispute = TRUE WHERE id = {debtor_id}")
    code, out = verify(floor, capsys)
    assert code == 1
    assert f"debtor {debtor_id} (account {ref}): dispute was no, now yes; last recorded by system on " \
           f"2026-11-28 03:00 UTC" in out


def test_a_number_changed_a_do_not_call_cleared_and_a_number_deleted_are_each_named(floor, capsys):
    first, second, third = [row for row in (one(floor, f"SELECT id FROM contact_point ORDER BY id LIMIT 1 OFFSET {n}")
                                             for n in (0, 1, 2))]
    sql(floor, f"UPDATE contact_point SET value = '+86 139 0000 0000' WHERE id = {first[0]}",
        f"UPDATE contact_point SET do_not_call = TRUE WHERE id = {second[0]}",
        f"DELETE FROM contact_point WHERE id = {third[0]}")
    code, out = verify(floor, capsys)
    assert code == 1
    assert f"contact point {first[0]} " in out and "number or address was" in out
    assert f"contact point {second[0]} " in out and "do not call was no, now yes" in out
    assert f"contact point {third[0]} " in out and "missing from the database: deleted" in out


def test_a_balance_payments_times_ten_and_a_stage_moved_in_sql_are_named(floor, capsys):
    account_id, ref, balance = one(floor, "SELECT id, ref, balance FROM account ORDER BY id LIMIT 1 OFFSET 3")
    paid = one(floor, "SELECT account_id FROM payment ORDER BY id LIMIT 1")[0]
    sql(floor, f"UPDATE account SET balance = balance + 100 WHERE id = {account_id}",
        f"UPDATE payment SET amount = amount * 10 WHERE account_id = {paid}",
        f"UPDATE account SET stage = 'closed' WHERE id = {paid}")
    code, out = verify(floor, capsys)
    assert code == 1
    assert f"account {account_id} (account {ref}): balance was {balance}, now {balance + 100}" in out
    assert f"ledger of account {paid} " in out and "payments (content differs)" in out
    assert f"account {paid} " in out and ", now closed" in out


def test_a_call_attempt_inserted_in_sql_is_named(floor, capsys):
    """A noted attempt is vouched for by its note's digest; a dialled one by its event; this one by nothing."""
    db = open_database(floor)
    with db.connection_context():
        columns = [c.name for c in db.get_columns("call_attempt")]
    db.close()
    attempt = one(floor, "SELECT id FROM call_attempt ORDER BY id DESC LIMIT 1")[0]
    sql(floor, "INSERT INTO call_attempt (" + ", ".join(c for c in columns if c != "id") + ") SELECT "
        + ", ".join(c for c in columns if c != "id") + f" FROM call_attempt WHERE id = {attempt}")
    code, out = verify(floor, capsys)
    assert code == 1 and "call attempt" in out and "no state of it on record" in out


def test_findings_as_json_name_table_row_account_field_and_values(floor, capsys):
    debtor_id = one(floor, "SELECT id FROM debtor ORDER BY id LIMIT 1")[0]
    sql(floor, f"UPDATE debtor SET cease_contact = TRUE, time_zone = 'UTC' WHERE id = {debtor_id}")
    code, out = verify(floor, capsys, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["intact"] is False and report["chain"] is None
    (finding,) = report["findings"]
    assert (finding["table"], finding["row"], finding["problem"]) == ("debtor", debtor_id, "changed")
    assert finding["account"].startswith("HX-") or finding["account"]
    assert {f["field"]: (f["recorded"], f["now"]) for f in finding["fields"]}["cease_contact"] == (False, True)
    assert finding["last_recorded"]["by"] == "system"


def test_findings_speak_the_configured_language(floor, capsys, tmp_path):
    debtor_id = one(floor, "SELECT id FROM debtor ORDER BY id LIMIT 1")[0]
    sql(floor, f"UPDATE debtor SET vulnerable = TRUE WHERE id = {debtor_id}")
    config = tmp_path / "config.yaml"
    config.write_text("language: zh-CN\n", encoding="utf-8")
    code, out = verify(floor, capsys, "--config", str(config))
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert code == 1 and f"债务人 {debtor_id}" in out and "特殊关怀原为 否，现为 是" in out


def test_a_change_the_program_records_is_before_and_after_and_still_verifies(floor, capsys):
    db = use_database(open_database(floor))
    with db.connection_context():
        debtor = Debtor.select().order_by(Debtor.id).first()
        with db.atomic():
            Debtor.update(attorney=True).where(Debtor.id == debtor.id).execute()
            assert record_states("A001", "debtor", [debtor.id], "note") == 1
            assert record_states("A001", "debtor", [debtor.id], "note") == 0  # nothing moved since
        event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    db.close()
    assert (event.payload["before"]["attorney"], event.payload["after"]["attorney"]) == (False, True)
    code, out = verify(floor, capsys)
    assert code == 0, out


def test_an_import_is_on_record_with_its_files_and_each_changed_account(tmp_path, capsys):
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'floor.db'}"
    placement = Path(__file__).parents[1] / "data" / "placement"
    assert main(["db", "init", "--db", url]) == 0
    assert main(["import", str(placement), "--db", url]) == 0
    accounts = placement / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8").splitlines()
    changed = tmp_path / "accounts.csv"
    # The creditor now says the first debtor disputes the debt.
    head, first = lines[0], lines[1].split(",")
    first[head.split(",").index("dispute")] = "是"
    changed.write_text("\n".join([head, ",".join(first)]) + "\n", encoding="utf-8")
    assert main(["import", str(changed), "--update", "--db", url]) == 0
    capsys.readouterr()
    db = use_database(open_database(url))
    with db.connection_context():
        imports = list(AuditEvent.select().where(AuditEvent.action == "import_written").order_by(AuditEvent.seq))
        ref = first[0]
        account = Account.get(Account.ref == ref)
        debtor_events = list(AuditEvent.select().where(AuditEvent.subject == f"debtor:{account.debtor_id}")
                             .order_by(AuditEvent.seq))
        contacts = ContactPoint.select().count()
        recorded_contacts = AuditEvent.select().where(AuditEvent.subject.startswith("contact:")).count()
    db.close()
    assert len(imports) == 2
    files = {f["file"]: f for f in imports[0].payload["files"]}
    assert files["accounts.csv"]["sha256"] == __import__("hashlib").sha256(accounts.read_bytes()).hexdigest()
    assert files["payments.csv"]["rows"] == 23 and imports[0].payload["accounts"] == 6
    assert [e.payload["after"]["dispute"] for e in debtor_events] == [False, True]
    assert debtor_events[1].payload["before"]["dispute"] is False and debtor_events[1].actor.startswith("os:")
    assert recorded_contacts == contacts
    code, out = verify(url, capsys)
    assert code == 0, out
