"""A long queue is shown and worked as its first cases: the same cases, in the same order, as ranking it all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent_tui.domain.queue import order_queue
from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.service import queue_window
from agent_tui.service.queue_rows import queue_rows
from agent_tui.store.convert import desk_account
from agent_tui.store.database import open_database, use_database
from agent_tui.store.desk_reads import DeskScope, queue_inputs
from agent_tui.store.models import Account, Agent, CallAttempt, Promise

from .desk import NOW, PEOPLE, _account, _debtor

#: A window this small makes a queue of twenty-odd cases "long".
SIZE = 4


@pytest.fixture
def long_desk(desk):
    """The small desk and twenty more cases: promises due and broken, tries, callbacks, spread balances."""
    db = use_database(open_database(desk.url))
    words = PEOPLE["en"]
    with db.atomic():
        me = Agent.get(Agent.code == desk.agent)
        for n in range(10, 30):
            debtor = _debtor(f"Debtor {n}", words, n)
            account = _account(n, debtor, me if n % 3 else None, words, paid_lines=n % 9,
                               penalty_error=(n * 7919) % 50_000)
            if n % 5 == 0:
                Promise.create(account=account, amount=30_000, due=NOW.date(), created_at=NOW - timedelta(days=4))
            if n % 7 == 0:
                Promise.create(account=account, amount=30_000, due=NOW.date() - timedelta(days=3),
                               status=PromiseStatus.BROKEN, created_at=NOW - timedelta(days=9))
            if n % 4 == 0:  # tried before, never reached: no best hour to lift it
                CallAttempt.create(account=account, debtor=debtor, agent=me, number="*******0000",
                                   started_at=NOW - timedelta(days=2, hours=n % 5), outcome=Outcome.NO_ANSWER)
            if n == 11:
                Account.update(next_action="call_back", next_action_at=NOW - timedelta(minutes=30)).where(
                    Account.id == account.id).execute()
        # The largest balance and the oldest debt belong to a debtor who asked not to be called: they set
        # every score and never leave the scope, so closing the cases worked keeps the others' scores.
        anchor = _account(30, _debtor("Debtor 30", words, 30, cease_contact=True), me, words, paid_lines=0)
        Account.update(balance=50_000_000).where(Account.id == anchor.id).execute()
    db.close()
    return desk


def whole_queue(station) -> list[int]:
    """The ids of the workable cases, ranking the agent's whole scope at once (the rules' order)."""
    now = station.now()
    with station.db.connection_context():
        agent = Agent.get(Agent.code == station.agent_code)
        scope = DeskScope(agent.id, agent.team, timedelta(minutes=station.config.claims.assigned_first_minutes))
        inputs = queue_inputs([desk_account(a) for a in Account.select().where(scope.condition(now))], now)
        entries = order_queue(now, list(inputs.values()), station.profile, station.config.queue)
        return [p.row.account_id for p in queue_rows(entries, inputs, station.state.bucket, now) if p.workable]


@pytest.fixture
def small_window(monkeypatch):
    monkeypatch.setattr(queue_window, "SIZE", SIZE)
    monkeypatch.setattr(queue_window, "DRAW", 3)


def test_the_window_is_the_first_cases_of_the_whole_queue_in_its_order(long_desk, station, small_window):
    expected = whole_queue(station)
    assert len(expected) > 2 * SIZE  # the queue is longer than the window
    rows = station.queue()
    assert [r.account_id for r in rows] == expected[:SIZE]
    assert all(r.reason != "not_now" for r in rows)


def test_next_case_works_down_the_queue_as_ranking_it_all_would(long_desk, station, small_window):
    expected = whole_queue(station)
    taken = []
    for _ in range(SIZE + 3):  # past the end of the first window: it is ranked again
        case = station.next_case()
        taken.append(case.account_id)
        with station.db.connection_context():  # worked and settled: the case leaves the queue
            Account.update(stage=Stage.CLOSED).where(Account.id == case.account_id).execute()
    assert taken == expected[: SIZE + 3]


def test_a_case_another_agent_took_after_the_window_was_built_is_not_handed_out(long_desk, station, small_window):
    first, second, third = whole_queue(station)[:3]
    assert [r.account_id for r in station.queue()][:3] == [first, second, third]
    other = Agent.get(Agent.code == long_desk.other_agent)
    with station.db.connection_context():
        Account.update(claimed_by=other.id, lease_until=NOW + timedelta(minutes=10)).where(
            Account.id == second).execute()
    assert station.next_case().account_id == first
    assert second not in [r.account_id for r in station.queue()]
    assert station.next_case().account_id == third


def test_the_window_is_ranked_again_after_a_few_minutes_and_at_the_hour(long_desk, station, clock, small_window):
    before = [r.account_id for r in station.queue()]
    late = [i for i in whole_queue(station) if i not in before][-1]
    with station.db.connection_context():  # the last case of the queue becomes its first
        Promise.create(account=late, amount=10_000, due=NOW.date(), created_at=NOW)
        Account.update(balance=10**9).where(Account.id == late).execute()
    clock.at = NOW + timedelta(minutes=2)
    assert [r.account_id for r in station.queue()] == before  # the window a moment old is reused
    clock.at = NOW + queue_window.MAX_AGE + timedelta(seconds=1)
    rows = [r.account_id for r in station.queue()]
    assert rows[0] == late and rows == whole_queue(station)[:SIZE]
    window = station.state.window
    clock.at = (NOW + timedelta(hours=1)).replace(minute=0, second=5)
    station.queue()
    assert station.state.window is not window  # a new hour: calling windows and best hours have turned


def test_a_saved_case_leaves_the_window(long_desk, station, small_window):
    case = station.next_case()
    station.dial(case.account_id)
    station.end_call(case.account_id)
    from agent_tui.service.views import NoteDraft

    result = station.save_note(case.account_id, NoteDraft(outcome="no_answer", text="No answer."))
    assert result.saved, result.problems
    assert case.account_id not in [r.account_id for r in station.queue()]


def test_a_small_scope_is_ranked_whole_with_its_cases_that_wait(desk, station):
    rows = station.queue()
    assert station.state.window.whole
    assert [r.reason for r in rows][-1] == "not_now"  # the debtor asleep in New York, at the end


def test_the_scope_check_of_a_few_cases_agrees_with_the_scope_condition(long_desk, station):
    """DeskScope.which (after every F2) keeps exactly the cases the scope's condition keeps over all accounts."""
    after = timedelta(minutes=station.config.claims.assigned_first_minutes)
    with station.db.connection_context():
        me = Agent.get(Agent.code == station.agent_code)
        other = Agent.get(Agent.code == "A002")
        ids = [a.id for a in Account.select(Account.id).order_by(Account.id)]
        # A teammate's case left since the morning, one held by the teammate's lease, one closed.
        Account.update(assigned_agent=other.id, next_action_at=NOW - timedelta(hours=5)).where(
            Account.id == ids[0]).execute()
        Account.update(claimed_by=other.id, lease_until=NOW + timedelta(minutes=10)).where(
            Account.id == ids[1]).execute()
        Account.update(stage=Stage.CLOSED).where(Account.id == ids[2]).execute()
        scope = DeskScope(me.id, me.team, after)
        for now in (NOW, NOW + timedelta(minutes=20), NOW - timedelta(hours=6)):
            expected = {a.id for a in Account.select(Account.id).where(scope.condition(now))}
            assert scope.which(ids, now) == expected
            assert scope.which(ids[:3] + ids[:3], now) == expected & set(ids[:3])
        assert ids[1] in scope.which(ids, NOW + timedelta(minutes=20))  # the lease ran out
        assert ids[2] not in scope.which(ids, NOW)
        assert scope.which([], NOW) == set()
