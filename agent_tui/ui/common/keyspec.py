"""Keys as data: an id (the config.yaml name), a default key, an action, words from the catalog.

The workstation and the review each keep one table of :class:`KeySpec`; the
footer, the tooltips and the F1 help all read the bindings built here, so
what the user sees is what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from agent_tui.i18n import t


@dataclass(frozen=True)
class KeySpec:
    """One key: its id, default key and action, and where its words are in the catalog."""

    id: str
    key: str
    action: str
    show: bool = True
    #: Priority keys work even while the cursor is in a form field.
    priority: bool = True
    #: Catalog area of the words (``<area>.key.<id>`` and ``<area>.key_tip.<id>``).
    area: str = "workstation"
    #: Prefix of the binding id, so two apps' ids cannot collide in one keymap.
    prefix: str = ""

    def binding(self) -> Binding:
        """The Textual binding, described in the current language."""
        return Binding(
            self.key,
            self.action,
            t(f"{self.area}.key.{self.id}"),
            show=self.show,
            priority=self.priority,
            tooltip=t(f"{self.area}.key_tip.{self.id}"),
            id=f"{self.prefix}{self.id}",
        )


def localized_bindings(specs: tuple[KeySpec, ...], base: BindingsMap | None = None) -> BindingsMap:
    """The bindings of ``specs`` in the current language, replacing ``base``'s on the same keys.

    Replacing (not adding) matters for Ctrl+Q: Textual's own quit binding has
    no id, so config.yaml could not remap it and F1 could not name it.
    """
    own = BindingsMap([spec.binding() for spec in specs])
    if base is None:
        return own
    kept = [
        binding
        for key, bindings in base.key_to_bindings.items()
        if key not in own.key_to_bindings
        for binding in bindings
    ]
    return BindingsMap.merge([BindingsMap(kept), own])


def shown(key_display: str) -> str:
    """``f3`` → ``F3`` and ``^s`` → ``^S``: keys as printed on the keyboard."""
    if len(key_display) <= 3 and key_display[:1] in ("f", "^"):
        return key_display.upper()
    return key_display
