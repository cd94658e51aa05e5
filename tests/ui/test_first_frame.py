"""The desk draws before the note form is built, then builds it; quitting at once is clean."""

from __future__ import annotations

from agent_tui.ui.widgets.deferred import Deferred
from agent_tui.ui.widgets.note_form import NoteForm

from .agent import settle


async def test_the_first_frame_comes_before_the_note_form_which_follows_at_once(workstation):
    app, _ = workstation("en")
    seen = []
    display = app._display

    def first(screen, renderable):
        if renderable is not None and not seen:
            seen.append((list(screen.query(NoteForm)), list(screen.query(Deferred))))
        display(screen, renderable)

    app._display = first
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        forms, stand_ins = seen[0]
        assert not forms and len(stand_ins) == 1  # drawn before the form was built
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
