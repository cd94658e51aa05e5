"""The installed workstation in a real terminal: tmux holds it, the tests type and read the screen.

The workstation runs as the installed ``agent-tui`` console script in a tmux
pane on a small demo database. Outside CI the tests are skipped when tmux is
missing; in CI a missing tmux is a failure.

Every wait is "until the screen shows it" with a generous ceiling, never a
measured duration: a slow machine makes the tests slower, not red.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def program() -> list[str]:
    """The installed console script of this interpreter's environment, or ``python -m agent_tui``."""
    script = Path(sys.executable).with_name("agent-tui")
    if script.exists():
        return [str(script)]
    found = shutil.which("agent-tui")
    return [found] if found else [sys.executable, "-m", "agent_tui"]


class Terminal:
    """One tmux server of our own (its own socket), holding the workstation in one pane."""

    def __init__(self, home: Path, db: Path) -> None:
        self.socket = f"agent-tui-e2e-{uuid.uuid4().hex[:8]}"
        self.home, self.db = home, db

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=30)
        return done.stdout

    def start(self, config: str = "") -> int:
        """Start the workstation in a fresh pane (in English, the default config, or ``config``'s lines beside the
        repository's scripts); its process id (the pane execs the program)."""
        env = {"AGENT_TUI_HOME": str(self.home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        if config:
            path = self.db.parent / "desk-config.yaml"
            path.write_text(f"scripts:\n  folder: {ROOT / 'scripts'}\n{config}", encoding="utf-8")
            env["AGENT_TUI_CONFIG"] = str(path)
        # No COLUMNS or LINES from the server's environment: the program takes the pane's own size.
        command = " ".join(["exec", "env", "-u", "COLUMNS", "-u", "LINES", *(f"{k}={v}" for k, v in env.items()),
                            *program(),
                            "--db", f"sqlite:///{self.db}"])
        self.tmux("new-session", "-d", "-s", "desk", "-x", "160", "-y", "48", "-c", str(ROOT), command)
        pid = int(self.tmux("display-message", "-p", "-t", "desk", "#{pane_pid}").strip())
        self.wait_for("cases")  # the queue is on the screen
        return pid

    def dial(self) -> list[str]:
        """F3, and Enter on the primary number when the debtor has more than one; the keys it took."""
        self.keys("F3")
        pressed = ["F3"]
        end = time.monotonic() + 60
        while time.monotonic() < end:
            screen = self.screen()
            if "on call" in screen:
                return pressed
            if "Which number?" in screen:
                self.keys("Enter")
                pressed.append("Enter")
                self.wait_for("on call")
                return pressed
            time.sleep(0.2)
        raise AssertionError(f"F3 dialled nothing:\n{self.screen()}")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "desk")

    def keys(self, *keys: str, pause: float = 0.5) -> None:
        """Press ``keys`` one by one, each on its own moment (as a person types)."""
        for key in keys:
            self.tmux("send-keys", "-t", "desk", key)
            time.sleep(pause)

    def burst(self, *keys: str) -> None:
        """Press ``keys`` all at once: one ``send-keys``, so the program reads them in one go."""
        self.tmux("send-keys", "-t", "desk", *keys)

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

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run another ``agent-tui`` command on the same database and data folder (not in the pane)."""
        return subprocess.run([*program(), *args, "--db", f"sqlite:///{self.db}"], capture_output=True, text=True,
                              cwd=ROOT, timeout=120, env={**os.environ, "AGENT_TUI_HOME": str(self.home)})

    def rows(self, sql: str, *params) -> list[tuple]:
        """What the database holds now (read beside the running program)."""
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

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
    """A tmux server and a demo database of 12 accounts in a data folder of the test's own."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    home, db = tmp_path / "home", tmp_path / "desk.db"
    # F3 must be allowed to dial on the real clock: Chinese debtors in the UTC morning, American
    # ones later, so the debtor's local 08:00-22:00 window is open. The screen stays in English.
    language = "zh-CN" if 1 <= datetime.now(UTC).hour < 13 else "en"
    config = tmp_path / "demo-config.yaml"
    config.write_text(f"language: {language}\nscripts:\n  folder: {ROOT / 'scripts'}\n", encoding="utf-8")
    env = {**os.environ, "AGENT_TUI_HOME": str(home), "AGENT_TUI_CONFIG": str(config)}
    subprocess.run([*program(), "demo", "--no-launch", "--db", f"sqlite:///{db}", "--accounts", "12"],
                   check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)
    term = Terminal(home, db)
    yield term
    term.close()
