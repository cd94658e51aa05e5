"""`agent-tui demo` never destroys a database unasked, and leaves no process behind when it is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_tui.cli import main
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


class Terminal:
    """Standard input at a terminal, where the user types ``answer``."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.read = False

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        self.read = True
        return self.answer


def accounts_in(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM account").fetchone()[0]


@pytest.fixture
def written(tmp_path):
    """A demo database of 8 accounts, already there."""
    path = tmp_path / "floor.db"
    assert main(["demo", "--accounts", "8", "--no-launch", "--db", f"sqlite:///{path}"]) == 0
    return path


def test_an_existing_database_is_not_replaced_without_a_terminal_or_force(written, capsys):
    capsys.readouterr()
    assert main(["demo", "--accounts", "5", "--no-launch", "--db", f"sqlite:///{written}"]) == 2
    err = capsys.readouterr().err
    assert str(written) in err and "8 accounts" in err and "--force" in err
    assert accounts_in(written) == 8
    assert main(["demo", "--accounts", "5", "--no-launch", "--force", "--db", f"sqlite:///{written}"]) == 0
    assert accounts_in(written) == 5


@pytest.mark.parametrize(("language", "answer", "replaced"), [
    ("en", "\n", False), ("en", "n\n", False), ("en", "", False), ("en", "y\n", True), ("en", "YES\n", True),
    ("zh-CN", "是\n", True), ("zh-CN", "否\n", False),
])
def test_at_a_terminal_the_user_is_asked(written, tmp_path, monkeypatch, capsys, language, answer, replaced):
    config = tmp_path / "config.yaml"
    config.write_text(f"language: {language}\n", encoding="utf-8")
    terminal = Terminal(answer)
    monkeypatch.setattr(sys, "stdin", terminal)
    capsys.readouterr()
    code = main(["demo", "--accounts", "5", "--no-launch", "--config", str(config), "--db", f"sqlite:///{written}"])
    err = capsys.readouterr().err
    assert terminal.read and "[y/N]" in err and str(written) in err
    assert (code, accounts_in(written)) == ((0, 5) if replaced else (1, 8))
    if not replaced:
        assert str(written) in err.rpartition("[y/N]")[2]  # and says nothing was changed


def test_another_programs_database_is_named_as_such(tmp_path, capsys):
    other = tmp_path / "places.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE bookmark (url TEXT)")
        con.execute("INSERT INTO bookmark VALUES ('https://example.org')")
    con.close()
    assert main(["demo", "--accounts", "5", "--no-launch", "--db", f"sqlite:///{other}"]) == 2
    assert "another program" in capsys.readouterr().err
    with sqlite3.connect(other) as con:
        assert con.execute("SELECT url FROM bookmark").fetchall() == [("https://example.org",)]
    con.close()


def test_a_file_that_is_not_a_database_is_never_touched_even_with_force(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("not a database, " * 100, encoding="utf-8")
    before = text.read_bytes()
    assert main(["demo", "--accounts", "5", "--no-launch", "--force", "--db", f"sqlite:///{text}"]) == 2
    assert text.read_bytes() == before
    assert str(text) in capsys.readouterr().err


def test_a_file_with_nothing_in_it_is_written_without_asking(tmp_path, monkeypatch):
    """A start that found no schema leaves an empty database behind: the demo then just writes."""
    empty = tmp_path / "demo.db"
    sqlite3.connect(empty).execute("PRAGMA journal_mode=wal").fetchall()
    assert empty.exists()
    terminal = Terminal("n\n")
    monkeypatch.setattr(sys, "stdin", terminal)
    assert main(["demo", "--accounts", "5", "--no-launch", "--db", f"sqlite:///{empty}"]) == 0
    assert not terminal.read and accounts_in(empty) == 5


@pytest.mark.postgres
def test_a_postgresql_database_with_accounts_is_refused_even_with_force(capsys):
    from tests.pg_server import pg_schema

    with pg_schema("agent_tui_demo") as url:
        assert main(["demo", "--accounts", "5", "--no-launch", "--db", url]) == 0
        assert main(["demo", "--accounts", "9", "--no-launch", "--force", "--db", url]) == 1
        assert "already holds accounts" in capsys.readouterr().err
