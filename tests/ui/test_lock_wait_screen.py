"""While another program holds the database's write lock, the agent is told the save is waiting."""

from __future__ import annotations

from agent_tui.i18n import t
from agent_tui.service.note_check import NEXT_ACTIONS, OUTCOMES
from agent_tui.store.models import CallNote, Draft
from tests.service.lock_holder import WriteLockHolder

from .agent import choose, press, settle, type_text


def _status(desk_screen) -> str:
    return str(desk_screen.note.query_one("#note-status").content)


async def test_a_save_behind_another_writer_says_it_is_waiting_then_saves(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        desk_screen = app.screen
        await press(pilot, "down", "enter")  # the broken promise
        assert desk_screen.case.account_id == desk.broken
        await press(pilot, "f3", "f4", "n", "f5")  # someone else answered; call ended
        await choose(pilot, list(OUTCOMES), "third_party")
        for _ in range(3):  # attitude, hardship, next action: the debt's fields are closed to a third party
            await pilot.press("tab")
        await settle(pilot)
        await choose(pilot, list(NEXT_ACTIONS), "call_back")
        await press(pilot, "tab")
        await type_text(pilot, "2025-03-11 19:00")
        await press(pilot, "tab")
        await type_text(pilot, "Wife answered, message left.")

        holder = WriteLockHolder(desk.url, 3.0)
        try:
            await pilot.press("ctrl+s")
            seen = []
            while not holder.released.is_set():
                await pilot.pause(0.1)
                seen.append(_status(desk_screen))
            assert t("trust.waiting_for_database") in seen
        finally:
            holder.join()
        await settle(pilot)
        assert desk_screen.case is None or desk_screen.case.account_id != desk.broken
    assert CallNote.get(CallNote.account == desk.broken).text == "Wife answered, message left."


async def _a_noted_call(pilot, desk) -> None:
    """The broken-promise case, dialled and ended, its note filled in (not yet saved)."""
    await settle(pilot)
    await press(pilot, "down", "enter")
    await press(pilot, "f3", "f4", "n", "f5")
    await choose(pilot, list(OUTCOMES), "third_party")
    for _ in range(3):  # attitude, hardship, next action: the debt's fields are closed to a third party
        await pilot.press("tab")
    await settle(pilot)
    await choose(pilot, list(NEXT_ACTIONS), "call_back")
    await press(pilot, "tab")
    await type_text(pilot, "2025-03-11 19:00")
    await press(pilot, "tab")
    await type_text(pilot, "Wife answered, message left.")


async def test_a_lock_held_past_the_busy_timeout_is_waited_out_and_esc_keeps_the_note_as_a_draft(workstation):
    app, desk = workstation("en")
    notices: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kwargs: (notices.append(message), notify(message, **kwargs))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        desk_screen = app.screen
        await _a_noted_call(pilot, desk)
        holder = WriteLockHolder(desk.url, 12.0)
        try:
            await pilot.press("ctrl+s")
            busy = t("trust.database_busy", tries=1, seconds=0).split(":")[0]
            seen: list[str] = []
            while not any(busy in s for s in seen) and not holder.released.is_set():
                await pilot.pause(0.2)
                seen.append(_status(desk_screen))
            assert any(busy in s for s in seen), seen  # the database's own wait ran out: it tries again
            await pilot.press("escape")
            assert _status(desk_screen) == t("trust.stopping_wait")
            while desk_screen.controller.saving:
                await pilot.pause(0.2)
            assert not holder.released.is_set()  # it stopped while the lock was still held
            assert t("workstation.refused.kept_as_draft") in notices
            assert desk_screen.case.account_id == desk.broken  # the case and its form are still there
            assert desk_screen.note.draft().text == "Wife answered, message left."
        finally:
            holder.join()
        desk_screen.controller.autosave()  # the next autosave, the database free: the form is the draft
        await settle(pilot)
    assert CallNote.select().where(CallNote.account == desk.broken).count() == 0
    assert Draft.get(Draft.account == desk.broken).fields["form"]["text"] == "Wife answered, message left."
