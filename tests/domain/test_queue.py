"""Queue order: groups first, then score; blocked accounts last with when they open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.compliance import PROFILES
from agent_tui.domain.policy import QueueWeights
from agent_tui.domain.queue import QueueGroup, QueueInput, best_hour, order_queue
from agent_tui.domain.records import (
    Account,
    ContactKind,
    ContactPoint,
    ContractTerms,
    Outcome,
    Promise,
    PromiseStatus,
    Stage,
)
from agent_tui.i18n import LANGUAGES, render

from .conduct_cases import HOME, MOBILE, NEW_YORK, SHANGHAI, attempt, debtor, local

CN = PROFILES["cn"]
WEIGHTS = QueueWeights()
DAY = date(2026, 3, 10)
NOW = local(SHANGHAI, DAY, 10, 30)


def account(n: int) -> Account:
    terms = ContractTerms(principal=1000000, annual_rate=Decimal("0.12"), start_date=date(2025, 1, 1))
    return Account(id=n, ref=f"ACC-{n:03d}", debtor_id=n, creditor="Bank", product="loan", terms=terms)


def item(
    n: int, balance: int = 100000, days: int = 30, history=(), who=None, points=(MOBILE, HOME), **more
) -> QueueInput:
    history = tuple(replace(a, account_id=n) for a in history)
    return QueueInput(account(n), who or debtor(), tuple(points), history, balance, days, **more)


def refs(entries):
    return [e.account.ref for e in entries]


def tried(hours=(9,), day=DAY - timedelta(days=2), outcome=Outcome.NO_ANSWER):
    return tuple(attempt(local(SHANGHAI, day, h), outcome) for h in hours)


def test_groups_come_in_working_order():
    inputs = [
        item(1, history=tried()),  # re-attempt
        item(2),  # never contacted
        item(3, history=tried(), promises=(Promise(1, 50000, DAY - timedelta(days=3), PromiseStatus.BROKEN),)),
        item(4, history=tried(), promises=(Promise(2, 50000, DAY, PromiseStatus.OPEN),)),
        item(5, history=tried(), callback_at=NOW - timedelta(minutes=5)),
        item(6, who=debtor(cease_contact=True)),
    ]
    entries = order_queue(NOW, inputs, CN, WEIGHTS)
    assert refs(entries) == ["ACC-004", "ACC-005", "ACC-003", "ACC-002", "ACC-001", "ACC-006"]
    assert [e.group for e in entries] == [
        QueueGroup.DUE,
        QueueGroup.DUE,
        QueueGroup.BROKEN,
        QueueGroup.NEW,
        QueueGroup.RETRY,
        QueueGroup.BLOCKED,
    ]
    keys = [e.reason.key for e in entries]
    assert keys == [
        "queue.reason.promise_due",
        "queue.reason.callback_due",
        "queue.reason.broken",
        "queue.reason.new",
        "queue.reason.retry",
        "queue.reason.blocked",
    ]
    for entry in entries:
        for lang in LANGUAGES:
            assert render(entry.reason, lang).strip()


def test_a_callback_or_promise_not_yet_due_does_not_jump_the_queue():
    inputs = [
        item(1, history=tried(), callback_at=NOW + timedelta(hours=2)),
        item(2, history=tried(), promises=(Promise(1, 50000, DAY + timedelta(days=1)),)),
    ]
    assert {e.group for e in order_queue(NOW, inputs, CN, WEIGHTS)} == {QueueGroup.RETRY}


def test_a_broken_promise_stops_leading_once_the_debtor_was_reached_after_it():
    promise = Promise(1, 50000, DAY - timedelta(days=3), PromiseStatus.BROKEN)
    reached = tried(day=DAY - timedelta(days=1), outcome=Outcome.RIGHT_PARTY)
    (entry,) = order_queue(NOW, [item(1, history=reached, promises=(promise,))], CN, WEIGHTS)
    assert entry.group == QueueGroup.RETRY


def test_inside_a_group_the_score_decides_by_the_configured_weights():
    inputs = [item(1, balance=100000, days=90), item(2, balance=500000, days=10)]
    by_balance = order_queue(NOW, inputs, CN, QueueWeights(balance=Decimal(1), days_past_due=Decimal(0)))
    by_days = order_queue(NOW, inputs, CN, QueueWeights(balance=Decimal(0), days_past_due=Decimal(1)))
    assert refs(by_balance) == ["ACC-002", "ACC-001"]
    assert refs(by_days) == ["ACC-001", "ACC-002"]
    assert by_balance[0].score == Decimal("1.0000") and by_balance[1].score == Decimal("0.2000")


def test_blocked_accounts_come_last_soonest_first_with_reason_and_time():
    six = tried(hours=(8, 8, 9, 9, 9, 10), day=DAY)
    inputs = [
        item(1, who=debtor(dispute=True), balance=900000),
        item(2, history=six, points=(MOBILE,), balance=800000),  # this number is used up today
        item(3, balance=1000),
        item(4, who=debtor(NEW_YORK), balance=700000),  # 22:30 the evening before in New York
    ]
    entries = order_queue(NOW, inputs, CN, WEIGHTS)
    assert refs(entries) == ["ACC-003", "ACC-004", "ACC-002", "ACC-001"]
    ny, used_up, disputed = entries[1:]
    assert not ny.contactable and ny.blocked_by.rule_id == "cn.calling-window"
    assert ny.next_allowed_at == local(NEW_YORK, DAY, 8)  # 08:00 the same New York day
    assert used_up.blocked_by.rule_id == "cn.daily-unanswered"
    assert used_up.next_allowed_at == local(SHANGHAI, DAY + timedelta(days=1), 8)
    assert used_up.natural_group == QueueGroup.RETRY
    assert disputed.next_allowed_at is None and disputed.blocked_by.rule_id == "cn.dispute"
    assert "dispute" in render(disputed.reason, "en")


def test_an_account_with_no_number_is_blocked_and_says_so():
    (entry,) = order_queue(NOW, [item(1, points=())], CN, WEIGHTS)
    assert (entry.group, entry.reason.key, entry.next_allowed_at) == (
        QueueGroup.BLOCKED,
        "queue.reason.no_contact_point",
        None,
    )


def test_an_attorney_on_file_leaves_the_account_workable_through_the_attorney():
    lawyer = ContactPoint(9, ContactKind.ATTORNEY, "021-55556666")
    (entry,) = order_queue(NOW, [item(1, who=debtor(attorney=True), points=(MOBILE, lawyer))], CN, WEIGHTS)
    assert entry.contactable
    decisions = dict(entry.contacts)
    assert not decisions[MOBILE].allowed and decisions[MOBILE].alternative == lawyer
    assert decisions[lawyer].allowed


def test_best_hour_is_the_local_hour_of_most_conversations():
    history = [
        attempt(local(SHANGHAI, DAY - timedelta(days=d), 19, 15), Outcome.RIGHT_PARTY) for d in (1, 5, 9)
    ] + [
        attempt(local(SHANGHAI, DAY - timedelta(days=2), 10), Outcome.PROMISE_TO_PAY),
        attempt(local(SHANGHAI, DAY - timedelta(days=3), 12), Outcome.NO_ANSWER),
        attempt(local(SHANGHAI, DAY - timedelta(days=4), 12), Outcome.NO_ANSWER),
    ]
    assert best_hour(history, SHANGHAI) == 19
    # The same moments on a New York clock: 06:15 EST on 1 and 5 March, 07:15 EDT on 9 March.
    assert best_hour(history, NEW_YORK) == 6
    assert best_hour([a for a in history if not a.conversation], SHANGHAI) is None
    tie = [
        attempt(local(SHANGHAI, DAY - timedelta(days=5), 9), Outcome.RIGHT_PARTY),
        attempt(local(SHANGHAI, DAY - timedelta(days=1), 14), Outcome.RIGHT_PARTY),
    ]
    assert best_hour(tie, SHANGHAI) == 14  # the more recent habit


def test_the_best_hour_raises_the_score_inside_that_hour_only():
    at_ten = tried(hours=(10,), day=DAY - timedelta(days=1), outcome=Outcome.RIGHT_PARTY)
    at_four = tried(hours=(16,), day=DAY - timedelta(days=1), outcome=Outcome.RIGHT_PARTY)
    inputs = [item(1, history=at_four), item(2, history=at_ten)]
    morning = order_queue(NOW, inputs, CN, WEIGHTS)
    assert refs(morning) == ["ACC-002", "ACC-001"]
    assert morning[0].score - morning[1].score == WEIGHTS.best_hour
    assert morning[0].best_hour == 10 and morning[0].reason.key == "queue.reason.best_hour"
    assert "10:00" in render(morning[0].reason, "zh-CN")
    afternoon = order_queue(local(SHANGHAI, DAY, 16, 5), inputs, CN, WEIGHTS)
    assert refs(afternoon) == ["ACC-001", "ACC-002"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000_000),
            st.integers(0, 720),
            st.sampled_from(["none", "tried", "reached", "broken", "due", "callback"]),
            st.booleans(),
            st.sampled_from([SHANGHAI, NEW_YORK]),
        ),
        max_size=12,
    ),
    st.integers(0, 23),
)
def test_the_queue_is_a_sorted_permutation(rows, hour):
    now = local(SHANGHAI, DAY, hour, 7)
    inputs = []
    for n, (balance, days, state, ceased, zone) in enumerate(rows):
        history = {"none": (), "tried": tried(), "reached": tried(outcome=Outcome.RIGHT_PARTY)}.get(state, tried())
        promises = ()
        if state == "broken":
            promises = (Promise(1, 100, DAY - timedelta(days=5), PromiseStatus.BROKEN),)
        if state == "due":
            promises = (Promise(1, 100, DAY - timedelta(days=1)),)
        callback = now - timedelta(minutes=1) if state == "callback" else None
        who = debtor(zone, cease_contact=ceased)
        inputs.append(item(n, balance, days, history, who, promises=promises, callback_at=callback))
    entries = order_queue(now, inputs, CN, WEIGHTS)
    assert sorted(refs(entries)) == sorted(i.account.ref for i in inputs)
    ranks = [list(QueueGroup).index(e.group) for e in entries]
    assert ranks == sorted(ranks)
    for a, b in pairwise(entries):
        if a.group == b.group and a.group != QueueGroup.BLOCKED:
            assert a.score >= b.score
    for entry in entries:
        closed = inputs[entry.account.id].balance <= 0  # nothing owed: in no queue
        assert (entry.group == QueueGroup.CLOSED) == closed and not (closed and entry.workable)
        if not closed:
            assert entry.contactable == (entry.group != QueueGroup.BLOCKED)
        assert entry.reason.key.startswith("queue.reason.")
        if not entry.contactable and entry.next_allowed_at is not None:
            assert entry.next_allowed_at > now


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000_000), st.integers(0, 400)), min_size=2, max_size=12), st.data())
def test_part_of_a_queue_ranked_with_the_whole_queues_largest_keeps_its_order_and_scores(accounts, data):
    inputs = [item(n, balance=b, days=d) for n, (b, d) in enumerate(accounts, start=1)]
    whole = order_queue(NOW, inputs, CN, WEIGHTS)
    part = data.draw(st.lists(st.sampled_from(inputs), min_size=1, unique_by=lambda i: i.account.id))
    largest = (max(i.balance for i in inputs), max(i.days_past_due for i in inputs))
    ranked = order_queue(NOW, part, CN, WEIGHTS, largest=largest)
    chosen = {i.account.id for i in part}
    assert refs(ranked) == [e.account.ref for e in whole if e.account.id in chosen]
    scores = {e.account.id: e.score for e in whole}
    assert all(e.score == scores[e.account.id] for e in ranked)


OPEN_DAYS = st.integers(1, 60)


@settings(max_examples=80, deadline=None)
@given(OPEN_DAYS, st.integers(0, 23), st.sampled_from([SHANGHAI, NEW_YORK]), st.booleans(),
       st.sampled_from(["none", "tried", "reached", "broken"]), st.integers(0, 90 * 24))
def test_a_case_with_an_open_promise_due_later_is_never_offered_before_that_day(
        ahead, hour, zone, rested, state, hours_later):
    """Whatever else stands, a saved promise due later keeps the case out of "next case" until its day."""
    due = DAY + timedelta(days=ahead)
    history = {"none": (), "tried": tried(), "reached": tried(outcome=Outcome.RIGHT_PARTY)}.get(state, tried())
    promises = [Promise(2, 50000, due, PromiseStatus.OPEN)]
    if state == "broken":
        promises.insert(0, Promise(1, 50000, DAY - timedelta(days=9), PromiseStatus.BROKEN))
    saved = local(SHANGHAI, DAY, 10, 0)
    terms = account(1)
    if rested:  # the note set the usual rest as well
        terms = replace(terms, next_action_at=saved + timedelta(hours=1))
    now = saved + timedelta(hours=hours_later)
    who = debtor(zone)
    entry, = order_queue(now, [QueueInput(terms, who, (MOBILE, HOME), history, 100000, 30, tuple(promises))],
                         CN, WEIGHTS)
    if now.astimezone(ZoneInfo(zone)).date() < due:
        assert not entry.workable and entry.resting_until is not None and entry.resting_until > now
    else:
        assert entry.resting_until is None


def test_a_rest_set_by_the_last_note_holds_even_a_promise_due_today():
    """Worked today (no answer, say): the case rests, though the old promise it was called about is due."""
    rested = replace(account(1), next_action_at=NOW + timedelta(minutes=60))
    entry, = order_queue(NOW, [QueueInput(rested, debtor(), (MOBILE, HOME), tried(), 100000, 30,
                                          (Promise(1, 50000, DAY, PromiseStatus.OPEN),))], CN, WEIGHTS)
    assert entry.natural_group == QueueGroup.DUE and entry.resting_until == NOW + timedelta(minutes=60)
    assert not entry.workable
    later, = order_queue(NOW + timedelta(minutes=61), [QueueInput(
        rested, debtor(), (MOBILE, HOME), tried(), 100000, 30, (Promise(1, 50000, DAY, PromiseStatus.OPEN),))],
        CN, WEIGHTS)
    assert later.workable and later.group == QueueGroup.DUE


def test_a_callback_asked_for_wins_over_a_promise_due_later():
    entry, = order_queue(NOW, [item(1, history=tried(), callback_at=NOW - timedelta(minutes=1),
                                    promises=(Promise(1, 50000, DAY + timedelta(days=5)),))], CN, WEIGHTS)
    assert entry.group == QueueGroup.DUE and entry.workable


@given(st.sampled_from(["new", "due", "broken", "callback"]))
def test_nothing_owed_or_closed_is_in_no_queue(state):
    promises = {"due": (Promise(1, 50000, DAY),),
                "broken": (Promise(1, 50000, DAY - timedelta(days=3), PromiseStatus.BROKEN),)}.get(state, ())
    callback = NOW - timedelta(minutes=5) if state == "callback" else None
    paid = item(1, balance=0, promises=promises, callback_at=callback)
    closed = QueueInput(replace(account(2), stage=Stage.CLOSED), debtor(), (MOBILE,), (), 5000, 30)
    entries = order_queue(NOW, [paid, closed, item(3)], CN, WEIGHTS)
    assert refs(entries)[0] == "ACC-003"
    assert sorted((e.account.ref, e.group, e.workable, e.reason.key) for e in entries[1:]) == [
        ("ACC-001", QueueGroup.CLOSED, False, "queue.reason.nothing_owed"),
        ("ACC-002", QueueGroup.CLOSED, False, "queue.reason.closed")]
