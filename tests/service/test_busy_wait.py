"""Waiting out a busy database: what runs again, for how long, and how the agent stops it."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_tui.service.busy_wait import LONGEST_PAUSE, BusyWait, Stopped

BUSY = sqlite3.OperationalError("database is locked")


def failing(times: int, error: Exception = BUSY):
    calls = []

    def body() -> int:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return len(calls)

    return body, calls


def test_a_busy_body_runs_again_until_it_goes_through():
    body, calls = failing(3)
    assert BusyWait().run(body) == 4
    assert len(calls) == 4


def test_another_error_is_raised_at_once():
    body, calls = failing(3, ValueError("no"))
    with pytest.raises(ValueError):
        BusyWait().run(body)
    assert len(calls) == 1


def test_patience_runs_out_with_the_busy_error():
    body, calls = failing(10_000)
    with pytest.raises(sqlite3.OperationalError):
        BusyWait().run(body, patience=0.3)
    assert len(calls) >= 2


def test_a_run_inside_a_run_leaves_the_tries_to_the_outer_one():
    wait = BusyWait()
    inner, inner_calls = failing(2)
    assert wait.run(lambda: wait.run(inner)) == 3
    assert len(inner_calls) == 3


def test_stop_ends_a_stoppable_wait_and_says_so():
    wait = BusyWait()
    body, _ = failing(10_000)
    assert not wait.stop()  # nothing is waiting
    seen = []
    threading.Timer(0.3, lambda: seen.append((wait.waiting(), wait.stop()))).start()
    with pytest.raises(Stopped):
        wait.run(body, stoppable=True)
    waiting, stopped = seen[0]
    assert stopped and waiting is not None and waiting.tries >= 1 and waiting.seconds > 0
    assert wait.waiting() is None
    assert wait.run(failing(1)[0], stoppable=True) == 2  # the next save is not stopped by the last Esc


@given(st.integers(min_value=1, max_value=10_000))
def test_pauses_grow_and_stay_bounded(tries):
    pause = BusyWait.pause(tries)
    assert 0 < pause <= LONGEST_PAUSE
    assert BusyWait.pause(tries + 20) >= LONGEST_PAUSE / 2
