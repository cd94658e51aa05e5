"""What the agent hears changes the offers: hardship and "can pay a month" typed in the note form.

The offers (guide 3.3) are sized to what the debtor says they can pay. As the
agent types the hardship or the monthly capacity, :meth:`Hearing.hear` works
the case's offers out again with them, and its script with them (the words
quote the offers), and keeps the offer already picked when it is still on the
list (under its new number) or lets it go when it is not.
"""

from __future__ import annotations

from agent_tui.domain.note_form import heard_terms
from agent_tui.service.case_loader import CaseLoader
from agent_tui.service.views import CaseView, HeardOffers, NoteDraft, OfferView
from agent_tui.service.workstation.calls import Calls
from agent_tui.service.workstation.desk_state import DeskState


def _same(a: OfferView, b: OfferView) -> bool:
    return a.kind == b.kind and a.payments == b.payments


def _heard_before(case: CaseView) -> tuple[int | None, bool]:
    return (case.capacity.minor if case.capacity is not None else None), case.hardship


class Hearing:
    """The offers worked out again from what the debtor said."""

    def __init__(self, state: DeskState, loader: CaseLoader, calls: Calls) -> None:
        self.state = state
        self.loader = loader
        self.calls = calls

    def hear(self, account_id: int, draft: NoteDraft) -> HeardOffers | None:
        """The case with offers sized to ``draft``'s hardship and capacity; None when they size them as before."""
        state = self.state
        now = state.now()
        with state.unit():
            case = state.case
            if case is None or case.account_id != account_id or state.session is None:
                return None
            if heard_terms(draft.hardship, draft.capacity, case.currency) == _heard_before(case):
                return None
            session = state.session_for(account_id)
            name = state.agent().name
            fresh = self.loader.load(account_id, now, session, draft, case.draft_saved_at, name)
            before = next((o for o in case.offers if o.index == session.offer), None)
            after = next((o for o in fresh.offers if before is not None and _same(o, before)), None)
            picked = after.index if after is not None else None
            if picked != session.offer:
                session.offer = picked
                fresh = self.loader.load(account_id, now, session, draft, case.draft_saved_at, name)
                self.calls.keep(session, now)
            state.case = fresh
            return HeardOffers(fresh, picked)
