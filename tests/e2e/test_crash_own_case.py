"""Kill -9 the installed program again and again on a case the agent chose: F2 brings that case back each time.

The agent opens a case further down the queue (not the one F2 would rank
first), dials it and types a note; the program is killed (SIGKILL) once the
draft is in the database, started again, and F2 pressed. Every time the
same case comes back, with the call still waiting for its note and the
draft as typed, never a case the queue ranks higher. ``AGENT_TUI_CRASH_LOOPS``
sets how many kills (3 by default).
"""

from __future__ import annotations

import json
import os
import time

LOOPS = int(os.environ.get("AGENT_TUI_CRASH_LOOPS", "3"))
HELD = "SELECT a.ref FROM account a JOIN agent g ON a.claimed_by_id = g.id WHERE g.code = 'A001'"


def _draft_text(term) -> list[str]:
    return [json.loads(f).get("form", {}).get("text", "") for (f,) in term.rows("SELECT fields FROM draft")]


def _until_draft(term, text: str, ceiling: float = 30.0) -> None:
    end = time.monotonic() + ceiling
    while time.monotonic() < end:
        if _draft_text(term) == [text]:
            return
        time.sleep(0.2)
    raise AssertionError(f"the draft never held {text!r}: {_draft_text(term)}")


def _dial(term) -> None:
    """F3 (and Enter on the first number when the desk asks which); until the call is on."""
    term.keys("F3")
    end = time.monotonic() + 60
    while time.monotonic() < end:
        screen = term.screen()
        if "on call" in screen:
            return
        if "Which number?" in screen:
            term.keys("Enter")
        time.sleep(0.2)
    raise AssertionError(f"F3 dialled nothing:\n{term.screen()}")


def test_each_kill_gives_back_the_same_case_with_its_call_and_draft_on_f2(terminal):
    pid = terminal.start()
    [(top,)] = terminal.rows("SELECT count(*) FROM account")
    assert top > 3
    terminal.keys("Down", "Down", "Enter")  # the third case of the queue, chosen by the agent
    terminal.wait_for("Calling rules")
    [(ref,)] = terminal.rows(HELD)
    _dial(terminal)
    [(attempts,)] = terminal.rows("SELECT count(*) FROM call_attempt")
    terminal.keys("F6", *["Tab"] * 10)  # the note's text
    text = "Asked for a call back"
    terminal.type(text)
    _until_draft(terminal, text)
    back = 0
    for n in range(LOOPS):
        terminal.kill(pid)
        pid = terminal.start()
        terminal.keys("F2")
        terminal.wait_for("Calling rules")
        assert terminal.rows(HELD) == [(ref,)], (n, terminal.screen())
        assert ref in terminal.wait_for(ref)
        terminal.wait_for("on call")  # the same call, still waiting for its note
        terminal.keys("F6")
        terminal.wait_for("Draft restored")  # the draft is back in the form (the database has its words, below)
        terminal.wait_for("Asked for a call back")  # its first words (a long one scrolls in the form)
        back += 1
        terminal.keys(*["Tab"] * 10, *["Down"] * 8, "End")  # the end of the text, however it wraps
        text += f" kill{n}"
        terminal.type(f" kill{n}")
        _until_draft(terminal, text)
    assert back == LOOPS
    # One call all along: no kill left a second dial behind, nor a case worked without its note.
    assert terminal.rows("SELECT count(*) FROM call_attempt") == [(attempts,)]
    assert terminal.rows("SELECT count(*) FROM call_attempt WHERE outcome IS NULL") == [(1,)]
