"""Hostile names from a placement file, on the installed workstation in a real terminal: shown, never obeyed.

A creditor's file is data, yet a terminal obeys some data: an OSC 0 sequence
in a debtor's name once became tmux's pane title, an OSC 52 one wrote the
clipboard. The test imports such names with ``agent-tui import``, finds the
case with ``/`` and opens it, and reads the pane as a person would: the
escapes are on the screen as ``\\x1b]0;…``, the markup as typed, and tmux's
title and paste buffers are untouched.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REF = "HX-EVIL-0001"
NAME = "\x1b]0;PWNED-TITLE\x07[b]bold[/b]"
EMPLOYER = "\x1b]52;c;UFdORUQ=\x07Acme [/] \u202eoC\u0301"
FAMILY = "\x9b31m[red]red[/red] \u2066x"


def _placement(folder: Path) -> Path:
    """One account of the example placement, with the hostile name, employer and family."""
    with (ROOT / "tests" / "data" / "placement" / "accounts.csv").open(encoding="utf-8", newline="") as source:
        head, first, *_ = csv.reader(source)
    row = dict(zip(head, first, strict=True))
    row.update(account_ref=REF, debtor_name=NAME, employer=EMPLOYER, family=FAMILY, national_id="110101198503127799")
    path = folder / "accounts.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([head, [row[key] for key in head]])
    return path


def test_hostile_names_are_shown_and_the_terminal_obeys_none_of_them(terminal, tmp_path):
    imported = terminal.command("import", str(_placement(tmp_path)))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    terminal.start()
    terminal.tmux("set-option", "-g", "set-clipboard", "on")  # an OSC 52 write would become a paste buffer
    title = terminal.tmux("display-message", "-p", "-t", "desk", "#{pane_title}").strip()
    assert "PWNED" not in title, title  # the queue shows the name too

    terminal.keys("/")
    terminal.type(REF)
    terminal.wait_for(REF)
    terminal.keys("Enter")  # a search with one result opens the case
    screen = terminal.wait_for("Calling rules")
    screen = terminal.wait_for("\\x1b]0;PWNED")
    # The debtor pane's text, its wrapped lines joined and its spaces dropped: a value shown as typed may
    # wrap anywhere in the pane's width.
    pane = "".join("".join(line.split("││")[1].split()) for line in screen.splitlines() if line.count("││") >= 2)
    assert "[b]bold[/b]" in pane, screen
    assert "\\x1b]52;c;UFdORUQ=\\x07Acme[/]" in pane, screen
    assert "\\u202eo" in pane, screen
    assert "\\x9b31m[red]red[/red]\\u2066x" in pane, screen

    assert terminal.tmux("display-message", "-p", "-t", "desk", "#{pane_title}").strip() == title
    assert terminal.tmux("list-buffers") == ""
