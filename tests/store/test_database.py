"""Opening databases: SQLite set-up, private files, read-only connections, clear errors."""

from __future__ import annotations

import os
import stat

import peewee
import pytest

from agent_tui.store.database import open_database, redacted, sqlite_path, url_params
from agent_tui.store.errors import DatabaseUnavailable, DatabaseUrlError, StoreError, TextRefused
from agent_tui.store.models import MODELS, Agent, ContactPoint
from agent_tui.store.schema import init_db

from . import rows


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_sqlite_connection_pragmas(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}", busy_timeout_ms=1234)
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("foreign_keys") == 1
    assert db.pragma("busy_timeout") == 1234
    assert db.pragma("synchronous") == 1  # NORMAL
    assert db.pragma("cache_size") == -2000  # SQLite's own default unless asked
    db.close()


def test_a_connection_page_cache_can_be_capped(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}", cache_kib=512)
    assert db.pragma("cache_size") == -512
    db.close()
    init_db(open_database(f"sqlite:///{tmp_path / 'a.db'}"))
    ro = open_database(f"sqlite:///{tmp_path / 'a.db'}", read_only=True, cache_kib=256)
    assert ro.pragma("cache_size") == -256
    ro.close()


def test_url_parts_are_read_as_the_driver_takes_them():
    params = url_params("postgresql://lead%40floor:p%3Ass@db.example:5433/team?connect_timeout=3&sslmode=require&x=none")
    assert params == {
        "database": "team", "user": "lead@floor", "password": "p:ss", "host": "db.example", "port": 5433,
        "connect_timeout": 3, "sslmode": "require", "x": None,
    }
    assert url_params("sqlite://")["database"] == ":memory:"
    expected = {"database": "desk.db", "check_same_thread": False}
    assert url_params("sqlite:///desk.db?check_same_thread=false") == expected


def test_sqlite_file_is_private_even_with_an_open_umask(tmp_path):
    path = tmp_path / "deeper" / "still" / "a.db"
    old = os.umask(0)
    try:
        db = open_database(f"sqlite:///{path}")
        init_db(db)
        with db.bind_ctx(MODELS):
            rows.agent()
            assert (path.parent / "a.db-wal").exists()
            assert _mode(path.parent / "a.db-wal") == 0o600
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    db.close()


def test_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    open_database(f"sqlite:///{path}").close()
    assert _mode(path) == 0o640


def test_relative_sqlite_path_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = open_database("sqlite:///rel/here.db")
    assert sqlite_path(db) == tmp_path / "rel" / "here.db"
    assert (tmp_path / "rel" / "here.db").is_file()


def test_empty_url_opens_the_demo_database(_isolated_home):
    db = open_database("")
    assert sqlite_path(db) == _isolated_home / "demo.db"
    assert (_isolated_home / "demo.db").is_file()


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("mysql://localhost/x", DatabaseUrlError),
        ("localhost/x.db", DatabaseUrlError),
        ("postgresql://u:secret@localhost:notaport/test", DatabaseUrlError),
        ("postgresql://localhost/", DatabaseUrlError),
        ("postgresql://u:secret@127.0.0.1:1/test?connect_timeout=2", DatabaseUnavailable),
    ],
)
def test_bad_urls_give_one_line_without_the_password(url, error):
    with pytest.raises(error) as caught:
        open_database(url)
    text = str(caught.value)
    assert "\n" not in text and text
    assert "secret" not in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///{tmp}/a.db?foo=1", "the database URL's parameter 'foo' is not one SQLite takes; remove it"),
        ("sqlite:///{tmp}/a.db?timeout=3", "the database URL's parameter 'timeout' is not one SQLite takes; remove it"),
        ("postgresql://u:secret@127.0.0.1/test?sslmod=require",
         "the database URL's parameter 'sslmod' is not one PostgreSQL takes (did you mean 'sslmode'?)"),
    ],
)
def test_an_unknown_url_parameter_is_named_before_the_driver_sees_it(tmp_path, url, expected):
    with pytest.raises(DatabaseUrlError) as caught:
        open_database(url.format(tmp=tmp_path))
    assert str(caught.value) == expected
    assert not (tmp_path / "a.db").exists()
    open_database(f"sqlite:///{tmp_path / 'b.db'}?check_same_thread=false&cached_statements=64").close()


def test_a_nul_character_never_reaches_either_database(db):
    with pytest.raises(TextRefused) as caught:
        rows.agent(name="Wang\x00Wei")
    assert "NUL" in str(caught.value)
    assert Agent.select().count() == 0
    agent = rows.agent(name="Wang Wei")
    with pytest.raises(TextRefused):
        Agent.update(team="a\x00").where(Agent.id == agent.id).execute()
    assert Agent.get_by_id(agent.id).team == ""
    with pytest.raises(TextRefused):  # PostgreSQL's driver raised a ValueError for a search too
        Agent.select().where(Agent.name == "a\x00").count()


def test_sqlite_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database, just some words " * 100)
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(f"sqlite:///{path}")
    assert str(path) in str(caught.value)


def test_read_only_needs_an_existing_file(tmp_path):
    with pytest.raises(DatabaseUnavailable):
        open_database(f"sqlite:///{tmp_path / 'missing.db'}", read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_redacted_hides_only_the_password():
    assert redacted("postgresql://lead:pa55@db.example:5432/team") == "postgresql://lead:***@db.example:5432/team"
    assert redacted("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_foreign_keys_are_enforced(db):
    with pytest.raises(peewee.IntegrityError), db.atomic():
        ContactPoint.create(debtor=987654, kind="mobile", value="13800000000")


def test_read_only_connection_refuses_every_write(db, db_url):
    kept = rows.agent(name="Kept")
    reader = open_database(db_url, read_only=True)
    try:
        with reader.bind_ctx(MODELS):
            assert Agent.get_by_id(kept.id).name == "Kept"
            attempts = [
                lambda: Agent.create(code="NEW", name="New"),
                lambda: Agent.update(name="Changed").where(Agent.id == kept.id).execute(),
                lambda: Agent.delete().where(Agent.id == kept.id).execute(),
                lambda: reader.execute_sql("CREATE TABLE intruder (x INTEGER)"),
            ]
            for write in attempts:
                with pytest.raises(peewee.DatabaseError):
                    write()
            assert [a.name for a in Agent.select()] == ["Kept"]
    finally:
        reader.close()
    assert Agent.select().count() == 1


def test_read_only_connection_cannot_create_a_schema(tmp_path):
    path = tmp_path / "empty.db"
    open_database(f"sqlite:///{path}").close()
    reader = open_database(f"sqlite:///{path}", read_only=True)
    with pytest.raises(StoreError):
        init_db(reader)
    reader.close()
