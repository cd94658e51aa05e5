"""Checked accounts rows as the rows of the debtor and account tables, a batch at a time.

The values come from :meth:`~agent_tui.domain.placement_sheet.Sheet.read_batch`
column by column; the tuples go out in the order
:mod:`~agent_tui.store.placement_writer` names its columns, in the form both
drivers store (dates as ISO text, rates as exact decimal text, enums as their
value). Whole columns are converted and zipped into rows, so the per-row
work of a million-row file stays in Python's C loops.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

from agent_tui.domain.placement import POSITION, FileKind
from agent_tui.domain.records import Stage

A = POSITION[FileKind.ACCOUNTS]
_VALUE = attrgetter("value")


def _has_none(column: Sequence[Any]) -> bool:
    # By identity: `None in column` would ask every date and Decimal to compare itself with None.
    return any(map(is_, column, repeat(None)))


class _Stored(dict):
    """value → its stored text, computed on first sight (dates, rates and kinds repeat from row to row)."""

    def __init__(self, convert) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        text = self[value] = None if value is None else self.convert(value)
        return text

    def column(self, values: Sequence[Any]) -> list[Any]:
        """The stored text of each value."""
        if len(self) > 1 << 16:
            self.clear()  # a column of ever new values (birth dates): keep the memory bounded
        return list(map(self.__getitem__, values))


def _or(column: Sequence[Any], default: Any) -> Sequence[Any]:
    if _has_none(column):
        return [default if value is None else value for value in column]
    return column


def picked(columns: list[list[Any]], rows: Sequence[int] | None) -> list[list[Any]]:
    """``columns`` narrowed to ``rows`` (indexes), or as they are when ``rows`` is None."""
    if rows is None:
        return columns
    return [[column[i] for i in rows] for column in columns]


class AccountTables:
    """Builds debtor and account table rows, filling what a row leaves empty with the defaults.

    A debtor's time zone has no default: left empty, the numbers tell it
    (:mod:`agent_tui.domain.phone_zone`), where the floor's zone would be a guess.
    """

    def __init__(self, currency: str, now: str, language: str = "zh-CN"):
        self.currency = currency
        self.language = language
        self.now = now
        self._birth, self._start = _Stored(date.isoformat), _Stored(date.isoformat)
        self._overdue = _Stored(date.isoformat)
        self._rate, self._penalty, self._kind = _Stored(str), _Stored(str), _Stored(_VALUE)

    def debtors(self, ids: Sequence[int], c: list[list[Any]]) -> list[tuple]:
        """New debtors, one per id, in the writer's DEBTOR_FIELDS order."""
        return list(
            zip(
                ids, c[A["debtor_name"]], c[A["national_id"]], self._birth.column(c[A["birth_date"]]),
                c[A["occupation"]], c[A["employer"]], c[A["monthly_income"]], c[A["family"]], c[A["credit_history"]],
                _or(c[A["time_zone"]], ""), _or(c[A["language"]], self.language),
                c[A["cease_contact"]], c[A["dispute"]], c[A["vulnerable"]], c[A["attorney"]], repeat(self.now),
            )
        )  # fmt: skip

    def debtor_refreshes(self, ids: Sequence[int], c: list[list[Any]]) -> list[tuple]:
        """Known debtors: what each row gives (None where it is empty, which keeps the value), flags, id."""
        given = zip(
            c[A["debtor_name"]], c[A["national_id"]], self._birth.column(c[A["birth_date"]]), c[A["occupation"]],
            c[A["employer"]], c[A["monthly_income"]], c[A["family"]], c[A["credit_history"]], c[A["time_zone"]],
            c[A["language"]],
        )  # fmt: skip
        flags = zip(c[A["cease_contact"]], c[A["dispute"]], c[A["vulnerable"]], c[A["attorney"]])
        return [
            (*(None if value == "" else value for value in values), *flag, id_)
            for values, flag, id_ in zip(given, flags, ids)
        ]

    def terms(self, debtor_ids: Sequence[int], c: list[list[Any]]) -> list[Sequence[Any]]:
        """The accounts' terms as columns, in the writer's ACCOUNT_TERMS order."""
        principal, balance = c[A["principal"]], c[A["balance"]]
        if _has_none(balance):
            balance = [p if b is None else b for p, b in zip(principal, balance)]
        return [
            debtor_ids, c[A["creditor"]], c[A["product"]], _or(c[A["currency"]], self.currency), principal,
            self._rate.column(c[A["annual_rate"]]), self._start.column(c[A["start_date"]]),
            self._kind.column(c[A["penalty_kind"]]), self._penalty.column(c[A["penalty_value"]]), c[A["late_fee"]],
            c[A["day_count"]], balance,
            self._overdue.column(c[A["overdue_since"]]),
        ]  # fmt: skip

    def accounts(self, ids: Sequence[int], debtor_ids: Sequence[int], c: list[list[Any]]) -> list[tuple]:
        """New accounts, where every case starts: stage new, nothing planned, nobody on it."""
        terms = self.terms(debtor_ids, c)
        return list(zip(ids, c[A["account_ref"]], *terms, repeat(Stage.NEW.value), repeat(""), repeat(self.now)))

    def account_updates(self, ids: Sequence[int], debtor_ids: Sequence[int], c: list[list[Any]]) -> list[tuple]:
        """Known accounts: new terms, then the id (the writer's update order)."""
        return list(zip(*self.terms(debtor_ids, c), ids))
