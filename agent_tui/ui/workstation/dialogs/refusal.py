"""What F3 shows when the conduct rules refuse a dial: the rule, its citation, the next allowed time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.domain.citations import citation_parts, rule_kind
from agent_tui.i18n import t
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


def rule_words(rule_id: str) -> str:
    """The rule by its name in the screen's language, its id after it (the id is what the citation points at)."""
    if not rule_id:
        return "—"
    kind = rule_kind(rule_id)
    if kind is None:
        return plain(rule_id)
    return t("workstation.refusal.rule_value", name=t(f"compliance.rule.{kind}"), id=plain(rule_id))


def citation_words(citation: str) -> str:
    """The citation's sources, each named in the screen's language (the numbers as they are)."""
    parts = [plain(fmt.text(part)) for part in citation_parts(citation)]
    return t("compliance.citation.separator").join(parts) if parts else "—"


def refusal_content(result: DialResult, debtor_zone: str, floor_zone: str) -> Content:
    """The refusal as the agent reads it; nothing was dialled."""
    def label(key: str) -> tuple[str, str]:
        return fmt.pad(t(f"workstation.refusal.{key}"), 14), "$text-muted"

    rows = [
        Content.styled(plain(fmt.text(result.reason)) or t("workstation.refusal.no_reason"), "bold"),
        Content.assemble(label("rule"), rule_words(result.rule_id)),
        Content.assemble(label("citation"), citation_words(result.citation)),
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
