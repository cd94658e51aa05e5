"""Kill -9 the installed program mid-note: the draft comes back, and a saved note stays saved.

The test presses keys with ``send-keys``, reads the screen with ``capture-pane``
and kills the process with SIGKILL, which no program can catch (the terminal
and the demo are in conftest.py).
"""

from __future__ import annotations

import json
import time

NOTE = "Owner asked for a call back after the market closes"
OUTCOMES = ('no_answer', 'wrong_number', 'third_party', 'right_party')  # the first four, in the form's order


def _open_first_case(term) -> str:
    """F2, and the account ref the debtor pane shows."""
    term.keys("F2")
    screen = term.wait_for("Calling rules")
    ref = term.rows("SELECT a.ref FROM account a JOIN agent g ON a.claimed_by_id = g.id WHERE g.code = 'A001'")
    assert ref and ref[0][0] in term.wait_for(ref[0][0]), screen
    return ref[0][0]


def _wait_for_draft(term, text: str, ceiling: float = 30.0) -> None:
    """Until the autosaved draft holds ``text`` (the autosave follows the last key by about a second)."""
    end = time.monotonic() + ceiling
    while time.monotonic() < end:
        if [json.loads(f)["form"]["text"] for (f,) in term.rows("SELECT fields FROM draft")] == [text]:
            return
        time.sleep(0.2)


def test_a_killed_workstation_gives_back_the_draft_and_keeps_the_saved_note(terminal):
    pid = terminal.start()
    ref = _open_first_case(terminal)
    terminal.keys("F6", *["Tab"] * 10)  # outcome … next step's time, then the note text
    terminal.type(NOTE[:30])  # part of the note
    terminal.wait_for("Draft saved")  # the autosave ran (about a second after the last key)
    _wait_for_draft(terminal, NOTE[:30])  # on a busy box an autosave may run before the last key arrived
    terminal.kill(pid)

    drafts = terminal.rows("SELECT fields FROM draft")
    assert [json.loads(f)["form"]["text"] for (f,) in drafts] == [NOTE[:30]]

    pid = terminal.start()
    assert _open_first_case(terminal) == ref
    terminal.keys("F6")  # the note pane (a narrow terminal shows one pane at a time)
    terminal.wait_for(NOTE[:30])  # the draft is back in the form

    # Now the call and its note, saved with Ctrl+S; then the same kill.
    terminal.keys("F6", *["Tab"] * 10)
    terminal.keys("End")
    terminal.type(NOTE[30:])
    terminal.dial()  # by hand in the default config: the number is shown
    terminal.keys("F4")
    terminal.wait_for("Who is on the line")
    terminal.keys("space", "down", "space")  # two identifiers confirmed
    terminal.keys("enter")
    terminal.keys("F7", "F5")  # purpose stated, listening; call ended, the cursor is on the outcome
    terminal.keys("enter", *["down"] * (OUTCOMES.index("right_party") + 1), "enter")
    terminal.keys("C-s")
    terminal.wait_for("Note #")
    terminal.kill(pid)

    notes = terminal.rows("SELECT n.text FROM call_note n JOIN account a ON n.account_id = a.id "
                          "WHERE a.ref = ? AND n.text = ?", ref, NOTE)
    assert notes == [(NOTE,)]
    assert terminal.rows("SELECT count(*) FROM draft d JOIN account a ON d.account_id = a.id "
                         "WHERE a.ref = ?", ref) == [(0,)]

    terminal.start()  # starts cleanly on the database the kill left behind
    verify = terminal.command("audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
