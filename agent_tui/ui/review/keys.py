"""The review's keys: one table, words from the catalog, remapped from config.yaml.

Every binding has an id (``review.<name>``) and a tooltip; ``keys:`` in
config.yaml maps an id to another key (``dashboard: f9``) and the app
applies it with ``App.set_keymap``. The footer, its tooltips and the F1 help
all read the bindings built here, so what the lead sees is what the keys do.

Each screen, dialog and the app declare their keys as ``KEYS`` and are
built through :func:`~agent_tui.ui.common.keyspec.localized`, which gives
them those keys as ``BINDINGS`` in the review's language.
"""

from __future__ import annotations

from agent_tui.ui.common.keyspec import KeySpec, localized, shown

__all__ = ["ALL_KEYS", "APP_KEYS", "DASHBOARD_KEYS", "DETAIL_KEYS", "DIALOG_KEYS", "HELP_KEYS", "KEY_IDS",
           "NOTES_KEYS", "localized", "review_key", "review_keymap", "shown"]


def review_key(id: str, key: str, action: str, show: bool = True, priority: bool = False) -> KeySpec:
    """A review key: words under ``review.key.*``, tooltip under ``review.key_tip.*``, id ``review.<id>``."""
    return KeySpec(id, key, action, show, priority, area="review", prefix="review.")


APP_KEYS = (
    review_key("help", "f1", "help", priority=True),
    review_key("notes", "f2", "switch_mode('notes')", priority=True),
    review_key("dashboard", "f3", "switch_mode('dashboard')", priority=True),
    review_key("quit", "ctrl+q", "quit", priority=True),
    # Ctrl+C copies in a field; anywhere else it only says which key quits.
    KeySpec("how_to_quit", "ctrl+c", "help_quit", show=False, area="review", prefix="review.", system=True),
)

NOTES_KEYS = (
    review_key("filter", "f4", "filter", priority=True),
    review_key("search", "slash", "search"),
    review_key("refresh", "f5", "refresh", priority=True),
    review_key("clear_filter", "f6", "clear_filter", priority=True),
    review_key("export", "f7", "export", priority=True),
    review_key("open_note", "enter", "open_note", show=False),
)

DETAIL_KEYS = (
    review_key("back", "escape", "back", priority=True),
    review_key("earlier_note", "left_square_bracket", "earlier", priority=True),
    review_key("later_note", "right_square_bracket", "later", priority=True),
)

DASHBOARD_KEYS = (review_key("refresh", "f5", "refresh", priority=True),)

DIALOG_KEYS = (
    review_key("apply", "ctrl+s", "apply", priority=True),
    review_key("cancel", "escape", "cancel", priority=True),
)

HELP_KEYS = (review_key("close", "escape", "close", priority=True),)

ALL_KEYS = APP_KEYS + NOTES_KEYS + DETAIL_KEYS + DASHBOARD_KEYS + DIALOG_KEYS + HELP_KEYS
#: The ids config.yaml's ``keys:`` may name for the review (``review.`` is added in the bindings).
KEY_IDS = tuple(dict.fromkeys(spec.id for spec in ALL_KEYS))


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
