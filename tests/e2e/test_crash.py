"""Kill -9 the installed program mid-note: the draft comes back, and a saved note stays saved.

The workstation runs as the installed ``agent-tui`` console script in a tmux
pane on a small demo database; the test presses keys with ``send-keys``, reads
the screen with ``capture-pane`` and kills the process with SIGKILL, which no
program can catch. Outside CI the test is skipped when tmux is missing; in CI a
missing tmux is a failure.

Every wait below is "until the screen shows it" with a generous ceiling, never a
measured duration: a slow machine makes the test slower, not red.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTE = "Owner asked for a call back after the market closes"
OUTCOMES = ('no_answer', 'wrong_number', 'third_party', 'right_party')  # the first four, in the form's order


def _program() -> list[str]:
    """The installed console script of this interpreter's environment, or ``python -m agent_tui``."""
    script = Path(sys.executable).with_name("agent-tui")
    if script.exists():
        return [str(script)]
    found = shutil.which("agent-tui")
    return [found] if found else [sys.executable, "-m", "agent_tui"]


class Terminal:
    """One tmux server of our own (its own socket), holding the workstation in one pane."""

    def __init__(self, home: Path, db: Path) -> None:
        self.socket = f"agent-tui-crash-{uuid.uuid4().hex[:8]}"
        self.home, self.db = home, db

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=30)
        return done.stdout

    def start(self) -> int:
        """Start the workstation in a fresh pane; its process id (the pane execs the program)."""
        env = {"AGENT_TUI_HOME": str(self.home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        command = " ".join(["exec", "env", *(f"{k}={v}" for k, v in env.items()), *_program(),
                            "--db", f"sqlite:///{self.db}"])
        self.tmux("new-session", "-d", "-s", "desk", "-x", "160", "-y", "48", "-c", str(ROOT), command)
        pid = int(self.tmux("display-message", "-p", "-t", "desk", "#{pane_pid}").strip())
        self.wait_for("cases")  # the queue is on the screen
        return pid

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "desk")

    def keys(self, *keys: str, pause: float = 0.5) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "desk", key)
            time.sleep(pause)  # one key per frame: the app reads them as separate presses

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "desk", "-l", text)

    def wait_for(self, text: str, ceiling: float = 60.0) -> str:
        end = time.monotonic() + ceiling
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{self.screen()}")

    def kill(self, pid: int) -> None:
        """SIGKILL the workstation: no handler, no flush, no goodbye."""
        os.kill(pid, signal.SIGKILL)
        end = time.monotonic() + 30
        while time.monotonic() < end and Path(f"/proc/{pid}").exists():
            time.sleep(0.1)
        self.tmux("kill-server")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path):
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    home, db = tmp_path / "home", tmp_path / "desk.db"
    # F3 must be allowed to dial on the real clock: Chinese debtors in the UTC morning, American
    # ones later, so the debtor's local 08:00-22:00 window is open. The screen stays in English.
    language = "zh-CN" if 1 <= datetime.now(timezone.utc).hour < 13 else "en"
    config = tmp_path / "demo-config.yaml"
    config.write_text(f"language: {language}\nscripts:\n  folder: {ROOT / 'scripts'}\n", encoding="utf-8")
    env = {**os.environ, "AGENT_TUI_HOME": str(home), "AGENT_TUI_CONFIG": str(config)}
    subprocess.run([*_program(), "demo", "--no-launch", "--db", f"sqlite:///{db}", "--accounts", "12"],
                   check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)
    term = Terminal(home, db)
    yield term
    term.close()


def _rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _open_first_case(term: Terminal) -> str:
    """F2, and the account ref the debtor pane shows."""
    term.keys("F2")
    screen = term.wait_for("Calling rules")
    ref = _rows(term.db, "SELECT a.ref FROM account a JOIN agent g ON a.claimed_by_id = g.id WHERE g.code = 'A001'")
    assert ref and ref[0][0] in term.wait_for(ref[0][0]), screen
    return ref[0][0]


def test_a_killed_workstation_gives_back_the_draft_and_keeps_the_saved_note(terminal):
    pid = terminal.start()
    ref = _open_first_case(terminal)
    terminal.keys("F6", *["Tab"] * 10)  # outcome … next step's time, then the note text
    terminal.type(NOTE[:30])  # part of the note
    terminal.wait_for("Draft saved")  # the autosave ran (about a second after the last key)
    terminal.kill(pid)

    drafts = _rows(terminal.db, "SELECT fields FROM draft")
    assert [json.loads(f)["form"]["text"] for (f,) in drafts] == [NOTE[:30]]

    pid = terminal.start()
    assert _open_first_case(terminal) == ref
    terminal.keys("F6")  # the note pane (a narrow terminal shows one pane at a time)
    terminal.wait_for(NOTE[:30])  # the draft is back in the form

    # Now the call and its note, saved with Ctrl+S; then the same kill.
    terminal.keys("F6", *["Tab"] * 10)
    terminal.keys("End")
    terminal.type(NOTE[30:])
    terminal.keys("F3")  # dial (by hand in the default config: the number is shown)
    terminal.wait_for("on call")
    terminal.keys("F4")
    terminal.wait_for("Who is on the line")
    terminal.keys("space", "down", "space")  # two identifiers confirmed
    terminal.keys("enter")
    terminal.keys("F7", "F5")  # purpose stated, listening; call ended, the cursor is on the outcome
    terminal.keys("enter", *["down"] * (OUTCOMES.index("right_party") + 1), "enter")
    terminal.keys("C-s")
    terminal.wait_for("Note #")
    terminal.kill(pid)

    notes = _rows(terminal.db, "SELECT n.text FROM call_note n JOIN account a ON n.account_id = a.id "
                               "WHERE a.ref = ? AND n.text = ?", ref, NOTE)
    assert notes == [(NOTE,)]
    assert _rows(terminal.db, "SELECT count(*) FROM draft d JOIN account a ON d.account_id = a.id "
                              "WHERE a.ref = ?", ref) == [(0,)]

    terminal.start()  # starts cleanly on the database the kill left behind
    verify = subprocess.run([*_program(), "audit", "verify", "--db", f"sqlite:///{terminal.db}"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "AGENT_TUI_HOME": str(terminal.home)})
    assert verify.returncode == 0, verify.stdout + verify.stderr
