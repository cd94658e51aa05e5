"""What an agent does at the keyboard, for the Pilot tests: keys only, nothing clicked."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


async def settle(pilot: Pilot) -> None:
    """Let the keystroke's messages run, the database workers finish and their answers land."""
    await pilot.pause()
    while pilot.app.workers._workers and any(not w.is_finished for w in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one by one, settling after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text into the focused field."""
    await pilot.press(*text)
    await settle(pilot)


async def choose(pilot: Pilot, values: list[str], value: str) -> None:
    """In the focused Select (whose options are ``values``, after the blank one): open, arrow, Enter."""
    select = pilot.app.focused
    assert isinstance(select, Select), f"focus is on {select!r}, not a choice"
    await press(pilot, "enter")
    overlay = select.query_one(SelectOverlay)
    target = values.index(value) + 1  # the blank "(choose)" comes first
    step = "down" if target >= (overlay.highlighted or 0) else "up"
    for _ in range(abs(target - (overlay.highlighted or 0))):
        await pilot.press(step)
    await press(pilot, "enter")
    assert select.value == value
