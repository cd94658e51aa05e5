"""The review's and the queue's queries have indexes that serve them."""

from __future__ import annotations

import pytest

from agent_tui.store.database import open_database
from agent_tui.store.models import MODELS, Account, CallAttempt, CallNote
from agent_tui.store.schema import init_db

from . import rows


def _index_columns(db, table):
    return {tuple(index.columns) for index in db.get_indexes(table)}


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("call_note", ("created_at", "id")),
        ("call_note", ("agent_id", "created_at", "id")),
        ("call_note", ("outcome", "created_at", "id")),
        ("call_note", ("flagged", "created_at", "id")),
        ("call_note", ("account_id", "created_at")),
        ("account", ("stage", "next_action_at")),
        ("account", ("assigned_agent_id", "stage")),
        ("account", ("claimed_by_id", "lease_until")),
        ("call_attempt", ("debtor_id", "started_at")),
        ("call_attempt", ("contact_point_id", "started_at")),
        ("promise", ("status", "due")),
        ("promise", ("status", "note_id")),
        ("draft", ("agent_id", "account_id")),
    ],
)
def test_index_exists(db, table, columns):
    assert columns in _index_columns(db, table)


def _plan(db, query) -> str:
    sql, params = query.sql()
    return " | ".join(str(row[-1]) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_review_pages_by_agent_without_sorting(tmp_path):
    """On SQLite: newest-first pages of one agent's notes read the index in order."""
    db = open_database(f"sqlite:///{tmp_path / 'plan.db'}")
    init_db(db)
    with db.bind_ctx(MODELS):
        agent = rows.agent()
        acct = rows.account()
        for _ in range(3):
            rows.note(acct, agent)
        db.execute_sql("ANALYZE")
        last = CallNote.select().order_by(CallNote.created_at.desc(), CallNote.id.desc()).first()
        page = (
            CallNote.select()
            .where((CallNote.agent == agent) & (CallNote.created_at <= last.created_at))
            .order_by(CallNote.created_at.desc(), CallNote.id.desc())
            .limit(50)
        )
        plan = _plan(db, page)
        assert "call_note_agent_id_created_at_id" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
        queue = (
            Account.select()
            .where(Account.stage == "new")
            .order_by(Account.next_action_at)
            .limit(50)
        )
        plan = _plan(db, queue)
        assert "account_stage_next_action_at" in plan and "TEMP B-TREE" not in plan, plan
        caps = CallAttempt.select().where(
            (CallAttempt.debtor == acct.debtor) & (CallAttempt.started_at >= rows.T0)
        )
        assert "call_attempt_debtor_id_started_at" in _plan(db, caps)
    db.close()
