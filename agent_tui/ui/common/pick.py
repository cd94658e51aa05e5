"""One pick from a short list: Textual's ``Select`` with the defaults both apps want.

The call-note form (outcome, attitude, offer, next action) and the review's
filter (agent, outcome, stage, flag, promise) pick with the same widget, so
they look and answer the keys alike: compact (one line, no border), typing
jumps to the first option that starts with what was typed, the prompt is the
catalog's word, and :attr:`picked` gives ``""`` for "nothing picked" instead
of the ``Select.NULL`` sentinel, which is easy to compare wrongly.

Select reads a ``str`` option as markup: an option made of data (an agent's
name) is given as a rich ``Text`` of escaped text, which is shown as it is and
still found by typing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Select


class Pick(Select[str]):
    """A compact ``Select`` of string values, searchable by typing; ``picked`` is ``""`` for none."""

    DEFAULT_CSS = """
    Pick {
        width: 1fr;
    }
    """

    # Escape closes the open list as Select's list does, but without its words ("Dismiss menu",
    # not from the catalog) in the footer; while the list is closed Escape goes on to the screen.
    BINDINGS = [Binding("escape", "close_list", show=False, priority=True)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is this pick's only while its list is open."""
        return self.expanded if action == "close_list" else True

    def action_close_list(self) -> None:
        """Close the list and leave the pick as it was."""
        self.expanded = False
        self.focus()

    def __init__(
        self,
        options: Iterable[tuple[str | Text, str]],
        *,
        prompt: str,
        value: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        options = list(options)
        #: The values offered, in the list's order (Select keeps its options to itself).
        self.values: tuple[str, ...] = tuple(value for _, value in options)
        super().__init__(
            options,
            prompt=prompt,
            value=value or Select.NULL,
            allow_blank=True,
            type_to_search=True,
            compact=True,
            id=id,
            classes=classes,
        )

    def set_options(self, options: Iterable[tuple[str | Text, str]]) -> None:  # type: ignore[override]
        """Offer ``options`` instead (the choice held is cleared, as Select does)."""
        options = list(options)
        self.values = tuple(value for _, value in options)
        super().set_options(options)

    @property
    def picked(self) -> str:
        """The chosen value, or ``""`` when nothing is chosen."""
        value = self.value
        return "" if value is Select.NULL else str(value)

    def pick(self, value: str) -> None:
        """Choose ``value`` (``""`` clears the choice)."""
        self.value = value or Select.NULL


def close_open_list(screen: Screen[Any]) -> bool:
    """Close the screen's open drop-down list, if one is open (Escape closes that first, not its dialog).

    Returns whether one was open.
    """
    for select in screen.query(Select):
        if select.expanded:
            select.expanded = False
            select.focus()
            return True
    return False
