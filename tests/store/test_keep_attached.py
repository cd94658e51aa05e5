"""An idle connection held open spares each use case's connection the checkpoint on close."""

from __future__ import annotations

import os

from agent_tui.store.database import keep_attached, open_database
from agent_tui.store.schema import init_db


def _write_and_close(url: str) -> None:
    db = open_database(url)
    with db.connection_context(), db.atomic():
        db.execute_sql("INSERT INTO agent (code, name, role, team, active) VALUES ('A9', 'Nine', 'agent', '', 1)")


def test_without_a_held_connection_the_last_close_checkpoints(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    db = open_database(url)
    init_db(db)
    db.close()
    _write_and_close(url)
    wal = tmp_path / "desk.db-wal"
    assert not wal.exists() or os.path.getsize(wal) == 0


def test_with_a_held_connection_closing_leaves_the_wal_to_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    db = open_database(url)
    init_db(db)
    db.close()
    held = keep_attached(open_database(url))
    _write_and_close(url)
    assert os.path.getsize(tmp_path / "desk.db-wal") > 0  # not checkpointed: no sync on this close
    held.close()
    reader = open_database(url)
    assert reader.execute_sql("SELECT name FROM agent WHERE code = 'A9'").fetchone() == ("Nine",)


def test_nothing_is_held_for_postgresql_or_memory():
    assert keep_attached(open_database("sqlite:///:memory:")) is None
