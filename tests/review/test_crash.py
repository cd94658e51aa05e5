"""An unexpected error in the review: a short message, the detail in the 0600 log (masked), exit code 1.

The error's own text quotes a note and a phone number, as an error raised
with the data at hand would: neither may reach the terminal, and the number
reaches the log only masked.
"""

from __future__ import annotations

import pytest

from agent_tui import cli
from agent_tui.service.review import Review
from agent_tui.ui.common.crash import exit_code
from agent_tui.ui.review.screens.notes import NotesScreen
from tests.crash_log import read_log

from .floor import write_floor
from .test_app import SIZE, app_for, settle

NOTE = "Owner lost his job at the mill"
PHONE = "13912345678"


def _fault(*args, **kwargs):
    raise ValueError(f"cannot page past {NOTE!r}, call {PHONE}")


@pytest.fixture
def floor(sqlite_url):
    return sqlite_url, write_floor(sqlite_url)




async def test_a_read_that_fails_stops_the_review_and_says_what_failed(floor, log_file, monkeypatch, capsys):
    url, _ = floor
    monkeypatch.setattr(Review, "notes", _fault)
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert exit_code(app, "agent-tui review", app.return_value) == 1
    out, err = capsys.readouterr()
    assert "NotesScreen.read_page" in err and "ValueError" in err and str(log_file) in err
    assert NOTE not in out + err and PHONE not in out + err
    logged = read_log(log_file)
    assert "Traceback" in logged and "NotesScreen.read_page failed with ValueError" in logged
    assert PHONE not in logged and "*******5678" in logged


async def test_a_fault_the_screen_library_catches_shows_no_data(floor, log_file, monkeypatch, capsys):
    """A fault while a page is put on the screen: Textual catches it; its report (which would list the
    page's note text) stays off the terminal, and the exit code is 1."""
    url, _ = floor
    monkeypatch.setattr(NotesScreen, "say_how_many", lambda self: _fault())
    app = app_for(url)
    with pytest.raises(ValueError):  # Pilot hands the caught error to the test as well
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
    assert app.return_code == 1 and app.crash is None
    assert exit_code(app, "agent-tui review", app.return_value) == 1
    out, err = capsys.readouterr()
    assert "NotesScreen" in err and str(log_file) in err
    assert NOTE not in out + err and PHONE not in out + err and "Traceback" not in out + err
    logged = read_log(log_file)
    assert "stopped by an error on NotesScreen" in logged and NOTE not in logged


def test_a_review_that_cannot_open_for_an_unexpected_reason_exits_1(floor, monkeypatch, capsys):
    url, _ = floor
    monkeypatch.setattr("agent_tui.ui.review.app.open_review", _fault)
    assert cli.main(["review", "--db", url]) == 1
    out, err = capsys.readouterr()
    assert "open_review" in err and "ValueError" in err
    assert NOTE not in out + err and PHONE not in out + err
