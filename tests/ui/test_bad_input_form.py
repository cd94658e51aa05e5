"""Random text pasted into the note form: saved as the field shows it (trimmed) or refused beside its field.

Each example is a whole third-party call on a fresh desk, so the examples are
few; the service's property tests (tests/service/test_bad_input.py) try many more.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import given, settings
from textual.widgets import Input, TextArea

from agent_tui.i18n import set_language
from agent_tui.service.note_check import NEXT_ACTIONS, OUTCOMES
from agent_tui.store.models import CallNote
from agent_tui.ui.workstation.app import make_app
from tests.service.desk import Clock, build_desk, desk_config
from tests.service.wild_input import TEXTS, WHENS

from .agent import choose, press, settle


async def _call_with(folder: Path, text: str, when: str) -> None:
    desk = build_desk(folder / "desk.db")
    app = make_app(desk_config("en"), desk.url, desk.agent, now=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "down", "enter", "f3", "f4", "n", "f5")  # the broken promise; a third party answered
        await choose(pilot, list(OUTCOMES), "third_party")
        for _ in range(3):  # attitude, hardship, next action: the debt's fields are closed to a third party
            await pilot.press("tab")
        await settle(pilot)
        await choose(pilot, list(NEXT_ACTIONS), "call_back")
        # Pasted, not typed: Pilot cannot press every character an input method delivers.
        screen.note.query_one("#field-next_action_at", Input).value = when
        field = screen.note.query_one("#field-text", TextArea)
        field.load_text(text)
        await settle(pilot)
        # The one change the field itself makes: mixed line breaks (and U+2028/U+2029/U+0085)
        # become the text's first line break. What the agent sees in the field is what is saved.
        text = field.text
        await press(pilot, "ctrl+s")
        saved = CallNote.get_or_none(CallNote.account == desk.broken)
        if saved is not None:
            assert saved.text == text.strip()
            return
        shown = set(screen.note.problem_fields)
        assert shown, "not saved, and no field says why"
        assert shown <= {"text", "next_action_at"}, shown
        assert screen.case.account_id == desk.broken  # still on the case, nothing lost from the form
        assert screen.note.draft().text == text


@settings(max_examples=4, deadline=None)
@given(text=TEXTS, when=WHENS)
def test_the_note_form_saves_or_refuses_any_pasted_text(text, when):
    with tempfile.TemporaryDirectory() as folder:
        try:
            asyncio.run(_call_with(Path(folder), text, when))
        finally:
            set_language("en")
