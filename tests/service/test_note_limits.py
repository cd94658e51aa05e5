"""The note's limits on both databases: a note too long or holding a NUL is refused by field, the draft kept.

A 50 MB note took half a minute to save and held the floor's write lock, and a
NUL character saved on SQLite but failed on PostgreSQL with a driver error.
"""

from __future__ import annotations

import dataclasses
import time

from agent_tui.config import NotesConfig
from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.service.workstation.notes import DRAFT_ROOM
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import CallNote

from .desk import Clock, desk_config, verified_call


def _reasons(result) -> dict[str, str]:
    return {p.field: p.reason.key.rsplit(".", 1)[1] for p in result.problems}


def test_a_note_over_the_limit_is_refused_with_a_message_and_the_draft_kept(station, desk):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    draft = NoteDraft(outcome="right_party", text="x" * 10_001)
    station.save_draft(desk.promise_due, draft, revision=1)
    result = station.save_note(desk.promise_due, draft, revision=1)
    assert not result.saved
    assert _reasons(result) == {"text": "text_too_long"}
    assert "10000" in result.problems[0].reason.render("en")
    assert station.load_draft(desk.promise_due).text == "x" * 10_001
    assert CallNote.select().where(CallNote.account == desk.promise_due).count() == 0
    shorter = dataclasses.replace(draft, text="x" * 10_000)
    assert station.save_note(desk.promise_due, shorter, revision=2).saved


def test_a_nul_is_refused_beside_its_field_and_the_draft_keeps_it(station, desk):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    draft = NoteDraft(outcome="right_party", hardship="other\x00", text="Said\x00 nothing")
    station.save_draft(desk.promise_due, draft, revision=1)
    assert station.load_draft(desk.promise_due) == draft  # the draft is JSON: the NUL is kept escaped
    result = station.save_note(desk.promise_due, draft, revision=1)
    assert not result.saved
    assert _reasons(result) == {"hardship": "nul_character", "text": "nul_character"}
    assert CallNote.select().where(CallNote.account == desk.promise_due).count() == 0
    assert station.search("Wang\x00") == []


def test_the_limit_comes_from_the_config_and_a_huge_draft_is_kept_cut(desk):
    set_language("en")
    db = use_database(open_database(desk.url))
    config = desk_config(notes=NotesConfig(max_length=100))
    station = Workstation(db, config, desk.agent, now=Clock(), dialer=Dialer(""))
    try:
        station.open_case(desk.promise_due)
        verified_call(station, desk.promise_due)
        result = station.save_note(desk.promise_due, NoteDraft(outcome="right_party", text="y" * 101))
        assert _reasons(result) == {"text": "text_too_long"}
        started = time.perf_counter()
        station.save_draft(desk.promise_due, NoteDraft(text="z" * 5_000_000), revision=1)
        assert time.perf_counter() - started < 2
        assert station.load_draft(desk.promise_due).text == "z" * (DRAFT_ROOM * 100)
    finally:
        db.close()
