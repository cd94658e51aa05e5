"""Telling a database that was busy (worth another try) from one that refused for good."""

from __future__ import annotations

import sqlite3
import threading

import peewee
import psycopg2
import pytest

from agent_tui.store.database import is_busy, open_database
from tests.pg_server import pg_admin, pg_schema


def test_sqlite_locked_by_another_writer_is_busy(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}", busy_timeout_ms=50)
    holder = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(peewee.OperationalError) as caught, db.atomic():
            pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert is_busy(caught.value)
    db.close()


def test_other_errors_are_not_busy(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    with pytest.raises(peewee.OperationalError) as caught:
        db.execute_sql("SELECT * FROM no_such_table")
    assert not is_busy(caught.value)
    assert not is_busy(ValueError("database is locked"))
    db.close()


def _pg_error(sql_a: str, sql_b: str, setup: str = "") -> BaseException:
    """The error the second session meets when the first holds what it needs."""
    with pg_schema("agent_tui_busy") as url:
        db = open_database(url)
        db.execute_sql("CREATE TABLE t (id int primary key)")
        db.execute_sql("INSERT INTO t VALUES (1), (2)")
        db.close()
        admin = pg_admin()
        schema = url.rsplit("%3D", 1)[1]
        other = psycopg2.connect(admin.dsn, options=f"-c search_path={schema}")
        with other.cursor() as cur:
            cur.execute(sql_a)
        db = open_database(url)
        try:
            with pytest.raises(peewee.DatabaseError) as caught, db.atomic():
                if setup:
                    db.execute_sql(setup)
                db.execute_sql(sql_b)
        finally:
            other.rollback()
            other.close()
            db.close()
            admin.close()
        return caught.value


@pytest.mark.postgres
def test_postgresql_lock_timeout_is_busy():
    error = _pg_error("SELECT * FROM t WHERE id = 1 FOR UPDATE", "UPDATE t SET id = 3 WHERE id = 1",
                      setup="SET LOCAL lock_timeout = 100")
    assert is_busy(error)


@pytest.mark.postgres
def test_postgresql_deadlock_is_busy():
    with pg_schema("agent_tui_busy") as url:
        db = open_database(url)
        db.execute_sql("CREATE TABLE t (id int primary key, n int)")
        db.execute_sql("INSERT INTO t VALUES (1, 0), (2, 0)")
        db.close()
        first, second = open_database(url), open_database(url)
        errors: list[BaseException] = []
        both_hold = threading.Barrier(2)

        def cross(db, mine: int, theirs: int) -> None:
            try:
                with db.atomic():
                    db.execute_sql("SET LOCAL deadlock_timeout = 50")
                    db.execute_sql("UPDATE t SET n = n + 1 WHERE id = %s", (mine,))
                    both_hold.wait()
                    db.execute_sql("UPDATE t SET n = n + 1 WHERE id = %s", (theirs,))
            except peewee.DatabaseError as error:
                errors.append(error)

        threads = [threading.Thread(target=cross, args=(first, 1, 2)),
                   threading.Thread(target=cross, args=(second, 2, 1))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        first.close()
        second.close()
    assert len(errors) == 1 and is_busy(errors[0])


@pytest.mark.postgres
def test_postgresql_constraint_errors_are_not_busy():
    error = _pg_error("SELECT 1", "INSERT INTO t VALUES (1)")
    assert not is_busy(error)
