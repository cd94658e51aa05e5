"""What the workstation service refuses to do, with the reason in the agent's words."""

from __future__ import annotations

from agent_tui.i18n import Msg


class CaseRefused(Exception):
    """A use case that cannot go ahead (no case open, a call already on, a case taken by
    another agent); ``msg`` says why, for the screen to show."""

    def __init__(self, key: str, **params: object) -> None:
        self.msg = Msg(f"workstation.refused.{key}", params)
        super().__init__(self.msg.key)
