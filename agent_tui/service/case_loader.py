"""Loading one case for the screen: records from the store, figures and answers from the rules.

Everything the agent reads before dialling comes from here in one pass: the
profile, the contact points and the gate's answer for each, the ledger and
its check, the offers, the notes and promises, and the script filled with
this case's figures.
"""

from __future__ import annotations

from datetime import datetime

from agent_tui.config import Config
from agent_tui.domain.case_figures import before_call
from agent_tui.domain.compliance import Profile, contact_decisions
from agent_tui.domain.contact_gate import GATE_HISTORY
from agent_tui.domain.debtor_clock import local_today
from agent_tui.domain.money import Amount
from agent_tui.domain.note_form import NoteRules, heard_terms
from agent_tui.domain.offers import Excluded
from agent_tui.domain.phone_zone import clock_zone
from agent_tui.i18n import Msg
from agent_tui.service import case_file
from agent_tui.service.call_session import CallSession
from agent_tui.service.errors import CaseRefused
from agent_tui.service.script_text import ScriptBook
from agent_tui.service.views import CaseView, NoteDraft, NoteSummary, OfferView, PromiseView
from agent_tui.store.convert import DeskAccount, load_account, load_attempts, load_contact_points, load_debtor
from agent_tui.store.desk_reads import latest_notes

#: How many of the latest notes and promises the debtor pane lists.
HISTORY_SHOWN = 5

#: The reasons an offer is left out that answer what the debtor said they can pay.
_CAPACITY_REASONS = frozenset({
    "offers.excluded.capacity_too_many", "offers.excluded.capacity_below_minimum", "offers.excluded.no_capacity",
})


def _left_out(excluded: tuple[Excluded, ...], capacity: int | None) -> tuple[Msg, ...]:
    """Why no plan keeps within the stated capacity, when one was stated and that is so."""
    if capacity is None:
        return ()
    return tuple(e.reason for e in excluded if e.reason.key in _CAPACITY_REASONS)


class CaseLoader:
    """Builds :class:`~agent_tui.service.views.CaseView` for the workstation."""

    def __init__(self, config: Config, profile: Profile) -> None:
        self.config = config
        self.profile = profile
        self.scripts = ScriptBook(config, profile)

    def load(
        self,
        account_id: int,
        now: datetime,
        session: CallSession,
        draft: NoteDraft | None,
        draft_saved_at: datetime | None,
        agent_name: str = "",
        known: DeskAccount | None = None,
    ) -> CaseView:
        """The case as the agent sees it now, with the session's call and checklist.

        ``known`` is the account's own columns when the caller has just read them.
        """
        account = load_account(account_id, known)
        if account is None:
            raise CaseRefused("no_case")
        debtor = load_debtor(account.debtor_id)
        if debtor is None:
            raise CaseRefused("no_case")
        points = load_contact_points(debtor.id)
        history = load_attempts(debtor.id, now - GATE_HISTORY)
        currency = account.terms.currency
        zone = clock_zone(debtor, points, self.profile.country)
        today = local_today(now, zone)  # the debtor's day: the queue and the note form count from it too
        # What the debtor said (the form's hardship and monthly capacity) sizes the offers.
        capacity, hardship = heard_terms(draft.hardship, draft.capacity, currency) if draft else (None, False)
        figures = before_call(account, today, self.config.ledger, self.config.offers, capacity, hardship)
        decisions = contact_decisions(now, debtor, points, history, self.profile, account_id)
        offers = case_file.offer_views(figures.offers)
        debt = case_file.debt_split(figures)
        state = session.state()
        profile = case_file.debtor_profile(debtor, today, currency, zone)
        promises = tuple(
            PromiseView(Amount(p.amount, currency), p.due, p.status.value)
            for p in sorted(account.promises, key=lambda p: (p.due, p.id), reverse=True)[:HISTORY_SHOWN]
        )
        values = self.scripts.values(
            profile, account.creditor, debt, figures.ledger.oldest_unpaid_due, promises, agent_name, now
        )
        broken = bool(promises) and promises[0].status == "broken"
        script = self.scripts.sections(values, figures.offers.offers, session.offer, broken_promise=broken)
        offer_scripts = self.scripts.by_offer(values, figures.offers.offers, broken_promise=broken)
        return CaseView(
            account_id=account.id,
            account_ref=account.ref,
            creditor=account.creditor,
            product=account.product,
            stage=account.stage.value,
            currency=currency,
            debtor=profile,
            contacts=case_file.contact_views(points, decisions, zone, now),
            debt=debt,
            ledger=case_file.ledger_view(figures),
            notes=self._notes(account_id),
            promises=promises,
            compliance=case_file.compliance_badge(now, debtor, history, decisions, self.profile, account_id),
            offers=offers,
            script=script,
            checklist=state.checklist,
            step=state.step,
            next_action=account.next_action,
            next_action_at=account.next_action_at,
            call=state.call,
            draft=draft,
            draft_saved_at=draft_saved_at if draft is not None else None,
            offer_scripts=offer_scripts,
            capacity=Amount(capacity, currency) if capacity is not None else None,
            hardship=hardship,
            offers_left_out=_left_out(figures.offers.excluded, capacity),
        )

    def _notes(self, account_id: int) -> tuple[NoteSummary, ...]:
        return tuple(
            NoteSummary(id=n.id, at=n.at, agent_code=n.agent_code, outcome=n.outcome.value, text=n.text,
                        amends_id=n.amends_id, next_action=n.next_action)
            for n in latest_notes(account_id, HISTORY_SHOWN)
        )

    def note_rules(self, case: CaseView) -> NoteRules[OfferView]:
        """What the note form is checked against for this case."""
        return NoteRules(
            balance=case.debt.total.minor,
            currency=case.currency,
            time_zone=case.debtor.time_zone,
            offers=case.offers,
            min_instalment=self.config.offers.min_instalment,
            first_payment_within_days=self.config.offers.first_payment_within_days,
            max_length=self.config.notes.max_length,
        )
