"""The debtor lock the contact gate counts under: a second agent waits for the first one's attempt."""

from __future__ import annotations

from datetime import date

import psycopg2
import pytest

from agent_tui.store.claims import lock_debtor
from agent_tui.store.models import Debtor


# PostgreSQL only: on SQLite the BEGIN IMMEDIATE transaction already lets one writer at a time.
@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_a_locked_debtor_cannot_be_locked_by_a_second_agent_until_the_first_commits(db, db_url):
    debtor = Debtor.create(name="Chen Jie", national_id="110101198503070001", birth_date=date(1985, 3, 7),
                           time_zone="Asia/Shanghai")
    other = psycopg2.connect(db_url)
    try:
        with db.atomic():
            lock_debtor(db, debtor.id)
            with other.cursor() as cur, pytest.raises(psycopg2.errors.LockNotAvailable):
                cur.execute("SELECT id FROM debtor WHERE id = %s FOR UPDATE NOWAIT", (debtor.id,))
            other.rollback()
        with other.cursor() as cur:
            cur.execute("SELECT id FROM debtor WHERE id = %s FOR UPDATE NOWAIT", (debtor.id,))
            assert cur.fetchone() == (debtor.id,)
        other.rollback()
    finally:
        other.close()
