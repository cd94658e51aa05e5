"""The review's keys: Textual's Footer shows them, each with an id and the catalog's tooltip, remappable.

Every screen and dialog of the review shows its keys in Textual's own
``Footer``; every binding has an id (``review.<name>``, what config.yaml's
``keys:`` names) and the catalog's words and tooltip, in English and in
Chinese; ``keys:`` moves a key through ``App.set_keymap`` and the footer
shows where it went.
"""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Footer, Input

from agent_tui.config import Config
from agent_tui.i18n import set_language, t
from agent_tui.ui.common.keyspec import localized
from agent_tui.ui.review.app import ReviewApp, make_review_app
from agent_tui.ui.review.dialogs.export import ExportDialog
from agent_tui.ui.review.dialogs.filter import FilterDialog
from agent_tui.ui.review.dialogs.help import HelpDialog
from agent_tui.ui.review.keys import KEY_IDS, review_keymap
from agent_tui.ui.review.screens.dashboard import DashboardScreen
from agent_tui.ui.review.screens.detail import NoteScreen
from agent_tui.ui.review.screens.notes import NotesScreen

from .floor import NOW, write_floor

SIZE = (160, 48)
KEYED = [ReviewApp, NotesScreen, NoteScreen, DashboardScreen, FilterDialog, ExportDialog, HelpDialog]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def floor(sqlite_url):
    write_floor(sqlite_url)
    return sqlite_url


def app_for(url: str, language: str = "en", **config):
    return make_review_app(dataclasses.replace(Config(), language=language, **config), url, "L001", now=lambda: NOW)


async def settle(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def footer_keys(screen) -> list[tuple[str, str, str]]:
    """(key as shown, words, tooltip) of each key the screen's footer shows, left to right."""
    footer = screen.query_one(Footer)
    return [(key.key_display, key.description, str(key.tooltip or "")) for key in footer.query("FooterKey")]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("cls", KEYED, ids=lambda cls: cls.__name__)
def test_every_binding_has_an_id_and_the_catalogs_words_and_tooltip(cls, language):
    set_language(language)
    bindings = localized(cls).BINDINGS
    assert bindings, f"{cls.__name__} declares no keys"
    for binding in bindings:
        name = binding.id.removeprefix("review.")
        assert binding.id == f"review.{name}" and name in KEY_IDS
        assert binding.description == t(f"review.key.{name}")
        assert binding.tooltip == t(f"review.key_tip.{name}")
        assert binding.tooltip and binding.tooltip != binding.description


def test_the_words_differ_by_language():
    set_language("en")
    english = {b.id: b.tooltip for b in localized(NotesScreen).BINDINGS}
    set_language("zh-CN")
    chinese = {b.id: b.tooltip for b in localized(NotesScreen).BINDINGS}
    assert english.keys() == chinese.keys()
    assert all(english[key] != chinese[key] for key in english)
    assert localized(NotesScreen) is localized(NotesScreen), "one class per language, made once"


@pytest.mark.parametrize("language", ["en", "zh-CN"])
async def test_each_screen_and_dialog_shows_its_keys_in_textuals_footer(floor, language):
    app = app_for(floor, language)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = footer_keys(app.screen)
        assert [key for key, _, _ in shown] == ["F4", "/", "F5", "F6", "F7", "F1", "F2", "F3", "^Q"]
        words = {words: tip for _, words, tip in shown}
        assert words[t("review.key.filter")] == t("review.key_tip.filter")
        assert words[t("review.key.quit")] == t("review.key_tip.quit")
        for keys, screen, expected in (
            (("enter",), NoteScreen, "review.key.back"),
            (("escape", "f3"), DashboardScreen, "review.key.refresh"),
            (("f2", "f4"), FilterDialog, "review.key.apply"),
            (("escape", "f7"), ExportDialog, "review.key.apply"),
            (("escape", "f1"), HelpDialog, "review.key.close"),
        ):
            await pilot.press(*keys)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            assert t(expected) in [words for _, words, _ in footer_keys(app.screen)]


async def test_keys_moved_in_config_show_where_they_went(floor):
    app = app_for(floor, keys={"dashboard": "f9", "review.filter": "f10", "quit": "ctrl+x"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {words: key for key, words, _ in footer_keys(app.screen)}
        assert shown[t("review.key.dashboard")] == "F9"
        assert shown[t("review.key.filter")] == "F10"
        assert shown[t("review.key.quit")] == "^X"
        await pilot.press("f3")  # no longer the dashboard's
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f1")
        await pilot.pause()
        ids = {row[3]: row[0] for row in app.screen.rows}
        assert ids["dashboard"] == "F9" and ids["quit"] == "^X"


def test_the_keymap_takes_either_spelling_and_leaves_the_workstations_ids_alone():
    assert review_keymap({"dashboard": "f9", "review.filter": "f10", "next_case": "f12"}) == {
        "review.dashboard": "f9", "review.filter": "f10"}


async def test_f1_opens_and_closes_the_help(floor):
    app = app_for(floor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert "how_to_quit" not in {row[3] for row in app.screen.rows}
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_ctrl_c_says_which_key_quits(floor, monkeypatch):
    app = app_for(floor, language="zh-CN", keys={"quit": "ctrl+x"})
    said = []
    monkeypatch.setattr(app, "notify", lambda message, **options: said.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert said == [t("review.how_to_quit", key="^X")]
