"""One placement file's header, bound to its kind: reads rows into typed values.

There are two readings. :meth:`Sheet.read` reads one row column by column
and names every problem it has: it is the definition of what a row means.
:meth:`Sheet.read_batch` reads thousands of rows at once, a column at a
time, so that the per-cell work of a million-row file runs inside Python's
C loops (``map``, ``zip``, set and dict operations) instead of bytecode:
columns with few distinct values (dates, rates, flags, choices) are read
once per distinct text and then looked up; amounts of the common shape
(``12345.67``) are checked with one pattern and converted with ``int``.
Any row the batch reading finds anything odd in is handed to :meth:`read`,
so problems are always named the one way. A property test holds the two
readings together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import is_, itemgetter, mul
from typing import Any

from agent_tui.domain import placement_values as v
from agent_tui.domain.money import EXPONENT
from agent_tui.domain.placement import COLUMNS, POSITION, Column, FileKind, Problem, normalize_header
from agent_tui.domain.records import PenaltyKind
from agent_tui.i18n import Msg

#: Distinct texts remembered per column; past it the column reads each new text.
MEMO_LIMIT = 1 << 16

_MISS = object()
_EMPTY = Msg("import.found.empty")
_AMOUNT_READERS = (v.read_positive_amount, v.read_nonnegative_amount)


def _expect(key: str, **params: Any) -> Msg:
    return Msg(f"import.expected.{key}", params)


@dataclass
class Batch:
    """The good rows of a batch, column by column: ``columns[position][i]`` is row i's value."""

    lines: Sequence[int]
    columns: list[list[Any]]
    #: Rows of the batch with every cell empty (what spreadsheets leave at the end), skipped.
    blank: int = 0

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, i: int) -> list[Any]:
        """Row ``i``'s values in column order."""
        return [column[i] for column in self.columns]


class Sheet:
    """A file's header bound to its kind; reads rows into values in column order.

    Columns the header lacks take their defaults (``defaults`` overrides them,
    e.g. None for the currency and time zone so the caller applies its own).
    Problems with the header itself are in :attr:`problems` after
    construction, and :attr:`usable` says whether rows can be read at all.
    """

    def __init__(self, kind: FileKind, header: Sequence[str], file: str, defaults: Mapping[str, Any] | None = None):
        self.kind = kind
        self.file = file
        self.problems: list[Problem] = []
        self.columns = COLUMNS[kind]
        at = POSITION[kind]
        by_name = {c.name: c for c in self.columns}
        self._template = [c.default for c in self.columns]
        for name, value in (defaults or {}).items():
            if name in by_name:
                self._template[at[name]] = value
        self.width = len(header)
        seen: dict[str, int] = {}
        for index, cell in enumerate(header):
            name = normalize_header(cell)
            if not name:
                continue  # an unnamed column (Excel's trailing separator); its cells must stay empty
            if name in seen:
                again = Msg("import.found.column_again", {"first": seen[name] + 1})
                self._header_problem(name, _expect("unique_column"), again)
                continue
            if name not in by_name:
                self._header_problem(cell.strip(), self._column_hint(name), Msg("import.found.unknown_column"))
            seen[name] = index
        missing = [c.name for c in self.columns if c.required and c.name not in seen]
        for name in missing:
            self._header_problem(name, _expect("required_column"), Msg("import.found.no_column"))
        self.usable = not missing
        self._unnamed = [i for i, cell in enumerate(header) if not normalize_header(cell)]
        # (cell index, value position, column) for each known column the header has; the
        # currency first, since it decides how the amounts of its row read.
        plan = [(seen[c.name], at[c.name], c) for c in self.columns if c.name in seen]
        self._plan = sorted(plan, key=lambda step: step[2].name != "currency")
        self._planned = {position for _, position, _ in plan}
        self._memos: dict[int, dict[str, Any]] = {position: {} for _, position, c in plan if c.memo}
        self._seen = dict(seen)
        self._ref_index = seen.get("account_ref")
        self._currency_at = at["currency"] if "currency" in seen else None
        self._penalty = (
            (at["penalty_kind"], at["penalty_value"], seen.get("penalty_value")) if kind is FileKind.ACCOUNTS else None
        )

    def _header_problem(self, column: str, expected: Msg, found: Msg) -> None:
        self.problems.append(Problem(self.file, 1, column, expected, found))

    def _column_hint(self, name: str) -> Msg:
        names = [c.name for c in self.columns]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if not close:  # "due_date" for due, "ref" for account_ref
            close = [known for known in names if known in name or name in known][:2]
            close = close if len(close) == 1 else []
        if close:
            return _expect("column_suggest", file=self.kind.file_name, suggestion=close[0])
        return _expect("column", file=self.kind.file_name, columns=", ".join(names))

    def has(self, name: str) -> bool:
        """Whether the header has column ``name``."""
        return name in self._seen

    def cell(self, cells: Sequence[str], name: str) -> str:
        """The row's cell of column ``name`` as written (stripped), or "" when absent."""
        index = self._seen.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def ref(self, cells: Sequence[str]) -> str:
        """The row's account_ref as written (stripped), or "" when absent."""
        index = self._ref_index
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def refs(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """Each row's account_ref as written (stripped), "" where absent."""
        index = self._ref_index
        if index is None:
            return [""] * len(rows)
        if rows and min(map(len, rows)) > index:
            return list(map(str.strip, map(itemgetter(index), rows)))
        return [self.ref(cells) for cells in rows]

    # One row, every problem named.

    def read(self, cells: Sequence[str], line: int, currency: str, problems: list[Problem]) -> list[Any] | None:
        """The row's values in column order, or None after adding its problems to ``problems``.

        ``currency`` reads the amounts unless the row has a currency of its own.
        """
        count = len(cells)
        if count > self.width or any(i < count and cells[i].strip() for i in self._unnamed):
            found = Msg("import.found.cells", {"count": count})
            expected = _expect("cells", count=self.width - len(self._unnamed))
            problems.append(Problem(self.file, line, "-", expected, found))
            return None
        values = self._template.copy()
        found_any = False
        for index, position, column in self._plan:
            text = cells[index].strip() if index < count else ""
            problem: Problem | None = None
            if not text:
                if column.required:
                    problem = Problem(self.file, line, column.name, _expect("required"), _EMPTY)
            elif column.max_length is not None and len(text) > column.max_length:
                long = Msg("import.found.long", {"count": len(text)})
                problem = Problem(self.file, line, column.name, _expect("text", max=column.max_length), long)
            else:
                try:
                    values[position] = column.read(text, currency)
                except ValueError:
                    problem = Problem(self.file, line, column.name, column.expected, text)
                else:
                    if position == self._currency_at:
                        currency = values[position]
            if problem is not None:
                problems.append(problem)
                found_any = True
        if not found_any and self._penalty is not None:
            penalty = self._penalty_problem(values, cells)
            if penalty is not None:
                problems.append(Problem(self.file, line, "penalty_value", _expect("penalty_rate"), penalty))
                found_any = True
        return None if found_any else values

    def _penalty_problem(self, values: list[Any], cells: Sequence[str]) -> Msg | str | None:
        """A penalty given as a rate is a yearly rate (at most 1); as a multiple it may exceed 1.

        Returns what was found when the row breaks that rule, else None.
        """
        if self._penalty is None:
            return None
        kind_at, value_at, index = self._penalty
        if values[kind_at] is not PenaltyKind.RATE or values[value_at] <= 1:
            return None
        text = cells[index].strip() if index is not None and index < len(cells) else ""
        return text or _EMPTY

    # Many rows, a column at a time.

    def read_batch(
        self,
        lines: Sequence[int],
        rows: Sequence[Sequence[str]],
        currency: str,
        problems: list[Problem],
        currencies: Mapping[int, str] | None = None,
    ) -> Batch:
        """The good rows of ``rows`` (which start on ``lines``), read a column at a time.

        ``currency`` reads the amounts; ``currencies`` gives another one for
        some rows (by index). Bad rows are left out, their problems added to
        ``problems`` in line order; rows with every cell empty are skipped.
        """
        count, width = len(rows), self.width
        # Rows that the careful reading must settle: odd shape, a problem, another currency.
        settle: dict[int, str] = dict(currencies or {})
        if set(map(len, rows)) - {width}:
            rows = list(rows)
            for i, cells in enumerate(rows):
                if len(cells) > width:
                    settle.setdefault(i, currency)
                elif len(cells) < width:
                    rows[i] = [*cells, *([""] * (width - len(cells)))]
        by_cell = list(zip(*rows)) if rows else [()] * width
        for index in self._unnamed:
            if any(by_cell[index]):
                _mark(settle, (i for i, text in enumerate(by_cell[index]) if text.strip()), currency)
        planned = self._planned
        columns: list[list[Any]] = [
            [] if position in planned else [default] * count for position, default in enumerate(self._template)
        ]
        for index, position, column in self._plan:
            texts = list(map(str.strip, by_cell[index]))
            columns[position] = self._read_column(position, column, texts, currency, settle)
            if position == self._currency_at and set(columns[position]) - {None, currency}:
                # The row's own currency reads its amounts: the careful reading settles those rows.
                settle.update((i, c) for i, c in enumerate(columns[position]) if c is not None and c != currency)
        if self._penalty is not None and PenaltyKind.RATE in columns[self._penalty[0]]:
            kinds, values = columns[self._penalty[0]], columns[self._penalty[1]]
            _mark(settle, (i for i in range(count) if kinds[i] is PenaltyKind.RATE and values[i] > 1), currency)
        if not settle:
            return Batch(lines, columns)
        dropped, blank = set(), 0
        for i in sorted(settle):
            if not "".join(rows[i]).strip():
                dropped.add(i)
                blank += 1
                continue
            row = self.read(rows[i], lines[i], settle[i], problems)
            if row is None:
                dropped.add(i)
            else:
                for position, value in enumerate(row):
                    columns[position][i] = value
        if not dropped:
            return Batch(lines, columns)
        keep = [i for i in range(count) if i not in dropped]
        return Batch([lines[i] for i in keep], [[column[i] for i in keep] for column in columns], blank)

    def _read_column(
        self, position: int, column: Column, texts: list[str], currency: str, settle: dict[int, str]
    ) -> list[Any]:
        """One column's values for a batch; the rows it cannot read go into ``settle``."""
        default = self._template[position]
        if column.required and "" in texts:
            _mark(settle, (i for i, text in enumerate(texts) if not text), currency)
        limit = column.max_length
        if limit is not None and texts and max(map(len, texts)) > limit:
            _mark(settle, (i for i, text in enumerate(texts) if len(text) > limit), currency)
        read = column.read
        if read is v.read_text:
            return texts
        memo = self._memos.get(position)
        if memo is not None:
            memo.setdefault("", default)
            values = list(map(memo.get, texts, repeat(_MISS)))
            if any(map(is_, values, repeat(_MISS))):
                for i, value in enumerate(values):
                    if value is _MISS:
                        # A text missed earlier in this batch may be remembered by now.
                        value = memo.get(texts[i], _MISS)
                        if value is _MISS:
                            value = self._read_cell(read, texts[i], currency, default, i, settle, memo)
                        values[i] = value
            return values
        if read is v.read_identifier:
            joined = "".join(texts)
            if "e" not in joined and "E" not in joined:
                return [text or default for text in texts] if "" in texts else texts
        elif read in _AMOUNT_READERS and texts:
            exp = EXPONENT.get(currency, 2)
            joined = "\n".join(texts)
            amounts: list[int] | None = None
            if joined.count("\n") != len(texts) - 1:
                pass  # a cell with a line break in it: read cell by cell
            elif exp and _amounts(exp).fullmatch(joined):
                # Every cell is digits, a point and exactly `exp` decimals: dropping the
                # point gives the minor units.
                amounts = list(map(int, map(str.replace, texts, repeat("."), repeat(""))))
            elif _amounts(0).fullmatch(joined):
                amounts = list(map(mul, map(int, texts), repeat(10**exp)))
            if amounts is not None:
                if read is v.read_positive_amount and amounts and min(amounts) <= 0:
                    _mark(settle, (i for i, amount in enumerate(amounts) if amount <= 0), currency)
                return amounts
        return [self._read_cell(read, text, currency, default, i, settle, None) for i, text in enumerate(texts)]

    @staticmethod
    def _read_cell(
        read: Callable[[str, str], Any],
        text: str,
        currency: str,
        default: Any,
        i: int,
        settle: dict[int, str],
        memo: dict[str, Any] | None,
    ) -> Any:
        if not text:
            return default
        try:
            value = read(text, currency)
        except ValueError:
            settle.setdefault(i, currency)
            return default
        if memo is not None and len(memo) < MEMO_LIMIT:
            memo[text] = value
        return value


def _mark(settle: dict[int, str], rows: Iterable[int], currency: str) -> None:
    """Hand ``rows`` to the careful reading, keeping a currency a row already has."""
    for i in rows:
        settle.setdefault(i, currency)


@lru_cache(maxsize=8)
def _amounts(exp: int) -> re.Pattern[str]:
    """A column of plain amounts with ``exp`` decimals (none: whole numbers), one a line."""
    one = rf"[0-9]+\.[0-9]{{{exp}}}" if exp else "[0-9]+"
    return re.compile(rf"(?:{one}\n)*{one}")
