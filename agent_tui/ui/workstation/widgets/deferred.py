"""A pane built just after the first frame, so the desk appears before its heaviest part is ready.

Textual styles and lays out every widget before it draws anything, so the
first frame waits for all of them. The call-note form (its labels, fields
and text box, and the modules behind them) has nothing to show until a
case is open, so it is mounted a moment later. Like Textual's
``Lazy``, but a desk that is closed at once (the agent quits during start)
is left alone instead of raising a mount error; and given a function
instead of a widget, it builds the widget (or several, put in place
together) and imports what it needs only then.
"""

from __future__ import annotations

from typing import Callable, Sequence

from textual.widget import MountError, Widget


class Deferred(Widget):
    """Stands in for ``widget`` (or what ``widget()`` builds) until the first refresh, then puts it in its place.

    ``widget()`` may build several widgets: they take the place together, in their order.
    """

    DEFAULT_CSS = """
    Deferred {
        display: none;
    }
    """

    def __init__(self, widget: Widget | Callable[[], Widget | Sequence[Widget]]) -> None:
        super().__init__()
        self._widget = widget

    def on_mount(self) -> None:
        self.call_after_refresh(self._put_in_place)

    async def _put_in_place(self) -> None:
        parent = self.parent
        if parent is None or not self.is_attached:
            return  # the screen has gone
        if not parent.is_mounted:
            self.call_after_refresh(self._put_in_place)
            return
        built = self._widget() if callable(self._widget) else self._widget
        widgets = [built] if isinstance(built, Widget) else list(built)
        try:
            await parent.mount(*widgets, after=self)
        except MountError:
            return  # the screen went while we waited
        await self.remove()
