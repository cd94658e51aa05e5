"""What F3 shows when the conduct rules refuse a dial: the rule, its citation, the next allowed time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.i18n import t
from agent_tui.service.views import DialResult
from agent_tui.ui import format as fmt


def refusal_content(result: DialResult) -> Content:
    """The refusal as the agent reads it; nothing was dialled."""
    rows = [
        Content.styled(fmt.text(result.reason) or t("workstation.refusal.no_reason"), "bold"),
        Content.assemble((fmt.pad(t("workstation.refusal.rule"), 14), "$text-muted"), result.rule_id or "—"),
        Content.assemble((fmt.pad(t("workstation.refusal.citation"), 14), "$text-muted"), result.citation or "—"),
        Content.assemble(
            (fmt.pad(t("workstation.refusal.next"), 14), "$text-muted"),
            fmt.day_and_clock(result.next_allowed_at) if result.next_allowed_at else t("workstation.refusal.no_next"),
        ),
    ]
    return Content("\n").join(rows)


class RefusalScreen(ModalScreen[None]):
    """The gate said no; Escape or Enter goes back to the case."""

    BINDINGS = [Binding("escape,enter,space", "dismiss", show=False)]

    def __init__(self, result: DialResult) -> None:
        super().__init__()
        self._result = result

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -refusal", id="refusal"):
            yield Static(t("workstation.refusal.title"), classes="title")
            yield Static(refusal_content(self._result), id="refusal-body")
            yield Static(t("workstation.refusal.hint"), classes="hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
