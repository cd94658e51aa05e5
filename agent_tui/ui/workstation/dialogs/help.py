"""F1: every key of the workstation, read from the bindings themselves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.i18n import t
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.shown import plain
from agent_tui.ui.workstation.keys import ALL_KEYS, HELP_KEYS


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the key as pressed, what it does, and the longer explanation."""

    key: str
    description: str
    tooltip: str


def key_table(app, keymap: dict[str, str]) -> list[KeyHelp]:
    """Every key of the workstation, where config.yaml's ``keys:`` put it, as the footer shows it."""
    rows = []
    for spec in ALL_KEYS:
        binding = spec.binding().with_key(keymap.get(spec.id, spec.key).split(",")[0].strip())
        rows.append(KeyHelp(app.get_key_display(binding), binding.description, binding.tooltip))
    return rows


def help_rows(keys: list[KeyHelp]) -> list[tuple[Content, Content]]:
    """The key table: the key, then its action with the explanation under it (which wraps)."""
    return [
        (
            Content.styled(plain(key.key), "bold $accent"),  # the key as config.yaml names it
            Content("\n").join([Content.styled(key.description, "bold"), Content.styled(key.tooltip, "$text-muted")]),
        )
        for key in keys
    ]


class HelpScreen(ModalScreen[None]):
    """The key table; Escape or F1 closes it. Open it through :func:`~agent_tui.ui.workstation.keys.localized`."""

    KEYS = HELP_KEYS

    def __init__(self, keys: list[KeyHelp]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(t("workstation.help.title"), classes="title")
            with VerticalScroll(id="help-keys", can_focus=True):
                for key, words in help_rows(self._keys):
                    with Horizontal(classes="help-row"):
                        yield Static(key, classes="help-key")
                        yield Static(words, classes="help-words")
            yield Static(t("workstation.help.hint"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()
