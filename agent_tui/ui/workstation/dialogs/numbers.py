"""F3 with more than one number: which to dial, the primary first, each with the calling rules' verdict now.

Enter dials the highlighted number (the rules are asked again as it dials: a refused one shows its rule
and the next allowed time, as F3 always has); the cursor starts on the first number that may be called.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agent_tui.i18n import t
from agent_tui.service.views import NumberChoice
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import NUMBER_KEYS


def number_line(number: NumberChoice) -> Content:
    """``Mobile  +* *** *** 0191  primary  ✓ may call now`` or ``✗`` and the rule's words."""
    parts: list[Content | tuple[str, str] | str] = [
        fmt.pad(t(f"workstation.contact.{number.kind}"), 10), plain(number.masked)]
    if number.primary:
        parts += ["  ", (t("workstation.debtor.primary"), "$success")]
    if number.allowed:
        parts += ["  ", ("✓ " + t("workstation.numbers.allowed"), "$success")]
    else:
        why = plain(fmt.text(number.reason)) if number.reason is not None else t("workstation.refusal.no_reason")
        parts += ["  ", ("✗ " + why, "$error")]
    return Content.assemble(*parts)


class NumberScreen(ModalScreen[int | None]):
    """The debtor's numbers; dismissed with the contact id to dial, or None. Open it through ``localized``."""

    KEYS = NUMBER_KEYS

    def __init__(self, numbers: tuple[NumberChoice, ...]) -> None:
        super().__init__()
        self._numbers = numbers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="numbers"):
            yield Static(t("workstation.numbers.title"), classes="title")
            yield OptionList(*(Option(number_line(n), id=str(n.contact_id)) for n in self._numbers),
                             id="number-list")
            yield Static(t("workstation.numbers.hint"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        listed = self.query_one("#number-list", OptionList)
        listed.highlighted = next((i for i, n in enumerate(self._numbers) if n.allowed), 0)
        listed.focus()

    @on(OptionList.OptionSelected, "#number-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_choose(self) -> None:
        """Enter: dial the highlighted number."""
        listed = self.query_one("#number-list", OptionList)
        if listed.highlighted is not None:
            self.dismiss(self._numbers[listed.highlighted].contact_id)
