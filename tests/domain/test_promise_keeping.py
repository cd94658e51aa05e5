"""A promise is kept by the payments received by its day, on the debtor's clock; otherwise broken the day after."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from agent_tui.domain.promise_keeping import promise_moves
from agent_tui.domain.records import Payment, Promise, PromiseStatus

SHANGHAI = "Asia/Shanghai"
MADE = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _promise(pid: int, amount: int, due: date, status: PromiseStatus = PromiseStatus.OPEN) -> Promise:
    return Promise(id=pid, amount=amount, due=due, status=status, created_at=MADE)


def _paid(at: datetime, amount: int) -> Payment:
    return Payment(paid_at=at, amount=amount)


def test_payments_that_reach_the_sum_by_its_day_keep_it_at_the_completing_payment():
    promise = _promise(1, 50_000, date(2026, 12, 5))
    pays = [_paid(datetime(2026, 12, 2, 3, 0, tzinfo=UTC), 20_000),
            _paid(datetime(2026, 12, 4, 9, 0, tzinfo=UTC), 30_000)]
    (move,) = promise_moves([promise], pays, datetime(2026, 12, 4, 10, 0, tzinfo=UTC), SHANGHAI)
    assert (move.status, move.at, move.paid) == (PromiseStatus.KEPT, pays[1].paid_at, 50_000)


def test_the_day_is_the_debtors_a_payment_late_on_the_day_in_utc_but_next_day_there_is_late():
    promise = _promise(1, 10_000, date(2026, 12, 5))
    late = _paid(datetime(2026, 12, 5, 16, 30, tzinfo=UTC), 10_000)  # 00:30 on the 6th in Shanghai
    (move,) = promise_moves([promise], [late], datetime(2026, 12, 6, 1, 0, tzinfo=UTC), SHANGHAI)
    assert move.status == PromiseStatus.BROKEN and move.paid == 0
    assert move.at == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # midnight of the 6th in Shanghai
    in_time = _paid(datetime(2026, 12, 5, 15, 30, tzinfo=UTC), 10_000)  # 23:30 on the 5th there
    (move,) = promise_moves([promise], [in_time], datetime(2026, 12, 6, 1, 0, tzinfo=UTC), SHANGHAI)
    assert move.status == PromiseStatus.KEPT


def test_an_open_promise_whose_day_has_not_passed_stays_open_and_a_partial_payment_is_told_when_broken():
    promise = _promise(1, 10_000, date(2026, 12, 5))
    part = [_paid(datetime(2026, 12, 3, tzinfo=UTC), 4_000)]
    assert promise_moves([promise], part, datetime(2026, 12, 5, 12, 0, tzinfo=UTC), SHANGHAI) == []
    (move,) = promise_moves([promise], part, datetime(2026, 12, 6, 12, 0, tzinfo=UTC), SHANGHAI)
    assert (move.status, move.paid) == (PromiseStatus.BROKEN, 4_000)


def test_a_payment_made_before_the_promise_does_not_keep_it():
    promise = _promise(1, 10_000, date(2026, 12, 5))
    before = _paid(MADE - timedelta(hours=1), 10_000)
    (move,) = promise_moves([promise], [before], datetime(2026, 12, 7, tzinfo=UTC), SHANGHAI)
    assert move.status == PromiseStatus.BROKEN


def test_one_payment_keeps_one_promise_never_two_and_a_kept_one_has_taken_its_share():
    first, second = _promise(1, 10_000, date(2026, 12, 5)), _promise(2, 10_000, date(2026, 12, 6))
    pays = [_paid(datetime(2026, 12, 2, tzinfo=UTC), 10_000)]
    moves = promise_moves([second, first], pays, datetime(2026, 12, 8, tzinfo=UTC), SHANGHAI)
    assert [(m.promise_id, m.status) for m in moves] == [(1, PromiseStatus.KEPT), (2, PromiseStatus.BROKEN)]
    kept = _promise(1, 10_000, date(2026, 12, 5), PromiseStatus.KEPT)
    assert [(m.promise_id, m.status) for m in promise_moves([kept, second], pays, datetime(2026, 12, 8, tzinfo=UTC),
                                                          SHANGHAI)] == [(2, PromiseStatus.BROKEN)]


def test_cancelled_and_superseded_promises_neither_move_nor_take_payments():
    gone = [_promise(1, 10_000, date(2026, 12, 5), PromiseStatus.SUPERSEDED),
            _promise(2, 10_000, date(2026, 12, 5), PromiseStatus.CANCELLED)]
    live = _promise(3, 10_000, date(2026, 12, 6))
    pays = [_paid(datetime(2026, 12, 2, tzinfo=UTC), 10_000)]
    moves = promise_moves([*gone, live], pays, datetime(2026, 12, 8, tzinfo=UTC), SHANGHAI)
    assert [(m.promise_id, m.status) for m in moves] == [(3, PromiseStatus.KEPT)]


DAYS = st.dates(min_value=date(2026, 12, 1), max_value=date(2026, 12, 20))
AMOUNTS = st.integers(min_value=1, max_value=1_000_000)


@given(
    st.lists(st.tuples(AMOUNTS, DAYS), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 30 * 24), AMOUNTS), max_size=8),
    st.integers(0, 40 * 24),
)
def test_no_payment_is_counted_twice_and_every_past_promise_is_settled(promised, paid, hours):
    promises = [_promise(n, amount, due) for n, (amount, due) in enumerate(promised, start=1)]
    payments = [_paid(MADE + timedelta(hours=h), amount) for h, amount in paid]
    now = MADE + timedelta(hours=hours)
    moves = promise_moves(promises, payments, now, SHANGHAI)
    assert sum(m.paid for m in moves) <= sum(p.amount for p in payments)
    by_id = {p.id: p for p in promises}
    for move in moves:
        promise = by_id[move.promise_id]
        assert move.paid <= promise.amount
        assert (move.status == PromiseStatus.KEPT) == (move.paid == promise.amount)
        assert move.at <= now
    today = now.astimezone(ZoneInfo(SHANGHAI)).date()
    moved = {m.promise_id for m in moves}
    assert all(p.id in moved for p in promises if p.due < today)


def test_what_a_broken_promise_took_is_not_given_to_the_next_one_on_a_later_run():
    broken = _promise(1, 40_000, date(2026, 12, 5), PromiseStatus.BROKEN)
    later = _promise(2, 10_000, date(2026, 12, 9))
    pays = [_paid(datetime(2026, 12, 4, tzinfo=UTC), 15_000)]
    assert promise_moves([broken, later], pays, datetime(2026, 12, 8, tzinfo=UTC), SHANGHAI) == []
