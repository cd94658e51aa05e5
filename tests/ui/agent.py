"""What an agent does at the keyboard, for the Pilot tests: keys only, nothing clicked."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from agent_tui.ui.common.choice import Choice, ChoiceMenu


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
    """In the focused choice (whose options are ``values``, after the blank one): open, arrow, Enter."""
    choice = pilot.app.focused
    assert isinstance(choice, Choice), f"focus is on {choice!r}, not a choice"
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ChoiceMenu), "Enter did not open the list"
    menu = pilot.app.screen.query_one(OptionList)
    target = values.index(value) + 1  # the blank "(choose)" comes first
    step = "down" if target >= (menu.highlighted or 0) else "up"
    for _ in range(abs(target - (menu.highlighted or 0))):
        await pilot.press(step)
    await press(pilot, "enter")
    assert choice.value == value
    assert pilot.app.focused is choice, "the cursor did not come back to the field"
