"""The one place the review masks personal data: store records in, masked views out.

A team lead reads notes and cases but never a debtor's full national ID or
phone number: the review cannot write the audit event that revealing one
would need. So every view the review service returns is built here, and
masked here, before any screen receives it:

- national IDs and phone numbers keep their last four characters
  (:func:`~agent_tui.domain.masking.mask`);
- free text (the note, its hardship and next action, the linter's excerpts,
  the debtor's profile) has each phone number, ID and e-mail address in it
  masked the same way, wherever it stands (:func:`~agent_tui.domain.masking.mask_text`,
  the rule the log uses too): a number an agent typed into a note;
- the number a dial records is stored masked already, and is passed through
  :func:`mask_text` too, so a full one stored by mistake is still hidden.

Exports mask with the same two functions (see
:mod:`agent_tui.service.review_export`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agent_tui.domain import records
from agent_tui.domain.masking import mask, mask_text
from agent_tui.service.review_views import (
    AccountView,
    AttemptView,
    BrowserPage,
    DebtorView,
    LintFlagView,
    NoteRow,
    NoteView,
    PromiseView,
    TimelineLine,
)
from agent_tui.store.note_case import AttemptFacts, PromiseFacts, StoredNote, TimelineEntry
from agent_tui.store.note_search import NoteLine, NotePage


def mask_secret(value: str) -> str:
    """A national ID or a phone number with all but its last four characters hidden ("" stays "")."""
    return mask(value) if value else ""


def stored_score(checklist: dict[str, Any]) -> int | None:
    """The checklist score stored with a note, if it is a whole number."""
    score = checklist.get("score")
    return score if isinstance(score, int) and not isinstance(score, bool) else None


def compliance_flag_text(flag: object) -> str:
    """A stored conduct flag as the rule it names (the flag itself when it names none), masked."""
    if isinstance(flag, dict):
        shown = flag.get("rule") or flag.get("kind") or flag.get("message") or flag
        return mask_text(str(shown))
    return mask_text(str(flag))


def lint_flag_views(flags: Iterable[dict[str, Any]]) -> tuple[LintFlagView, ...]:
    """The linter's flags with the words they were raised on masked."""
    return tuple(LintFlagView(str(f.get("category", "")), mask_text(str(f.get("excerpt", "")))) for f in flags)


# --- the notes browser ------------------------------------------------------------------


def note_row(line: NoteLine) -> NoteRow:
    """A note as a line of the browser, its text masked."""
    return NoteRow(
        id=line.id,
        created_at=line.created_at,
        agent_code=line.agent_code,
        agent_name=line.agent_name,
        account_id=line.account_id,
        account_ref=line.account_ref,
        debtor_name=line.debtor_name,
        outcome=line.outcome,
        text=mask_text(line.text),
        flagged=line.flagged,
        flag_count=len(line.lint_flags) + len(line.compliance_flags),
        score=stored_score(line.checklist),
        amends_id=line.amends_id,
        promises=line.promises,
        currency=line.currency,
    )


def browser_page(page: NotePage) -> BrowserPage:
    """A page of the store's notes as the browser shows it, masked."""
    return BrowserPage(tuple(note_row(line) for line in page.lines), page.next)


# --- a note with its case ---------------------------------------------------------------


def note_view(note: StoredNote) -> NoteView:
    """The saved note, its free text and flags masked."""
    total = note.offer.get("total")
    return NoteView(
        id=note.id,
        created_at=note.created_at,
        agent_code=note.agent_code,
        agent_name=note.agent_name,
        account_id=note.account_id,
        amends_id=note.amends_id,
        outcome=note.outcome,
        attitude=note.attitude,
        hardship=mask_text(note.hardship),
        can_pay=note.can_pay,
        offer_kind=note.offer_kind,
        offer_total=total if isinstance(total, int) and not isinstance(total, bool) else None,
        response=note.response,
        next_action=mask_text(note.next_action),
        next_action_at=note.next_action_at,
        text=mask_text(note.text),
        lint_flags=lint_flag_views(note.lint_flags),
        compliance_flags=tuple(compliance_flag_text(f) for f in note.compliance_flags),
        flagged=note.flagged,
    )


def debtor_view(debtor: records.Debtor, zone: str = "") -> DebtorView:
    """The debtor's profile with the national ID masked and every free-text field masked; ``zone`` is
    the debtor's clock when their own zone is not on file (:func:`~agent_tui.domain.phone_zone.clock_zone`)."""
    return DebtorView(
        name=debtor.name,
        national_id=mask_secret(debtor.national_id),
        birth_date=debtor.birth_date,
        occupation=mask_text(debtor.occupation),
        employer=mask_text(debtor.employer),
        monthly_income=debtor.monthly_income,
        family=mask_text(debtor.family),
        credit_history=mask_text(debtor.credit_history),
        time_zone=zone or debtor.time_zone,
        cease_contact=debtor.cease_contact,
        dispute=debtor.dispute,
        vulnerable=debtor.vulnerable,
        attorney=debtor.attorney,
    )


def account_view(account: records.Account, balance: int) -> AccountView:
    """Who is owed what on the account, and its stage."""
    return AccountView(account.id, account.ref, account.creditor, account.product, account.stage.value,
                       account.terms.currency, balance)


def contact_numbers(points: Iterable[records.ContactPoint]) -> tuple[str, ...]:
    """The debtor's numbers (and e-mail addresses), masked, in the order given."""
    return tuple(mask_secret(point.value) for point in points)


def attempt_view(attempt: AttemptFacts | None) -> AttemptView | None:
    """The dial a note records, its number masked."""
    if attempt is None:
        return None
    return AttemptView(mask_text(attempt.number), attempt.started_at, attempt.ended_at, attempt.right_party)


def promise_view(promise: PromiseFacts) -> PromiseView:
    """A promise on the account."""
    return PromiseView(promise.id, promise.note_id, promise.amount, promise.due, promise.status,
                       promise.created_at)


def timeline_line(entry: TimelineEntry) -> TimelineLine:
    """A note of the account as a line of its history, its text masked."""
    return TimelineLine(entry.id, entry.created_at, entry.agent_code, entry.outcome, entry.amends_id,
                        entry.flagged, mask_text(entry.text))
