"""The strip on top: each checklist step's state, the call clock from F3 to F5, and the wrap-up clock from
the end of the call to the save of its note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from agent_tui.i18n import t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.shown import plain

if TYPE_CHECKING:
    from agent_tui.service.views import CallView, StepView

#: How each step state is drawn: a mark and a style from workstation.tcss's variables.
STEP_LOOK = {
    "done": ("✓", "$success"),
    "failed": ("✗", "$warning"),  # verification tried and not passed: never a tick
    "current": ("▶", "bold $text on $accent 40%"),
    "open": ("○", "$text-muted"),
    "locked": ("⊘", "$text-disabled"),
    "skipped": ("–", "$text-disabled strike"),
}


def steps_content(steps: tuple[StepView, ...], width: int) -> Content:
    """The steps in order, the current one in full; when even that does not fit, the others by number."""
    if not steps:
        return Content.styled(" " + t("workstation.strip.no_case"), "$text-muted")

    def build(numbers: bool) -> Content:
        parts: list = [" "]
        for n, step in enumerate(steps, 1):
            mark, style = STEP_LOOK.get(step.state, ("?", ""))
            if step.state == "current":
                words = plain(fmt.text(step.label))
            elif numbers:
                words = str(n)
            else:
                words = t(f"workstation.step_short.{step.id}")
            parts += [(f"{mark}{'' if numbers and step.state != 'current' else ' '}{words}", style), " "]
        return Content.assemble(*parts[:-1])

    full = build(numbers=False)
    return full if full.cell_length <= width else build(numbers=True)


class ChecklistStrip(Horizontal):
    """One line: the first-call checklist on the left, the call's clock on the right."""

    steps_view = getters.query_one("#steps", Static)
    clock_view = getters.query_one("#call-clock", Static)

    def __init__(self, now: Callable[[], datetime], **kwargs) -> None:
        super().__init__(**kwargs)
        self._now = now
        self._steps: tuple[StepView, ...] = ()
        self._call: CallView | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="steps")
        yield Static(id="call-clock")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._draw_steps()  # "no case open" from the first frame on, not from the first resize
        self._tick()

    def on_resize(self) -> None:
        self._draw_steps()

    def show(self, steps: tuple[StepView, ...], call: CallView | None) -> None:
        """Show the checklist and the call state of the open case."""
        self._steps = steps
        self._call = call
        self._draw_steps()
        self._tick()

    def _draw_steps(self) -> None:
        width = max(10, self.size.width - self.clock_view.outer_size.width)
        self.steps_view.update(steps_content(self._steps, width))

    def _tick(self) -> None:
        call = self._call
        view = self.clock_view
        if call is None:
            view.update(t("workstation.strip.idle"))
            view.remove_class("-on-call")
            return
        end = call.ended_at or self._now()
        length = fmt.span(end - call.started_at)
        if call.ended_at is None:
            text = t("workstation.strip.on_call", length=length)
            if call.dial_by_hand:
                text = t("workstation.strip.dial_by_hand", number=plain(call.dial_by_hand)) + "  " + text
        else:
            # The wrap-up clock: from the end of the call to the save of its note (then the call is gone).
            wrap_up = fmt.span(max(self._now() - call.ended_at, timedelta(0)))
            text = t("workstation.strip.call_ended", length=length) + " · " + t("workstation.strip.wrap_up",
                                                                                length=wrap_up)
        view.update(Content(text))  # a number from the record: never read as markup
        view.set_class(call.ended_at is None, "-on-call")
