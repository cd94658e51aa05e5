"""The review's keys: one table, words from the catalog, remapped from config.yaml.

Every binding has an id; ``keys:`` in config.yaml maps an id to another key
(``dashboard: f9``) and the app applies it with ``App.set_keymap``. The
footer, the tooltips and the F1 help all read the bindings built here, so
what the lead sees is what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from agent_tui.i18n import t


@dataclass(frozen=True)
class KeySpec:
    """One key of the review: its id (the config.yaml name), default key and action."""

    id: str
    key: str
    action: str
    show: bool = True
    #: Priority keys work even while the cursor is in a text field.
    priority: bool = False

    def binding(self) -> Binding:
        """The Textual binding, described in the current language."""
        return Binding(
            self.key,
            self.action,
            t(f"review.key.{self.id}"),
            show=self.show,
            priority=self.priority,
            tooltip=t(f"review.key_tip.{self.id}"),
            id=f"review.{self.id}",
        )


APP_KEYS = (
    KeySpec("help", "f1", "help", priority=True),
    KeySpec("notes", "f2", "switch_mode('notes')", priority=True),
    KeySpec("dashboard", "f3", "switch_mode('dashboard')", priority=True),
    KeySpec("quit", "ctrl+q", "quit", priority=True),
)

NOTES_KEYS = (
    KeySpec("filter", "f4", "filter", priority=True),
    KeySpec("search", "slash", "search"),
    KeySpec("refresh", "f5", "refresh", priority=True),
    KeySpec("clear_filter", "f6", "clear_filter", priority=True),
    KeySpec("export", "f7", "export", priority=True),
    KeySpec("open_note", "enter", "open_note", show=False),
)

DETAIL_KEYS = (
    KeySpec("back", "escape", "back", priority=True),
    KeySpec("earlier_note", "left_square_bracket", "earlier", priority=True),
    KeySpec("later_note", "right_square_bracket", "later", priority=True),
)

DASHBOARD_KEYS = (KeySpec("refresh", "f5", "refresh", priority=True),)

DIALOG_KEYS = (
    KeySpec("apply", "ctrl+s", "apply", priority=True),
    KeySpec("cancel", "escape", "cancel", priority=True),
)

ALL_KEYS = APP_KEYS + NOTES_KEYS + DETAIL_KEYS + DASHBOARD_KEYS + DIALOG_KEYS
#: The ids config.yaml's ``keys:`` may name for the review (``review.`` is added in the bindings).
KEY_IDS = tuple(dict.fromkeys(spec.id for spec in ALL_KEYS))


def localized_bindings(specs: tuple[KeySpec, ...], base: BindingsMap | None = None) -> BindingsMap:
    """The bindings of ``specs`` in the current language, replacing ``base``'s on the same keys.

    Replacing (not adding) matters for Ctrl+Q: Textual's own quit binding has
    no id, so config.yaml could not remap it and F1 could not name it.
    """
    own = BindingsMap([spec.binding() for spec in specs])
    if base is None:
        return own
    kept = [binding for key, bindings in base.key_to_bindings.items() if key not in own.key_to_bindings
            for binding in bindings]
    return BindingsMap.merge([BindingsMap(kept), own])


def review_keymap(keys: dict[str, str]) -> dict[str, str]:
    """config.yaml's ``keys:`` as a Textual keymap for the review's binding ids.

    ``keys: {review.dashboard: f9}`` and ``keys: {dashboard: f9}`` both work;
    ids of the workstation's keys are left to the workstation.
    """
    keymap = {}
    for name, key in keys.items():
        plain = name.removeprefix("review.")
        if plain in KEY_IDS:
            keymap[f"review.{plain}"] = key
    return keymap


def shown(key_display: str) -> str:
    """``f3`` → ``F3`` and ``^s`` → ``^S``: keys as printed on the keyboard."""
    if len(key_display) <= 3 and key_display[:1] in ("f", "^"):
        return key_display.upper()
    return key_display
