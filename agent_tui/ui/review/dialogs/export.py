"""F7: export what the filter shows — notes, promises or accounts — to a masked CSV file.

The lead names a file, never a path: it goes into the configured export
folder (``review.export_dir``), which the dialog shows. A name that is not a
plain file name is refused here, with its reason, before anything is written.
"""

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
from agent_tui.service.export_folder import file_name
from agent_tui.service.review_export import EXPORT_KINDS, ExportProblem
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.pick import close_open_list
from agent_tui.ui.common.shown import filled, shown
from agent_tui.ui.common.typed_fields import TypedInput
from agent_tui.ui.review.keys import DIALOG_KEYS


@dataclass(frozen=True)
class ExportChoice:
    """What to export, and the file's name (checked: no folder in it)."""

    kind: str
    name: str


def default_name(kind: str, at: datetime) -> str:
    """``agent-tui-notes-20250314-1405.csv``."""
    return f"agent-tui-{kind}-{at:%Y%m%d-%H%M}.csv"


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Choose what to export and the file's name; IDs and numbers are always masked here."""

    KEYS = DIALOG_KEYS

    def __init__(self, for_browser: bool, at: datetime, folder: Path) -> None:
        super().__init__()
        self.for_browser = for_browser
        self.at = at
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(t("review.export.title"), classes="dialog-title")
            with Grid(id="export-grid"):
                yield Label(t("review.export.what"))
                kinds = [(t(f"review.export.kind.{kind}"), kind) for kind in EXPORT_KINDS]
                yield Select(kinds, value="notes", allow_blank=False, id="kind", compact=True)
                yield Label(t("review.export.file"))
                yield TypedInput(default_name("notes", self.at), id="file", compact=True)
            yield Static(filled("review.export.folder", folder=self.folder), id="export-folder")
            yield Static("", id="export-problem", classes="problem")
            hint = t("review.export.name_hint") + " " + t("review.export.hint")
            if self.for_browser:
                hint += " " + t("review.export.browser_hint")
            yield Static(hint, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("review.key.export"), id="apply", variant="primary", compact=True)
                yield Button(t("review.key.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#file", Input)
        if box.value in {default_name(kind, self.at) for kind in EXPORT_KINDS}:
            box.value = default_name(str(event.value), self.at)  # still a default name: follow the kind

    def action_apply(self) -> None:
        """Export to the file named, if its name is a plain file name; else say what is wrong with it."""
        try:
            name = file_name(self.query_one("#file", Input).value)
        except ExportProblem as problem:
            self.query_one("#export-problem", Static).update(shown(problem.msg.render()))
            return
        kind = str(self.query_one("#kind", Select).value)
        self.dismiss(ExportChoice(kind, name))

    def action_cancel(self) -> None:
        """Close without exporting."""
        if close_open_list(self):
            return  # Escape in an open list closes the list only
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
