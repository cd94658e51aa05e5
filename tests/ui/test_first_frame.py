"""The desk is drawn at once and opens the database beside it: the keys that need the database are dimmed
until it is open (and do nothing), the note form follows the first frame, quitting at once is clean."""

from __future__ import annotations

import threading

from agent_tui.i18n import t
from agent_tui.service.errors import CaseRefused
from agent_tui.ui.workstation.app import make_app
from agent_tui.ui.workstation.widgets.note_form import NoteForm
from tests.service.desk import Clock, build_desk, desk_config

from .agent import settle


def _held_open(app):
    """Make the app's database open wait for the returned event (to look at the desk while it opens)."""
    release = threading.Event()
    open_service = app.open_service

    def held():
        release.wait(30)
        return open_service()

    app.open_service = held
    return release


def _enabled(screen, action: str) -> bool:
    """Whether the footer shows the key of ``action`` as usable."""
    return any(active.enabled for active in screen.active_bindings.values() if active.binding.action == action)


async def test_the_desk_is_drawn_while_the_database_opens_and_its_keys_are_dimmed_until_then(workstation):
    app, desk = workstation("en")
    release = _held_open(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert app.service is None
        assert str(screen.queue.border_subtitle) == t("workstation.queue.loading")
        wanted = (t("workstation.pane.queue"), t("workstation.key.next_case"))
        for _ in range(50):  # the footer lays out its keys a frame later; a busy box takes a few
            drawn = app.export_screenshot().replace("&#160;", " ")
            if all(word in drawn for word in wanted):
                break
            await pilot.pause(0.1)
        assert all(word in drawn for word in wanted) and app.service is None  # drawn, the database still opening
        assert not _enabled(screen, "next_case") and not _enabled(screen, "search")
        assert _enabled(screen, "help")
        await pilot.press("f2", "f2")  # dimmed: nothing happens, now or later
        await pilot.pause()
        assert screen.case is None and app.is_running
        release.set()
        await settle(pilot)
        assert app.service is not None and "cases" in str(screen.queue.border_subtitle)
        assert screen.case is None  # the F2s pressed before did not wait to run
        assert _enabled(screen, "next_case") and _enabled(screen, "search")
        await pilot.press("f2")
        await settle(pilot)
        assert screen.case is not None and screen.case.account_id == desk.promise_due


async def test_the_note_form_follows_the_first_frame_in_its_place(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert len(app.screen.query(NoteForm)) == 1
        note = app.screen.query_one("#note", NoteForm)
        assert note.parent.id == "right" and note.region.height > 0


async def test_quitting_at_once_leaves_no_error(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("ctrl+q")  # before the note form is built or the database is open
    assert app.return_code == 0 and app.start_error is None


async def test_quitting_while_the_desk_opens_is_clean(workstation):
    app, _ = workstation("en")
    release = _held_open(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        release.set()
    assert app.return_code == 0 and app.start_error is None


async def test_a_start_that_cannot_go_on_leaves_with_exit_2_and_why(tmp_path):
    desk = build_desk(tmp_path / "desk.db", "en")
    app = make_app(desk_config("en"), desk.url, "NOBODY", now=Clock())
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert isinstance(app.start_error, CaseRefused) and "NOBODY" in app.start_error.msg.render("en")


async def test_a_narrow_terminal_is_drawn_narrow_from_the_start(workstation):
    app, _ = workstation("en")
    release = _held_open(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        narrow, debtor_shown = screen.has_class("-narrow"), screen.query_one("#debtor").display
        await pilot.pause()
        strip = str(screen.strip.steps_view.content)
        release.set()
        await settle(pilot)
    assert narrow and not debtor_shown  # one pane at a time, not the wide desk squeezed into 80 columns
    assert t("workstation.strip.no_case") in strip
