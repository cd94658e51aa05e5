"""Ctrl+Q with a call not yet noted, or a note not saved: leave anyway, or stay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.i18n import t
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import QUIT_KEYS


class LeaveScreen(ModalScreen[bool]):
    """Asks before leaving; dismissed with True to leave. Open it through ``localized``.

    ``on_call``: the case has a dialled call whose note is not saved (else: a draft not saved).
    """

    KEYS = QUIT_KEYS

    def __init__(self, account_ref: str, on_call: bool) -> None:
        super().__init__()
        self._why = t("workstation.quit.on_call" if on_call else "workstation.quit.draft", ref=plain(account_ref))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="leave"):
            yield Static(t("workstation.quit.title"), classes="title")
            yield Static(self._why, id="leave-why", markup=False)
            yield Static(t("workstation.quit.hint"), classes="hint")
        yield KeyFooter()

    def action_leave(self) -> None:
        """Enter (or Ctrl+Q once more): leave."""
        self.dismiss(True)
