"""The review app driven by the keys a lead presses (Pilot), on a SQLite floor, in both languages."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import DataTable, Input, Select, Static

from agent_tui.config import Config, ReviewConfig
from agent_tui.service.review_views import NoteQuery
from agent_tui.store import open_database, use_database
from agent_tui.store.audit import verify_chain
from agent_tui.store.models import AuditEvent
from agent_tui.ui.review.app import make_review_app
from agent_tui.ui.review.dialogs.export import ExportDialog
from agent_tui.ui.review.dialogs.filter import FilterDialog
from agent_tui.ui.review.dialogs.help import HelpDialog
from agent_tui.ui.review.screens.dashboard import DashboardScreen
from agent_tui.ui.review.screens.detail import NoteScreen
from agent_tui.ui.review.screens.notes import NotesScreen

from .floor import NOW, write_floor

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def floor(sqlite_url):
    """A floor with more notes than one page (61), on SQLite."""
    return sqlite_url, write_floor(sqlite_url, notes_per_account=15)


def app_for(url: str, language: str = "en", **config):
    return make_review_app(dataclasses.replace(Config(), language=language, **config), url, "L001", now=lambda: NOW)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def newest_first(notes):
    return [n.id for n in sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)]


async def test_the_browser_opens_on_the_newest_page_and_reads_more_on_scrolling(floor):
    url, rows = floor
    messages = []
    app = app_for(url)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        table = screen.table
        assert table.row_count == 50
        assert [int(k.value) for k in list(table.rows)[:3]] == newest_first(rows.notes)[:3]
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == len(rows.notes) == 61
        assert [int(k.value) for k in table.rows] == newest_first(rows.notes)
        pages = list({id(m): m for m in messages if isinstance(m, NotesScreen.PageRead)}.values())
        assert [m.append for m in pages] == [False, True]
        assert "61" in str(screen.status.content)


async def test_enter_opens_the_note_and_brackets_step_through_the_account(floor):
    url, rows = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.table.highlighted_note
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen) and screen.detail.note.id == first
        account = screen.detail.note.account_id
        on_account = sorted((n for n in rows.notes if n.account_id == account), key=lambda n: (n.created_at, n.id))
        assert first == on_account[-1].id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.detail.note.id == on_account[-2].id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.detail.note.id == first
        assert str(first) in str(app.screen.query_one("#title-bar").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_filter_dialog_narrows_the_list(floor):
    url, rows = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#outcome", Select).value = "refused"
        dialog.query_one("#agent", Select).value = "A002"
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected = newest_first(n for n in rows.notes if n.outcome.value == "refused" and n.agent.code == "A002")
        assert expected
        assert [int(k.value) for k in app.screen.table.rows] == expected
        summary = str(app.screen.query_one("#filter-summary", Static).content)
        assert "A002" in summary and "Refused to pay" in summary
        await pilot.press("f6")
        await settle(pilot)
        assert app.screen.table.row_count == 50


async def test_a_bad_date_keeps_the_dialog_open_and_says_which_field(floor):
    url, _ = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "2025-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        problem = str(app.screen.query_one("#filter-problem", Static).content)
        assert "From" in problem and "2025-02-30" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_search_by_account_reference(floor):
    url, rows = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ref = rows.accounts[2].ref
        await pilot.press("slash")
        await pilot.press(*ref, "enter")
        await settle(pilot)
        expected = newest_first(n for n in rows.notes if n.account.ref == ref)
        assert [int(k.value) for k in app.screen.table.rows] == expected


async def test_dashboard_lists_each_agent_and_the_team_and_follows_the_cursor(floor):
    url, _ = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = screen.query_one("#figures", DataTable)
        assert [k.value for k in table.rows] == ["A001", "A002", "A003", "__team__"]
        assert "Team" in str(screen.query_one("#trend-heading", Static).content)
        await pilot.press("up", "up", "up")
        await pilot.pause()
        assert "A001" in str(screen.query_one("#trend-heading", Static).content)
        team = screen.dashboard.team.total
        assert str(team.attempts) in str(table.get_row("__team__")[1])
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_dashboard_period_typed_by_hand(floor):
    url, _ = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#since", Input).value = "2025-03-10"
        screen.query_one("#until", Input).value = "2025-03-01"
        screen.query_one("#until", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "before it starts" in str(screen.period_line.content)
        screen.query_one("#until", Input).value = "2025-03-12"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.dashboard.since.isoformat() == "2025-03-10" and len(screen.dashboard.days) == 3


async def test_export_from_the_screen_writes_the_current_filter_masked(floor, tmp_path):
    url, rows = floor
    app = app_for(url, review=ReviewConfig(export_dir=str(tmp_path / "exports")))
    out = tmp_path / "exports" / "screen.csv"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_text = app.screen.query_text.with_search(rows.accounts[0].ref)
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#file", Input).value = "screen"
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + sum(n.account_id == rows.accounts[0].id for n in rows.notes)
    assert "13800138000" not in data.decode("utf-8-sig")
    # On record in the audit log, by the lead, with the filter it was written for.
    db = use_database(open_database(url, read_only=True))
    with db.connection_context():
        event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert verify_chain().intact
    db.close()
    assert (event.actor, event.action, event.subject) == ("L001", "export_masked", "export:notes")
    assert event.payload["file"] == str(out.resolve()) and event.payload["rows"] == len(lines) - 1
    assert event.payload["filter"]["search"] == rows.accounts[0].ref


async def test_f1_lists_the_screens_keys_with_their_ids(floor):
    url, _ = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        ids = {row[3] for row in app.screen.rows}
        assert {"filter", "search", "export", "dashboard", "help", "quit"} <= ids
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_keys_are_remapped_from_config(floor):
    url, _ = floor
    app = app_for(url, keys={"dashboard": "f9", "review.filter": "f10"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("escape")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_chinese_screens_speak_chinese(floor):
    url, _ = floor
    app = app_for(url, language="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "催记浏览" in str(app.screen.query_one("#title-bar").render())
        labels = [str(c.label) for c in app.screen.table.columns.values()]
        assert labels[:4] == ["记录时间（本中心）", "坐席", "债务人", "通话结果"]
        await pilot.press("f3")
        await settle(pilot)
        assert "团队看板" in str(app.screen.query_one("#title-bar").render())
        assert "全组" in str(app.screen.query_one("#trend-heading", Static).content)


async def test_an_unknown_lead_is_refused(floor):
    from agent_tui.service.review import ReviewRefused

    url, _ = floor
    with pytest.raises(ReviewRefused):
        make_review_app(Config(), url, "A001")  # an agent, not a lead


async def test_the_filter_picks_with_the_shared_pick_typing_to_search(floor):
    from agent_tui.ui.common.pick import Pick

    url, _ = floor
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        dialog = app.screen
        pickers = [dialog.query_one(f"#{name}") for name in ("agent", "outcome", "stage", "flag", "promise")]
        assert all(isinstance(picker, Pick) for picker in pickers)
        assert [picker.picked for picker in pickers] == ["", "", "", "", ""]
        assert dialog.read_form() == (NoteQuery(), None)
        dialog.query_one("#outcome", Pick).focus()
        await pilot.press("enter", "r", "e", "f")  # open the list, type the start of "Refused to pay"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.query_one("#outcome", Pick).picked == "refused"
        assert dialog.read_form()[0] == NoteQuery(outcome="refused")
