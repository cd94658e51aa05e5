"""A one-line pick from a short list, for the call-note form: one widget while closed.

Textual's ``Select`` keeps six widgets per field mounted all shift (its
current-value row, two arrows, its pop-up list), about 300 KiB each; the
note form has six of them. A :class:`Choice` is one line that shows the
pick; Enter, Space or Down opens the list as a pop-up screen laid over the
field, built then and gone once a pick is made. The keys are Select's:
the blank (the prompt) first, the arrows to move, Enter to pick, Escape to
leave the field as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

#: The list shows at most this many rows; more scroll.
MENU_ROWS = 12


class Choice(Widget, can_focus=True):
    """The picked option's words (or the prompt, dimmed) and an arrow; ``value`` is "" until one is picked."""

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        background: $surface;
        color: $foreground;
        pointer: pointer;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    BINDINGS = [Binding("enter,space,down", "open", show=False)]

    #: The picked option's value, or "" for none.
    value: reactive[str] = reactive("", layout=False)

    @dataclass
    class Changed(Message):
        """The pick changed (by the agent or by code); ``value`` is "" for none."""

        choice: Choice
        value: str

        @property
        def control(self) -> Choice:
            """The Choice that changed."""
            return self.choice

    def __init__(self, options: Sequence[tuple[str, str]], *, prompt: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self._options: list[tuple[str, str]] = list(options)

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """The (words, value) pairs to pick from, in order."""
        return tuple(self._options)

    def set_options(self, options: Sequence[tuple[str, str]]) -> None:
        """Replace the options; a pick that is no longer among them is cleared."""
        self._options = list(options)
        if self.value and self.value not in {value for _, value in self._options}:
            self.value = ""
        self.refresh()

    def validate_value(self, value: str | None) -> str:
        """Only an option's value, or "" for none."""
        value = value or ""
        return value if value in {v for _, v in self._options} else ""

    def watch_value(self, old: str, new: str) -> None:
        if old != new:
            self.post_message(self.Changed(self, new))

    def render(self) -> Content:
        words = next((words for words, value in self._options if value == self.value), None)
        shown = Content(words) if words is not None else Content.styled(self.prompt, "$foreground 50%")
        room = max(self.size.width - 2, 0)
        shown = shown.truncate(room, ellipsis=True, pad=True)
        return shown + Content.styled(" ▼", "$foreground 50%")

    def action_open(self) -> None:
        """Lay the list over the field, the current pick under the cursor."""
        self.app.push_screen(ChoiceMenu(self), self._picked)

    def _picked(self, value: str | None) -> None:
        if value is not None:
            self.value = value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()


class ChoiceMenu(ModalScreen[str | None]):
    """The options of one :class:`Choice`, laid over it; dismissed with the value picked, or None."""

    DEFAULT_CSS = """
    ChoiceMenu {
        & > OptionList {
            position: absolute;
            height: auto;
            max-height: %d;
            border: tall $border;
            background: $surface;
            padding: 0;
        }
    }
    """ % (MENU_ROWS + 2)

    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, choice: Choice) -> None:
        super().__init__(classes="choice-menu")
        self._choice = choice

    def compose(self) -> ComposeResult:
        choice = self._choice
        options = [Option(Content.styled(choice.prompt, "$foreground 50%"), id="")]
        options += [Option(words, id=value) for words, value in choice.options]
        yield OptionList(*options)

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        field, screen = self._choice.region, self.size
        width = min(max(field.width + 2, 12), screen.width)
        rows = min(len(self._choice.options) + 1, MENU_ROWS) + 2  # the options and the border
        # Below the field if the list fits there, else above it; always on the screen.
        top = field.bottom if field.bottom + rows <= screen.height else max(field.y - rows, 0)
        menu.styles.width = width
        menu.styles.offset = (max(min(field.x - 1, screen.width - width), 0), top)
        values = [""] + [value for _, value in self._choice.options]
        menu.highlighted = values.index(self._choice.value) if self._choice.value in values else 0
        menu.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "")

    def on_click(self, event: events.Click) -> None:
        if self.get_widget_at(event.screen_x, event.screen_y)[0] is self:
            self.dismiss(None)  # a click beside the list leaves the field as it was
