"""After a crash, the agent's own case comes back first: the case their dead workstation held, with its draft
and any call that waits for its note, before anything the queue ranks."""

from __future__ import annotations

from datetime import timedelta

from agent_tui.service.dialer import Dialer
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.models import Account

from .desk import desk_config

TYPED = NoteDraft(outcome="right_party", text="Asked to call back after the market closes")


def restarted(station, clock, code: str = "A001") -> Workstation:
    """The agent's workstation started again on the same database (the old one was killed: nothing kept)."""
    return Workstation(station.db, desk_config(), code, now=clock, dialer=Dialer(""))


def test_a_case_left_with_a_draft_comes_back_on_the_first_f2(station, desk, clock):
    first = station.next_case()
    assert first is not None and first.account_id == desk.promise_due  # the queue's top case
    station.open_case(desk.broken)  # the agent chose a case further down, and typed
    station.save_draft(desk.broken, TYPED, revision=1)

    again = restarted(station, clock).next_case()
    assert again is not None and again.account_id == desk.broken
    assert again.draft == TYPED


def test_a_dialled_call_without_its_note_comes_back_on_call(station, desk, clock):
    station.open_case(desk.wrong_figures)
    station.dial(desk.wrong_figures)  # the workstation dies on the call
    clock.at += timedelta(minutes=1)

    again = restarted(station, clock).next_case()
    assert again is not None and again.account_id == desk.wrong_figures
    assert again.call is not None and again.call.started_at is not None


def test_an_own_case_comes_back_after_its_lease_ran_out_if_nobody_took_it(station, desk, clock):
    station.open_case(desk.broken)
    station.save_draft(desk.broken, TYPED, revision=1)
    clock.at += timedelta(hours=3)  # far past the lease

    again = restarted(station, clock).next_case()
    assert again is not None and again.account_id == desk.broken and again.draft == TYPED


def test_a_case_a_teammate_took_after_the_lease_is_theirs(station, desk, clock):
    Account.update(assigned_agent=None).where(Account.id == desk.broken).execute()  # the team's to take
    station.open_case(desk.broken)
    station.save_draft(desk.broken, TYPED, revision=1)
    clock.at += timedelta(hours=3)
    teammate = restarted(station, clock, "A002")
    assert teammate.open_case(desk.broken).account_id == desk.broken

    again = restarted(station, clock).next_case()
    assert again is None or again.account_id != desk.broken


def test_f2_on_a_live_desk_still_moves_on(station, desk):
    first = station.next_case()
    second = station.next_case()
    assert first is not None and second is not None and second.account_id != first.account_id
