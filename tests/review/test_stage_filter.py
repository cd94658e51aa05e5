"""The stage filter gives the same notes whichever way it reads them: accounts first, or note by note."""

from __future__ import annotations

import pytest

from agent_tui.service.review_views import NoteQuery
from agent_tui.store import note_search

from .floor import all_pages, newest_first


@pytest.mark.parametrize("few", [10**9, 0], ids=["accounts first", "note by note"])
@pytest.mark.parametrize("stage", ["promised", "confirmed"])
def test_each_way_gives_exactly_the_stages_notes(review, floor_url, monkeypatch, few, stage):
    monkeypatch.setattr(note_search, "FEW_ACCOUNTS", few)
    _, floor = floor_url
    expected = newest_first([n for n in floor.notes if str(n.account.stage) in (stage, f"Stage.{stage.upper()}")])
    assert expected, "the floor must have notes in this stage, or the test proves nothing"
    assert all_pages(review, NoteQuery(stage=stage), 3) == expected
    by_a002 = {m.id for m in floor.notes if m.agent.code == "A002"}
    assert all_pages(review, NoteQuery(stage=stage, agent="A002"), 2) == [n for n in expected if n in by_a002]
