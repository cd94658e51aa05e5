"""Saving a call note: the attempt, the note, a promise or plan, the stage, the audit — together.

Called inside the workstation's transaction, so either all of it is written
or none. Notes are never changed: a correction is a new note that amends the
old one (the store refuses updates to notes).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agent_tui.config import Config
from agent_tui.domain.case_stage import next_stage
from agent_tui.domain.linter import LintFlag
from agent_tui.domain.money import plain
from agent_tui.domain.note_form import ParsedNote
from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.i18n import Msg
from agent_tui.lexicon_files import lint
from agent_tui.service.call_session import CallSession
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import CaseView, FieldProblem, NoteDraft, OfferView
from agent_tui.store.audit import append_event
from agent_tui.store.audit_state import record_states
from agent_tui.store.call_notes import (
    NewNote,
    SavedNote,
    cancel_open_promises,
    latest_note_by,
    mark_debtor,
    note_on,
    promise_of,
    settle_account,
    supersede_open_promises,
    write_note,
    write_plan,
    write_promise,
)
from agent_tui.store.calls import record_outcome
from agent_tui.store.convert import read_account
from agent_tui.store.desk_reads import DeskAgent
from agent_tui.store.drafts import drop_draft

#: The offer kinds that become a plan when the debtor accepts them.
PLAN_KINDS = ("instalments", "extension", "settlement")

#: A checked note, with the offer on the screen it refers to.
Parsed = ParsedNote[OfferView]


def offer_record(offer: OfferView | None) -> dict[str, Any]:
    """The figures put to the debtor, as stored with the note."""
    if offer is None:
        return {}
    return {
        "index": offer.index,
        "kind": offer.kind,
        "total": offer.total.minor,
        "needs_approval": offer.needs_approval,
        "lines": [{"due": due.isoformat(), "amount": amount} for due, amount in offer.payments],
    }


def kept_offer(stored: dict[str, Any], offers: tuple[OfferView, ...]) -> str:
    """The offer field of a note being amended: the stored offer's number when the screen still offers the same
    figures under it (the offers are worked out afresh each time; a number alone could be another offer now)."""
    same = next((o for o in offers if o.index == stored.get("index") and o.kind == stored.get("kind")
                 and o.total.minor == stored.get("total")), None)
    return str(same.index) if same is not None else ""


def pending_approval(parsed: Parsed) -> bool:
    """Whether what the note agreed waits for a lead: an offer beyond the agent's limits, accepted or promised on."""
    offer = parsed.offer
    agreed = parsed.response == "accepted" or parsed.promise_amount is not None
    return offer is not None and offer.needs_approval and agreed


def note_flags(parsed: Parsed, third_party: bool) -> tuple[LintFlag, ...]:
    """What the wording checker finds in the note's text; on a third-party call, any word of the debt too."""
    return lint(parsed.text, third_party=third_party) if parsed.text else ()


def third_party_checklist(checklist: dict[str, Any]) -> bool:
    """Whether a stored checklist is of a call on the third-party path."""
    return checklist.get("path") == "third_party"


def new_note(account_id: int, parsed: Parsed, third_party: bool = False, **links: Any) -> NewNote:
    """The note to write from a checked form; ``links`` are its attempt, checklist and the note it amends.

    ``third_party``: the call was on the third-party path, where the wording checker also flags the debt.
    """
    offer = parsed.offer
    return NewNote(
        account_id=account_id,
        outcome=parsed.outcome,
        attitude=parsed.attitude,
        hardship=parsed.hardship,
        can_pay=parsed.capacity,
        offer_kind=offer.kind if offer else "",
        offer=offer_record(offer),
        response=parsed.response,
        next_action=parsed.next_action,
        next_action_at=parsed.next_action_at,
        text=parsed.text,
        lint_flags=tuple(flag.to_dict() for flag in note_flags(parsed, third_party)),
        **links,
    )


class NoteWriter:
    """Writes notes for one agent's workstation."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def _dial_key(self) -> str:
        return self.config.keys.get("dial", "f3").upper()

    def call_problems(self, draft: NoteDraft, session: CallSession) -> list[FieldProblem]:
        """What the call itself still lacks for this note: a dial, the checklist steps the outcome needs."""
        if draft.amends_id is not None or not draft.outcome:
            return []
        if session.attempt_id is None:
            return [FieldProblem("outcome", Msg("callnote.problem.call_not_dialled", {"key": self._dial_key()}))]
        try:
            outcome = Outcome(draft.outcome)
        except ValueError:
            return []
        reason = session.can_save(outcome)
        problems = [FieldProblem("outcome", reason)] if reason is not None else []
        if draft.offer and session.third_party:
            problems.append(FieldProblem("offer", Msg("callnote.problem.offer_third_party")))
        return problems

    def _promise_and_plan(self, actor: str, account_id: int, note_id: int, parsed: Parsed,
                          now: datetime) -> tuple[int | None, int | None]:
        """The promise and the plan the call agreed, each with its own audit event; their ids.

        Either one takes the place of the account's older open promises: they are kept on record as
        superseded, so the old one is neither due beside the new commitment nor counted as broken.
        On an offer that needs a lead's approval the promise is written pending approval and no plan
        is made yet: the note keeps the offer's lines for the lead.
        """
        promise_id = plan_id = None
        offer = parsed.offer
        pending = pending_approval(parsed)
        if parsed.promise_amount is not None and parsed.promise_due is not None:
            status = PromiseStatus.PENDING_APPROVAL if pending else PromiseStatus.OPEN
            promise_id = write_promise(actor, account_id, note_id, parsed.promise_amount, parsed.promise_due, now,
                                       status)
        if offer is not None and parsed.response == "accepted" and offer.kind in PLAN_KINDS and not pending:
            plan_id = write_plan(actor, account_id, note_id, offer.kind, list(offer.payments), now)
        if promise_id is not None or plan_id is not None:
            supersede_open_promises(actor, account_id, note_id, now)
        return promise_id, plan_id

    def _settle_account(self, actor: str, account_id: int, parsed: Parsed, at: datetime,
                        rest_from: datetime | None = None) -> Stage:
        """The case's stage and next action after the note; a call with no time set rests from ``rest_from``."""
        account = read_account(account_id)
        if account is None:
            raise CaseRefused("no_case")
        stage = next_stage(account.stage, parsed, owed=account.balance)
        next_at = parsed.next_action_at
        if next_at is None and rest_from is not None and self.config.queue.rest_minutes:
            # Not offered again at once: the queue shows it "not now" until then (service.queue_rows).
            next_at = rest_from + timedelta(minutes=self.config.queue.rest_minutes)
        settle_account(account_id, stage, parsed.next_action, next_at)
        mark_debtor(account.debtor_id, cease_contact=parsed.outcome == Outcome.CEASE_REQUEST,
                    dispute=parsed.outcome == Outcome.DISPUTE)
        # The stage (and a cease or dispute request) on record with before and after, where they moved.
        record_states(actor, "account", [account_id], "note", at)
        if parsed.outcome in (Outcome.CEASE_REQUEST, Outcome.DISPUTE):
            record_states(actor, "debtor", [account.debtor_id], "note", at)
        return stage

    def save(self, agent: DeskAgent, session: CallSession, case: CaseView, parsed: Parsed,
             now: datetime) -> dict[str, Any]:
        """Write the call and its note; the case's draft goes."""
        account_id = case.account_id
        attempt_id = session.attempt_id
        if attempt_id is None:
            raise CaseRefused("no_call")
        record_outcome(attempt_id, parsed.outcome, now)
        checklist = session.recorded()
        note_id = write_note(agent.id, agent.code, new_note(
            account_id, parsed, session.third_party, attempt_id=attempt_id,
            checklist={**checklist.to_dict(), "score": checklist.score(parsed.outcome)}), now)
        promise_id, plan_id = self._promise_and_plan(agent.code, account_id, note_id, parsed, now)
        stage = self._settle_account(agent.code, account_id, parsed, now, rest_from=now)
        append_event(
            agent.code,
            "call_recorded",
            f"account:{account_id}",
            {
                "note": note_id,
                "attempt": attempt_id,
                "outcome": parsed.outcome.value,
                "promise": promise_id,
                "plan": plan_id,
                "stage": stage.value,
            },
            now,
        )
        drop_draft(agent.id, account_id)
        return {"saved": True, "note_id": note_id, "attempt_id": attempt_id, "promise_id": promise_id,
                "stage": stage.value, "pending_approval": pending_approval(parsed)}

    def amended(self, agent: DeskAgent, note_id: int, case: CaseView) -> SavedNote:
        """The agent's own note ``note_id`` on the case, that a correction amends."""
        old = note_on(case.account_id, note_id)
        if old is None or old.agent_id != agent.id:
            raise CaseRefused("no_note_to_amend")
        return old

    def amend(self, agent: DeskAgent, note_id: int, case: CaseView, parsed: Parsed, now: datetime) -> dict[str, Any]:
        """A new note that corrects ``note_id``; the old note's open promise gives way to the new one."""
        old = self.amended(agent, note_id, case)
        new_id = write_note(agent.id, agent.code, new_note(
            case.account_id, parsed, third_party_checklist(old.checklist),
            attempt_id=old.attempt_id, amends_id=old.id, checklist=old.checklist), now)
        cancel_open_promises(agent.code, old.id, new_id, now)
        promise_id, _ = self._promise_and_plan(agent.code, case.account_id, new_id, parsed, now)
        # The call was made when the old note was saved: a rest runs from then, not from the correction.
        stage = self._settle_account(agent.code, case.account_id, parsed, now, rest_from=old.created_at)
        drop_draft(agent.id, case.account_id)
        return {"saved": True, "note_id": new_id, "attempt_id": old.attempt_id, "promise_id": promise_id,
                "stage": stage.value, "pending_approval": pending_approval(parsed)}

    def amendment_draft(self, agent: DeskAgent, account_id: int, zone: str,
                        offers: tuple[OfferView, ...] = ()) -> NoteDraft:
        """The agent's latest note on the case as a form to correct, with its offer when ``offers`` (those on
        the screen) still hold the same one: its number, its kind and its total."""
        note = latest_note_by(account_id, agent.id)
        account = read_account(account_id)
        if note is None or account is None:
            raise CaseRefused("no_note_to_amend")
        promise = promise_of(note.id)
        currency = account.terms.currency
        when = note.next_action_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if note.next_action_at else ""
        return NoteDraft(
            outcome=note.outcome.value if note.outcome else "",
            attitude=note.attitude,
            hardship=note.hardship,
            capacity=plain(note.can_pay, currency).replace(",", "") if note.can_pay is not None else "",
            response=note.response,
            promise_amount=plain(promise[0], currency).replace(",", "") if promise else "",
            promise_date=promise[1].isoformat() if promise else "",
            next_action=note.next_action,
            next_action_at=when,
            offer=kept_offer(note.offer, offers),
            text=note.text,
            amends_id=note.id,
        )
