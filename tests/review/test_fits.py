"""The review fits the terminal it is given and explains itself: the columns a lead needs at 80x24, help
texts whole at any width, a date axis under each trend, and Escape in an open list closing only the list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Select

from agent_tui.ui.common.pick import Pick
from agent_tui.ui.review.dialogs.export import ExportDialog
from agent_tui.ui.review.dialogs.filter import FilterDialog
from agent_tui.ui.review.dialogs.help import HelpDialog
from agent_tui.ui.review.screens.dashboard import COLUMNS as DASH_COLUMNS
from agent_tui.ui.review.screens.dashboard import LESSER, DashboardScreen
from agent_tui.ui.review.screens.notes import NotesScreen
from agent_tui.ui.review.widgets.note_table import COLUMNS, NoteTable
from agent_tui.ui.review.widgets.trend import axis_line

from .floor import write_floor
from .test_app import app_for, settle

NARROW, WIDE = (80, 24), (160, 48)


@pytest.fixture
def url(sqlite_url):
    write_floor(sqlite_url)
    return sqlite_url


@pytest.mark.parametrize("language", ["en", "zh-CN"])
async def test_the_notes_browser_keeps_account_outcome_promise_and_note_at_80_columns(url, language):
    for size, expected in ((NARROW, ("account", "outcome", "promise", "note")), (WIDE, COLUMNS)):
        app = app_for(url, language)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.screen.query_one(NoteTable)
            assert table.shown == expected
            assert table.virtual_size.width <= table.scrollable_content_region.width, "no column off the screen"
            flagged = [row for row in table.notes.values() if row.flag_count]
            if size == NARROW:  # the flags ride in the outcome's cell
                cells = table.get_row(str(flagged[0].id))
                assert cells[1].plain.startswith("⚑")


@pytest.mark.parametrize("language", ["en", "zh-CN"])
async def test_the_dashboard_drops_its_lesser_figures_first(url, language):
    for size in (NARROW, WIDE):
        app = app_for(url, language)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            shown = tuple(str(key.value) for key in screen.table.columns)
            if size == WIDE:
                assert shown == DASH_COLUMNS
            else:
                assert shown == tuple(c for c in DASH_COLUMNS if c not in LESSER)
                assert {"agent", "rpc_rate", "kept_rate", "collected", "flagged"} <= set(shown)
                assert screen.table.virtual_size.width <= screen.table.scrollable_content_region.width


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_help_texts_are_whole_at_any_width(url, size):
    app = app_for(url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, HelpDialog)
        table = dialog.query_one(DataTable)
        explain = list(table.columns.values())[-1]
        for key, row in table.rows.items():
            tip = table.get_row(key)[-1].plain
            lines_needed = -(-cell_len(tip) // explain.width)
            assert row.height >= lines_needed, tip  # wrapped onto as many lines as it needs, never cut
        if size == WIDE:
            assert all(row.height == 1 for row in table.rows.values())


def test_the_date_axis_names_the_first_middle_and_last_day_in_the_room_it_has():
    days = tuple(date(2025, 2, 13) + timedelta(days=n) for n in range(30))
    line = axis_line(days, 40)
    assert len(line) == 40 and line.startswith("02-13") and line.endswith("03-14") and "02-28" in line
    assert axis_line(days, 12) == "02-13  03-14"
    assert axis_line(days, 8) == "02-13"
    assert axis_line((date(2025, 3, 14),), 20) == "03-14"


async def test_escape_in_an_open_list_closes_the_list_and_not_its_dialog(url):
    app = app_for(url)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for key, dialog_type in (("f4", FilterDialog), ("f7", ExportDialog)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, dialog_type)
            select = app.screen.query(Pick).first() if dialog_type is FilterDialog else app.screen.query_one(Select)
            select.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert select.expanded
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, dialog_type) and not select.expanded
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, NotesScreen)
