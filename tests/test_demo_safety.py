"""`agent-tui demo` leaves no process behind when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_tui.store.demo_workers import die_with_parent


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (read from /proc: psutil is not a dependency)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rpartition(")")[2].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that is not a zombie (a reaped or dead-but-unreaped one is gone)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_killing_the_demo_leaves_no_worker_behind(tmp_path):
    env = {**os.environ, "AGENT_TUI_HOME": str(tmp_path / "home")}
    demo = subprocess.Popen(
        [sys.executable, "-m", "agent_tui", "demo", "--accounts", "200000", "--no-launch",
         "--db", f"sqlite:///{tmp_path / 'big.db'}"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and demo.poll() is None:
            workers = children(demo.pid)
            if workers:
                break
            time.sleep(0.1)
        assert workers, "the demo started no worker process"
        time.sleep(0.5)  # every worker of the pool started
        workers = children(demo.pid)
        os.kill(demo.pid, signal.SIGKILL)
        demo.wait(10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        left = [pid for pid in workers if alive(pid)]
    finally:
        if demo.poll() is None:
            demo.kill()
    for pid in left:  # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running after the demo was killed: {left}"


def test_a_worker_whose_parent_is_already_gone_leaves_at_once():
    import multiprocessing

    context = multiprocessing.get_context("fork")
    late = context.Process(target=die_with_parent, args=(1,))  # "its parent was process 1": not so, it went
    late.start()
    late.join(10)
    assert late.exitcode == 1
    on_time = context.Process(target=die_with_parent, args=(os.getpid(),))
    on_time.start()
    on_time.join(10)
    assert on_time.exitcode == 0

