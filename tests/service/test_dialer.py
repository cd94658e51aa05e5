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
