"""The command line: every command listed, options before or after the name, errors as messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent_tui import cli
from agent_tui.cli import COMMANDS, main


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"\n    {name} " in out


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert "--config" in capsys.readouterr().out


def test_a_command_without_a_handler_says_so_and_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(cli, "HANDLERS", {})
    assert main(["serve"]) == 2
    assert "not available yet" in capsys.readouterr().err


@pytest.mark.parametrize("order", ["before", "after"])
def test_config_and_db_before_or_after_the_command(order, tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("language: zh-CN\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    options = ["--config", str(config), "--db", url]
    argv = [*options, "db", "init"] if order == "before" else ["db", "init", *options]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "x.db" in out and "表结构" in out


def test_bad_config_is_reported_with_line_and_exit_2(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("language: en\nqueue:\n  balance: lots\n", encoding="utf-8")
    assert main(["--config", str(config), "db", "version"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{config}:3: queue.balance: expected a number from -1000 to 1000, found 'lots'"


@pytest.mark.parametrize(("command", "text", "expected"), [
    ("run", "claims:\n  lease_minutes: 1000000000000\n",
     ":2: claims.lease_minutes: expected a whole number from 1 to 1440, found '1000000000000'"),
    ("run", "keys: " + "[" * 5000 + "]" * 5000 + "\n", ":1: (YAML): expected at most 32 levels of nesting"),
    ("run", "database:\n  url: sqlite:///x.db?foo=1\n", ":2: database.url: expected only the parameters"),
    ("run", "keys:\n  next_case: ctrl+bogus\n", ":2: keys.next_case: expected a key such as f12"),
    ("review", "keys:\n  next_case: F12\n", ":2: keys.next_case: expected a key such as f12, ctrl+s, shift+tab,"
     " escape or slash (did you mean 'f12'?), found 'F12'"),
    ("serve", "keys:\n  next_cse: f12\n", ":2: keys.next_cse: expected a binding id, as F1 lists them"
     " (did you mean 'next_case'?), found unknown id 'next_cse'"),
], ids=["huge-number", "deep-nesting", "url-parameter", "unknown-key", "key-case", "unknown-id"])
def test_a_hostile_config_stops_the_start_with_its_line_not_a_traceback(command, text, expected, tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text(text, encoding="utf-8")
    assert main(["--config", str(config), command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config}{expected}"), err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_unknown_command_and_bad_option_are_usage_errors(capsys):
    assert main(["frobnicate"]) == 2
    assert main(["db", "explode"]) == 2
    err = capsys.readouterr().err
    assert "frobnicate" in err and "explode" in err and "Traceback" not in err


def test_bad_database_url_is_one_line_not_a_traceback(capsys):
    assert main(["db", "init", "--db", "mysql://nowhere/x"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_python_dash_m_runs_the_same_command_line():
    done = subprocess.run([sys.executable, "-m", "agent_tui", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "review" in done.stdout


def test_import_command_loads_the_example_set_once(tmp_path, capsys):
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'imp.db'}"
    example = Path(__file__).resolve().parent / "data" / "placement"
    assert main(["db", "init", "--db", url]) == 0
    assert main(["import", str(example), "--db", url, "--dry-run"]) == 0
    assert main(["import", str(example), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "6 accounts" in out
    # The same refs again: refused, named by file and line, nothing written.
    assert main(["import", str(example), "--db", url]) == 1
    err = capsys.readouterr().err
    assert "accounts.csv:2: account_ref:" in err
    assert main(["import", str(example), "--db", url, "--update"]) == 0
