"""A million notes page as fast as a thousand: each page is an index walk from the cursor, never a sort.

Proved from the query plans rather than by timing: for the browser's pages
(first and later, unfiltered and by each indexed filter) the database reads
an index that ends in (created_at, id), in order, and stops after a page.
``OFFSET`` never appears, so a late page costs what the first does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.config import Config
from agent_tui.service.review import open_review
from agent_tui.service.review_views import NoteQuery
from agent_tui.store.note_search import page_query

from .floor import NOW, write_floor

INDEXED = {
    "all notes": (NoteQuery(), "call_note_created_at_id"),
    "one agent": (NoteQuery(agent="A002"), "call_note_agent_id_created_at_id"),
    "one outcome": (NoteQuery(outcome="refused"), "call_note_outcome_created_at_id"),
    "flagged": (NoteQuery(flag="any"), "call_note_flagged_created_at_id"),
    "linter flags": (NoteQuery(flag="lint"), "call_note_flagged_created_at_id"),
    "date range": (NoteQuery(since=date(2025, 3, 1), until=date(2025, 3, 10)), "call_note_created_at_id"),
}


def _sqlite_plan(db, query) -> str:
    sql, params = query.sql()
    return " | ".join(str(row[-1]) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


@pytest.fixture(params=[False, True], ids=["fresh", "analyzed"])
def sqlite_review(request, sqlite_url):
    """The floor on SQLite, with and without the planner's statistics (ANALYZE)."""
    write_floor(sqlite_url)
    if request.param:
        from agent_tui.store import open_database

        writer = open_database(sqlite_url)
        writer.execute_sql("ANALYZE")
        writer.close()
    review = open_review(Config(), sqlite_url, None, now=lambda: NOW)
    yield review
    review.close()


@pytest.mark.parametrize("name", list(INDEXED))
def test_sqlite_pages_walk_an_index_in_order(sqlite_review, name):
    query, index = INDEXED[name]
    review = sqlite_review
    db = review.database
    first = review.notes(query, None, 3)
    assert first.next is not None, "the floor must have more than a page for this filter"
    spec = review.note_filter(query)
    with review.reading():
        for after in (None, first.next):
            sql = page_query(spec, after, 50).sql()[0]
            plan = _sqlite_plan(db, page_query(spec, after, 50))
            assert index in plan, plan
            assert "TEMP B-TREE" not in plan, plan
            assert "OFFSET" not in sql.upper()
            if after is not None:
                assert "<" in plan, f"a later page must start at the cursor: {plan}"


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("name", list(INDEXED))
def test_postgresql_pages_walk_an_index_in_order(db_url, name):
    write_floor(db_url)
    review = open_review(Config(), db_url, None, now=lambda: NOW)
    query, index = INDEXED[name]
    first = review.notes(query, None, 3)
    spec = review.note_filter(query)
    db = review.database
    try:
        with review.reading():
            # A few dozen rows fit one page: make the planner show the plan it uses for a big table.
            db.execute_sql("SET LOCAL enable_seqscan = off")
            db.execute_sql("SET LOCAL enable_bitmapscan = off")
            for after in (None, first.next):
                sql, params = page_query(spec, after, 50).sql()
                plan = "\n".join(row[0] for row in db.execute_sql("EXPLAIN " + sql, params))
                walks = (f"Index Scan Backward using {index}", f"Index Only Scan Backward using {index}")
                assert any(walk in plan for walk in walks), plan
                assert "Sort" not in plan, plan
    finally:
        review.close()


# --- the keyset holds for any data: ties, odd page sizes -----------------------------------

@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    minutes=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=40),
    size=st.integers(min_value=1, max_value=9),
)
def test_keyset_pages_equal_the_sorted_list(tmp_path_factory, minutes, size):
    from decimal import Decimal

    from agent_tui.store import init_db, open_database, use_database
    from agent_tui.store.models import Account, Agent, CallNote, Debtor

    url = f"sqlite:///{tmp_path_factory.mktemp('keyset') / 'k.db'}"
    db = use_database(open_database(url))
    init_db(db)
    with db.connection_context():
        agent = Agent.create(code="A001", name="A")
        debtor = Debtor.create(name="D")
        account = Account.create(ref="R1", debtor=debtor, creditor="C", principal=1, annual_rate=Decimal("0"),
                                 start_date=date(2024, 1, 1))
        base = datetime(2025, 1, 1, tzinfo=NOW.tzinfo)
        notes = [CallNote.create(account=account, agent=agent, outcome="no_answer",
                                 created_at=base + timedelta(minutes=m)) for m in minutes]
    db.close()
    review = open_review(Config(), url, None, now=lambda: NOW)
    ids, after = [], None
    while True:
        page = review.notes(NoteQuery(), after, size)
        ids += [line.id for line in page.lines]
        if page.next is None:
            break
        after = page.next
    review.close()
    assert ids == [n.id for n in sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)]
