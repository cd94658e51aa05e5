"""Claims on a floor: two agents never hold one case, leases run out, assigned cases wait for their agent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent_tui.domain.records import PromiseStatus
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.workstation import Workstation
from agent_tui.store.claims import claim_first, release, renew
from agent_tui.store.models import Account, Agent, Promise

from .desk import NOW, desk_config, trail


@pytest.fixture
def teammate(station, clock):
    """The agent A002's workstation on the same database and clock."""
    return Workstation(station.db, desk_config(), "A002", now=clock, dialer=Dialer(""))


def ids(name: str) -> int:
    return Agent.get(Agent.code == name).id


def unassign(*account_ids: int) -> None:
    Account.update(assigned_agent=None).where(Account.id.in_(account_ids)).execute()


def test_two_agents_taking_the_next_case_get_different_cases(station, teammate, desk):
    unassign(desk.promise_due, desk.wrong_figures, desk.broken)
    mine = station.next_case()
    theirs = teammate.next_case()
    assert mine is not None and theirs is not None
    assert mine.account_id != theirs.account_id
    held = {a.id: a.claimed_by.code for a in Account.select().where(Account.claimed_by.is_null(False))}
    assert held[mine.account_id] == "A001" and held[theirs.account_id] == "A002"


def test_claim_first_follows_the_callers_order_and_skips_a_held_case(station, desk):
    me, other = ids("A001"), ids("A002")
    order = [desk.held, desk.broken, desk.promise_due]
    with station.db.connection_context():
        assert claim_first(station.db, order, me, NOW, NOW + timedelta(minutes=5)) == desk.broken
        assert claim_first(station.db, [desk.broken], other, NOW, NOW + timedelta(minutes=5)) is None
        assert claim_first(station.db, [], me, NOW, NOW + timedelta(minutes=5)) is None


def test_an_expired_lease_is_taken_by_the_next_agent(station, desk, clock):
    me, other = ids("A001"), ids("A002")
    unassign(desk.broken)
    with station.db.connection_context():
        assert claim_first(station.db, [desk.broken], other, NOW, NOW + timedelta(minutes=5)) == desk.broken
        assert claim_first(station.db, [desk.broken], me, NOW + timedelta(minutes=4), NOW) is None
        later = NOW + timedelta(minutes=5)
        assert claim_first(station.db, [desk.broken], me, later, later + timedelta(minutes=5)) == desk.broken
        assert not renew(desk.broken, other, later + timedelta(minutes=10))
        assert not release(desk.broken, other)
        assert Account.get_by_id(desk.broken).claimed_by_id == me


def test_an_assigned_case_waits_for_its_agent_then_goes_to_the_team(station, desk):
    other = ids("A002")
    Promise.update(due=NOW.date()).where(Promise.account == desk.broken).execute()
    Promise.update(status=PromiseStatus.OPEN).where(Promise.account == desk.broken).execute()
    first_hour = timedelta(minutes=60)
    with station.db.connection_context():
        soon = NOW + timedelta(minutes=30)
        assert claim_first(station.db, [desk.broken], other, soon, soon, team_after=first_hour) is None
        next_day = NOW + timedelta(days=1, hours=2)
        claimed = claim_first(station.db, [desk.broken], other, next_day, next_day, team_after=first_hour)
        assert claimed == desk.broken


def test_a_callback_due_long_ago_goes_to_the_team(station, desk):
    other = ids("A002")
    Account.update(next_action_at=NOW - timedelta(minutes=30)).where(Account.id == desk.wrong_figures).execute()
    with station.db.connection_context():
        hour = timedelta(minutes=60)
        assert claim_first(station.db, [desk.wrong_figures], other, NOW, NOW, team_after=hour) is None
        later = NOW + timedelta(minutes=31)
        assert claim_first(station.db, [desk.wrong_figures], other, later, later, team_after=hour) == desk.wrong_figures


def test_leaving_a_case_gives_it_back_and_is_audited(station, teammate, desk):
    unassign(desk.promise_due)
    case = station.open_case(desk.promise_due)
    with pytest.raises(CaseRefused):
        teammate.open_case(desk.promise_due)
    assert station.leave_case(case.account_id)
    assert Account.get_by_id(desk.promise_due).claimed_by is None
    assert teammate.open_case(desk.promise_due).account_id == desk.promise_due
    actions = [(e.actor, e.action) for e in trail()]
    assert actions == [("A001", "case_claimed"), ("A001", "case_released"), ("A002", "case_claimed")]


def test_a_case_with_a_dialled_call_cannot_be_left_before_its_note(station, desk):
    station.open_case(desk.promise_due)
    station.dial(desk.promise_due)
    with pytest.raises(CaseRefused) as refused:
        station.leave_case(desk.promise_due)
    assert refused.value.msg.key == "workstation.refused.note_first"
    assert Account.get_by_id(desk.promise_due).claimed_by.code == "A001"


def test_opening_another_case_lets_go_of_the_first(station, desk):
    station.open_case(desk.promise_due)
    station.open_case(desk.broken)
    assert Account.get_by_id(desk.promise_due).claimed_by is None
    assert Account.get_by_id(desk.broken).claimed_by.code == "A001"


def test_a_dial_after_the_lease_ran_out_and_a_teammate_took_the_case_is_refused(station, teammate, desk, clock):
    unassign(desk.promise_due)
    station.open_case(desk.promise_due)
    clock.at = NOW + timedelta(minutes=16)
    teammate.open_case(desk.promise_due)
    with pytest.raises(CaseRefused) as refused:
        station.dial(desk.promise_due)
    assert refused.value.msg.key == "workstation.refused.taken"


def test_a_late_note_does_not_free_the_teammate_who_holds_the_case_now(station, teammate, desk, clock):
    from agent_tui.service.views import NoteDraft

    unassign(desk.promise_due)
    station.open_case(desk.promise_due)
    station.dial(desk.promise_due)
    station.end_call(desk.promise_due)
    clock.at = NOW + timedelta(minutes=16)
    teammate.open_case(desk.promise_due)
    saved = station.save_note(desk.promise_due, NoteDraft(outcome="no_answer", next_action="send_notice"))
    assert saved.saved, saved.problems
    assert Account.get_by_id(desk.promise_due).claimed_by.code == "A002"


def test_f2_without_a_note_passes_over_a_case_and_two_never_alternate(station, desk):
    """A, B, then not A again while another case can be taken; when none is left, the passed ones come round."""
    first = station.next_case()
    second = station.next_case()
    third = station.next_case()
    assert len({first.account_id, second.account_id, third.account_id}) == 3
    again = station.next_case()  # nothing new is left: the first passed over comes round again
    assert again is not None and again.account_id in {first.account_id, second.account_id}
