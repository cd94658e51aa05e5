"""The review cannot write: the connection itself refuses, and the service has nothing that writes."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from peewee import DatabaseError

from agent_tui.config import Config, ReviewConfig
from agent_tui.service import review as review_module
from agent_tui.service.review import Review, review_database_url
from agent_tui.store.models import CallNote

PACKAGE = Path(review_module.__file__).resolve().parents[1]

WRITES = [
    "INSERT INTO agent (code, name, role, team, active) VALUES ('X999', 'Intruder', 'agent', '', {true})",
    "UPDATE account SET balance = 0",
    "DELETE FROM promise",
]


@pytest.mark.parametrize("sql", WRITES, ids=["insert", "update", "delete"])
def test_the_connection_refuses_writes(review, sql):
    db = review.database
    true = "true" if "Postgres" in type(db).__name__ else "1"
    with db.connection_context(), pytest.raises(DatabaseError) as refused, db.atomic():
        db.execute_sql(sql.format(true=true))
    text = str(refused.value).lower()
    assert "read-only" in text or "readonly" in text, text


@pytest.mark.parametrize("sql", WRITES, ids=["insert", "update", "delete"])
def test_writes_are_refused_inside_the_review_snapshot_too(review, sql):
    db = review.database
    true = "true" if "Postgres" in type(db).__name__ else "1"
    with pytest.raises(DatabaseError), review.reading():
        db.execute_sql(sql.format(true=true))


def test_nothing_was_changed_by_the_attempts(review):
    db = review.database
    with review.reading():
        before = db.execute_sql("SELECT COUNT(*), SUM(balance) FROM account").fetchone()
    for sql in WRITES:
        try:
            with db.connection_context(), db.atomic():
                db.execute_sql(sql.format(true="1" if "Sqlite" in type(db).__name__ else "true"))
        except DatabaseError:
            pass
    with review.reading():
        after = db.execute_sql("SELECT COUNT(*), SUM(balance) FROM account").fetchone()
        assert not db.execute_sql("SELECT 1 FROM agent WHERE code = 'X999'").fetchall()
        assert CallNote.select().count() > 0
    assert tuple(after) == tuple(before)


_WRITE_CALLS = {"create", "save", "insert", "insert_many", "insert_from", "update", "delete", "delete_instance",
                "on_conflict_replace", "append_event", "note_event", "bulk_create", "bulk_update", "init_db",
                "upgrade_db", "create_tables", "drop_tables", "truncate_table"}


def _called_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


@pytest.mark.parametrize("relative", [
    "service/review.py", "service/review_views.py", "service/review_export.py", "service/review_masking.py",
    "store/note_search.py", "store/note_case.py", "store/team_figures.py", "store/export.py",
    "store/read_snapshot.py",
])
def test_review_code_calls_nothing_that_writes(relative):
    assert _called_names(PACKAGE / relative) & _WRITE_CALLS == set()


def test_the_review_service_has_no_write_methods():
    verbs = ("save", "create", "update", "delete", "insert", "write", "claim", "amend", "record", "append")
    public = [name for name, _ in inspect.getmembers(Review, callable) if not name.startswith("_")]
    assert public, "the review must offer something"
    assert [name for name in public if name.startswith(verbs)] == []


def test_review_reads_from_the_replica_when_config_names_one():
    config = Config(review=ReviewConfig(database_url="postgresql://replica:5432/floor"))
    assert review_database_url(config, None, "sqlite:///main.db") == "postgresql://replica:5432/floor"
    assert review_database_url(Config(), None, "sqlite:///main.db") == "sqlite:///main.db"
    assert review_database_url(config, "sqlite:///given.db", "sqlite:///main.db") == "sqlite:///given.db"
