"""The creditor's placement files: which columns each has, and how a row is checked.

Guide 1.2 step 1 is data collection: the debtor's details, the loan contract
and the repayment record arrive from the creditor as CSV files. This module
knows the five kinds of file (accounts, contacts, schedule, payments,
charges), their documented columns, and turns one row of cells into typed
values or into :class:`Problem` values that name the file, line and column,
what was expected and what was found. It reads no files and touches no
database; the store does both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from agent_tui.domain import placement_values as v
from agent_tui.domain.money import CURRENCIES
from agent_tui.domain.records import ContactKind, PenaltyKind
from agent_tui.i18n import LANGUAGES, Msg, render

#: Text columns longer than this are refused rather than cut (PostgreSQL would refuse them mid-import).
SHORT_TEXT = 255


class FileKind(StrEnum):
    """The kinds of placement file, in the order they are imported."""

    ACCOUNTS = "accounts"
    CONTACTS = "contacts"
    SCHEDULE = "schedule"
    PAYMENTS = "payments"
    CHARGES = "charges"

    @property
    def file_name(self) -> str:
        """The file name the documentation gives this kind."""
        return f"{self.value}.csv"


CHARGE_KINDS = ("principal", "interest", "penalty", "fees")


@dataclass(frozen=True)
class Column:
    """One documented column: its reader, whether it is required, its default."""

    name: str
    read: Callable[[str, str], Any]
    expected: Msg
    required: bool = False
    default: Any = None
    #: Text and references are refused past this length; other columns fail their reader first.
    max_length: int | None = None
    #: Whether equal text always reads to the same value, so a sheet may remember it
    #: (dates, rates, choices: columns with few distinct values in a large file).
    memo: bool = False


def _expect(key: str, **params: Any) -> Msg:
    return Msg(f"import.expected.{key}", params)


def _text(name: str, *, required: bool = False, long: bool = False) -> Column:
    limit = None if long else SHORT_TEXT
    return Column(name, v.read_text, _expect("text", max=limit or 0), required, "", limit)


def _ident(name: str, *, max_length: int = 64) -> Column:
    return Column(name, v.read_identifier, _expect("identifier"), True, None, max_length)


def _amount(name: str, *, required: bool = False, positive: bool = False, default: Any = 0) -> Column:
    if positive:
        return Column(name, v.read_positive_amount, _expect("positive_amount"), required, default)
    return Column(name, v.read_nonnegative_amount, _expect("amount"), required, default)


def _date(name: str, *, required: bool = False) -> Column:
    return Column(name, v.read_date, _expect("date"), required, memo=True)


def _flag(name: str) -> Column:
    return Column(name, v.read_flag, _expect("flag"), False, False, memo=True)


def _pick(
    name: str, values: Mapping[str, Any], shown: Sequence[str], *, required: bool = False, default: Any = None
) -> Column:
    expected = _expect("choice", choices=", ".join(shown))
    return Column(name, v.choice(dict(values)), expected, required, default, memo=True)


_LANGUAGE_NAMES = {lang: lang for lang in LANGUAGES} | {
    "zh": "zh-CN", "zh_CN": "zh-CN", "中文": "zh-CN", "english": "en",
}

COLUMNS: dict[FileKind, tuple[Column, ...]] = {
    FileKind.ACCOUNTS: (
        _ident("account_ref"),
        _text("creditor", required=True),
        _text("product"),
        _text("debtor_name", required=True),
        _ident("national_id"),
        _date("birth_date"),
        _text("occupation"),
        _text("employer"),
        _amount("monthly_income", default=None),
        _text("family", long=True),
        _text("credit_history", long=True),
        Column("time_zone", v.read_time_zone, _expect("time_zone"), memo=True),
        _pick("language", _LANGUAGE_NAMES, LANGUAGES),
        _flag("cease_contact"),
        _flag("dispute"),
        _flag("vulnerable"),
        _flag("attorney"),
        _amount("principal", required=True, positive=True, default=None),
        Column("annual_rate", v.read_rate, _expect("rate"), True, memo=True),
        _date("start_date", required=True),
        _pick(
            "penalty_kind", {k.value: k for k in PenaltyKind}, [k.value for k in PenaltyKind],
            default=PenaltyKind.MULTIPLE,
        ),
        Column("penalty_value", v.read_factor, _expect("factor"), default=Decimal("1.5"), memo=True),
        _amount("late_fee"),
        _pick("day_count", {"360": 360, "365": 365}, ["360", "365"], default=365),
        _pick("currency", {c: c for c in CURRENCIES}, CURRENCIES),
        _amount("balance", default=None),
        _date("overdue_since"),
    ),
    FileKind.CONTACTS: (
        _ident("account_ref"),
        _pick("kind", {k.value: k for k in ContactKind}, [k.value for k in ContactKind], required=True),
        _ident("value", max_length=128),
        _flag("primary"),
        _flag("do_not_call"),
        Column("time_zone", v.read_time_zone, _expect("time_zone"), memo=True),
    ),
    FileKind.SCHEDULE: (
        _ident("account_ref"),
        _date("due", required=True),
        _amount("principal", required=True, default=None),
        _amount("interest"),
    ),
    FileKind.PAYMENTS: (
        _ident("account_ref"),
        Column("paid_at", v.read_timestamp, _expect("timestamp"), True),
        _amount("amount", required=True, positive=True, default=None),
        _text("reference"),
    ),
    FileKind.CHARGES: (
        _ident("account_ref"),
        _pick("kind", {k: k for k in CHARGE_KINDS}, CHARGE_KINDS, required=True),
        _amount("amount", required=True, default=None),
        _date("as_of", required=True),
    ),
}

#: Position of each column in the values :meth:`Sheet.read` returns, per kind.
POSITION: dict[FileKind, dict[str, int]] = {
    kind: {column.name: i for i, column in enumerate(columns)} for kind, columns in COLUMNS.items()
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the files: ``FILE:LINE: column: expected …, found …``."""

    file: str
    line: int | None
    column: str
    expected: Msg
    found: Msg | str

    def render(self, lang: str | None = None) -> str:
        """The problem as one line in ``lang``."""
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        found = self.found if isinstance(self.found, Msg) else quote(self.found)
        params = {"place": place, "column": self.column, "expected": self.expected, "found": found}
        return render(Msg("import.problem", params), lang)


def quote(text: str, limit: int = 60) -> str:
    """A cell's text as a problem line shows it: quoted, and cut when very long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def normalize_header(name: str) -> str:
    """``" Account Ref"`` → ``"account_ref"``: what spreadsheets do to a column name undone."""
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def kind_for_header(header: Sequence[str]) -> FileKind | None:
    """The one kind whose columns the header has (all known, all required present), if any."""
    names = {normalize_header(cell) for cell in header if cell.strip()}
    fits = [
        kind
        for kind, columns in COLUMNS.items()
        if names <= {c.name for c in columns} and {c.name for c in columns if c.required} <= names
    ]
    return fits[0] if len(fits) == 1 else None


def kind_for_file_name(stem: str) -> FileKind | None:
    """``accounts`` or ``accounts_2024-03`` → accounts; anything else → None."""
    folded = stem.lower()
    for kind in FileKind:
        if folded == kind.value or (folded.startswith(kind.value) and folded[len(kind.value)] in "_-. "):
            return kind
    return None
