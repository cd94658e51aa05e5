"""F4: which identifiers the person on the line confirmed; two verify identity (guide 2.5)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from agent_tui.i18n import t
from agent_tui.service.views import DebtorProfile
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import filled
from agent_tui.ui.workstation.keys import VERIFY_KEYS


@dataclass(frozen=True)
class Verification:
    """What the agent ticked: the identifiers confirmed, or that it is not the debtor."""

    identifiers: tuple[str, ...] = ()
    not_the_debtor: bool = False


class VerifyScreen(ModalScreen[Verification | None]):
    """Space ticks an identifier the debtor confirmed; Enter records; N: not the debtor; Escape: back.

    Open it through :func:`~agent_tui.ui.workstation.keys.localized`.
    """

    KEYS = VERIFY_KEYS

    def __init__(self, expected: dict[str, str]) -> None:
        super().__init__()
        self._expected = expected

    @classmethod
    def for_debtor(cls, debtor: DebtorProfile) -> VerifyScreen:
        """The identifiers the checklist accepts, with what the profile says, to compare with the answers."""
        return cls(
            {
                "birth_date": fmt.day(debtor.birth_date),
                "national_id_last4": debtor.national_id_masked[-4:],
                "employer": debtor.employer or "—",
            }
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="verify"):
            yield Static(t("workstation.verify.title"), classes="title")
            items = [
                Selection(filled("workstation.verify.item", what=t(f"checklist.identifier.{name}"), value=value), name)
                for name, value in self._expected.items()
            ]
            yield SelectionList[str](*items, id="identifiers")
            yield Static(t("workstation.verify.hint"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_confirm(self) -> None:
        chosen = tuple(self.query_one(SelectionList).selected)
        self.dismiss(Verification(identifiers=chosen))

    def action_not_debtor(self) -> None:
        self.dismiss(Verification(not_the_debtor=True))
