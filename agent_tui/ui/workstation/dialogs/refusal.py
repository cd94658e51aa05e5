"""What F3 shows when the conduct rules refuse a dial: the rule, its citation, the next allowed time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.domain.citations import Citation, RuleName
from agent_tui.i18n import language, t
from agent_tui.service.views import DialResult
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.reading import reading
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import REFUSAL_KEYS


def next_allowed(result: DialResult, debtor_zone: str, floor_zone: str) -> str:
    """When the same call would be allowed: on the debtor's clock and on the floor's."""
    if result.next_allowed_at is None:
        return t("workstation.refusal.no_next")
    local = result.next_allowed_at.astimezone(ZoneInfo(debtor_zone))
    floor = result.next_allowed_at.astimezone(ZoneInfo(floor_zone))
    return t(
        "workstation.refusal.next_value",
        local=fmt.day_and_clock(local),
        zone=plain(debtor_zone),
        floor=fmt.day_and_clock(floor),
    )


def refusal_content(result: DialResult, debtor_zone: str, floor_zone: str) -> Content:
    """The refusal as the agent reads it; nothing was dialled."""
    def label(key: str) -> tuple[str, str]:
        return fmt.pad(t(f"workstation.refusal.{key}"), 14), "$text-muted"

    rows = [
        Content.styled(plain(fmt.text(result.reason)) or t("workstation.refusal.no_reason"), "bold"),
        # The rule by its name and the citation's sources, in the screen's language (numbers as they are).
        Content.assemble(label("rule"), plain(RuleName(result.rule_id).localize(language()))),
        Content.assemble(label("citation"), plain(Citation(result.citation).localize(language()))),
        Content.assemble(label("next"), next_allowed(result, debtor_zone, floor_zone)),
    ]
    return Content("\n").join(rows)


class RefusalScreen(ModalScreen[None]):
    """The gate said no; Escape or Enter goes back to the case. Open it through ``localized``."""

    KEYS = REFUSAL_KEYS

    def __init__(self, result: DialResult, debtor_zone: str, floor_zone: str) -> None:
        super().__init__()
        self._result = result
        self._zones = (debtor_zone, floor_zone)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -refusal", id="refusal"):
            yield Static(t("workstation.refusal.title"), classes="title")
            yield Static(reading(refusal_content(self._result, *self._zones)), id="refusal-body")
            yield Static(t("workstation.refusal.hint"), classes="hint")
        yield KeyFooter()
