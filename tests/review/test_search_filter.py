"""The search gives the same notes whichever way it reads them, and what the unindexed LIKE gave.

A name or a reference finds few accounts, whose notes are read and sorted; a
wide search is checked note by note down the newest-first index. Both ways,
on SQLite (through its name index) and PostgreSQL, the notes are exactly
those on accounts whose reference starts with the text or whose debtor's
name contains it, case aside for Latin letters.
"""

from __future__ import annotations

import pytest

from agent_tui.service.review_views import NoteQuery
from agent_tui.store import note_search

from .floor import all_pages, newest_first


def _matches(note, text: str) -> bool:
    account = note.account
    return account.ref.lower().startswith(text.lower()) or text.lower() in account.debtor.name.lower()


SEARCHES = ["伟", "张伟", "李", "娜", "Maria Lopez", "LOPEZ", "ria", "o'brien", "50%_", "%_o", "hx-2024-00000",
            "HX-2024-000003", "HX", "h", "张伟x", "zz"]


@pytest.mark.parametrize("few", [10**9, 0], ids=["accounts first", "note by note"])
def test_each_way_gives_exactly_the_searched_notes(review, floor_url, monkeypatch, few):
    monkeypatch.setattr(note_search, "FEW_ACCOUNTS", few)
    _, floor = floor_url
    found_any = set()
    for text in SEARCHES:
        expected = newest_first([n for n in floor.notes if _matches(n, text)])
        assert all_pages(review, NoteQuery(search=text), 4) == expected, text
        if expected:
            found_any.add(text)
        by_a002 = [n for n in expected
                   if floor.notes and any(m.id == n and m.agent.code == "A002" for m in floor.notes)]
        assert all_pages(review, NoteQuery(search=text, agent="A002"), 3) == by_a002, text
    assert {"伟", "张伟", "LOPEZ", "ria", "hx-2024-00000", "HX", "o'brien"} <= found_any
