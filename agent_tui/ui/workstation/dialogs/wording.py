"""Ctrl+S on a note the wording checker flags: what it found, then save anyway or go back to change it.

The flags do not stop a save: the agent may have written down what the
debtor said, not what they said themselves. Saved anyway, the note keeps the
flags and the lead sees them in review.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.i18n import Msg, t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import WORDING_KEYS


def flags_content(flags: tuple[Msg, ...], third_party: bool) -> Content:
    """The flags as the agent reads them, one a line, under why they matter."""
    rows = [Content(t("workstation.wording.why"))]
    rows += [Content.styled("⚑ " + plain(fmt.text(flag)), "bold $warning") for flag in flags]
    if third_party:
        rows.append(Content.styled(t("workstation.wording.third_party"), "$warning"))
    return Content("\n").join(rows)


class WordingScreen(ModalScreen[bool]):
    """Asks before saving a flagged note; dismissed with True to save anyway. Open it through ``localized``."""

    KEYS = WORDING_KEYS

    def __init__(self, flags: tuple[Msg, ...], third_party: bool = False) -> None:
        super().__init__()
        self._content = flags_content(flags, third_party)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="wording"):
            yield Static(t("workstation.wording.title"), classes="title")
            yield Static(self._content, id="wording-flags")
            yield Static(t("workstation.wording.hint"), classes="hint")
        yield KeyFooter()

    def action_save_anyway(self) -> None:
        """Ctrl+S once more: save the note as it is, flags and all."""
        self.dismiss(True)
