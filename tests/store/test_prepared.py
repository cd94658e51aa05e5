"""Prepared statements send what Peewee would: the same SQL, the same converted values, the same rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from peewee import CharField, DatabaseProxy, Model
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.store import claims
from agent_tui.store.database import open_database
from agent_tui.store.models import Account, Agent, CallAttempt, CallNote, PlanLine, Promise
from agent_tui.store.prepared import PARAMS_KEPT, SHAPES_KEPT, Prepared, insert, padded, slot, slot_rows, slots

from . import rows

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
SQLITE = open_database("sqlite:///:memory:")

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
ids = st.lists(st.integers(min_value=1, max_value=2**40), min_size=1, max_size=12)


def _peewee(query) -> tuple[str, list]:
    return SQLITE.get_sql_context().sql(query).query()


@settings(max_examples=60, deadline=None)
@given(agent=st.integers(min_value=1, max_value=10_000), accounts=ids, now=moments,
       after=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)))
def test_a_statement_sends_the_sql_and_values_peewee_would(agent, accounts, now, after):
    # The claim's condition: columns of three types, a subquery, constants among the slots.
    overdue_at = now - after
    prepared = Prepared(Account, lambda agent_id, count: Account.select(Account.id).where(
        Account.id.in_(slots("ids", count)) & claims._claimable(agent_id, slot("now"), slot("at"), slot("day"))))
    plain = Account.select(Account.id).where(Account.id.in_(accounts) & claims.claimable(agent, now, after))
    got = prepared.sql(SQLITE, (agent, len(accounts)), ids=accounts, now=now, at=overdue_at, day=overdue_at.date())
    assert got == _peewee(plain)


def test_values_go_through_the_columns_conversions():
    prepared = Prepared(CallAttempt, lambda: CallAttempt.select().where(
        (CallAttempt.started_at >= slot("since")) & (CallAttempt.outcome == slot("outcome"))))
    _, params = prepared.sql(SQLITE, since=NOW, outcome=Outcome.NO_ANSWER)
    assert params == [NOW.replace(tzinfo=None), "no_answer"]
    with pytest.raises(ValueError, match="naive"):  # the column refuses a naive moment, as it does in Peewee
        prepared.sql(SQLITE, since=NOW.replace(tzinfo=None), outcome=Outcome.NO_ANSWER)


def test_each_shape_is_compiled_once_and_the_cache_is_bounded():
    built = []

    def build(count):
        built.append(count)
        return Account.select(Account.id).where(Account.id.in_(slots("ids", count)))

    prepared = Prepared(Account, build)
    assert prepared.sql(SQLITE, (2,), ids=[5, 6]) == ('SELECT "t1"."id" FROM "account" AS "t1" WHERE ("t1"."id" IN (?, ?))', [5, 6])
    assert prepared.sql(SQLITE, (2,), ids=[7, 8])[1] == [7, 8]
    assert built == [2]
    for count in range(1, SHAPES_KEPT + 3):
        prepared.sql(SQLITE, (count,), ids=list(range(count)))
    assert len(prepared._compiled) <= SHAPES_KEPT
    with pytest.raises(ValueError):
        slots("ids", 0)


def test_rows_come_back_as_peewee_gives_them(db):
    agent = rows.agent(code="Z001", name="Ann")
    debtor = rows.debtor()
    account = rows.account(debtor)
    for n, outcome in enumerate((Outcome.NO_ANSWER, Outcome.RIGHT_PARTY)):
        CallAttempt.create(account=account, debtor=debtor, agent=agent, number="1",
                           started_at=NOW - timedelta(hours=n), outcome=outcome)
    Promise.create(account=account, amount=5_000, due=date(2026, 3, 20), status=PromiseStatus.OPEN, created_at=NOW)
    rows.note(account, agent, outcome=Outcome.NO_ANSWER, text="busy", created_at=NOW)

    attempts = Prepared(CallAttempt, lambda: CallAttempt.select().where(CallAttempt.debtor == slot("debtor"))
                        .order_by(CallAttempt.started_at))
    plain = CallAttempt.select().where(CallAttempt.debtor == debtor.id).order_by(CallAttempt.started_at)
    assert [a.__data__ for a in attempts.rows(debtor=debtor.id)] == [a.__data__ for a in plain]
    assert attempts.rows(db, debtor=debtor.id)[0].started_at.tzinfo is UTC

    joined = Prepared(CallNote, lambda: CallNote.select(CallNote.text, Agent.code, CallNote.outcome, CallNote.created_at)
                      .join(Agent).where(CallNote.account == slot("account")).tuples())
    assert joined.rows(account=account.id) == [("busy", "Z001", Outcome.NO_ANSWER, NOW)]
    assert joined.rows(account=account.id + 1) == []

    promised = Prepared(Promise, lambda: Promise.select(Promise.amount).where(
        (Promise.account == slot("account")) & (Promise.status == slot("status"))).tuples())
    assert promised.rows(account=account.id, status=PromiseStatus.OPEN) == [(5_000,)]
    assert promised.rows(account=account.id, status=PromiseStatus.BROKEN) == []


def test_a_statement_runs_on_the_database_its_model_is_bound_to():
    proxy = DatabaseProxy()

    class Loose(Model):
        stage = CharField()

        class Meta:
            database = proxy

    prepared = Prepared(Loose, lambda: Loose.select().where(Loose.stage == slot("stage")))
    with pytest.raises(RuntimeError, match="use_database"):
        prepared.sql(stage=Stage.NEW)
    proxy.initialize(SQLITE)
    assert prepared.sql(stage="new")[1] == ["new"]


@settings(max_examples=40, deadline=None)
@given(ended=moments, outcome=st.sampled_from(list(Outcome)), right=st.booleans(), attempt=st.integers(1, 2**40))
def test_an_update_with_slots_converts_its_values_as_peewee_does(ended, outcome, right, attempt):
    fields = (CallAttempt.outcome, CallAttempt.right_party, CallAttempt.ended_at)
    prepared = Prepared(CallAttempt, lambda: CallAttempt.update({f: slot(f.name, f) for f in fields}).where(
        CallAttempt.id == slot("id")))
    plain = CallAttempt.update(outcome=outcome, right_party=right, ended_at=ended).where(CallAttempt.id == attempt)
    assert prepared.sql(SQLITE, id=attempt, outcome=outcome, right_party=right, ended_at=ended) == _peewee(plain)


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(st.tuples(st.integers(1, 2**31), st.integers(1, 400), st.dates(), st.integers(0, 10**9)),
                      min_size=1, max_size=13))
def test_a_many_row_insert_of_slots_sends_peewee_s_statement(lines):
    fields = [PlanLine.plan, PlanLine.seq, PlanLine.due, PlanLine.amount]
    prepared = Prepared(PlanLine, lambda count: PlanLine.insert_many(slot_rows("lines", fields, count), fields=fields))
    plain = PlanLine.insert_many(lines, fields=fields)
    got = prepared.sql(SQLITE, (len(lines),), lines=[value for line in lines for value in line])
    assert got == _peewee(plain)


def test_insert_writes_the_row_save_would_and_sets_its_id(db):
    agent = rows.agent()
    account = rows.account()
    note = insert(CallNote(account=account.id, agent=agent.id, outcome=Outcome.PROMISE_TO_PAY, text="pays",
                           created_at=NOW, lint_flags=[{"rule": "x"}]))
    assert note.id is not None and not note.is_dirty()
    saved = rows.note(account, agent, outcome=Outcome.PROMISE_TO_PAY, text="pays", created_at=NOW,
                      lint_flags=[{"rule": "x"}])
    stored = {n.id: {k: v for k, v in n.__data__.items() if k != "id"} for n in CallNote.select()}
    assert stored[note.id] == stored[saved.id]  # defaults, conversions, JSON: the same row as create()
    assert all(stored[note.id][k] == v for k, v in note.__data__.items() if k != "id")
    second = insert(Promise(account=account.id, note=note.id, amount=1_000, due=date(2026, 4, 1), created_at=NOW))
    assert Promise.get_by_id(second.id).amount == 1_000


@given(st.lists(st.integers(), max_size=200))
def test_padding_keeps_the_list_s_values_in_few_lengths(values):
    out = padded(values)
    assert set(out) == set(values) and out[: len(values)] == values
    assert len(out) == 0 if not values else (len(out) & (len(out) - 1) == 0 and len(out) < 2 * len(values) + 1)


def test_a_shape_with_many_parameters_is_not_kept():
    prepared = Prepared(Account, lambda count: Account.select(Account.id).where(Account.id.in_(slots("ids", count))))
    prepared.sql(SQLITE, (PARAMS_KEPT,), ids=list(range(PARAMS_KEPT)))
    prepared.sql(SQLITE, (PARAMS_KEPT + 1,), ids=list(range(PARAMS_KEPT + 1)))
    assert [key[-1] for key in prepared._compiled] == [(PARAMS_KEPT,)]
