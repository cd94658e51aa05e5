"""The desk draws first and opens after: the note form, the script's tabs and the database come just
after the first frame; keys pressed meanwhile wait; quitting at once is clean."""

from __future__ import annotations

import threading

from agent_tui.i18n import t
from agent_tui.service.errors import CaseRefused
from agent_tui.ui.workstation.app import make_app
from agent_tui.ui.workstation.widgets.deferred import Deferred
from agent_tui.ui.workstation.widgets.note_form import NoteForm

from tests.service.desk import Clock, build_desk, desk_config

from .agent import settle


async def test_the_first_frame_comes_before_the_note_form_which_follows_at_once(workstation):
    app, _ = workstation("en")
    seen = []
    display = app._display

    def first(screen, renderable):
        if renderable is not None and not seen:
            seen.append((list(screen.query(NoteForm)), list(screen.query(Deferred)), screen.script.built))
        display(screen, renderable)

    app._display = first
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        forms, stand_ins, script_built = seen[0]
        assert not forms and not script_built and len(stand_ins) == 2  # drawn before the form and the script's tabs
        assert app.screen.script.built and app.screen.script.tab_bar.region.height == 2
        assert len(app.screen.query(NoteForm)) == 1 and not app.screen.query(Deferred)
        note = app.screen.query_one("#note", NoteForm)
        assert note.parent.id == "right" and note.region.height > 0


async def test_quitting_at_the_first_frame_leaves_no_error(workstation):
    app, _ = workstation("en")
    display = app._display

    def quit_at_once(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            app.exit(0)  # the agent quits before the note form is built

    app._display = quit_at_once
    async with app.run_test(size=(160, 48)):
        pass
    assert app.return_code == 0


async def test_the_first_frame_comes_before_the_database_is_opened(workstation):
    app, _ = workstation("en")
    opened_at_first_frame = []
    display = app._display
    open_service = app.open_service
    calls = []

    def counting_open():
        calls.append(1)
        return open_service()

    def first(screen, renderable):
        if renderable is not None and not opened_at_first_frame:
            opened_at_first_frame.append(bool(calls))
        display(screen, renderable)

    app.open_service = counting_open
    app._display = first
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert opened_at_first_frame == [False]  # drawn first, opened after
        assert calls == [1] and app.service is not None
        assert "cases" in str(app.screen.queue.border_subtitle)


def _held_open(app):
    """Make the app's database open wait for the returned event (to press keys while it opens)."""
    release = threading.Event()
    open_service = app.open_service

    def held():
        release.wait(30)
        return open_service()

    app.open_service = held
    return release


async def test_a_key_pressed_while_the_desk_opens_waits_and_then_runs(workstation):
    app, desk = workstation("en")
    release = _held_open(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.service is None
        assert str(app.screen.queue.border_subtitle) == t("workstation.queue.loading")
        await pilot.press("f2", "f2")  # the next case, asked for (twice) before the database is open
        await pilot.pause()
        assert app.screen.case is None and app.is_running  # waiting, not failed
        assert len(app.screen._waiting) == 1  # pressed twice, runs once
        release.set()
        await settle(pilot)
        assert app.screen.case is not None and app.screen.case.account_id == desk.promise_due
        assert "cases" in str(app.screen.queue.border_subtitle)


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


async def test_a_narrow_terminal_is_drawn_narrow_from_the_first_frame(workstation):
    app, _ = workstation("en")
    seen = []
    display = app._display

    def first(screen, renderable):
        if renderable is not None and not seen:
            strip = str(screen.strip.steps_view.content)
            seen.append((screen.has_class("-narrow"), screen.query_one("#debtor").display, strip))
        display(screen, renderable)

    app._display = first
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    narrow, debtor_shown, strip = seen[0]
    assert narrow and not debtor_shown  # one pane at a time, not the wide desk squeezed into 80 columns
    assert t("workstation.strip.no_case") in strip
