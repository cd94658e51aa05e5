"""What an agent does at the keyboard, for the Pilot tests: keys only, nothing clicked."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from agent_tui.ui.common.pick import Pick


async def settle(pilot: Pilot) -> None:
    """Let the keystroke's messages run, the database workers finish and their answers land."""
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
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
    """In the focused pick (whose options are ``values``, after the blank one): Enter, type, Enter.

    The list opens with Enter; the agent types the first letters of the option's words
    until the list's cursor is on it (falling back to the arrows if typing cannot single
    it out), then Enter picks it and the cursor is back on the field.
    """
    pick = pilot.app.focused
    assert isinstance(pick, Pick), f"focus is on {pick!r}, not a pick"
    await press(pilot, "enter")
    listed = pilot.app.focused
    assert isinstance(listed, OptionList) and listed.parent is pick, "Enter did not open the list"
    # The values the pick offers now (a call's path narrows the outcomes); the blank prompt comes first.
    offered = [v for v in values if v in pick.values] if pick.values else values
    target = offered.index(value) + 1
    words = str(listed.get_option_at_index(target).prompt)
    typed = 0
    while listed.highlighted != target and typed < len(words):
        await pilot.press(words[typed])
        typed += 1
    step = "down" if target >= (listed.highlighted or 0) else "up"
    for _ in range(abs(target - (listed.highlighted or 0))):
        await pilot.press(step)
    await press(pilot, "enter")
    assert pick.picked == value
    assert pilot.app.focused is pick, "the cursor did not come back to the field"
