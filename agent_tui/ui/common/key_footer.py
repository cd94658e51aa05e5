"""Textual's ``Footer`` as both apps show it: compact on a narrow terminal, rebuilt only when it changes.

Below 120 columns (the width where the desk shows one pane at a time) the
keys lose their padding (Textual's compact footer): one space between a key
and its words, one between two keys, the key set apart by its colour. The
space after the key stays, so "F2 Next case" never reads as "F2Next case";
keys that find no room at the right end are in F1's help.

Textual's footer rebuilds its keys (a widget each, a dozen on the desk)
whenever the screen says its keys may have changed, which it says at every
move of the cursor: each Tab between two fields of the note rebuilt the
dozen and laid the whole desk out again, for the same keys. This one
rebuilds when what it shows changes: a key, its words, or whether it works.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Footer

#: Narrower than this, the footer is compact (the app's breakpoint between the narrow and the wide desk).
COMPACT_BELOW = 120


def shown_keys(screen: Screen[Any]) -> tuple[tuple[str, str, str, bool, str], ...]:
    """What a footer shows of ``screen``'s keys: (key, action, words, usable, tooltip) of each shown binding."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """The screen's keys at the bottom; a dimmed key cannot work now, a click on a key presses it."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._shown: tuple[tuple[str, str, str, bool, str], ...] | None = None

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild the keys only if what they show has changed."""
        shown = shown_keys(screen)
        if shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # Textual's footer rebuilds in just this case
        super().bindings_changed(screen)
