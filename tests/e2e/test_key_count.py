"""The floor's two commonest calls, counted key by key in the installed program in a real terminal.

From an open case: a call nobody answers, to the next case open, in at most 3 keys; a right-party promise
from the picked offer, with a few words of note, in at most 25 keys beyond the words typed. Each key is
pressed on its own moment, as a person types; the database says what was saved. README's walkthrough
shows both sequences.
"""

from __future__ import annotations

import time

#: After the dial (F3, and Enter on the primary number when the debtor has more than one):
NO_ANSWER = ["S-F1"]  # nobody answers: the call ends and is saved, the next case opens
PROMISE = ["F4", "Space", "Down", "Space", "Enter",  # two identifiers the debtor confirmed
           "F8", "Enter",  # the offers; the first one put to the debtor
           "S-F8"]  # a promise: the call ends, the note holds the offer's first payment, the cursor in the text
WORDS = "Pays in full on the day."
SAVE = ["C-s"]


def _note_after(terminal, before: int, ceiling: float = 60.0) -> tuple:
    """The first note saved after note ``before``: (account, outcome, text, offer kind, attempt's end)."""
    end = time.monotonic() + ceiling
    while time.monotonic() < end:
        rows = terminal.rows("SELECT n.account_id, n.outcome, n.text, n.offer_kind, c.ended_at IS NOT NULL "
                             "FROM call_note n JOIN call_attempt c ON n.attempt_id = c.id "
                             "WHERE n.id > ? ORDER BY n.id", before)
        if rows:
            return rows[0]
        time.sleep(0.2)
    raise AssertionError(f"no note saved:\n{terminal.screen()}")


def _last_note(terminal) -> int:
    [(last,)] = terminal.rows("SELECT coalesce(max(id), 0) FROM call_note")
    return last


def _ref(terminal, account_id: int) -> str:
    [(ref,)] = terminal.rows("SELECT ref FROM account WHERE id = ?", account_id)
    return ref


def _open_a_case(terminal) -> None:
    """F2 until a case is open (the first one, pressed as the queue appears, can come before the desk has its
    first window of the queue, and open nothing)."""
    for _ in range(5):
        terminal.keys("F2")
        try:
            terminal.wait_for("Calling rules", ceiling=5)
            return
        except AssertionError:
            continue
    terminal.wait_for("Calling rules")


def test_no_answer_and_a_promise_take_the_keys_counted(terminal):
    terminal.start()
    _open_a_case(terminal)  # the count starts here

    before = _last_note(terminal)
    pressed = terminal.dial()
    terminal.keys(*NO_ANSWER)
    pressed += NO_ANSWER
    account, outcome, _, _, ended = _note_after(terminal, before)
    assert (outcome, ended) == ("no_answer", 1)
    screen = terminal.wait_for("not on a call")
    assert "Calling rules" in screen and _ref(terminal, account) not in screen, screen  # the next case is open
    assert len(pressed) <= 3, pressed

    before = _last_note(terminal)
    pressed = terminal.dial()
    terminal.keys(*PROMISE)
    terminal.wait_for("Promise to pay")  # the outcome is in the note
    terminal.type(WORDS)
    terminal.keys(*SAVE)
    pressed += PROMISE + SAVE
    account, outcome, text, kind, ended = _note_after(terminal, before)
    assert (outcome, text, ended) == ("promise_to_pay", WORDS, 1), terminal.screen()
    assert kind  # the offer picked is the note's
    [(amount, due)] = terminal.rows("SELECT p.amount, p.due FROM promise p JOIN call_note n ON p.note_id = n.id "
                                    "WHERE n.id > ?", before)
    assert amount > 0 and due
    assert len(pressed) <= 25, pressed
