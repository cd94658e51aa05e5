"""Writing a checked placement: whole batches per call, through the driver.

Peewee builds one INSERT per batch well, but a million accounts through model
instances or ``insert_many`` costs more in Python than the database spends
storing them. This writer sends the driver's bulk path instead:
``executemany`` on SQLite, ``execute_values`` on PostgreSQL, with SQL built
from the models' own table and column names, so a renamed field fails here
loudly rather than writing to the wrong column. Lookups (which refs and
national IDs exist) are one query per batch, never one per row.

Nothing here commits: the caller holds the one transaction around it all.
Ids of new debtors and accounts are handed out here (from the table's
maximum under SQLite's write lock, from the id sequence on PostgreSQL), so
accounts can point at their debtors without reading ids back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from peewee import Database, Field, SqliteDatabase

from agent_tui.store.bulk import SQLITE_MAX_VARIABLES
from agent_tui.store.models import Account, BaseModel, Charge, ContactPoint, Debtor, Payment, ScheduleLine

#: Rows per PostgreSQL statement.
PAGE = 1000
#: Values per IN (…) list of a lookup.
MAX_PARAMETERS = 10000

DEBTOR_FIELDS = (
    Debtor.id, Debtor.name, Debtor.national_id, Debtor.birth_date, Debtor.occupation,
    Debtor.employer, Debtor.monthly_income, Debtor.family, Debtor.credit_history,
    Debtor.time_zone, Debtor.language, Debtor.cease_contact, Debtor.dispute,
    Debtor.vulnerable, Debtor.attorney, Debtor.created_at,
)  # fmt: skip
#: What a later placement may refresh on a known debtor; an empty cell keeps what is there.
DEBTOR_REFRESH = DEBTOR_FIELDS[1:11]
#: Conduct flags only ever turn on from a file: a cease or dispute recorded here is never undone by a creditor.
DEBTOR_FLAGS = DEBTOR_FIELDS[11:15]

ACCOUNT_TERMS = (
    Account.debtor, Account.creditor, Account.product, Account.currency, Account.principal,
    Account.annual_rate, Account.start_date, Account.penalty_kind, Account.penalty_value,
    Account.late_fee, Account.day_count, Account.balance, Account.overdue_since,
)  # fmt: skip
#: A new account: its terms, plus where a case starts (stage new, no action yet, unclaimed).
ACCOUNT_FIELDS = (Account.id, Account.ref, *ACCOUNT_TERMS, Account.stage, Account.next_action, Account.placed_at)

CONTACT_FIELDS = (
    ContactPoint.debtor, ContactPoint.kind, ContactPoint.value, ContactPoint.primary, ContactPoint.do_not_call,
    ContactPoint.time_zone,
)
LINE_FIELDS = {
    ScheduleLine: (
        ScheduleLine.account, ScheduleLine.seq, ScheduleLine.due, ScheduleLine.principal, ScheduleLine.interest,
    ),
    Payment: (Payment.account, Payment.paid_at, Payment.amount, Payment.reference, Payment.recorded_at),
    Charge: (Charge.account, Charge.kind, Charge.amount, Charge.as_of),
}


def stored(value: Any) -> Any:
    """A value as both drivers store it in this schema's columns.

    Dates as ISO text; instants as naive UTC text (what ``UTCDateTimeField``
    stores); rates as exact decimal text; enums as their value.
    """
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _quoted(field: Field) -> str:
    return f'"{field.column_name}"'


def _table(fields: Sequence[Field]) -> str:
    return f'"{fields[0].model._meta.table_name}"'


class PlacementWriter:
    """Bulk reads and writes of placement rows on one database, inside the caller's transaction."""

    def __init__(self, db: Database):
        self.db = db
        self.sqlite = isinstance(db, SqliteDatabase)
        self.param = "?" if self.sqlite else "%s"
        self._next_id: dict[str, int] = {}
        # SQLite before 3.32 allows 999 bound parameters a statement; leave room for the others.
        self._per_statement = min(SQLITE_MAX_VARIABLES - 10, MAX_PARAMETERS) if self.sqlite else MAX_PARAMETERS

    # Lookups: one query per batch.

    def _chunks(self, values: Sequence[Any]) -> Iterable[list[Any]]:
        """``values`` in pieces small enough for one statement's bound parameters."""
        values = list(values)
        for start in range(0, len(values), self._per_statement):
            yield values[start : start + self._per_statement]

    def _select_in(self, sql: str, values: Sequence[Any]) -> list[tuple]:
        found: list[tuple] = []
        for chunk in self._chunks(values):
            marks = ", ".join([self.param] * len(chunk))
            found.extend(self.db.execute_sql(sql.format(marks=marks), chunk).fetchall())
        return found

    def accounts(self, refs: Sequence[str]) -> dict[str, tuple[int, int, str]]:
        """ref → (account id, debtor id, currency) for the refs already in the database."""
        sql = 'SELECT "ref", "id", "debtor_id", "currency" FROM "account" WHERE "ref" IN ({marks})'
        return {ref: (id_, debtor, currency) for ref, id_, debtor, currency in self._select_in(sql, refs)}

    def debtors(self, national_ids: Sequence[str]) -> dict[str, int]:
        """national ID → the oldest debtor with it, for the IDs already in the database."""
        sql = 'SELECT "national_id", MIN("id") FROM "debtor" WHERE "national_id" IN ({marks}) GROUP BY "national_id"'
        return dict(self._select_in(sql, national_ids))

    def contacts(self, debtor_ids: Sequence[int]) -> dict[tuple[int, str, str], tuple[int, bool, str | None]]:
        """(debtor id, kind, value) → (contact point id, do-not-call, time zone) for these debtors' contact points."""
        sql = ('SELECT "debtor_id", "kind", "value", "id", "do_not_call", "time_zone" FROM "contact_point" '
               'WHERE "debtor_id" IN ({marks})')
        return {(d, k, v): (i, bool(n), z) for d, k, v, i, n, z in self._select_in(sql, debtor_ids)}

    def has_rows(self, table: str) -> bool:
        """Whether ``table`` (debtor or account) has any row."""
        return self.db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None

    def new_ids(self, table: str, count: int) -> list[int]:
        """``count`` fresh ids for ``table`` (debtor or account)."""
        if count == 0:
            return []
        if self.sqlite:
            # Safe under the import's write lock: nobody else inserts until it ends.
            start = self._next_id.get(table)
            if start is None:
                start = (self.db.execute_sql(f'SELECT MAX("id") FROM "{table}"').fetchone()[0] or 0) + 1
            self._next_id[table] = start + count
            return list(range(start, start + count))
        sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
        return [row[0] for row in self.db.execute_sql(sql, (table, count)).fetchall()]

    # Writes.

    def _insert(self, fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        columns = ", ".join(_quoted(f) for f in fields)
        sql = f"INSERT INTO {_table(fields)} ({columns}) VALUES "
        if not self.sqlite:
            from psycopg2.extras import execute_values

            execute_values(self.db.cursor(), sql + "%s", rows, page_size=PAGE)
            return
        # One row a statement, the driver looping in C: SQLite reuses the one prepared
        # statement. Many rows a statement looked cheaper at 100,000 rows, but at a
        # million it cost a third more (36 s against 27 s for the same rows).
        self.db.connection().executemany(sql + "(" + ", ".join("?" * len(fields)) + ")", rows)

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.sqlite:
            self.db.connection().executemany(sql, rows)
        else:
            from psycopg2.extras import execute_batch

            execute_batch(self.db.cursor(), sql, rows, page_size=PAGE)

    def insert_debtors(self, rows: Sequence[Sequence[Any]]) -> None:
        """New debtors, as tuples in :data:`DEBTOR_FIELDS` order (ids included)."""
        self._insert(DEBTOR_FIELDS, rows)

    def refresh_debtors(self, rows: Sequence[Sequence[Any]]) -> None:
        """Known debtors: (refresh values or None…, flags…, id); None keeps a value, a flag only turns on."""
        p = self.param
        keep = [f"{_quoted(f)} = COALESCE({p}, {_quoted(f)})" for f in DEBTOR_REFRESH]
        flags = [f"{_quoted(f)} = ({_quoted(f)} OR {p})" for f in DEBTOR_FLAGS]
        sql = f'UPDATE "debtor" SET {", ".join(keep + flags)} WHERE "id" = {p}'
        self._many(sql, rows)

    def insert_accounts(self, rows: Sequence[Sequence[Any]]) -> None:
        """New accounts, as tuples in :data:`ACCOUNT_FIELDS` order (ids included)."""
        self._insert(ACCOUNT_FIELDS, rows)

    def update_accounts(self, rows: Sequence[Sequence[Any]]) -> None:
        """Known accounts: (:data:`ACCOUNT_TERMS` values…, id). Stage, claims and notes stay."""
        p = self.param
        sets = ", ".join(f"{_quoted(f)} = {p}" for f in ACCOUNT_TERMS)
        self._many(f'UPDATE "account" SET {sets} WHERE "id" = {p}', rows)

    def insert_contacts(self, rows: Sequence[Sequence[Any]]) -> None:
        """New contact points, as tuples in :data:`CONTACT_FIELDS` order."""
        self._insert(CONTACT_FIELDS, rows)

    def set_contact_zones(self, zones: Sequence[tuple[str, int]]) -> None:
        """Known contact points the file gives a time zone: (zone, contact point id)."""
        p = self.param
        self._many(f'UPDATE "contact_point" SET "time_zone" = {p} WHERE "id" = {p}', zones)

    def mark_do_not_call(self, contact_ids: Iterable[int]) -> None:
        """Known contact points the creditor says not to call (never the other way round)."""
        p = self.param
        self._many(f'UPDATE "contact_point" SET "do_not_call" = {p} WHERE "id" = {p}', [(True, i) for i in contact_ids])

    def clear_lines(self, model: type[BaseModel], account_ids: Sequence[int]) -> int:
        """Remove these accounts' schedule lines, payments or charges before the file's replace them; how many."""
        removed = 0
        for chunk in self._chunks(account_ids):
            marks = ", ".join([self.param] * len(chunk))
            cursor = self.db.execute_sql(f'DELETE FROM "{model._meta.table_name}" WHERE "account_id" IN ({marks})',
                                         chunk)
            removed += max(cursor.rowcount, 0)
        return removed

    def count_lines(self, model: type[BaseModel], account_ids: Sequence[int]) -> int:
        """How many schedule lines, payments or charges these accounts have (what a replace would remove)."""
        sql = f'SELECT COUNT(*) FROM "{model._meta.table_name}" WHERE "account_id" IN ({{marks}})'
        return sum(int(row[0]) for row in self._select_in(sql, account_ids))

    def debtor_flags(self, debtor_ids: Sequence[int]) -> dict[int, tuple[bool, ...]]:
        """debtor id → its flags (cease_contact, dispute, vulnerable, attorney) as they are now."""
        columns = ", ".join(_quoted(f) for f in DEBTOR_FLAGS)
        sql = f'SELECT "id", {columns} FROM "debtor" WHERE "id" IN ({{marks}})'
        return {row[0]: tuple(bool(v) for v in row[1:]) for row in self._select_in(sql, debtor_ids)}

    def insert_lines(self, model: type[BaseModel], rows: Sequence[Sequence[Any]]) -> None:
        """Schedule lines, payments or charges, as tuples in :data:`LINE_FIELDS` order."""
        self._insert(LINE_FIELDS[model], rows)

    # What the derived figures are computed from.

    def figures_basis(self, account_ids: Sequence[int]) -> dict[int, tuple[int, list, int, list]]:
        """account id → (principal, [(due, amount)], paid, [(as_of, amount)]) for these accounts."""
        basis: dict[int, tuple[int, list, int, list]] = {}
        account = 'SELECT "id", "principal" FROM "account" WHERE "id" IN ({marks})'
        schedule = ('SELECT "account_id", "due", "principal" + "interest" FROM "schedule_line" '
                    'WHERE "account_id" IN ({marks})')
        paid = 'SELECT "account_id", SUM("amount") FROM "payment" WHERE "account_id" IN ({marks}) GROUP BY "account_id"'
        charges = 'SELECT "account_id", "as_of", "amount" FROM "charge" WHERE "account_id" IN ({marks})'
        for id_, principal in self._select_in(account, account_ids):
            basis[id_] = (principal, [], 0, [])
        for id_, due, amount in self._select_in(schedule, account_ids):
            basis[id_][1].append((_day(due), amount))
        for id_, total in self._select_in(paid, account_ids):
            principal, lines, _, claimed = basis[id_]
            basis[id_] = (principal, lines, int(total), claimed)
        for id_, as_of, amount in self._select_in(charges, account_ids):
            basis[id_][3].append((_day(as_of), amount))
        return basis

    def set_balances(self, rows: Sequence[tuple[int, int]]) -> None:
        """(balance, id) per account whose row left the balance to be derived."""
        self._many(f'UPDATE "account" SET "balance" = {self.param} WHERE "id" = {self.param}', rows)

    def set_overdue_since(self, rows: Sequence[tuple[str | None, int]]) -> None:
        """(first unpaid due date or None, id) per account whose row left it to be derived."""
        self._many(f'UPDATE "account" SET "overdue_since" = {self.param} WHERE "id" = {self.param}', rows)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
