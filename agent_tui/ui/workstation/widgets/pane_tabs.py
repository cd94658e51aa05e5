"""The line of pane names on a narrow terminal: which pane shows, and Ctrl+O for the next one."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from agent_tui.i18n import t

#: The desk's panes, in the order Ctrl+O cycles through them.
PANES = ("queue", "debtor", "script", "note")


class PaneTabs(Static):
    """Names the four panes and marks the one shown; the screen's ``-show-<pane>`` class follows it.

    On a wide terminal every pane is on screen and this line is hidden (workstation.tcss).
    """

    pane: var[str] = var("queue")

    def on_mount(self) -> None:
        self.watch_pane(self.pane)

    def watch_pane(self, pane: str) -> None:
        """Mark ``pane`` on the line and show it (the screen's ``-show-<pane>`` class)."""
        for name in PANES:
            self.screen.set_class(name == pane, f"-show-{name}")
        parts: list = [" "]
        for name in PANES:
            label = t(f"workstation.pane.{name}")
            parts += [(f" {label} ", "bold reverse" if name == pane else "$text-muted"), " "]
        parts.append((t("workstation.pane.switch_hint"), "$text-muted"))
        self.update(Content.assemble(*parts))

    def next(self) -> str:
        """Show the next pane; its name."""
        self.pane = PANES[(PANES.index(self.pane) + 1) % len(PANES)]
        return self.pane
