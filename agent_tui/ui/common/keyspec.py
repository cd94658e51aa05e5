"""Keys as data: an id (the config.yaml name), a default key, an action, words from the catalog.

The workstation and the review each keep tables of :class:`KeySpec`; the
footer, the tooltips and the F1 help all read the bindings built here, so
what the user sees is what the keys do.

A binding's words are the catalog's in the language the app runs in, and
Textual reads a class's ``BINDINGS`` once, when the class is made. So a
screen, dialog or app declares its keys as ``KEYS`` and is built through
:func:`localized`: a subclass whose ``BINDINGS`` are those keys in the
current language, made once per language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

from textual.binding import Binding

from agent_tui.i18n import language, t

__all__ = ["KeySpec", "localized", "shown"]


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
    #: A system key (Textual leaves it out of the key panel).
    system: bool = False

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
            system=self.system,
        )


K = TypeVar("K", bound=type[Any])

#: The subclasses made so far, by class and language.
_MADE: dict[tuple[type[Any], str], type[Any]] = {}


def localized(cls: K) -> K:
    """``cls`` with ``cls.KEYS`` (a tuple of :class:`KeySpec`) as its ``BINDINGS``, in the current language.

    The subclass has the same name (so the stylesheet's rules for ``cls``
    apply) and is made once per class and language.
    """
    lang = language()
    made = _MADE.get((cls, lang))
    if made is None:
        specs: tuple[KeySpec, ...] = cls.KEYS
        metaclass: Any = type(cls)
        made = metaclass(cls.__name__, (cls,), {
            "BINDINGS": [spec.binding() for spec in specs],
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        })
        _MADE[(cls, lang)] = made
    return cast(K, made)


def shown(key_display: str) -> str:
    """``f3`` → ``F3`` and ``^s`` → ``^S``: keys as printed on the keyboard."""
    if len(key_display) <= 3 and key_display[:1] in ("f", "^"):
        return key_display.upper()
    return key_display
