"""Keys typed all at once into the installed program: dial, end, pick an outcome and save, in one burst.

One ``tmux send-keys`` hands the whole sequence to the terminal, which the
program reads in one go, as it would from an agent who types faster than the
desk answers. The note in the database is the one the keys describe: before,
F5 was lost behind F3's dial and the note saved as if no outcome was chosen.
"""

from __future__ import annotations

import time

NEW_NOTES = ("SELECT n.outcome, c.outcome, c.ended_at IS NOT NULL FROM call_note n "
             "JOIN call_attempt c ON n.attempt_id = c.id WHERE n.id > ? ORDER BY n.id")


def _new_notes(terminal, before: int, count: int, ceiling: float = 60.0) -> list[tuple]:
    """The notes saved since ``before``, once there are ``count`` of them (or the ceiling has passed)."""
    end = time.monotonic() + ceiling
    while True:
        notes = terminal.rows(NEW_NOTES, before)
        if len(notes) >= count or time.monotonic() > end:
            return notes
        time.sleep(0.2)


def test_calls_typed_in_one_burst_save_the_outcome_they_picked(terminal):
    terminal.start(config="dialer:\n  choose_number: false\n")  # F3 dials at once, whatever the debtor's numbers
    [(before,)] = terminal.rows("SELECT coalesce(max(id), 0) FROM call_note")  # the demo's history
    # Next case, dial, end the call, open the outcomes, the first one (no answer), save.
    terminal.burst("F2", "F3", "F5", "Enter", "Down", "Enter", "C-s")
    assert _new_notes(terminal, before, 1) == [("no_answer", "no_answer", 1)], terminal.screen()
    # Saved, and the next case is open: a second burst works it the same way, to the second outcome.
    terminal.wait_for("Calling rules")
    terminal.burst("F3", "F5", "Enter", "Down", "Down", "Enter", "C-s")
    assert _new_notes(terminal, before, 2) == [("no_answer", "no_answer", 1), ("wrong_number", "wrong_number", 1)], (
        terminal.screen())
