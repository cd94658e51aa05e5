"""How F3 places a call: a softphone command from config.yaml, or the number shown to dial by hand."""

from __future__ import annotations

import shlex
import subprocess

from agent_tui.i18n import Msg


class Dialer:
    """Runs ``dialer.command`` with ``{number}`` filled in; with no command, dialling is by hand.

    The command is split like a shell would split it, but no shell runs it:
    the number is one argument, whatever it contains. The softphone is
    started and left running; the workstation does not wait for the call.
    """

    def __init__(self, command: str = "") -> None:
        self.command = command.strip()

    @property
    def by_hand(self) -> bool:
        """Whether the agent dials the number themselves."""
        return not self.command

    def argv(self, number: str) -> list[str]:
        """The command's words with the number in place of ``{number}``."""
        return [word.replace("{number}", number) for word in shlex.split(self.command)]

    def dial(self, number: str) -> Msg | None:
        """Start the softphone on ``number``; the reason when it could not be started."""
        if self.by_hand:
            return None
        try:
            argv = self.argv(number)
        except ValueError as exc:  # unbalanced quotes in config.yaml
            return Msg("workstation.dialer.bad_command", {"command": self.command, "error": str(exc)})
        if not argv:
            return Msg("workstation.dialer.bad_command", {"command": self.command, "error": "empty"})
        try:
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            return Msg("workstation.dialer.failed", {"command": argv[0], "error": exc.strerror or str(exc)})
        return None
