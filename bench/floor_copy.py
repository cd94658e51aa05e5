"""A big floor in little time: the floor's cases copied with PostgreSQL's COPY until there are N accounts.

:func:`tests.load.floor.build_floor` writes each case through the models,
row by row: right for a few hundred cases, hours for a million. Here a
template of cases written that way is copied on the server: for each table
of a case (debtor, numbers, account, schedule, payments, charges) one
``COPY (SELECT …) TO STDOUT`` reads the template's rows ``copies`` times over,
each copy's ids and references moved past the last, and one ``COPY … FROM
STDIN`` writes them, in batches so memory stays small. The id sequences are
then moved past the new ids and the planner's statistics refreshed.
"""

from __future__ import annotations

import io
import time

#: The tables of a case, parents first, with the foreign keys that point into each other.
TABLES = ("debtor", "contact_point", "account", "schedule_line", "payment", "charge")
#: Copies of the template written per COPY.
BATCH = 200


def grow_floor(conn, accounts: int) -> float:
    """Copy the template cases already in the connection's schema until there are ``accounts``; the seconds taken.

    ``conn`` is a psycopg2 connection whose search path is the floor's schema.
    """
    started = time.perf_counter()
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM account")
    (template,) = cur.fetchone()
    copies = max(0, -(-accounts // template) - 1)  # beyond the template itself
    strides = {}
    for table in TABLES:
        cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        strides[table] = cur.fetchone()[0]
    for first in range(1, copies + 1, BATCH):
        last = min(copies, first + BATCH - 1)
        for table in TABLES:
            columns = _columns(cur, table)
            select = ", ".join(_moved(table, column, strides) for column in columns)
            buffer = io.StringIO()
            query = (f"SELECT {select} FROM {table} t CROSS JOIN generate_series({first}, {last}) g "
                     f"WHERE t.id <= {strides[table]}")
            # Only as many accounts as asked for (the last copy may be cut short), and only their rows.
            if table == "account":
                query += f" AND t.id + g * {strides['account']} <= {accounts}"
            elif table in ("schedule_line", "payment", "charge"):
                query += f" AND t.account_id + g * {strides['account']} <= {accounts}"
            cur.copy_expert(f"COPY ({query}) TO STDOUT", buffer)
            buffer.seek(0)
            cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        conn.commit()
    for table in TABLES:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    conn.commit()
    old = conn.autocommit
    conn.autocommit = True
    cur.execute("ANALYZE")
    conn.autocommit = old
    return time.perf_counter() - started


def _columns(cur, table: str) -> list[str]:
    cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position", (table,))
    return [name for (name,) in cur.fetchall()]


def _moved(table: str, column: str, strides: dict[str, int]) -> str:
    """The column as copy ``g`` of the template has it: ids past the last copy's, references of their own."""
    if column == "id":
        return f"t.id + g * {strides[table]}"
    if column == "debtor_id":
        return f"t.debtor_id + g * {strides['debtor']}"
    if column == "account_id":
        return f"t.account_id + g * {strides['account']}"
    if table == "account" and column == "ref":
        return "t.ref || '-' || g"
    if table == "debtor" and column == "national_id":
        return "left(t.national_id, 6) || lpad((g * 100000 + t.id)::text, 12, '0')"
    if table == "contact_point" and column == "value":
        return "t.value || lpad(g::text, 6, '0')"
    if table == "payment" and column == "reference":
        return "t.reference || '-' || g"
    return f"t.{column}"
