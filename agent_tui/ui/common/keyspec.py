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
from textual.keys import REPLACED_KEYS, Keys, key_to_character

from agent_tui.i18n import language, t

__all__ = ["KeySpec", "known_key", "localized", "shown"]

#: The modifiers Textual puts before a key's name (``ctrl+shift+up``).
MODIFIERS = ("shift", "ctrl", "alt", "super", "hyper", "meta")
#: The keys Textual names that are not characters: ``f5``, ``escape``, ``pageup``, ``space`` …
_NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))


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


def known_key(key: str) -> bool:
    """Whether Textual can report ``key``: modifiers each once, then a named key or a character.

    ``f12``, ``ctrl+s``, ``shift+tab``, ``slash`` and ``a`` are keys; ``F2``,
    ``ctrl-s`` and ``ctrl+bogus`` are not, and a binding to them would never
    fire (Textual takes any text as a key).
    """
    *modifiers, name = key.split("+")
    if len(set(modifiers)) != len(modifiers) or any(m not in MODIFIERS for m in modifiers):
        return False
    if name in _NAMED_KEYS:
        return True
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    # A character by its name (``question_mark``); a letter or digit is its own name, never ``latin_small_letter_a``.
    character = key_to_character(REPLACED_KEYS.get(name, name))
    return character is not None and not character.isalnum()


def shown(key_display: str) -> str:
    """``f3`` → ``F3``, ``^s`` → ``^S`` and ``shift+f1`` → ``⇧F1``: keys as printed on the keyboard."""
    if key_display.startswith("shift+") and len(key_display) <= 9 and key_display[6:7] == "f":
        return "⇧" + key_display[6:].upper()  # the shift key's own mark: the footer has no room for "shift+"
    if len(key_display) <= 3 and key_display[:1] in ("f", "^"):
        return key_display.upper()
    return key_display
