"""How each review screen looks, in English and in Chinese (pytest-textual-snapshot).

The floor, the clock and the theme are fixed, so a changed picture is a
changed screen. Update with ``--snapshot-update`` only after looking at it.
"""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import DataTable, Input

from agent_tui.config import Config
from agent_tui.ui.review.app import make_review_app

from .conftest import write_floor
from .floor import NOW

SIZE = (110, 32)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def floor_file(sqlite_url):
    write_floor(sqlite_url)
    return sqlite_url


def review_app(url: str, language: str):
    return make_review_app(dataclasses.replace(Config(), language=language), url, "L001", now=lambda: NOW)


async def _settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    # A DataTable measures its new rows when it is next idle, and only then scrolls its cursor
    # into view: wait for that, and for the frame after it, before the picture is taken.
    for _ in range(200):
        if not any(table._require_update_dimensions for table in pilot.app.screen.query(DataTable)):
            break
        await pilot.pause(0.01)
    await pilot.pause(0.1)
    # Then until nothing on the screen scrolls any more (a table scrolls its cursor into view
    # a frame after it has measured its rows).
    def offsets():
        return [(w, w.scroll_offset, w.max_scroll_y) for w in pilot.app.screen.query("*") if w.is_scrollable]

    before = offsets()
    for _ in range(40):
        await pilot.pause(0.05)
        now = offsets()
        if now == before:
            break
        before = now


LANGUAGES = ["en", "zh-CN"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_notes_browser(snap_compare, floor_file, language):
    assert snap_compare(review_app(floor_file, language), terminal_size=SIZE, run_before=_settled)


@pytest.mark.parametrize("language", LANGUAGES)
def test_note_with_its_case(snap_compare, floor_file, language):
    async def open_the_third_note(pilot):
        await _settled(pilot)
        await pilot.press("down", "down", "enter")
        await _settled(pilot)

    assert snap_compare(review_app(floor_file, language), terminal_size=SIZE, run_before=open_the_third_note)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard(snap_compare, floor_file, language):
    async def dashboard_for_two_weeks(pilot):
        await _settled(pilot)
        await pilot.press("f3")
        await _settled(pilot)
        pilot.app.screen.query_one("#preset").value = "month"
        await _settled(pilot)

    assert snap_compare(review_app(floor_file, language), terminal_size=SIZE, run_before=dashboard_for_two_weeks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_filter_dialog(snap_compare, floor_file, language):
    async def open_the_filter(pilot):
        await _settled(pilot)
        await pilot.press("f4")
        await _settled(pilot)

    assert snap_compare(review_app(floor_file, language), terminal_size=SIZE, run_before=open_the_filter)
