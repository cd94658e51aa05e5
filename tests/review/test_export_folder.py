"""F7 writes into the export folder only: the lead names a file, never a path, and nothing is replaced."""

from __future__ import annotations

import dataclasses
import stat

import pytest
from textual.widgets import Input, Static

from agent_tui.config import Config, ReviewConfig
from agent_tui.i18n import t
from agent_tui.paths import data_dir
from agent_tui.service.export_folder import export_folder, file_name
from agent_tui.service.review_export import ExportProblem
from agent_tui.ui.review.app import ReviewApp, make_review_app
from agent_tui.ui.review.dialogs.export import ExportDialog
from agent_tui.ui.review.screens.notes import NotesScreen

from .floor import NOW, write_floor

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def floor(sqlite_url):
    write_floor(sqlite_url, notes_per_account=2)
    return sqlite_url


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "exports"


def app_for(url, folder):
    config = dataclasses.replace(Config(), review=ReviewConfig(export_dir=str(folder)))
    return make_review_app(config, url, "L001", now=lambda: NOW)


async def settle(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def export_as(pilot, typed: str) -> None:
    """F7, type ``typed`` as the file's name, Enter."""
    await settle(pilot)
    await pilot.press("f7")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportDialog)
    pilot.app.screen.query_one("#file", Input).value = typed
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_name_lands_in_the_export_folder_private_and_the_lead_is_told_where(floor, folder):
    app = app_for(floor, folder)
    told = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        shown = str(app.screen.query_one("#export-folder", Static).content)
        assert str(folder) in shown  # the dialog says where the file will go
        await pilot.press("escape")
        app.notify = lambda message, **kw: told.append(message)
        await export_as(pilot, "march")
        assert isinstance(app.screen, NotesScreen)
    written = folder / "march.csv"
    assert [p.name for p in folder.iterdir()] == ["march.csv"]  # no temporary file left either
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert written.read_text(encoding="utf-8-sig").count("\n") > 1
    assert any(str(written) in message for message in told)


@pytest.mark.parametrize(("typed", "problem"), [
    ("/tmp/x.csv", "name_path"),
    ("../../x.csv", "name_path"),
    ("sub\\x.csv", "name_path"),
    ("..", "name_dots"),
    ("a..csv", "name_dots"),
    (".hidden.csv", "name_hidden"),
    ("bad\x1b]0;title\x07.csv", "name_control"),
    ("evil\u202evsc.csv", "name_control"),
    ("   ", "no_file"),
    ("x" * 300, "name_long"),
])
async def test_a_path_or_a_strange_name_is_refused_in_the_dialog(floor, folder, tmp_path, typed, problem):
    app = app_for(floor, folder)
    before = sorted(tmp_path.rglob("*"))
    async with app.run_test(size=SIZE) as pilot:
        await export_as(pilot, typed)
        assert isinstance(app.screen, ExportDialog)  # still open, saying why
        said = str(app.screen.query_one("#export-problem", Static).content)
        assert said == t(f"export.problem.{problem}", most=200)
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, not even the folder
    assert not folder.exists()


async def test_an_existing_file_is_kept_and_the_export_takes_the_next_free_name(floor, folder):
    folder.mkdir()
    (folder / "march.csv").write_text("keep me", encoding="utf-8")
    (folder / "march-2.csv").symlink_to(folder / "elsewhere.csv")  # a link is a taken name too
    app = app_for(floor, folder)
    async with app.run_test(size=SIZE) as pilot:
        await export_as(pilot, "march.csv")
    assert (folder / "march.csv").read_text(encoding="utf-8") == "keep me"
    assert not (folder / "elsewhere.csv").exists()
    assert (folder / "march-3.csv").read_text(encoding="utf-8-sig").count("\n") > 1


async def test_in_a_browser_the_file_is_written_to_the_folder_and_delivered(floor, folder, monkeypatch):
    monkeypatch.setattr(ReviewApp, "is_web", property(lambda self: True))
    delivered = []
    monkeypatch.setattr(ReviewApp, "deliver_binary", lambda self, path, **kw: delivered.append((path, kw)))
    app = app_for(floor, folder)
    async with app.run_test(size=SIZE) as pilot:
        await export_as(pilot, "for-browser")
    assert delivered == [(folder / "for-browser.csv", {"save_filename": "for-browser.csv", "mime_type": "text/csv"})]
    assert (folder / "for-browser.csv").exists()


def test_the_folder_is_the_data_folders_unless_configured(tmp_path):
    assert export_folder(Config()) == data_dir() / "exports"
    relative = dataclasses.replace(Config(), base_dir=str(tmp_path), review=ReviewConfig(export_dir="out"))
    assert export_folder(relative) == tmp_path / "out"
    absolute = dataclasses.replace(Config(), review=ReviewConfig(export_dir=str(tmp_path / "abs")))
    assert export_folder(absolute) == tmp_path / "abs"


def test_a_name_gets_csv_added_once():
    assert file_name(" march ") == "march.csv"
    assert file_name("March.CSV") == "March.CSV"
    assert file_name("二月报表") == "二月报表.csv"
    with pytest.raises(ExportProblem):
        file_name("a/b")
