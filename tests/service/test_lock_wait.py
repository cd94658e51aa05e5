"""A save while another program holds SQLite's write lock: it waits for the lock, then saves."""

from __future__ import annotations

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import DEFAULT_BUSY_TIMEOUT_MS, open_database, use_database
from agent_tui.store.models import CallNote

from .desk import Clock, build_desk, desk_config, verified_call
from .lock_holder import WriteLockHolder

HELD_SECONDS = 3.0


def test_the_busy_timeout_outlasts_a_three_second_lock():
    assert DEFAULT_BUSY_TIMEOUT_MS / 1000 > HELD_SECONDS


def test_a_note_saved_under_another_writers_lock_waits_and_is_saved(tmp_path):
    set_language("en")
    desk = build_desk(tmp_path / "desk.db")
    db = use_database(open_database(desk.url))
    station = Workstation(db, desk_config(), desk.agent, now=Clock(), dialer=Dialer(""))
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    holder = WriteLockHolder(desk.url, HELD_SECONDS)
    try:
        result = station.save_note(desk.promise_due, NoteDraft(outcome="right_party", text="Call back at six"))
        # The save could only commit once the other writer let go.
        assert holder.released.is_set()
    finally:
        holder.join()
    assert result.saved, result.problems
    assert CallNote.get_by_id(result.note_id).text == "Call back at six"
    db.close()
