"""Placement rows: each cell read or refused, and every problem named FILE:LINE: column."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain import placement_values as v
from agent_tui.domain.money import parse_money
from agent_tui.domain.placement import POSITION, FileKind, kind_for_file_name, kind_for_header
from agent_tui.domain.placement_figures import first_unpaid_due, stated_balance
from agent_tui.domain.placement_sheet import Sheet
from agent_tui.domain.records import ContactKind, PenaltyKind

ACCOUNT_HEADER = ["account_ref", "creditor", "debtor_name", "national_id", "principal", "annual_rate", "start_date"]
A = POSITION[FileKind.ACCOUNTS]


def sheet(header=ACCOUNT_HEADER, kind=FileKind.ACCOUNTS) -> Sheet:
    return Sheet(kind, header, "accounts.csv", {"time_zone": None, "currency": None})


def problems_of(row, header=ACCOUNT_HEADER, kind=FileKind.ACCOUNTS, currency="CNY") -> list[str]:
    found = []
    assert sheet(header, kind).read(row, 7, currency, found) is None
    return [p.render("en") for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", date(2024, 3, 31)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),
    ],
)
def test_dates_as_iso_and_as_excel_writes_them(text, expected):
    assert v.read_date(text) == expected


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "31/03/2024", "2024-03-05 12:00", "yesterday", "2024-W01-1"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        v.read_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01 09:30:00+08:00", datetime(2024, 3, 1, 1, 30, tzinfo=UTC)),
        ("2024-03-01T01:30:00Z", datetime(2024, 3, 1, 1, 30, tzinfo=UTC)),
        ("2024/3/1 9:30", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01 23:59:59.5-0500", datetime(2024, 3, 2, 4, 59, 59, 500000, tzinfo=UTC)),
    ],
)
def test_timestamps_end_in_utc(text, expected):
    assert v.read_timestamp(text) == expected


@settings(max_examples=60)
@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["CNY", "USD", "JPY"]), st.booleans())
def test_amounts_read_as_parse_money_reads_them(minor, currency, grouped):
    exp = 0 if currency == "JPY" else 2
    whole, frac = divmod(minor, 10**exp) if exp else (minor, 0)
    text = (f"{whole:,}" if grouped else str(whole)) + (f".{frac:0{exp}d}" if exp else "")
    assert v.read_amount(text, currency) == parse_money(text, currency) == minor
    assert v.read_nonnegative_amount(text, currency) == minor


@pytest.mark.parametrize("text", ["-100.00", "0", "0.00"])
def test_principal_must_be_above_zero(text):
    with pytest.raises(ValueError):
        v.read_positive_amount(text, "CNY")


@pytest.mark.parametrize("text", ["12.345", "1.2.3", "abc", "(100.00)", "²"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(ValueError):
        v.read_amount(text, "CNY")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.12", Decimal("0.12")), ("12%", Decimal("0.12")), ("12.5%", Decimal("0.125")), ("0", Decimal(0)), ("1", Decimal(1))],
)
def test_rates_as_fractions_or_percentages(text, expected):
    assert v.read_rate(text) == expected


@pytest.mark.parametrize("text", ["12", "-0.1", "abc", "NaN", "Infinity"])
def test_ambiguous_or_bad_rates_are_refused(text):
    with pytest.raises(ValueError):
        v.read_rate(text)


def test_flags_time_zones_and_identifiers():
    assert [v.read_flag(t) for t in ("是", "否", "yes", "NO", "1", "0", "true")] == [True, False, True, False, True, False, True]
    assert v.read_time_zone("Asia/Shanghai") == "Asia/Shanghai"
    for bad in ("CST", "Asia/Atlantis", "../etc/passwd"):
        with pytest.raises(ValueError):
            v.read_time_zone(bad)
    assert v.read_identifier("110101198503127715", "") == "110101198503127715"
    with pytest.raises(ValueError):
        v.read_identifier("1.10101E+17", "")


def test_file_kinds_by_name_and_by_header():
    assert kind_for_file_name("accounts") is FileKind.ACCOUNTS
    assert kind_for_file_name("payments_2024-03") is FileKind.PAYMENTS
    assert kind_for_file_name("accountsX") is None
    assert kind_for_header(["account_ref", "paid_at", "amount"]) is FileKind.PAYMENTS
    assert kind_for_header(["Account Ref", "Due", "Principal", "interest"]) is FileKind.SCHEDULE
    assert kind_for_header(["account_ref", "amount"]) is None


def test_header_problems_name_the_column():
    found = sheet(["account_ref", "creditor", "debtor_name", "birthdate", "creditor"]).problems
    lines = [p.render("en") for p in found]
    assert "accounts.csv:1: birthdate: expected a column of accounts.csv (did you mean birth_date?), found a column this file does not have" in lines
    assert "accounts.csv:1: creditor: expected each column once, found it again (first in column 2)" in lines
    assert "accounts.csv:1: national_id: expected this column (it is required), found no such column in the header" in lines
    assert not sheet(["account_ref", "creditor"]).usable


@pytest.mark.parametrize(
    ("row", "line"),
    [
        (["R1", "", "张三", "110101", "100", "0.12", "2024-03-01"], "accounts.csv:7: creditor: expected a value (the column is required), found an empty cell"),
        (["R1", "Bank", "张三", "110101", "-100.00", "0.12", "2024-03-01"], "accounts.csv:7: principal: expected an amount above zero such as 1234.56, found '-100.00'"),
        (["R1", "Bank", "张三", "110101", "1.005", "0.12", "2024-03-01"], "accounts.csv:7: principal: expected an amount above zero such as 1234.56, found '1.005'"),
        (["R1", "Bank", "张三", "110101", "100", "12", "2024-03-01"], "accounts.csv:7: annual_rate: expected a yearly rate such as 0.12 or 12%, found '12'"),
        (["R1", "Bank", "张三", "110101", "100", "0.12", "2024-02-30"], "accounts.csv:7: start_date: expected a date such as 2024-03-31 or 2024/3/31, found '2024-02-30'"),
        (["R1", "Bank", "张三", "110101", "100", "0.12", "2024-03-01", "x"], "accounts.csv:7: -: expected at most 7 cells, as the header has, found 8 cells"),
    ],
)
def test_a_bad_row_names_file_line_column_expected_and_found(row, line):
    assert problems_of(row) == [line]


def test_every_problem_of_a_row_is_named_not_just_the_first():
    lines = problems_of(["", "Bank", "张三", "1.10101E+17", "abc", "0.12", "soon"])
    assert [line.split(": ")[1] for line in lines] == ["account_ref", "national_id", "principal", "start_date"]


def test_problems_speak_chinese_too():
    found = []
    sheet().read(["R1", "Bank", "张三", "110101", "-1", "0.12", "2024-03-01"], 3, "CNY", found)
    assert found[0].render("zh-CN") == "accounts.csv:3: principal：应为大于零的金额，如 1234.56，实为'-1'"


def test_time_zone_is_checked_and_penalty_rate_must_be_a_rate():
    header = [*ACCOUNT_HEADER, "time_zone", "penalty_kind", "penalty_value"]
    row = ["R1", "Bank", "张三", "110101", "100", "0.12", "2024-03-01"]
    assert problems_of([*row, "Asia/Atlantis", "", ""], header) == [
        "accounts.csv:7: time_zone: expected an IANA time zone such as Asia/Shanghai, found 'Asia/Atlantis'"
    ]
    assert problems_of([*row, "", "rate", "1.5"], header) == [
        "accounts.csv:7: penalty_value: expected a yearly rate such as 0.18 or 18%, since penalty_kind is rate, found '1.5'"
    ]
    values = sheet(header).read([*row, "", "multiple", "1.5"], 7, "CNY", [])
    assert values[A["penalty_kind"]] is PenaltyKind.MULTIPLE and values[A["penalty_value"]] == Decimal("1.5")


def test_a_row_reads_into_typed_values_with_defaults():
    header = [*ACCOUNT_HEADER, "currency", "late_fee"]
    values = sheet(header).read([" R1 ", "Bank", "张三", "110101", "1,000.5", "12%", "2024/3/1", "", ""], 2, "CNY", [])
    assert (values[A["account_ref"]], values[A["principal"]], values[A["annual_rate"]]) == ("R1", 100050, Decimal("0.12"))
    assert (values[A["start_date"]], values[A["currency"]], values[A["late_fee"]], values[A["day_count"]]) == (date(2024, 3, 1), None, 0, 365)
    assert values[A["penalty_kind"]] is PenaltyKind.MULTIPLE and values[A["time_zone"]] is None


def test_the_rows_own_currency_reads_its_amounts():
    header = [*ACCOUNT_HEADER, "currency"]
    values = sheet(header).read(["R1", "Bank", "张三", "110101", "1000", "0.12", "2024-03-01", "JPY"], 2, "CNY", [])
    assert (values[A["principal"]], values[A["currency"]]) == (1000, "JPY")
    assert problems_of(["R1", "Bank", "张三", "110101", "1000.5", "0.12", "2024-03-01", "JPY"], header) == [
        "accounts.csv:7: principal: expected an amount above zero such as 1234.56, found '1000.5'"
    ]


# The batch reading must agree with the row reading: same values, same problems, same order.

CELLS = {
    "account_ref": ["R1", "R2", "", " R3 ", "1.2E+17"],
    "creditor": ["Bank", "", "华信消费金融"],
    "debtor_name": ["张三", "李四", ""],
    "national_id": ["110101", "110102", "", "1.1E+17"],
    "birth_date": ["", "1985-03-12", "1990/8/24", "1990-02-30"],
    "monthly_income": ["", "9000", "9000.50", "-1", "x"],
    "time_zone": ["", "Asia/Shanghai", "America/Los_Angeles", "Mars/Olympus"],
    "cease_contact": ["", "是", "否", "maybe"],
    "principal": ["24000.00", "24000", "0", "-5.00", "1.005", "1,200.50", ""],
    "annual_rate": ["0.12", "12%", "12", ""],
    "start_date": ["2023-01-15", "2023/3/1", "", "tomorrow"],
    "penalty_kind": ["", "rate", "multiple", "other"],
    "penalty_value": ["", "1.5", "18%", "x"],
    "currency": ["", "CNY", "USD", "JPY", "XXX"],
    "balance": ["", "100.00", "12.5"],
}
BATCH_HEADER = list(CELLS)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(*(st.sampled_from(options) for options in CELLS.values())), min_size=1, max_size=30), st.sampled_from(["CNY", "JPY"]))
def test_batch_reading_agrees_with_row_reading(rows, currency):
    records = [(n + 2, list(row)) for n, row in enumerate(rows)]
    one_by_one, row_problems = [], []
    for line, cells in records:
        values = sheet(BATCH_HEADER).read(cells, line, currency, row_problems)
        if values is not None:
            one_by_one.append((line, values))
    batch_problems = []
    batch = sheet(BATCH_HEADER).read_batch([line for line, _ in records], [cells for _, cells in records], currency, batch_problems)
    assert [(line, batch.row(i)) for i, line in enumerate(batch.lines)] == one_by_one
    assert batch_problems == row_problems


def test_batch_reads_other_currencies_and_odd_shapes_row_by_row():
    header = ["account_ref", "due", "principal", "interest", ""]
    s = Sheet(FileKind.SCHEDULE, header, "schedule.csv")
    rows = [["R1", "2024-01-31", "100.00", "5.00", ""], ["R2", "2024-01-31", "100", "5"], ["R3", "2024-01-31", "1", "0", "extra"], [], [" ", "", "", "", ""]]
    found = []
    batch = s.read_batch([2, 3, 4, 5, 6], rows, "CNY", found, currencies={1: "JPY"})
    assert batch.lines == [2, 3] and batch.blank == 2
    assert batch.columns[2] == [10000, 100]
    assert [p.render("en") for p in found] == ["schedule.csv:4: -: expected at most 4 cells, as the header has, found 5 cells"]


def test_contact_rows():
    s = Sheet(FileKind.CONTACTS, ["account_ref", "kind", "value", "do_not_call"], "contacts.csv")
    values = s.read(["R1", "Mobile", "13812345678", "是"], 2, "CNY", [])
    assert values[1] is ContactKind.MOBILE and values[2] == "13812345678" and values[4] is True and values[3] is False


# The figures an account row carries when the creditor leaves them empty.


def test_balance_is_the_latest_statement_of_charges():
    charges = [(date(2023, 9, 30), 100), (date(2023, 10, 31), 70), (date(2023, 10, 31), 5), (date(2023, 8, 31), 999)]
    assert stated_balance(charges, principal=5000) == 75
    assert stated_balance([], principal=5000) == 5000


def test_overdue_since_is_the_first_instalment_the_payments_do_not_cover():
    schedule = [(date(2023, 3, 1), 100), (date(2023, 1, 1), 100), (date(2023, 2, 1), 100)]
    assert first_unpaid_due(schedule, paid=150, as_of=date(2023, 6, 1)) == date(2023, 2, 1)
    assert first_unpaid_due(schedule, paid=300, as_of=date(2023, 6, 1)) is None
    assert first_unpaid_due(schedule, paid=200, as_of=date(2023, 3, 1)) is None  # due today is not overdue yet


@settings(max_examples=50)
@given(st.lists(st.tuples(st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 1, 1)), st.integers(0, 10**6)), max_size=12), st.integers(0, 10**7))
def test_a_debt_paid_in_full_is_never_overdue(schedule, extra):
    assert first_unpaid_due(schedule, sum(a for _, a in schedule) + extra, date(2030, 1, 1)) is None
