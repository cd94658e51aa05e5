"""The keys that work now, on the desk's bottom line: one widget, drawn afresh when the keys change.

Textual's ``Footer`` rebuilds a widget per key (a dozen on the desk) every
time the screen's keys change, and they change with every move of the
cursor: each Tab between note fields mounted twelve widgets and dropped
twelve, and the desk's start alone built seventy, several megabytes at
its peak. This bar draws the same line as text: each key, then what it
does; a key that cannot work in the call's present state is dimmed (on a
narrow screen the desk hides it instead). A click on a key presses it.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class KeyBar(Widget):
    """The screen's shown key bindings, a key and its description each; ``compact`` drops the padding."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    #: No padding around the keys, one space between them: a narrow terminal.
    compact: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Where each key was drawn on the last render: (first cell, past the last cell, key, enabled).
        self._spans: list[tuple[int, int, str, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._keys_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys_changed(self, screen) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) for each shown action, first binding of each, in order."""
        shown: dict[str, tuple[str, str, str, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
        return list(shown.values())

    def render(self) -> Content:
        key_style = Style.from_rich_style(self.get_component_rich_style("key-bar--key"))
        text_style = Style.from_rich_style(self.get_component_rich_style("key-bar--description"))
        dim = Style(dim=True)
        parts: list[Content] = []
        spans: list[tuple[int, int, str, bool]] = []
        x = 0
        for key, display, description, enabled in self.keys():
            # Compact: the key's colour sets it apart from its words, so no space between them;
            # an 80-column terminal then has room for every key the desk shows in a call.
            shown_key = display if self.compact else f" {display} "
            words = (description if self.compact else f"{description} ") if description else ""
            item = Content.assemble((shown_key, key_style), (words, text_style))
            if not enabled:
                item = item.stylize(dim)
            width = item.cell_length
            spans.append((x, x + width, key, enabled))
            parts.append(item)
            x += width
            if self.compact:
                parts.append(Content(" "))
                x += 1
        self._spans = spans
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it; on a key that cannot work now, the bell."""
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
