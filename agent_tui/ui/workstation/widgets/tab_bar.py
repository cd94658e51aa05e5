"""A row of tab titles over an underline, drawn by one widget.

Textual's ``Tabs`` is a container, a horizontal, a widget per title and an
underline widget: each mounted widget costs memory for as long as the desk
runs. This bar draws the same two lines itself: the titles, the active one
brighter (on the cursor colour while the bar has focus), and the underline
with the active title's part in the accent colour. A click on a title, or
←/→ while the bar has focus, makes another title active.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple, Sequence

from textual import events
from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

#: How the underline is drawn (as Textual's tab underline draws it).
BAR, HALF_LEFT, HALF_RIGHT = "━", "╺", "╸"


class Tab(NamedTuple):
    """One title of the bar: the name the bar answers with, and the words shown."""

    name: str
    title: str


class _Placed(NamedTuple):
    """Where a tab is drawn: its cells from ``start`` to ``end`` (its padding included)."""

    name: str
    start: int
    end: int


class TabBar(Widget, can_focus=True):
    """Tab titles and an underline; ``active`` is the name of the tab shown, and changes post ``Changed``."""

    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        pointer: pointer;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .tab-bar--tab {
            color: $foreground 50%;
        }
        & > .tab-bar--hover {
            color: $foreground;
        }
        & > .tab-bar--active {
            color: $foreground;
        }
        & > .tab-bar--underline {
            color: $foreground 10%;
        }
        & > .tab-bar--highlight {
            color: $block-cursor-background;
        }
        &:focus {
            & > .tab-bar--underline {
                color: $foreground 30%;
            }
            & > .tab-bar--active {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
        }
        &:ansi {
            & > .tab-bar--tab {
                text-style: dim;
            }
            & > .tab-bar--active {
                text-style: not dim bold;
            }
            & > .tab-bar--underline {
                color: $border-blurred;
            }
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-bar--tab",
        "tab-bar--hover",
        "tab-bar--active",
        "tab-bar--underline",
        "tab-bar--highlight",
    }
    """
    | Class | Description |
    | :- | :- |
    | `tab-bar--tab` | A title. |
    | `tab-bar--hover` | The title under the mouse. |
    | `tab-bar--active` | The active title. |
    | `tab-bar--underline` | The underline. |
    | `tab-bar--highlight` | The underline's part under the active title. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_tab", "Previous tab", show=False),
        Binding("right", "next_tab", "Next tab", show=False),
    ]

    ALLOW_SELECT = False

    active: reactive[str] = reactive("", init=False)
    """The name of the active tab."""

    @dataclass
    class Changed(Message):
        """Another tab became active."""

        tab_bar: TabBar
        active: str

        @property
        def control(self) -> TabBar:
            """The bar (for ``@on(TabBar.Changed, "#id")``)."""
            return self.tab_bar

    def __init__(self, tabs: Sequence[Tab], active: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tabs = tuple(tabs)
        self._hover: str | None = None
        self._placed: list[_Placed] = []
        self.set_reactive(TabBar.active, active or (self.tabs[0].name if self.tabs else ""))

    def _watch_active(self, active: str) -> None:
        self.post_message(self.Changed(self, active))

    def _validate_active(self, active: str) -> str:
        if active not in {tab.name for tab in self.tabs}:
            raise ValueError(f"no tab named {active!r}")
        return active

    # ---- drawing ----

    def _place(self, width: int) -> list[_Placed]:
        """Where each title goes; when they do not all fit, those before the active one go first."""
        cells = [Content(tab.title).cell_length + 2 for tab in self.tabs]  # a cell of padding either side
        names = [tab.name for tab in self.tabs]
        first = 0
        if self.active in names:
            last = names.index(self.active)
            while first < last and sum(cells[first : last + 1]) > width:
                first += 1
        placed, x = [], 0
        for name, size in zip(names[first:], cells[first:]):
            placed.append(_Placed(name, x, x + size))
            x += size
        return placed

    def render(self) -> RenderResult:
        width = self.size.width
        self._placed = self._place(width)
        titles = dict(self.tabs)
        tab_style = self.get_visual_style("tab-bar--tab")
        parts: list[Content] = []
        span = (0, 0)
        for place in self._placed:
            if place.name == self.active:
                style = self.get_visual_style("tab-bar--tab", "tab-bar--active")
                span = (place.start + 1, place.end - 1)  # under the words, not the padding
            elif place.name == self._hover:
                style = self.get_visual_style("tab-bar--tab", "tab-bar--hover")
            else:
                style = tab_style
            # The padding takes only the background: blank cells then stay blank in a screenshot's text.
            pad = Style(background=style.background)
            parts.append(Content.assemble((" ", pad), (titles[place.name], style), (" ", pad)))
        return Content("\n").join([Content("").join(parts), self._underline(width, *span)])

    def _underline(self, width: int, start: int, end: int) -> Content:
        """The line under the titles, its part from ``start`` to ``end`` highlighted."""
        line = self.get_visual_style("tab-bar--underline")
        if end <= start:
            return Content.styled(BAR * width, line)
        mark = self.get_visual_style("tab-bar--highlight")
        end = min(end, width)
        before = BAR * (start - 1) + HALF_RIGHT if start else ""
        after = HALF_LEFT + BAR * (width - end - 1) if end < width else ""
        return Content.assemble((before, line), (BAR * (end - start), mark), (after, line))

    # ---- the mouse and the keys ----

    def _tab_at(self, x: int) -> str | None:
        return next((place.name for place in self._placed if place.start <= x < place.end), None)

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        name = self._tab_at(event.x)  # on the title or on the underline below it
        if name is not None:
            self.active = name

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._tab_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def _on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def action_next_tab(self) -> None:
        """Make the next tab active (after the last, the first)."""
        self._move(+1)

    def action_previous_tab(self) -> None:
        """Make the previous tab active (before the first, the last)."""
        self._move(-1)

    def _move(self, step: int) -> None:
        names = [tab.name for tab in self.tabs]
        if names:
            self.active = names[(names.index(self.active) + step) % len(names)]
