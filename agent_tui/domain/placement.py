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

import difflib
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Callable, Mapping, Sequence

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
    max_length: int | None = SHORT_TEXT


def _expect(key: str, **params: Any) -> Msg:
    return Msg(f"import.expected.{key}", params)


def _choices(values: Sequence[str]) -> Msg:
    return _expect("choice", choices=", ".join(values))


def _text(name: str, *, required: bool = False, long: bool = False) -> Column:
    limit = None if long else SHORT_TEXT
    return Column(name, v.read_text, _expect("text", max=limit or 0), required, "", limit)


def _ident(name: str) -> Column:
    return Column(name, v.read_identifier, _expect("identifier"), True, None, 64)


def _amount(name: str, *, required: bool = False, positive: bool = False, default: Any = 0) -> Column:
    if positive:
        return Column(name, v.read_positive_amount, _expect("positive_amount"), required, default)
    return Column(name, v.read_nonnegative_amount, _expect("amount"), required, default)


def _flag(name: str) -> Column:
    return Column(name, v.read_flag, _expect("flag"), False, False)


_LANGUAGE_NAMES = {lang: lang for lang in LANGUAGES} | {"zh": "zh-CN", "zh_CN": "zh-CN", "中文": "zh-CN", "english": "en"}

COLUMNS: dict[FileKind, tuple[Column, ...]] = {
    FileKind.ACCOUNTS: (
        _ident("account_ref"),
        _text("creditor", required=True),
        _text("product"),
        _text("debtor_name", required=True),
        _ident("national_id"),
        Column("birth_date", v.read_date, _expect("date")),
        _text("occupation"),
        _text("employer"),
        _amount("monthly_income", default=None),
        _text("family", long=True),
        _text("credit_history", long=True),
        Column("time_zone", v.read_time_zone, _expect("time_zone")),
        Column("language", v.choice(_LANGUAGE_NAMES), _choices(LANGUAGES), default="zh-CN"),
        _flag("cease_contact"),
        _flag("dispute"),
        _flag("vulnerable"),
        _flag("attorney"),
        _amount("principal", required=True, positive=True, default=None),
        Column("annual_rate", v.read_rate, _expect("rate"), True),
        Column("start_date", v.read_date, _expect("date"), True),
        Column("penalty_kind", v.choice({k.value: k for k in PenaltyKind}), _choices([k.value for k in PenaltyKind]), default=PenaltyKind.MULTIPLE),
        Column("penalty_value", v.read_factor, _expect("factor"), default=Decimal("1.5")),
        _amount("late_fee"),
        Column("day_count", v.choice({"360": 360, "365": 365}), _choices(["360", "365"]), default=365),
        Column("currency", v.choice({c: c for c in CURRENCIES}), _choices(CURRENCIES)),
    ),
    FileKind.CONTACTS: (
        _ident("account_ref"),
        Column("kind", v.choice({k.value: k for k in ContactKind}), _choices([k.value for k in ContactKind]), True),
        Column("value", v.read_identifier, _expect("identifier"), True, None, 128),
        _flag("primary"),
        _flag("do_not_call"),
    ),
    FileKind.SCHEDULE: (
        _ident("account_ref"),
        Column("due", v.read_date, _expect("date"), True),
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
        Column("kind", v.choice({k: k for k in CHARGE_KINDS}), _choices(CHARGE_KINDS), True),
        _amount("amount", required=True, default=None),
        Column("as_of", v.read_date, _expect("date"), True),
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
        return render(Msg("import.problem", {"place": place, "column": self.column, "expected": self.expected, "found": found}), lang)


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


class Sheet:
    """A file's header bound to its kind; reads each row into values in column order.

    Columns the header lacks take their defaults (``defaults`` overrides them,
    e.g. the configured currency and time zone). Problems with the header
    itself are in :attr:`problems` after construction.
    """

    def __init__(self, kind: FileKind, header: Sequence[str], file: str, defaults: Mapping[str, Any] | None = None):
        self.kind = kind
        self.file = file
        self.problems: list[Problem] = []
        columns = COLUMNS[kind]
        self.columns = columns
        by_name = {c.name: c for c in columns}
        template = [c.default for c in columns]
        for name, value in (defaults or {}).items():
            if name in by_name:
                template[POSITION[kind][name]] = value
        self._template = template
        self.width = len(header)
        seen: dict[str, int] = {}
        plan = []
        for index, cell in enumerate(header):
            name = normalize_header(cell)
            if not name:
                continue  # an unnamed column (Excel's trailing separator); its cells must stay empty
            if name in seen:
                self.problems.append(Problem(file, 1, name, _expect("unique_column"), Msg("import.found.column_again", {"first": seen[name] + 1})))
                continue
            seen[name] = index
            column = by_name.get(name)
            if column is None:
                self.problems.append(Problem(file, 1, cell.strip(), self._column_hint(name), Msg("import.found.unknown_column")))
                continue
            plan.append((index, POSITION[kind][name], column))
        missing = [c.name for c in columns if c.required and c.name not in seen]
        for name in missing:
            self.problems.append(Problem(file, 1, name, _expect("required_column"), Msg("import.found.no_column")))
        #: Whether rows can be read at all (the header has every required column).
        self.usable = not missing
        self._unnamed = [i for i, cell in enumerate(header) if not normalize_header(cell)]
        # The currency decides how amounts read, so it is read first.
        plan.sort(key=lambda step: step[2].name != "currency")
        self._plan = plan
        self._ref_index = seen.get("account_ref")
        self._penalty_index = seen.get("penalty_value")

    def _column_hint(self, name: str) -> Msg:
        names = [c.name for c in self.columns]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if close:
            return _expect("column_suggest", file=self.kind.file_name, suggestion=close[0])
        return _expect("column", file=self.kind.file_name, columns=", ".join(names))

    def ref(self, cells: Sequence[str]) -> str:
        """The row's account_ref as written (stripped), or "" when absent."""
        index = self._ref_index
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def read(self, cells: Sequence[str], line: int, currency: str, problems: list[Problem]) -> list[Any] | None:
        """The row's values in column order, or None after adding its problems to ``problems``."""
        values = self._template.copy()
        count = len(cells)
        bad = False
        if count > self.width or any(i < count and cells[i].strip() for i in self._unnamed):
            problems.append(Problem(self.file, line, "-", _expect("cells", count=self.width - len(self._unnamed)), Msg("import.found.cells", {"count": count})))
            return None
        for index, position, column in self._plan:
            text = cells[index].strip() if index < count else ""
            if not text:
                if column.required:
                    problems.append(Problem(self.file, line, column.name, _expect("required"), Msg("import.found.empty")))
                    bad = True
                continue
            if column.max_length is not None and len(text) > column.max_length:
                problems.append(Problem(self.file, line, column.name, _expect("text", max=column.max_length), Msg("import.found.long", {"count": len(text)})))
                bad = True
                continue
            try:
                value = column.read(text, currency)
            except ValueError:
                problems.append(Problem(self.file, line, column.name, column.expected, text))
                bad = True
                continue
            values[position] = value
            if column.name == "currency":
                currency = value
        if bad:
            return None
        if self.kind is FileKind.ACCOUNTS:
            return self._check_penalty(values, cells, line, problems)
        return values

    def _check_penalty(self, values: list[Any], cells: Sequence[str], line: int, problems: list[Problem]) -> list[Any] | None:
        """A penalty given as a rate is a yearly rate; as a multiple it may exceed 1."""
        at = POSITION[FileKind.ACCOUNTS]
        if values[at["penalty_kind"]] is PenaltyKind.RATE and values[at["penalty_value"]] > 1:
            index = self._penalty_index
            text = cells[index].strip() if index is not None and index < len(cells) else ""
            found: Msg | str = text or Msg("import.found.empty")
            problems.append(Problem(self.file, line, "penalty_value", _expect("penalty_rate"), found))
            return None
        return values
