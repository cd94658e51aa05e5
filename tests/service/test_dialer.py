"""The softphone command: split like a shell would, run without one, failures named."""

from __future__ import annotations

from agent_tui.service.dialer import Dialer


def test_no_command_means_dialling_by_hand():
    assert Dialer("").by_hand
    assert Dialer("   ").dial("13800138000") is None


def test_the_number_is_one_argument_whatever_it_contains():
    dialer = Dialer("softphone --call '{number}' --account 'desk 4'")
    assert dialer.argv("138; rm -rf /") == ["softphone", "--call", "138; rm -rf /", "--account", "desk 4"]


def test_a_command_that_cannot_start_is_a_message_not_a_crash(tmp_path):
    problem = Dialer(f"{tmp_path / 'no-such-softphone'} {{number}}").dial("13800138000")
    assert problem is not None and problem.key == "workstation.dialer.failed"
    assert Dialer("softphone 'unbalanced {number}").dial("1").key == "workstation.dialer.bad_command"


def test_f3_runs_the_configured_softphone_with_the_number(tmp_path, desk, clock):
    import shlex
    import sys
    import time

    from agent_tui.service.workstation import Workstation
    from agent_tui.store.database import open_database, use_database

    from .desk import desk_config

    dialled = tmp_path / "dialled.txt"
    script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} {shlex.quote(str(dialled))} {{number}}"
    db = use_database(open_database(desk.url))
    station = Workstation(db, desk_config(), desk.agent, now=clock, dialer=Dialer(command))
    station.open_case(desk.promise_due)
    result = station.dial(desk.promise_due)
    assert result.allowed and result.dialer_error is None
    assert result.state.call.dial_by_hand is None  # the softphone dials, not the agent
    for _ in range(100):  # the softphone runs on its own; give it a moment to start
        if dialled.exists() and dialled.read_text():
            break
        time.sleep(0.05)
    assert dialled.read_text() == "13800130001"
    db.close()
