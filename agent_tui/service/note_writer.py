"""Saving a call note: the attempt, the note, a promise or plan, the stage, the audit — together.

Called inside the workstation's transaction, so either all of it is written
or none. Notes are never changed: a correction is a new note that amends the
old one (the store refuses updates to notes).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent_tui.config import Config
from agent_tui.domain.linter import lint
from agent_tui.domain.money import plain
from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.i18n import Msg
from agent_tui.service.call_session import CallSession
from agent_tui.service.desk_data import account_row
from agent_tui.service.errors import CaseRefused
from agent_tui.service.note_check import ParsedNote
from agent_tui.service.views import CaseView, FieldProblem, NoteDraft, OfferView
from agent_tui.store.audit import append_event, note_event, plan_event, promise_event
from agent_tui.store.models import Account, Agent, CallAttempt, CallNote, Debtor, Draft, Plan, PlanLine, Promise
from agent_tui.store.prepared import Prepared, insert, slot, slot_rows

#: The offer kinds that become a plan when the debtor accepts them.
PLAN_KINDS = ("instalments", "extension", "settlement")


def next_stage(stage: Stage, note: ParsedNote) -> Stage:
    """Where the case stands after this note (guide 1.2); only recorded events move it."""
    outcome = note.outcome
    if outcome == Outcome.CEASE_REQUEST:
        return Stage.CEASED
    if outcome == Outcome.DISPUTE:
        return Stage.DISPUTED
    if note.promise_amount is not None or (note.offer is not None and note.response == "accepted"):
        return Stage.PROMISED
    if not outcome.is_conversation or stage in (Stage.CEASED, Stage.DISPUTED, Stage.CLOSED, Stage.PROMISED):
        return stage
    if note.offer is not None or note.response:
        return Stage.NEGOTIATING
    return Stage.CONFIRMED if stage == Stage.NEW else stage


def offer_record(offer: OfferView | None) -> dict:
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


# Every Ctrl+S runs these: prepared (see agent_tui.store.prepared).
_ATTEMPT = Prepared(CallAttempt, lambda: CallAttempt.select().where(CallAttempt.id == slot("id")))
_END_ATTEMPT = Prepared(CallAttempt, lambda: CallAttempt.update({
    field: slot(field.name, field) for field in (CallAttempt.outcome, CallAttempt.right_party, CallAttempt.ended_at)
}).where(CallAttempt.id == slot("id")))
_SETTLE = Prepared(Account, lambda: Account.update({
    field: slot(field.name, field) for field in (Account.stage, Account.next_action, Account.next_action_at)
}).where(Account.id == slot("id")))
_DROP_DRAFT = Prepared(Draft, lambda: Draft.delete().where(
    (Draft.agent == slot("agent")) & (Draft.account == slot("account"))))
_LINE_FIELDS = [PlanLine.plan, PlanLine.seq, PlanLine.due, PlanLine.amount]
_PLAN_LINES = Prepared(PlanLine, lambda count: PlanLine.insert_many(
    slot_rows("lines", _LINE_FIELDS, count), fields=_LINE_FIELDS))

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
        return [FieldProblem("outcome", reason)] if reason is not None else []

    def _promise_and_plan(self, actor: str, account_id: int, note: CallNote, parsed: ParsedNote,
                          now: datetime) -> tuple:
        """The promise and the plan the call agreed, each with its own audit event."""
        promise = plan = None
        if parsed.promise_amount is not None and parsed.promise_due is not None:
            promise = insert(Promise(
                account=account_id, note=note.id, amount=parsed.promise_amount, due=parsed.promise_due, created_at=now
            ))
            promise_event(actor, promise, now)
        offer = parsed.offer
        if offer is not None and parsed.response == "accepted" and offer.kind in PLAN_KINDS:
            plan = insert(Plan(account=account_id, note=note.id, kind=offer.kind, created_at=now))
            # One statement for all the lines: a year of instalments would be twelve round trips.
            lines = [(plan.id, seq, due, amount) for seq, (due, amount) in enumerate(offer.payments, 1)]
            _PLAN_LINES.execute(shape=(len(lines),), lines=[value for line in lines for value in line])
            plan_event(actor, plan, now)
        return promise, plan

    def _settle_account(self, account_id: int, parsed: ParsedNote, rest_from: datetime | None = None) -> Stage:
        """The case's stage and next action after the note; a call with no time set rests from ``rest_from``."""
        account = account_row(account_id)
        if account is None:
            raise CaseRefused("no_case")
        stage = next_stage(account.stage, parsed)
        next_at = parsed.next_action_at
        if next_at is None and rest_from is not None and self.config.queue.rest_minutes:
            # Not offered again at once: the queue shows it "not now" until then (service.queue_rows).
            next_at = rest_from + timedelta(minutes=self.config.queue.rest_minutes)
        _SETTLE.execute(id=account_id, stage=stage, next_action=parsed.next_action, next_action_at=next_at)
        if parsed.outcome == Outcome.CEASE_REQUEST:
            Debtor.update(cease_contact=True).where(Debtor.id == account.debtor_id).execute()
        elif parsed.outcome == Outcome.DISPUTE:
            Debtor.update(dispute=True).where(Debtor.id == account.debtor_id).execute()
        return stage

    def _note(self, agent: Agent, account_id: int, parsed: ParsedNote, now: datetime, **links) -> CallNote:
        flags = [flag.to_dict() for flag in lint(parsed.text)] if parsed.text else []
        offer = parsed.offer
        return insert(CallNote(
            account=account_id,
            agent=agent.id,
            created_at=now,
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
            lint_flags=flags,
            flagged=bool(flags),
            **links,
        ))

    def save(self, agent: Agent, session: CallSession, case: CaseView, parsed: ParsedNote, now: datetime) -> dict:
        """Write the call and its note; the case's draft goes, its claim is let go."""
        account_id = case.account_id
        attempt = _ATTEMPT.rows(id=session.attempt_id)[0]
        _END_ATTEMPT.execute(id=attempt.id, outcome=parsed.outcome, right_party=parsed.outcome.is_conversation,
                             ended_at=attempt.ended_at or now)
        checklist = session.recorded()
        note = self._note(
            agent,
            account_id,
            parsed,
            now,
            attempt=attempt.id,
            checklist={**checklist.to_dict(), "score": checklist.score(parsed.outcome)},
        )
        note_event(agent.code, note)
        promise, plan = self._promise_and_plan(agent.code, account_id, note, parsed, now)
        stage = self._settle_account(account_id, parsed, rest_from=now)
        append_event(
            agent.code,
            "call_recorded",
            f"account:{account_id}",
            {
                "note": note.id,
                "attempt": attempt.id,
                "outcome": parsed.outcome.value,
                "promise": promise.id if promise else None,
                "plan": plan.id if plan else None,
                "stage": stage.value,
            },
            now,
        )
        _DROP_DRAFT.execute(agent=agent.id, account=account_id)
        return {
            "saved": True,
            "note_id": note.id,
            "attempt_id": attempt.id,
            "promise_id": promise.id if promise else None,
            "stage": stage.value,
        }

    def amend(self, agent: Agent, note_id: int, case: CaseView, parsed: ParsedNote, now: datetime) -> dict:
        """A new note that corrects ``note_id``; the old note's open promise gives way to the new one."""
        old = CallNote.get_or_none((CallNote.id == note_id) & (CallNote.account == case.account_id))
        if old is None or old.agent_id != agent.id:
            raise CaseRefused("no_note_to_amend")
        note = self._note(
            agent, case.account_id, parsed, now, attempt=old.attempt_id, amends=old.id, checklist=old.checklist
        )
        note_event(agent.code, note, amended=True)
        superseded = [p.id for p in Promise.select(Promise.id).where(
            (Promise.note == old.id) & (Promise.status == PromiseStatus.OPEN))]
        if superseded:
            Promise.update(status=PromiseStatus.CANCELLED, resolved_at=now).where(Promise.id.in_(superseded)).execute()
            for promise_id in superseded:
                append_event(agent.code, "promise_cancelled", f"promise:{promise_id}", {"amended_by": note.id}, now)
        promise, _ = self._promise_and_plan(agent.code, case.account_id, note, parsed, now)
        # The call was made when the old note was saved: a rest runs from then, not from the correction.
        stage = self._settle_account(case.account_id, parsed, rest_from=old.created_at)
        Draft.delete().where((Draft.agent == agent.id) & (Draft.account == case.account_id)).execute()
        return {
            "saved": True,
            "note_id": note.id,
            "attempt_id": old.attempt_id,
            "promise_id": promise.id if promise else None,
            "stage": stage.value,
        }

    def amendment_draft(self, agent: Agent, account_id: int, zone: str) -> NoteDraft:
        """The agent's latest note on the case as a form to correct."""
        note = (
            CallNote.select()
            .where((CallNote.account == account_id) & (CallNote.agent == agent.id))
            .order_by(CallNote.created_at.desc(), CallNote.id.desc())
            .first()
        )
        if note is None:
            raise CaseRefused("no_note_to_amend")
        promise = Promise.select().where(Promise.note == note.id).first()
        currency = Account.get_by_id(account_id).currency
        when = note.next_action_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if note.next_action_at else ""
        return NoteDraft(
            outcome=note.outcome.value if note.outcome else "",
            attitude=note.attitude,
            hardship=note.hardship,
            capacity=plain(note.can_pay, currency).replace(",", "") if note.can_pay is not None else "",
            response=note.response,
            promise_amount=plain(promise.amount, currency).replace(",", "") if promise else "",
            promise_date=promise.due.isoformat() if promise else "",
            next_action=note.next_action,
            next_action_at=when,
            text=note.text,
            amends_id=note.id,
        )
