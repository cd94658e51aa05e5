"""F7: export what the filter shows — notes, promises or accounts — to a masked CSV file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from agent_tui.i18n import t
from agent_tui.service.review_export import EXPORT_KINDS
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.review.keys import DIALOG_KEYS


@dataclass(frozen=True)
class ExportChoice:
    """What to export and where to (in a browser only the file's name counts)."""

    kind: str
    path: Path


def default_name(kind: str, at: datetime) -> str:
    """``agent-tui-notes-20250314-1405.csv``."""
    return f"agent-tui-{kind}-{at:%Y%m%d-%H%M}.csv"


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Choose what to export and the file; IDs and numbers are always masked here."""

    KEYS = DIALOG_KEYS

    def __init__(self, for_browser: bool, at: datetime) -> None:
        super().__init__()
        self.for_browser = for_browser
        self.at = at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(t("review.export.title"), classes="dialog-title")
            with Grid(id="export-grid"):
                yield Label(t("review.export.what"))
                kinds = [(t(f"review.export.kind.{kind}"), kind) for kind in EXPORT_KINDS]
                yield Select(kinds, value="notes", allow_blank=False, id="kind", compact=True)
                yield Label(t("review.export.file"))
                yield Input(self._default("notes"), id="file", compact=True)
            yield Static("", id="export-problem", classes="problem")
            hint = t("review.export.hint")
            if self.for_browser:
                hint += " " + t("review.export.browser_hint")
            yield Static(hint, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("review.key.export"), id="apply", variant="primary", compact=True)
                yield Button(t("review.key.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def _default(self, kind: str) -> str:
        name = default_name(kind, self.at)
        return name if self.for_browser else str(Path.cwd() / name)

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#file", Input)
        if any(box.value.endswith(default_name(kind, self.at)) for kind in EXPORT_KINDS):
            box.value = self._default(str(event.value))  # still a default name: follow the kind

    def action_apply(self) -> None:
        """Export to the file named, if there is one."""
        text = self.query_one("#file", Input).value.strip()
        if not text:
            self.query_one("#export-problem", Static).update(t("export.problem.no_file"))
            return
        path = Path(text).expanduser()
        if self.for_browser:
            path = Path(path.name)
        kind = str(self.query_one("#kind", Select).value)
        self.dismiss(ExportChoice(kind, path))

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
