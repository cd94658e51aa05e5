"""An unexpected error at the desk: a short message naming what failed, the detail in the 0600 log (masked).

The error's own text quotes a note and a phone number, as an error raised
with the data at hand would: neither may reach the terminal or the screen,
and the number reaches the log only masked. A fault in opening the desk, or
in drawing it, ends the workstation with exit code 1; a fault in one of the
desk's steps is a notice, and the agent's typing is kept.
"""

from __future__ import annotations

import pytest

from agent_tui.service.workstation import Workstation
from agent_tui.ui.common.crash import exit_code
from agent_tui.ui.workstation.app import _start_refused
from agent_tui.ui.workstation.desk import DeskScreen
from tests.crash_log import read_log

from .agent import press, settle

NOTE = "Owner lost his job at the mill"
PHONE = "13912345678"


def _fault(*args, **kwargs):
    raise ValueError(f"cannot go on with {NOTE!r}, call {PHONE}")




def _no_data(text: str) -> None:
    assert NOTE not in text and PHONE not in text


async def test_a_desk_that_cannot_open_for_an_unexpected_reason_exits_1(workstation, log_file, monkeypatch, capsys):
    monkeypatch.setattr(Workstation, "agent", _fault)
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    assert isinstance(app.start_error, ValueError)
    assert _start_refused(app.start_error) == 1  # before: the error was raised to the terminal
    out, err = capsys.readouterr()
    assert "open_workstation" in err and "ValueError" in err and str(log_file) in err
    _no_data(out + err)
    logged = read_log(log_file)
    assert "workstation not opened" in logged and "Traceback" in logged and "*******5678" in logged
    assert PHONE not in logged


async def test_a_step_that_fails_is_a_notice_naming_the_step_and_the_desk_goes_on(workstation, log_file, monkeypatch):
    def next_case(self, *args):
        _fault()

    monkeypatch.setattr(Workstation, "next_case", next_case)
    app, _ = workstation("en")
    notices: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kwargs: (notices.append(message), notify(message, **kwargs))[1]
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        assert any("next_case: ValueError" in notice for notice in notices), notices
        _no_data(" ".join(notices))
        assert app.is_running
    logged = read_log(log_file)
    assert "next_case failed" in logged and "Traceback" in logged and PHONE not in logged


async def test_a_fault_in_drawing_the_desk_shows_no_data_and_exits_1(workstation, log_file, monkeypatch, capsys):
    """Textual catches it; its report (which would list the desk's data) stays off the terminal."""
    monkeypatch.setattr(DeskScreen, "_show_case", _fault)
    app, _ = workstation("en")
    with pytest.raises(ValueError):  # Pilot hands the caught error to the test as well
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await press(pilot, "f2")
    assert app.return_code == 1
    assert exit_code(app, "agent-tui", app.return_value) == 1
    out, err = capsys.readouterr()
    assert "DeskScreen" in err and str(log_file) in err and "Traceback" not in out + err
    _no_data(out + err)
    assert "stopped by an error on DeskScreen" in read_log(log_file)
