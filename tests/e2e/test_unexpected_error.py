"""The installed review in a real terminal, stopped by an error whose text quotes a note and a number.

A ``sitecustomize`` module on the program's path plants the fault: once in
the service's read (the review catches it), once in putting a page on the
screen (Textual catches it). Either way the pane, once the program has left,
shows the short message and exit code 1, never the note or the number, and
the 0600 log holds the number only masked.
"""

from __future__ import annotations

import os
import stat
import time

import pytest

from .conftest import ROOT, program

NOTE = "Owner lost his job at the mill"
PHONE = "13912345678"

FAULTS = {
    "read": ("agent_tui.service.review", "Review", "notes"),
    "draw": ("agent_tui.ui.review.screens.notes", "NotesScreen", "say_how_many"),
}


def _plant(folder, where: str) -> None:
    module, cls, method = FAULTS[where]
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(
        f"import {module} as m\n"
        f"def fault(*args, **kwargs):\n"
        f"    raise ValueError({f'cannot go on with {NOTE!r}, call {PHONE}'!r})\n"
        f"m.{cls}.{method} = fault\n",
        encoding="utf-8",
    )


def _run_review(terminal, planted) -> str:
    """Run ``agent-tui review`` in the pane until it leaves; all the pane shows and showed, with the exit code."""
    path = os.pathsep.join(p for p in (str(planted), os.environ.get("PYTHONPATH", "")) if p)
    command = " ".join(["env", f"AGENT_TUI_HOME={terminal.home}", f"PYTHONPATH={path}", *program(),
                        "review", "--db", f"sqlite:///{terminal.db}", "; echo EXIT=$?; sleep 60"])
    terminal.tmux("new-session", "-d", "-s", "desk", "-x", "120", "-y", "40", "-c", str(ROOT), command)
    try:
        terminal.wait_for("EXIT=")
        time.sleep(0.2)
        return terminal.tmux("capture-pane", "-p", "-S", "-", "-t", "desk")
    finally:
        terminal.tmux("kill-session", "-t", "desk")


@pytest.mark.parametrize("where", ["read", "draw"])
def test_an_unexpected_error_leaves_a_short_message_and_no_data_on_the_terminal(terminal, tmp_path, where):
    _plant(tmp_path / "planted", where)
    history = _run_review(terminal, tmp_path / "planted")
    assert "EXIT=1" in history, history
    assert "agent-tui review stopped" in history, history
    assert NOTE not in history and PHONE not in history and "Traceback" not in history, history
    log = terminal.home / "agent-tui.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    logged = log.read_text(encoding="utf-8")
    assert PHONE not in logged
    if where == "read":
        assert "NotesScreen.read_page failed with ValueError" in logged and "*******5678" in logged
    else:
        assert "stopped by an error on NotesScreen" in logged
