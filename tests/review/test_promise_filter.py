"""The promise filter gives the same notes whichever way it reads them, and reads a page without sorting."""

from __future__ import annotations

import pytest

from agent_tui.config import Config
from agent_tui.service.review import ReviewRefused, open_review
from agent_tui.service.review_views import NoteQuery
from agent_tui.store import note_search
from agent_tui.store.note_search import page_query

from .floor import NOW, all_pages, newest_first, write_floor

CHOICES = ["any", "open", "kept", "broken"]


@pytest.mark.parametrize("few", [10**9, 0], ids=["promises first", "note by note"])
def test_each_way_gives_exactly_the_notes_with_such_a_promise(review, floor_url, monkeypatch, few):
    monkeypatch.setattr(note_search, "FEW_ACCOUNTS", few)
    _, floor = floor_url
    seen = set()
    for choice in CHOICES:
        took = {p.note_id for p in floor.promises
                if p.note_id and choice in ("any", str(p.status), f"PromiseStatus.{str(p.status).upper()}")}
        expected = newest_first([n for n in floor.notes if n.id in took])
        assert all_pages(review, NoteQuery(promise=choice), 2) == expected, choice
        by_a002 = {m.id for m in floor.notes if m.agent.code == "A002"}
        assert all_pages(review, NoteQuery(promise=choice, agent="A002"), 2) == [n for n in expected if n in by_a002]
        if expected:
            seen.add(choice)
    assert {"any", "kept"} <= seen, "the floor must have such promises, or the test proves nothing"
    with pytest.raises(ReviewRefused):  # a status nobody has is named, not read as "no notes" or "every note"
        all_pages(review, NoteQuery(promise="teleported"), 2)


@pytest.mark.parametrize("choice", ["any", "kept"])
def test_many_promises_are_met_walking_the_newest_first_index(sqlite_url, monkeypatch, choice):
    monkeypatch.setattr(note_search, "FEW_ACCOUNTS", 0)
    write_floor(sqlite_url)
    review = open_review(Config(), sqlite_url, None, now=lambda: NOW)
    try:
        with review.reading():
            sql, params = page_query(review.note_filter(NoteQuery(promise=choice))).sql()
            plan = " | ".join(str(row[-1]) for row in review.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    finally:
        review.close()
    assert "call_note_created_at_id" in plan and "TEMP B-TREE" not in plan, plan
    if choice != "any":
        assert "promise_status_note_id" in plan, plan
