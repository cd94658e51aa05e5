"""An accepted instalment offer is saved as a plan whose lines are the offer's, in order, to the cent."""

from __future__ import annotations

from agent_tui.service.views import NoteDraft
from agent_tui.store.models import Plan, PlanLine


def test_an_accepted_plan_is_written_with_every_line(station, desk):
    case = station.open_case(desk.promise_due)
    station.dial(case.account_id)
    station.verify_identity(case.account_id, ("birth_date", "national_id_last4"))
    for step in ("listen", "offer"):
        station.mark_step(case.account_id, step)
    offer = max(case.offers, key=lambda o: len(o.payments))
    assert len(offer.payments) > 1
    station.pick_offer(case.account_id, offer.index)
    station.end_call(case.account_id)
    due, amount = offer.payments[0]
    draft = NoteDraft(outcome="promise_to_pay", offer=str(offer.index), response="accepted",
                      promise_amount=f"{amount / 100:.2f}", promise_date=due.isoformat(), text="Agreed the plan.")
    result = station.save_note(case.account_id, draft)
    assert result.saved, result.problems
    plan = Plan.get(Plan.note == result.note_id)
    lines = list(PlanLine.select().where(PlanLine.plan == plan.id).order_by(PlanLine.seq))
    assert [(line.seq, line.due, line.amount) for line in lines] == [
        (n, d, a) for n, (d, a) in enumerate(offer.payments, start=1)]
