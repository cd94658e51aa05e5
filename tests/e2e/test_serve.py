"""`agent-tui serve` end to end: a real server, a real headless Chromium, the notes browser on the page.

Outside CI the test is skipped when Chromium is not installed (``apt-get
install chromium``); in CI (``CI`` set) a missing Chromium is a failure, and
.ci/run installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.review.floor import write_floor

pytestmark = pytest.mark.slow


def _chromium() -> str:
    from .browser import CHROMIUM

    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """``agent-tui serve`` on a floor database, until the test ends; yields (url, server log path)."""
    url = f"sqlite:///{tmp_path / 'floor.db'}"
    write_floor(url)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "agent_tui", "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True,
        )
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(address, timeout=2) as page:
                    page.read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"agent-tui serve did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield address, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_browser_shows_the_notes_browser(served, tmp_path):
    _chromium()
    from .browser import watch_page

    address, log = served
    watch = watch_page(address, "Notes browser", timeout=60)
    (tmp_path / "page.png").write_bytes(watch.screenshot)
    assert watch.websockets and watch.websockets[0].startswith("ws://127.0.0.1:")
    assert watch.found, f"the page never received the notes browser:\n{watch.received[-2000:]}\n{log.read_text()}"
    assert "read-only" in watch.received
    assert watch.screenshot.startswith(b"\x89PNG")


def test_each_browser_session_runs_the_review_command():
    from agent_tui.cli import build_parser
    from agent_tui.cli.review import serve_invocation

    args = build_parser().parse_args(["serve", "--db", "sqlite:////tmp/x y.db", "--config", "c.yaml"])
    command = serve_invocation(args)
    assert command.startswith(f"{sys.executable} -m agent_tui --config ")
    assert "'sqlite:////tmp/x y.db'" in command and command.endswith(" review")
