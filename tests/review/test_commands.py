"""`agent-tui review` and `serve` refuse clearly before anything starts."""

from __future__ import annotations

from agent_tui import cli

from .floor import write_floor


def test_review_refuses_an_unknown_lead(sqlite_url, capsys):
    write_floor(sqlite_url)
    assert cli.main(["review", "--db", sqlite_url, "--lead", "NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err


def test_review_refuses_an_agent_who_is_not_a_lead(sqlite_url, capsys):
    write_floor(sqlite_url)
    assert cli.main(["review", "--db", sqlite_url, "--lead", "A001"]) == 2
    assert "not a team lead" in capsys.readouterr().err


def test_review_of_a_missing_database_says_so(tmp_path, capsys):
    assert cli.main(["review", "--db", f"sqlite:///{tmp_path / 'none.db'}"]) == 2
    assert "db init" in capsys.readouterr().err


def test_serve_checks_the_database_before_listening(tmp_path, capsys):
    assert cli.main(["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--port", "1"]) == 2
    assert "db init" in capsys.readouterr().err
