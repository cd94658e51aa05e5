"""A save while another program holds the database's lock: it waits and tries again until it is saved.

With the shipped settings (SQLite's busy timeout of
:data:`~agent_tui.store.database.DEFAULT_BUSY_TIMEOUT_MS`), a lock held for
longer than that timeout still ends in a saved note; the agent may instead
stop waiting and keep the note as a draft. On PostgreSQL a lock timeout is
waited out the same way.
"""

from __future__ import annotations

import threading
import time

import psycopg2
import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import DEFAULT_BUSY_TIMEOUT_MS, open_database, use_database
from agent_tui.store.models import CallNote, Draft
from tests.pg_server import pg_schema

from .desk import Clock, build_desk, desk_config, verified_call
from .lock_holder import WriteLockHolder

HELD_SECONDS = 3.0
#: Twice the shipped busy timeout: the database's own wait runs out, and the save must try again.
LONG_HOLD_SECONDS = 10.0
NOTE = NoteDraft(outcome="right_party", text="Call back at six")


def _station(tmp_path):
    set_language("en")
    desk = build_desk(tmp_path / "desk.db")
    db = use_database(open_database(desk.url))
    station = Workstation(db, desk_config(), desk.agent, now=Clock(), dialer=Dialer(""))
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    return desk, db, station


def _watch(station, until: threading.Event) -> list:
    """What ``station.waiting()`` says, every tenth of a second, until ``until`` is set (in a thread)."""
    seen: list = []

    def watch() -> None:
        while not until.wait(0.1):
            seen.append(station.waiting())

    threading.Thread(target=watch, daemon=True).start()
    return seen


def test_the_busy_timeout_outlasts_a_three_second_lock():
    assert DEFAULT_BUSY_TIMEOUT_MS / 1000 > HELD_SECONDS


def test_a_note_saved_under_another_writers_lock_waits_and_is_saved(tmp_path):
    desk, db, station = _station(tmp_path)
    holder = WriteLockHolder(desk.url, HELD_SECONDS)
    try:
        result = station.save_note(desk.promise_due, NOTE)
        # The save could only commit once the other writer let go.
        assert holder.released.is_set()
    finally:
        holder.join()
    assert result.saved, result.problems
    assert CallNote.get_by_id(result.note_id).text == "Call back at six"
    db.close()


@pytest.mark.slow
def test_a_lock_held_longer_than_the_busy_timeout_still_ends_in_a_saved_note(tmp_path):
    assert LONG_HOLD_SECONDS > 1.5 * DEFAULT_BUSY_TIMEOUT_MS / 1000
    desk, db, station = _station(tmp_path)
    station.save_draft(desk.promise_due, NOTE, revision=1)
    done = threading.Event()
    seen = _watch(station, done)
    holder = WriteLockHolder(desk.url, LONG_HOLD_SECONDS)
    try:
        started = time.monotonic()
        result = station.save_note(desk.promise_due, NOTE, revision=1)
        assert holder.released.is_set()
        assert time.monotonic() - started >= LONG_HOLD_SECONDS - 0.5
    finally:
        done.set()
        holder.join()
    assert result.saved, result.problems
    assert CallNote.get_by_id(result.note_id).text == "Call back at six"
    # It said it was waiting, and how many tries the database had refused.
    waits = [w for w in seen if w is not None]
    assert waits and max(w.tries for w in waits) >= 1
    assert station.waiting() is None
    with db.connection_context():
        assert Draft.select().count() == 0  # the note has it: the draft is gone
    db.close()


@pytest.mark.slow
def test_the_agent_may_stop_waiting_and_keep_the_note_as_a_draft(tmp_path):
    desk, db, station = _station(tmp_path)
    station.save_draft(desk.promise_due, NOTE, revision=1)
    holder = WriteLockHolder(desk.url, LONG_HOLD_SECONDS)
    stopper = threading.Timer(1.0, station.stop_waiting)
    stopper.start()
    try:
        with pytest.raises(CaseRefused) as refused:
            station.save_note(desk.promise_due, NOTE, revision=1)
        assert refused.value.msg.key == "workstation.refused.kept_as_draft"
        assert not holder.released.is_set()  # it stopped while the lock was still held
    finally:
        stopper.join()
        holder.join()
    with db.connection_context():
        assert CallNote.select().count() == 0
        assert Draft.select().count() == 1  # the draft is there, and the case is still the agent's
    # Nothing of the case was let go: Ctrl+S again, the database free, saves it.
    result = station.save_note(desk.promise_due, NOTE, revision=2)
    assert result.saved, result.problems
    db.close()


class RowLockHolder:
    """Another PostgreSQL session holding the account's row lock for ``seconds``, in a thread."""

    def __init__(self, url: str, account_id: int, seconds: float) -> None:
        from urllib.parse import parse_qs, urlparse

        options = parse_qs(urlparse(url).query).get("options", [""])[0]
        self.conn = psycopg2.connect(url.split("?", 1)[0], options=options)
        with self.conn.cursor() as cur:
            cur.execute("SELECT id FROM account WHERE id = %s FOR UPDATE", (account_id,))
        self.released = threading.Event()
        self._timer = threading.Timer(seconds, self._release)
        self._timer.start()

    def _release(self) -> None:
        self.released.set()
        self.conn.rollback()
        self.conn.close()

    def join(self) -> None:
        self._timer.join()


@pytest.mark.postgres
def test_on_postgresql_a_lock_timeout_is_waited_out_and_the_note_saved():
    set_language("en")
    with pg_schema("agent_tui_lock") as url:
        desk = build_desk(url)
        # A floor whose server gives up on a lock after a fifth of a second.
        db = use_database(open_database(url.replace("search_path", "lock_timeout%3D200%20-c%20search_path")))
        station = Workstation(db, desk_config(), desk.agent, now=Clock(), dialer=Dialer(""))
        station.open_case(desk.promise_due)
        verified_call(station, desk.promise_due)
        with db.connection_context():
            assert db.execute_sql("SHOW lock_timeout").fetchone()[0] == "200ms"
        done = threading.Event()
        seen = _watch(station, done)
        holder = RowLockHolder(url, desk.promise_due, 2.0)
        try:
            result = station.save_note(desk.promise_due, NOTE)
            assert holder.released.is_set()
        finally:
            done.set()
            holder.join()
        assert result.saved, result.problems
        assert max(w.tries for w in seen if w is not None) >= 2  # the server refused it, more than once
        with db.connection_context():
            assert CallNote.get_by_id(result.note_id).text == "Call back at six"
        db.close()
