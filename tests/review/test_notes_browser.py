"""The notes browser's pages: newest first, every note once, each filter exactly, by keyset."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent_tui.service.review_views import NoteQuery

from .floor import NOW, all_pages, newest_first

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("size", [1, 4, 7, 50])
def test_pages_cover_every_note_once_newest_first(review, floor_url, size):
    _, floor = floor_url
    assert all_pages(review, NoteQuery(), size) == newest_first(floor.notes)


def test_ties_in_time_are_ordered_by_id_and_split_across_pages(review, floor_url):
    _, floor = floor_url
    tied = {n.created_at for n in floor.notes if sum(m.created_at == n.created_at for m in floor.notes) > 1}
    assert tied, "the floor must hold notes saved at the same instant"
    assert all_pages(review, NoteQuery(), 2) == newest_first(floor.notes)


def _local_day(note) -> date:
    return note.created_at.astimezone(ZONE).date()


FILTERS = {
    "agent": (NoteQuery(agent="A002"), lambda n, f: n.agent.code == "A002"),
    "outcome": (NoteQuery(outcome="right_party"), lambda n, f: n.outcome.value == "right_party"),
    "flag any": (NoteQuery(flag="any"), lambda n, f: n.flagged),
    "flag lint": (NoteQuery(flag="lint"), lambda n, f: bool(n.lint_flags)),
    "flag compliance": (NoteQuery(flag="compliance"), lambda n, f: bool(n.compliance_flags)),
    "not flagged": (NoteQuery(flag="clean"), lambda n, f: not n.flagged),
    "stage": (NoteQuery(stage="promised"), lambda n, f: str(n.account.stage) in ("promised", "Stage.PROMISED")),
    "any promise": (NoteQuery(promise="any"), lambda n, f: any(p.note_id == n.id for p in f.promises)),
    "kept promise": (NoteQuery(promise="kept"),
                     lambda n, f: any(p.note_id == n.id and p.status == "kept" for p in f.promises)),
    "since": (NoteQuery(since=date(2025, 3, 10)), lambda n, f: _local_day(n) >= date(2025, 3, 10)),
    "until": (NoteQuery(until=date(2025, 3, 10)), lambda n, f: _local_day(n) <= date(2025, 3, 10)),
    "one day": (NoteQuery(since=date(2025, 3, 12), until=date(2025, 3, 12)),
                lambda n, f: _local_day(n) == date(2025, 3, 12)),
    "name part": (NoteQuery(search="伟"), lambda n, f: "伟" in n.account.debtor.name),
    "name any case": (NoteQuery(search="maria"), lambda n, f: "maria" in n.account.debtor.name.lower()),
    "ref prefix": (NoteQuery(search="HX-2024-000002"), lambda n, f: n.account.ref.startswith("HX-2024-000002")),
    "wildcards are literal": (NoteQuery(search="50%_off"), lambda n, f: "50%_off" in n.account.debtor.name),
    "percent alone": (NoteQuery(search="%"), lambda n, f: "%" in n.account.debtor.name),
    "combined": (NoteQuery(agent="A003", outcome="promise_to_pay"),
                 lambda n, f: n.agent.code == "A003" and n.outcome.value == "promise_to_pay"),
    "unknown agent": (NoteQuery(agent="NOBODY"), lambda n, f: False),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_gives_exactly_its_notes(review, floor_url, name):
    _, floor = floor_url
    query, keep = FILTERS[name]
    expected = newest_first([n for n in floor.notes if keep(n, floor)])
    assert all_pages(review, query, 3) == expected
    if name not in ("unknown agent", "wildcards are literal", "percent alone"):
        assert expected, f"the floor must have notes for {name!r}, or the test proves nothing"


def test_lines_carry_what_the_table_shows(review, floor_url):
    _, floor = floor_url
    page = review.notes(NoteQuery(promise="any"), None, 50)
    by_id = {n.id: n for n in floor.notes}
    for line in page.lines:
        note = by_id[line.id]
        assert line.agent_code == note.agent.code
        assert line.account_ref == note.account.ref
        assert line.debtor_name == note.account.debtor.name
        promises = [(p.amount, p.status) for p in floor.promises if p.note_id == line.id]
        assert list(line.promises) == promises


def test_the_amendment_points_at_the_note_it_corrects(review, floor_url):
    _, floor = floor_url
    amendment = floor.notes[-1]
    lines = {line.id: line for line in review.notes(NoteQuery(), None, 100).lines}
    assert lines[amendment.id].amends_id == floor.notes[0].id


def test_a_later_page_starts_right_after_the_cursor(review, floor_url):
    _, floor = floor_url
    first = review.notes(NoteQuery(), None, 5)
    second = review.notes(NoteQuery(), first.next, 5)
    order = newest_first(floor.notes)
    assert [line.id for line in second.lines] == order[5:10]
    assert NOW - timedelta(days=365) < second.lines[-1].created_at <= first.lines[-1].created_at
