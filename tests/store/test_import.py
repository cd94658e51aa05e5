"""`agent-tui import`: the creditor's files in, every bad row named, nothing half-loaded.

Every test runs on a SQLite file and on PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_tui.config import Config
from agent_tui.domain.compliance import ComplianceSettings
from agent_tui.domain.queue import QueueGroup
from agent_tui.domain.records import Outcome, Stage
from agent_tui.service.case_report import load_case_file
from agent_tui.store import placement_import, placement_load, placement_writer
from agent_tui.store.import_progress import ImportProgress
from agent_tui.store.models import (
    Account,
    Agent,
    CallAttempt,
    CallNote,
    Charge,
    ContactPoint,
    Debtor,
    Payment,
    Promise,
    ScheduleLine,
)
from agent_tui.store.placement_import import run_import

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "placement"
NOW = datetime(2023, 11, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
TABLES = (Debtor, ContactPoint, Account, ScheduleLine, Payment, Charge)


@pytest.fixture
def placement(tmp_path) -> Path:
    """A copy of the example set the test may change."""
    folder = tmp_path / "placement"
    shutil.copytree(EXAMPLE, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(folder: Path, name: str, line: str) -> int:
    """Add a row; returns its line number."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the placement tables, ids included: the same database before and after."""
    return {model.__name__: sorted(model.select().tuples()) for model in TABLES}


def content() -> dict[str, list[str]]:
    """Every row of the placement tables without ids, parents named by national ID and ref."""
    national_ids = dict(Debtor.select(Debtor.id, Debtor.national_id).tuples())
    refs = dict(Account.select(Account.id, Account.ref).tuples())
    out = {}
    for model in TABLES:
        rows = []
        for row in model.select().dicts():
            row.pop("id")
            if "debtor" in row:
                row["debtor"] = national_ids[row["debtor"]]
            if "account" in row:
                row["account"] = refs[row["account"]]
            rows.append(repr(sorted(row.items())))
        out[model.__name__] = sorted(rows)
    return out


def empty_tables() -> None:
    for model in reversed(TABLES):
        model.delete().execute()


@pytest.fixture
def load(db):
    """``load(path, **options)``: run the import on the test database."""

    def run(path, **options):
        options.setdefault("now", NOW)
        return run_import(db, str(path), **options)

    return run


# The example set.


def test_the_example_set_imports_whole(db, load):
    report = load(EXAMPLE)
    assert report.ok and report.written, report.lines("en")
    assert [(f.kind.value, f.rows, f.added) for f in report.files] == [
        ("accounts", 6, 6), ("contacts", 9, 8), ("schedule", 76, 76), ("payments", 23, 23), ("charges", 9, 9)
    ]  # fmt: skip
    assert Account.select().count() == 6 and Debtor.select().count() == 5
    # Two accounts of one national ID share their debtor; the shared number is kept once.
    zhang = Debtor.get(Debtor.national_id == "110101198503127710")
    assert sorted(a.ref for a in zhang.accounts) == ["HX-2023-0001", "HX-2023-0003"]
    assert [c.value for c in zhang.contact_points.order_by(ContactPoint.id)] == ["13812345678", "010-65123456"]
    second = Account.get(Account.ref == "HX-2023-0002")
    assert (second.principal, second.annual_rate, second.start_date) == (2400000, Decimal("0.12"), date(2023, 3, 1))
    assert (second.penalty_kind.value, second.penalty_value, second.day_count) == ("rate", Decimal("0.18"), 360)
    usd = Account.get(Account.ref == "PL-77-1042")
    assert usd.currency == "USD" and usd.debtor.time_zone == "America/Los_Angeles" and usd.debtor.dispute
    # Empty cells take the defaults: the configured time zone, zh-CN, the contract's usual penalty.
    third = Account.get(Account.ref == "HX-2023-0003")
    assert (third.currency, third.penalty_kind.value, third.penalty_value, third.late_fee) == ("CNY", "multiple", Decimal("1.5"), 0)
    # A payment at 09:31 in Beijing is stored as 01:31 UTC.
    first_payment = Payment.select().where(Payment.reference == "TX202302150001").get()
    assert first_payment.paid_at == datetime(2023, 2, 15, 1, 31, tzinfo=UTC) and first_payment.amount == 336000
    assert [s.seq for s in ScheduleLine.select().where(ScheduleLine.account == second).order_by(ScheduleLine.due)] == list(range(1, 13))


def test_the_imported_debtors_are_in_the_notes_search_index(db, load):
    from agent_tui.store import name_search

    load(EXAMPLE)
    zhang = Debtor.get(Debtor.national_id == "110101198503127710")
    found = {row[0] for row in name_search.accounts_found(zhang.name[:2]).tuples()}
    assert {a.id for a in zhang.accounts} <= found
    if name_search.is_sqlite(db):  # indexed by the import itself, none left pending
        assert db.execute_sql(f"SELECT count(*) FROM {name_search.PENDING_TABLE}").fetchone()[0] == 0
        table, words = name_search.match_query(zhang.name[:2])
        hits = {row[0] for row in db.execute_sql(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [words])}
        assert zhang.id in hits


def test_stated_figures_are_kept_and_missing_ones_derived(db, load):
    load(EXAMPLE)
    stated = Account.get(Account.ref == "HX-2023-0002")
    assert (stated.balance, stated.overdue_since) == (1850000, date(2023, 9, 1))
    # Charges as of 2023-10-31: 12,000 + 660 + 365.42 + 200; paid through June, so July's instalment is the first unpaid.
    derived = Account.get(Account.ref == "HX-2023-0001")
    assert (derived.balance, derived.overdue_since) == (1322542, date(2023, 7, 15))
    # No charges: the principal stands for the balance.
    assert Account.get(Account.ref == "HX-2023-0005").balance == 1800000


def test_the_imported_accounts_are_in_the_queue(db, load):
    load(EXAMPLE)
    config = Config()
    for account in Account.select():
        assert account.stage == Stage.NEW and account.claimed_by is None and account.assigned_agent is None
        case = load_case_file(account.ref, NOW.date(), NOW, config)
        assert case is not None and case.queue.natural_group == QueueGroup.NEW, account.ref
        # Callable now, unless the debtor asked not to be contacted (HX-2023-0005's) or disputes the debt (PL-77-1042's).
        assert case.queue.contactable == (account.ref not in ("HX-2023-0005", "PL-77-1042")), account.ref


# Every kind of bad row: named as FILE:LINE: column: expected …, found …, and nothing written.

BAD_ROWS = [
    ("accounts.csv", "HX-2023-0004,华信消费金融,汽车贷款", "HX-2023-0004,,汽车贷款", 5, "creditor: expected a value (the column is required), found an empty cell"),
    ("accounts.csv", "0.0899,2022-11-01", "0.0899,2022-11-31", 5, "start_date: expected a date such as 2024-03-31 or 2024/3/31, found '2022-11-31'"),
    ("accounts.csv", "60000.00,0.0899", "6万,0.0899", 5, "principal: expected an amount above zero such as 1234.56, found '6万'"),
    ("accounts.csv", "60000.00,0.0899", "-60000.00,0.0899", 5, "principal: expected an amount above zero such as 1234.56, found '-60000.00'"),
    ("accounts.csv", "America/Los_Angeles", "America/Hollywood", 7, "time_zone: expected an IANA time zone such as Asia/Shanghai, found 'America/Hollywood'"),
    ("accounts.csv", "HX-2023-0005,华信", "HX-2023-0002,华信", 6, "account_ref: expected an account reference used on one line only, found 'HX-2023-0002' again (first on line 3)"),
    ("schedule.csv", "HX-2023-0003,2023-06-20", "HX-2023-0099,2023-06-20", 26, "account_ref: expected an account_ref of accounts.csv in this import, found 'HX-2023-0099'"),
    ("payments.csv", "PL-77-1042,2023-05-01", "PL-77-9999,2023-05-01", 21, "account_ref: expected an account_ref of accounts.csv in this import, found 'PL-77-9999'"),
    ("payments.csv", "3360.00,TX202302150001", "3360.005,TX202302150001", 2, "amount: expected an amount above zero such as 1234.56, found '3360.005'"),
    ("charges.csv", "HX-2023-0001,fees,200.00", "HX-2023-0001,costs,200.00", 5, "kind: expected one of principal, interest, penalty, fees, found 'costs'"),
    ("contacts.csv", "HX-2023-0004,mobile,13698765432", "HX-2023-0004,mobile,1.36988E+10", 6, "value: expected the reference as text"),
    ("contacts.csv", "0132,yes,no,America/Los_Angeles", "0132,yes,no,PST", 9, "time_zone: expected an IANA time zone such as Asia/Shanghai, found 'PST'"),
]


@pytest.mark.parametrize(("name", "old", "new", "line", "problem"), BAD_ROWS)
def test_each_kind_of_bad_row_is_named_and_nothing_is_written(db, load, placement, name, old, new, line, problem):
    edit(placement, name, old, new)
    report = load(placement)
    lines = report.lines("en")
    assert not report.ok and not report.written
    assert any(text.startswith(f"{placement / name}:{line}: {problem}") for text in lines), lines
    count = report.problem_count
    assert lines[-1] == ("1 problem; nothing was written." if count == 1 else f"{count} problems; nothing was written.")
    assert snapshot() == {model.__name__: [] for model in TABLES}


def test_a_number_keeps_its_own_zone_and_a_debtor_without_one_is_not_given_the_floors(db, load, placement):
    # Pacific Lending's debtor with no zone, a Phoenix number and a work number in Denver, and no dispute.
    edit(placement, "accounts.csv", "no prior delinquency,America/Los_Angeles,en,no,yes", "no prior delinquency,,en,no,no")
    edit(placement, "contacts.csv", "+1 415 555 0132,yes,no,America/Los_Angeles", "+1 602 555 0132,yes,no,")
    append(placement, "contacts.csv", "PL-77-1042,work,+1 602 555 0177,no,no,America/Denver")
    assert load(placement).ok
    chen = Debtor.get(Debtor.national_id == "P58213394")
    assert chen.time_zone == ""  # not the floor's Asia/Shanghai
    zones = {c.value: c.time_zone for c in chen.contact_points}
    assert zones == {"+1 602 555 0132": None, "+1 602 555 0177": "America/Denver", "chen.wei@example.com": None}
    config = dataclasses.replace(Config(), compliance=ComplianceSettings(profile="us-regf"))
    at = datetime(2023, 11, 1, 22, 0, tzinfo=ZoneInfo("America/Phoenix")).astimezone(UTC)
    case = load_case_file("PL-77-1042", at.date(), at, config)
    by_number = {p.value: d for p, d in case.contacts}
    phoenix = by_number["+1 602 555 0132"]
    assert not phoenix.allowed and phoenix.rule_id == "us-regf.calling-window" and phoenix.zones == ("America/Phoenix",)
    assert by_number["+1 602 555 0177"].zones == ("America/Denver",)  # 23:00 in Denver: refused as well
    assert not case.queue.contactable
    # A second import may say where a known number rings.
    edit(placement, "contacts.csv", "+1 602 555 0132,yes,no,", "+1 602 555 0132,yes,no,America/Los_Angeles")
    assert load(placement, update=True).ok
    assert ContactPoint.get(ContactPoint.value == "+1 602 555 0132").time_zone == "America/Los_Angeles"


def test_one_national_id_must_carry_one_name(db, load, placement):
    edit(placement, "accounts.csv", "HX-2023-0003,华信消费金融,信用卡分期,张伟", "HX-2023-0003,华信消费金融,信用卡分期,张卫")
    lines = load(placement).lines("en")
    assert f"{placement / 'accounts.csv'}:4: debtor_name: expected the same debtor_name on every line of one national_id, found '张卫' (line 2 has '张伟')" in lines


def test_a_row_with_several_problems_names_each(db, load, placement):
    edit(placement, "accounts.csv", "24000,12%,2023/03/01", "24000.001,12,2023/02/30")
    lines = load(placement).lines("en")
    assert [line.split(": ")[1] for line in lines if ":3: " in line] == ["principal", "annual_rate", "start_date"]


def test_header_problems_stop_the_file(db, load, placement):
    edit(placement, "schedule.csv", "account_ref,due,principal,interest", "account_ref,due_date,principal,interest")
    lines = load(placement).lines("en")
    assert f"{placement / 'schedule.csv'}:1: due_date: expected a column of schedule.csv (did you mean due?), found a column this file does not have" in lines
    assert f"{placement / 'schedule.csv'}:1: due: expected this column (it is required), found no such column in the header" in lines
    assert Account.select().count() == 0


def test_files_that_are_not_placement_files_are_named(db, load, placement):
    (placement / "notes.csv").write_text("when,who\n2023-01-01,me\n", encoding="utf-8")
    (placement / "accounts.xlsx").write_bytes(b"PK\x03\x04")
    (placement / "empty_payments.csv").write_text("", encoding="utf-8")
    lines = load(placement).lines("en")
    assert f"{placement / 'notes.csv'}: file: expected a file named accounts, contacts, schedule, payments or charges (.csv), or with the columns of one of them, found columns when, who" in lines
    assert f"{placement / 'accounts.xlsx'}: file: expected a CSV file (in Excel: Save As, CSV UTF-8), found an Excel workbook" in lines
    assert f"{placement / 'empty_payments.csv'}:1: header: expected a header line with the column names, found an empty file" in lines
    missing = load(placement / "nowhere").lines("en")
    assert missing[0] == f"{placement / 'nowhere'}: path: expected a CSV file or a folder of them, found nothing at this path"


# Encodings.


def _reencode(source: Path, target: Path, encoding: str) -> None:
    target.mkdir()
    for path in source.glob("*.csv"):
        (target / path.name).write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def test_gb18030_and_utf8_with_bom_import_the_same_rows(db, load, tmp_path):
    load(EXAMPLE)
    reference = content()
    for encoding in ("gb18030", "utf-8-sig"):
        empty_tables()
        folder = tmp_path / encoding
        _reencode(EXAMPLE, folder, encoding)
        report = load(folder)
        assert report.ok, report.lines("en")
        # Files of ASCII alone are UTF-8 as much as GB18030; the ones with Chinese tell.
        assert {f.file.rsplit("/", 1)[1]: f.encoding for f in report.files if f.encoding != "utf-8"}.keys() >= {"accounts.csv", "contacts.csv"}
        assert {f.encoding for f in report.files} <= {encoding, "utf-8"}
        assert content() == reference


def test_the_encoding_can_be_named_and_a_wrong_one_is_reported(db, load, tmp_path):
    folder = tmp_path / "gb"
    _reencode(EXAMPLE, folder, "gb18030")
    assert load(folder, encoding="gb18030").ok
    empty_tables()
    lines = load(folder / "accounts.csv", encoding="utf-8").lines("en")
    assert lines[0].startswith(f"{folder / 'accounts.csv'}:2: encoding: expected text in utf-8, found the byte 0x")
    assert load(folder, encoding="klingon").lines("en")[0] == f"{folder}: --encoding: expected an encoding Python knows, such as utf-8 or gb18030, found 'klingon'"
    assert Account.select().count() == 0


def test_bytes_in_neither_encoding_are_named_with_their_line(db, load, placement):
    path = placement / "accounts.csv"
    data = path.read_bytes().replace("王芳".encode(), b"\xff\xfe")
    path.write_bytes(data)
    assert load(placement).lines("en")[0] == f"{path}:5: encoding: expected text in UTF-8 or GB18030, found the byte 0xFF"


def test_utf16_and_nul_bytes_are_named(db, load, placement):
    accounts = placement / "accounts.csv"
    text = accounts.read_text(encoding="utf-8")
    accounts.write_bytes(text.encode("utf-16"))
    assert load(placement / "accounts.csv").lines("en")[0] == f"{accounts}:1: encoding: expected text in UTF-8 or GB18030, found a UTF-16 file (Excel's Unicode Text): save it as CSV UTF-8"
    accounts.write_bytes(text.replace("HX-2023-0004", "HX-2023-\x000004").encode("utf-8"))
    assert load(placement / "accounts.csv").lines("en")[0] == f"{accounts}:5: encoding: expected text in UTF-8 or GB18030, found a NUL byte (a UTF-16 file, or a damaged one)"


def test_line_numbers_hold_across_quoted_line_breaks_and_refused_records(db, load, placement):
    edit(placement, "accounts.csv", "已婚，育有一子,2019", '"已婚，\n育有一子",2019')  # row 2 now spans lines 2-3
    edit(placement, "accounts.csv", "60000.00,0.0899", "-1,0.0899")  # HX-2023-0004, now on line 6
    edit(placement, "accounts.csv", "成都天府软件园某公司", "成都天府软件园某公司" * 20)  # HX-2023-0005 on line 7: a cell past the csv limit
    old = csv.field_size_limit(100)
    try:
        lines = load(placement / "accounts.csv").lines("en")
    finally:
        csv.field_size_limit(old)
    accounts = placement / "accounts.csv"
    assert lines[:2] == [
        f"{accounts}:6: principal: expected an amount above zero such as 1234.56, found '-1'",
        f"{accounts}:7: -: expected well-formed CSV (every quote closed, no NUL bytes), found 'field larger than field limit (100)'",
    ]


# All or nothing.


def _many_accounts(path: Path, count: int, bad_last: bool) -> None:
    lines = ["account_ref,creditor,debtor_name,national_id,principal,annual_rate,start_date"]
    for i in range(count):
        lines.append(f"BULK-{i:06d},华信消费金融,债务人{i},ID{i:08d},{1000 + i}.00,0.12,2023-05-01")
    if bad_last:
        lines[-1] = lines[-1].replace("2023-05-01", "2023-05-32")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_bad_row_at_the_end_of_a_large_file_leaves_the_database_as_it_was(db, load, tmp_path, monkeypatch):
    monkeypatch.setattr(placement_import, "BATCH", 500)  # many batches written before the bad row is met
    load(EXAMPLE)
    before = snapshot()
    big = tmp_path / "accounts.csv"
    _many_accounts(big, 3000, bad_last=True)
    report = load(big)
    assert report.lines("en")[0] == f"{big}:3001: start_date: expected a date such as 2024-03-31 or 2024/3/31, found '2023-05-32'"
    assert snapshot() == before
    _many_accounts(big, 3000, bad_last=False)
    assert load(big).ok
    assert Account.select().count() == 3006


def test_dry_run_checks_against_the_database_and_writes_nothing(db, load, placement):
    report = load(placement, dry_run=True)
    assert report.ok and not report.written
    assert report.lines("en")[-1] == "Checked 5 files, 123 rows: no problems. Nothing was written (--dry-run)."
    assert report.lines("en")[0] == f"{placement / 'accounts.csv'}: 6 rows; accounts: would add 6, update 0"
    assert Account.select().count() == 0
    load(EXAMPLE)
    before = snapshot()
    lines = load(placement, dry_run=True).lines("en")
    assert lines[0] == f"{placement / 'accounts.csv'}:2: account_ref: expected an account reference not yet in the database (add --update to update it), found 'HX-2023-0001'"
    assert snapshot() == before


def test_an_unreadable_file_is_named(db, load, placement, monkeypatch):
    real_scan = placement_import.scan

    def scan(file, encoding=None):
        if file.path.name == "charges.csv":
            raise PermissionError(13, "Permission denied", str(file.path))
        return real_scan(file, encoding)

    monkeypatch.setattr(placement_import, "scan", scan)
    lines = load(placement).lines("en")
    assert lines[0] == f"{placement / 'charges.csv'}: file: expected a file this user can read, found 'Permission denied'"
    assert Account.select().count() == 0


def test_problems_are_listed_by_file_and_line(db, load, placement):
    edit(placement, "accounts.csv", "HX-2023-0005,华信", "HX-2023-0001,华信")  # line 6: a duplicate, found after reading
    edit(placement, "accounts.csv", "PL-77-1042,Pacific Lending,personal loan,Chen Wei", "PL-77-1042,,personal loan,Chen Wei")  # line 7
    edit(placement, "schedule.csv", "HX-2023-0001,2023-02-15,3000.00", "HX-2023-0001,2023-02-15,x")
    places = [line.split(": ")[0].rsplit("/", 1)[1].split(":") for line in load(placement).lines("en")[:-1]]
    order = ["accounts.csv", "contacts.csv", "schedule.csv", "payments.csv", "charges.csv"]
    assert places[:2] == [["accounts.csv", "6"], ["accounts.csv", "7"]]
    assert ["schedule.csv", "2"] in places
    assert places == sorted(places, key=lambda place: (order.index(place[0]), int(place[1])))


def test_without_a_database_dry_run_still_checks_the_files(placement):
    edit(placement, "accounts.csv", "36000.00,0.12", "-1,0.12")
    report = run_import(None, str(placement), dry_run=True)
    assert not report.ok and "principal" in report.lines("en")[0]


# --update.


def _work_the_case(ref: str) -> Account:
    account = Account.get(Account.ref == ref)
    agent = Agent.create(code="A001", name="Agent")
    attempt = CallAttempt.create(account=account, debtor=account.debtor, agent=agent, started_at=NOW, outcome=Outcome.PROMISE_TO_PAY, right_party=True)
    note = CallNote.create(account=account, agent=agent, attempt=attempt, outcome=Outcome.PROMISE_TO_PAY, text="同意月底还款")
    Promise.create(account=account, note=note, amount=300000, due=date(2023, 11, 30))
    Account.update(stage=Stage.PROMISED, claimed_by=agent, lease_until=NOW + timedelta(minutes=15)).where(Account.id == account.id).execute()
    Debtor.update(cease_contact=True).where(Debtor.id == account.debtor_id).execute()
    return Account.get_by_id(account.id)


def test_an_account_already_on_file_is_refused_unless_updating(db, load, placement):
    load(EXAMPLE)
    before = snapshot()
    edit(placement, "accounts.csv", "36000.00,0.12", "36500.00,0.12")
    report = load(placement)
    assert sum("add --update to update it" in line for line in report.lines("en")) == 6
    assert snapshot() == before


def test_update_changes_terms_in_place_and_keeps_the_work_on_the_case(db, load, placement):
    load(EXAMPLE)
    worked = _work_the_case("HX-2023-0001")
    edit(placement, "accounts.csv", "36000.00,0.12", "36500.00,0.13")
    edit(placement, "schedule.csv", "HX-2023-0001,2023-02-15,3000.00", "HX-2023-0001,2023-02-16,3000.00")
    report = load(placement, update=True)
    assert report.ok, report.lines("en")
    assert report.count(placement_import.FileKind.ACCOUNTS, "updated") == 6
    account = Account.get(Account.ref == "HX-2023-0001")
    assert account.id == worked.id and (account.principal, account.annual_rate) == (3650000, Decimal("0.13"))
    assert account.stage == Stage.PROMISED and account.claimed_by_id == worked.claimed_by_id
    assert [n.text for n in account.notes] == ["同意月底还款"] and account.promises.count() == 1 and account.attempts.count() == 1
    # The schedule, payments and charges are the file's: replaced, not doubled.
    assert account.schedule.count() == 12 and min(s.due for s in account.schedule) == date(2023, 2, 16)
    assert account.payments.count() == 5 and account.charges.count() == 4
    # A cease-contact the agent recorded is not undone by the creditor's "否"; contact points are not doubled.
    assert account.debtor.cease_contact and ContactPoint.select().count() == 8


def test_update_with_a_payments_file_alone_replaces_those_payments(db, load, tmp_path):
    load(EXAMPLE)
    path = tmp_path / "payments.csv"
    path.write_text("account_ref,paid_at,amount,reference\nPL-77-1042,2023-10-02T17:05:00Z,600.00,TX-LATE\n", encoding="utf-8")
    refused = load(path).lines("en")
    assert refused[0] == f"{path}:2: account_ref: expected an account_ref of accounts.csv in this import (this one is in the database: add --update to replace its lines), found 'PL-77-1042'"
    assert load(path, update=True).ok
    usd = Account.get(Account.ref == "PL-77-1042")
    assert [(p.amount, p.reference) for p in usd.payments] == [(60000, "TX-LATE")]
    assert Account.get(Account.ref == "HX-2023-0001").payments.count() == 5


def test_do_not_call_is_only_ever_turned_on(db, load, placement):
    load(EXAMPLE)
    edit(placement, "contacts.csv", "HX-2023-0001,mobile,13812345678,是,否", "HX-2023-0001,mobile,13812345678,是,是")
    edit(placement, "contacts.csv", "HX-2023-0004,home,0755-26781234,0,1", "HX-2023-0004,home,0755-26781234,0,0")
    assert load(placement, update=True).ok
    assert ContactPoint.get(ContactPoint.value == "13812345678").do_not_call
    assert ContactPoint.get(ContactPoint.value == "0755-26781234").do_not_call


# Efficiency, progress, and the report.


def test_existing_refs_are_looked_up_once_per_batch(db, load, tmp_path, monkeypatch, query_log):
    monkeypatch.setattr(placement_import, "BATCH", 100)
    load(EXAMPLE)
    big = tmp_path / "accounts.csv"
    _many_accounts(big, 1000, bad_last=False)
    query_log.statements.clear()
    assert load(big).ok
    lookups = [s for s in query_log.statements if s.startswith('SELECT "ref", "id"')]
    assert len(lookups) == 10


def test_an_empty_database_is_not_asked_about_refs(db, load, tmp_path, query_log):
    big = tmp_path / "accounts.csv"
    _many_accounts(big, 300, bad_last=False)
    assert load(big).ok
    assert not [s for s in query_log.statements if s.startswith('SELECT "ref", "id"')]


def test_progress_shows_rows_and_rate_on_the_stream_it_is_given(db, load, capsys):
    stream = io.StringIO()
    load(EXAMPLE, progress=stream)
    text = stream.getvalue()
    assert f"{EXAMPLE / 'schedule.csv'} [########################] 100% 76 rows, " in text and "rows/s" in text
    load(EXAMPLE, dry_run=True)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_progress_redraws_at_most_every_interval_with_the_rate():
    ticks = iter([0.0, 0.05, 0.3, 0.31, 1.0])
    stream = io.StringIO()
    bar = ImportProgress(stream, clock=lambda: next(ticks), interval=0.2)
    bar.start("accounts.csv", 1001)
    bar.update(100, 101)  # 0.05 s: too soon
    bar.update(600, 601)  # 0.3 s: drawn
    bar.update(700, 701)  # 0.31 s: too soon
    bar.finish(1000)  # 1.0 s
    draws = stream.getvalue().split("\r")[1:]
    assert [d.rstrip() for d in draws] == [
        "accounts.csv [##############----------] 60% 600 rows, 2,000 rows/s",
        "accounts.csv [########################] 100% 1,000 rows, 1,000 rows/s",
    ]
    assert stream.getvalue().endswith("\n")


def test_the_summary_counts_and_the_problem_cap(db, load, placement):
    report = load(EXAMPLE)
    lines = report.lines("en")
    assert lines[0] == f"{EXAMPLE / 'accounts.csv'}: 6 rows; accounts: 6 new, 0 updated"
    assert lines[1] == (f"{EXAMPLE / 'contacts.csv'}: 9 rows; phone numbers or e-mail addresses: 8 added, "
                        "1 already on file")
    assert lines[2] == f"{EXAMPLE / 'schedule.csv'}: 76 rows, all added"
    assert lines[-1].startswith("Imported 6 accounts (6 new, 0 updated) in ")
    assert report.lines("zh-CN")[-1].startswith("已导入 6 个案件（新增 6，更新 0）")
    empty_tables()
    text = (placement / "schedule.csv").read_text(encoding="utf-8").replace("HX-2023-0004,", "HX-NOPE,")
    (placement / "schedule.csv").write_text(text, encoding="utf-8")
    capped = load(placement, max_shown=5)
    assert capped.problem_count == 24 and len(capped.problems) == 5
    assert capped.lines("en")[5:] == ["… and 19 more problems not shown.", "24 problems; nothing was written."]


def test_batch_and_lookup_sizes_do_not_change_the_outcome(db, load, monkeypatch):
    monkeypatch.setattr(placement_import, "BATCH", 7)
    monkeypatch.setattr(placement_load, "BATCH", 3)
    monkeypatch.setattr(placement_writer, "MAX_PARAMETERS", 2)
    assert load(EXAMPLE).ok
    small = content()
    empty_tables()
    monkeypatch.setattr(placement_import, "BATCH", 5000)
    assert load(EXAMPLE).ok
    assert content() == small


# Saying exactly what it did.


def test_one_missing_column_is_one_message(db, load, placement):
    """The accounts file cannot be read without its principal: the other files' refs are not each named."""
    text = (placement / "accounts.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    at = header.index("principal")
    rows = [",".join(cells[:at] + cells[at + 1:]) for cells in (line.split(",") for line in text)]
    (placement / "accounts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = load(placement)
    assert report.lines("en") == [
        f"{placement / 'accounts.csv'}:1: principal: expected this column (it is required), found no such column "
        "in the header",
        "1 problem; nothing was written.",
    ]


def test_a_row_with_a_bad_date_has_its_debtors_name_checked_in_the_same_pass(db, load, placement):
    lines = (placement / "accounts.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first, second = lines[1].split(","), lines[2].split(",")
    second[header.index("national_id")] = first[header.index("national_id")]
    second[header.index("start_date")] = "2023-13-45"
    (placement / "accounts.csv").write_text("\n".join([lines[0], ",".join(first), ",".join(second)]) + "\n",
                                            encoding="utf-8")
    found = [line for line in load(placement / "accounts.csv").lines("en") if ":3: " in line]
    assert sorted(line.split(": ")[1] for line in found) == ["debtor_name", "start_date"], found
    assert any("found '李娜' (line 2 has '张伟')" in line for line in found)


def test_update_says_how_many_lines_took_the_place_of_earlier_ones_and_a_dry_run_says_it_first(db, load):
    load(EXAMPLE)
    preview = load(EXAMPLE, update=True, dry_run=True).lines("en")
    assert preview[0] == f"{EXAMPLE / 'accounts.csv'}: 6 rows; accounts: would add 0, update 6"
    assert preview[1] == (f"{EXAMPLE / 'contacts.csv'}: 9 rows; phone numbers or e-mail addresses: would add 0, "
                          "9 already on file")
    assert preview[3] == (f"{EXAMPLE / 'payments.csv'}: 23 rows: would add 0, put 23 in place of earlier lines "
                          "(23 removed)")
    done = load(EXAMPLE, update=True).lines("en")
    assert done[3] == f"{EXAMPLE / 'payments.csv'}: 23 rows: 0 added, 23 in place of earlier lines (23 removed)"
    assert done[-1].startswith("Imported 6 accounts (0 new, 6 updated)")


def test_a_files_no_for_a_flag_that_stays_on_is_a_notice(db, load, placement):
    text = (placement / "accounts.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("dispute")] = "是"
    (placement / "accounts.csv").write_text("\n".join([text[0], ",".join(row)]) + "\n", encoding="utf-8")
    assert load(placement / "accounts.csv").ok
    row[header.index("dispute")] = "否"
    (placement / "accounts.csv").write_text("\n".join([text[0], ",".join(row)]) + "\n", encoding="utf-8")
    report = load(placement / "accounts.csv", update=True)
    assert report.ok
    lines = report.lines("en")
    assert lines[0].startswith(f"{placement / 'accounts.csv'}:2: dispute: stays on although this row says no")
    assert report.lines("zh-CN")[0].startswith(f"{placement / 'accounts.csv'}:2：dispute：此行为“否”")
    assert lines[-1].startswith("Imported 1 account (0 new, 1 updated)")
