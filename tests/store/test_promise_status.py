"""Open promises moved to kept or broken by the payments and the debtor's date, each move on record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from agent_tui import cli
from agent_tui.domain.records import PromiseStatus
from agent_tui.service.promise_keeping import check_promises
from agent_tui.store.audit import promise_event, verify_chain
from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS, Account, AuditEvent, Payment, Promise
from agent_tui.store.schema import SchemaVersion, init_db

from . import rows

MADE = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 09:00 on the 6th in Shanghai


def _floor():
    """One paid promise, one unpaid past its day, one not yet due, one superseded: on a Shanghai debtor."""
    owner = rows.debtor(time_zone="Asia/Shanghai")
    paid, unpaid = rows.account(owner), rows.account(owner)
    kept = Promise.create(account=paid, amount=50_000, due=date(2026, 12, 5), created_at=MADE)
    Payment.create(account=paid, paid_at=datetime(2026, 12, 3, 3, 0, tzinfo=UTC), amount=30_000)
    Payment.create(account=paid, paid_at=datetime(2026, 12, 5, 15, 30, tzinfo=UTC), amount=20_000)  # 23:30 there
    broken = Promise.create(account=unpaid, amount=40_000, due=date(2026, 12, 5), created_at=MADE)
    Payment.create(account=unpaid, paid_at=datetime(2026, 12, 4, tzinfo=UTC), amount=15_000)
    later = Promise.create(account=unpaid, amount=10_000, due=date(2026, 12, 9), created_at=MADE)
    gone = Promise.create(account=unpaid, amount=99_000, due=date(2026, 12, 2), created_at=MADE,
                          status=PromiseStatus.SUPERSEDED)
    for promise in (kept, broken, later, gone):
        promise_event("A0001", promise, MADE)
    return kept, broken, later, gone


def _status(promise: Promise) -> str:
    return Promise.get_by_id(promise.id).status


def test_payments_keep_a_promise_and_a_passed_day_breaks_one_each_with_its_event(db):
    kept, broken, later, gone = _floor()
    with db.atomic():
        checked = check_promises("os:admin", NOW)
    assert (checked.looked_at, checked.kept, checked.broken) == (3, 1, 1)
    assert [_status(p) for p in (kept, broken, later, gone)] == ["kept", "broken", "open", "superseded"]
    assert Promise.get_by_id(kept.id).resolved_at == datetime(2026, 12, 5, 15, 30, tzinfo=UTC)
    assert Promise.get_by_id(broken.id).resolved_at == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    events = {e.subject: e for e in AuditEvent.select().where(AuditEvent.action.startswith("promise_"))}
    assert events[f"promise:{kept.id}"].action == "promise_kept"
    payload = events[f"promise:{broken.id}"].payload
    assert (payload["before"], payload["after"], payload["paid"]) == ("open", "broken", 15_000)
    assert payload["account"] == broken.account.ref
    assert verify_chain().intact


def test_a_second_run_moves_nothing_and_writes_no_event(db):
    _floor()
    with db.atomic():
        check_promises("os:admin", NOW)
    before = AuditEvent.select().count()
    with db.atomic():
        again = check_promises("os:admin", NOW)
    assert (again.kept, again.broken) == (0, 0) and AuditEvent.select().count() == before


def test_promises_check_on_the_command_line_says_what_it_moved(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    database = open_database(url)
    init_db(database)
    with database.bind_ctx((*MODELS, SchemaVersion)):
        kept, broken, *_ = _floor()
    database.close()
    assert cli.main(["promises", "check", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "3 open checked" in out and "1 now kept" in out and "1 now broken" in out
    database = open_database(url)
    with database.bind_ctx((*MODELS, SchemaVersion)):
        # Today is past both days: the paid one is kept, the unpaid one (and the one due on the 9th) broken.
        assert [_status(p) for p in (kept, broken)] == ["kept", "broken"]
    database.close()


def test_an_import_that_brings_the_payment_keeps_the_promise(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    placement = Path(__file__).parents[1] / "data" / "placement"
    assert cli.main(["db", "init", "--db", url]) == 0
    assert cli.main(["import", str(placement), "--db", url]) == 0
    database = open_database(url)
    with database.bind_ctx((*MODELS, SchemaVersion)):
        account = Account.get(Account.ref == "HX-2023-0001")
        promise = Promise.create(account=account, amount=100_000, due=date(2026, 12, 20),
                                 created_at=datetime(2026, 12, 7, 0, 0, tzinfo=UTC))
        promise_event("A0001", promise, promise.created_at)
    database.close()
    capsys.readouterr()
    paid = tmp_path / "payments.csv"
    lines = (placement / "payments.csv").read_text(encoding="utf-8").splitlines()
    kept_lines = [line for line in lines if line.startswith(("account_ref", "HX-2023-0001,"))]
    paid.write_text("\n".join([*kept_lines, "HX-2023-0001,2026-12-07 10:00:00+08:00,1000.00,TX20261207"]) + "\n",
                    encoding="utf-8")
    assert cli.main(["import", str(paid), "--update", "--db", url]) == 0
    assert "1 now kept" in capsys.readouterr().out
    database = open_database(url)
    with database.bind_ctx((*MODELS, SchemaVersion)):
        assert _status(promise) == "kept"
        assert verify_chain().intact
    database.close()
