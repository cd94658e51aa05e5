"""The keys: remapped from config.yaml, listed by F1, and the ones that write to the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent_tui.config import parse_config
from agent_tui.i18n import set_language
from agent_tui.store.models import CallNote
from agent_tui.ui.workstation.app import WorkstationApp
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.dialogs.callbacks import CallbacksScreen
from agent_tui.ui.workstation.dialogs.help import HelpScreen
from agent_tui.ui.workstation.dialogs.leave import LeaveScreen
from agent_tui.ui.workstation.dialogs.numbers import NumberScreen
from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen
from agent_tui.ui.workstation.dialogs.search import SearchScreen
from agent_tui.ui.workstation.dialogs.verify import VerifyScreen
from agent_tui.ui.workstation.keys import ALL_KEYS, keymap_problems, localized
from tests.service.desk import trail

from .agent import press, settle


async def test_config_keys_move_a_binding_and_f1_shows_where(workstation):
    app, desk = workstation("en", keys={"next_case": "f12", "search": "ctrl+k"})
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        assert app.screen.case is None  # F2 no longer takes a case
        await press(pilot, "f12")
        assert app.screen.case.account_id == desk.promise_due
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        shown = [str(w.content) for w in app.screen.query(".help-key")]
        assert len(shown) == len(ALL_KEYS)
        assert shown[[s.id for s in ALL_KEYS].index("next_case")] == "F12"
        assert shown[[s.id for s in ALL_KEYS].index("search")] == "^K"
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


def _problems(keys: str) -> list[str]:
    return keymap_problems(parse_config("language: en\nkeys:\n" + keys, "c.yaml"))


def test_unknown_ids_and_keys_bound_twice_are_named_with_their_line():
    problems = _problems("  next_cse: f2\n  dial: f2\n")
    assert "c.yaml:3: keys.next_cse: expected a binding id, as F1 lists them (did you mean 'next_case'?)," \
           " found unknown id 'next_cse'" in problems
    assert "c.yaml:4: keys.dial: expected a key of its own, found 'f2' (also next_case)" in problems
    assert _problems("  next_case: f12\n") == []
    assert _problems("  review.dashboard: f9\n  dashboard: f9\n") == []  # the review's keys


@pytest.mark.parametrize("key", [
    "f12", "ctrl+s", "shift+tab", "ctrl+shift+up", "alt+x", "escape", "space", "pageup", "slash", "question_mark",
    "plus", "comma", "a", "A", "f2,ctrl+n",
])
def test_a_key_textual_knows_is_taken(key):
    assert _problems(f"  review.dashboard: '{key}'\n") == []  # a review key: no desk key is bound twice


@pytest.mark.parametrize("key, hint", [
    ("F12", " (did you mean 'f12'?)"), ("Ctrl+S", " (did you mean 'ctrl+s'?)"), ("ctrl+bogus", ""), ("f25", ""),
    ("ctrl-s", ""), ("ctrl+ctrl+s", ""), ("ctrl+", ""), ("latin_small_letter_a", ""), ("f12,nope", ""),
])
def test_a_key_textual_does_not_know_is_named_with_its_line(key, hint):
    bad = key.split(",")[-1]
    assert _problems(f"  next_case: '{key}'\n") == [
        f"c.yaml:3: keys.next_case: expected a key such as f12, ctrl+s, shift+tab, escape or slash{hint},"
        f" found {bad!r}"]


async def test_revealing_the_national_id_takes_a_key_and_leaves_a_trace(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        profile = app.screen.debtor.profile.plain
        assert "110101198503070001" not in profile and "0001" in profile
        await press(pilot, "ctrl+r")
        assert "110101198503070001" in app.screen.debtor.profile.plain
    assert [e.action for e in trail() if e.action != "case_claimed"] == ["national_id_revealed"]


async def test_a_saved_note_is_amended_by_a_new_one(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # A no-answer call on the first case: dial, end, outcome, save.
        await press(pilot, "f2", "f3", "f5", "enter", "down", "enter", "ctrl+s")
        first = CallNote.get()
        assert first.outcome == "no_answer"
        # Back to the case just worked (found by search), and Ctrl+N to amend its note.
        await press(pilot, "slash", *"ACC-0001", "enter")
        assert app.screen.case.account_id == desk.promise_due
        await press(pilot, "ctrl+n")
        assert app.screen.note.draft().amends_id == first.id
        await press(pilot, "f6")
        for _ in range(10):
            await pilot.press("tab")
        await press(pilot, *"Line busy, not unanswered.")
        await press(pilot, "ctrl+s")
    notes = list(CallNote.select().order_by(CallNote.id))
    assert len(notes) == 2 and notes[1].amends_id == first.id and notes[0].text == ""
    assert notes[1].text == "Line busy, not unanswered."


async def test_next_case_says_when_the_first_case_opens_if_none_can_be_called_now(workstation):
    # 23:30 in Shanghai, 11:30 in New York: the calling window is shut everywhere but New York.
    app, desk = workstation("en", at=datetime(2025, 3, 10, 15, 30, tzinfo=UTC))
    notices: list[str] = []
    shown = app.notify

    def notify(message: str, *args: object, **kwargs: object) -> None:
        notices.append(message)
        shown(message, *args, **kwargs)

    app.notify = notify
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        # Four debtors in Shanghai (the other agent's lease has run out by now), one in New York.
        assert [row.reason for row in app.screen.queue.rows] == ["new"] + ["not_now"] * 4
        await press(pilot, "f2")  # New York's debtor can be called: that case, nothing else
        assert app.screen.case.account_id == desk.asleep
        await press(pilot, "f3", "f5")
        await press(pilot, "enter", "down", "enter", "ctrl+s")  # no answer; saved
        assert app.screen.case is None
    assert any("first case opens at 2025-03-11 08:00" in text for text in notices), notices


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_every_key_has_an_id_words_and_a_tooltip(lang):
    set_language(lang)
    try:
        for cls in (WorkstationApp, DeskScreen, HelpScreen, RefusalScreen, SearchScreen, VerifyScreen, LeaveScreen,
                    NumberScreen, CallbacksScreen):
            bindings = localized(cls).BINDINGS
            assert len(bindings) == len(cls.KEYS)
            for binding in bindings:
                assert binding.id and binding.description and binding.tooltip, (cls.__name__, binding)
                assert "." not in binding.description  # the catalog's words, not a missing key
    finally:
        set_language("en")
