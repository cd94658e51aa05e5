"""A note and its case as text: what the lead reads in the detail view.

Two sheets side by side (or one above the other on a narrow terminal): the
note — what was said, the fields, the flags, the checklist — and the case —
the debtor's profile, the account, the ledger check, the promises. Numbers
and IDs arrive masked from the review service (the review cannot write the
audit event an unmasked view would need); the sheets only lay them out.
Every value from the database goes through
:func:`~agent_tui.ui.common.shown.plain` on its way in: a rich ``Text`` never
reads markup, and ``plain`` shows control characters as escapes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text

from agent_tui.domain.money import Amount
from agent_tui.i18n import Msg, render, t
from agent_tui.service.review_views import NoteDetail
from agent_tui.ui.common.shown import plain
from agent_tui.ui.review.wording import day, label, money, on_floor, when

LABEL_STYLE = "bold"
HEADING_STYLE = "bold underline"
#: How each step of a recorded checklist is drawn; a step missed is red.
STEP_STYLE = {"done": "green", "failed": "yellow", "skipped": "dim"}


def _field(out: Text, name: str, value: str) -> None:
    """``Name: value`` on a line of its own; ``value`` is escaped to one line here."""
    if value and value != "—":
        out.append(f"{t(f'review.detail.{name}')}: ", style=LABEL_STYLE)
        out.append(plain(value) + "\n")


def _heading(out: Text, text: str) -> None:
    if out.plain and not out.plain.endswith("\n\n"):
        out.append("\n")
    out.append(text + "\n", style=HEADING_STYLE)


def note_sheet(detail: NoteDetail, zone: ZoneInfo) -> Text:
    """The note as saved: text, fields, flags, checklist and amendments."""
    note, currency = detail.note, detail.account.currency
    out = Text()
    _heading(out, t("review.detail.text"))
    out.append(plain(note.text.strip() or t("review.detail.no_text"), lines=True) + "\n")
    out.append("\n")
    _field(out, "attitude", label("attitude", note.attitude) if note.attitude else "")
    _field(out, "hardship", note.hardship)
    _field(out, "can_pay", money(note.can_pay, currency) if note.can_pay is not None else "")
    if note.offer_kind:
        offer = label("offer_kind", note.offer_kind)
        total = note.offer_total
        _field(out, "offer", f"{offer} {money(total, currency)}" if total is not None else offer)
    _field(out, "response", label("response", note.response) if note.response else "")
    action = note.next_action
    if action:
        _field(out, "next_action", f"{action} {on_floor(note.next_action_at, zone)}" if note.next_action_at else action)
    attempt = detail.attempt
    if attempt is not None:
        who = t("review.detail.right_party" if attempt.right_party else "review.detail.not_right_party")
        # "2025-03-14 14:05–14:09 (floor)": the call's two ends on one named clock.
        ended = attempt.ended_at
        end = t("common.clock.floor", at=ended.astimezone(zone).strftime("%H:%M")) if ended else "…"
        _field(out, "dial", t("review.detail.dial_line", number=attempt.number, start=when(attempt.started_at, zone),
                                end=end, who=who))
    _heading(out, t("review.detail.flags_heading"))
    if not note.lint_flags and not note.compliance_flags:
        out.append(t("review.detail.no_flags") + "\n", style="dim")
    for flag in note.lint_flags:
        category = Msg(f"linter.category.{flag.category}")
        text = render(Msg("linter.flag", {"category": category, "excerpt": plain(flag.excerpt)}))
        out.append("⚑ " + text + "\n", style="bold red")
    for rule in note.compliance_flags:
        out.append("⚑ " + t("review.detail.compliance_flag", flag=plain(rule)) + "\n", style="bold red")
    checklist = detail.checklist
    score = (t("review.detail.checklist_score", score=checklist.score) if checklist.score is not None
             else t("review.detail.checklist_no_score"))
    _heading(out, t("review.detail.checklist_heading", score=score))
    if checklist.problem is not None:
        out.append(plain(render(checklist.problem)) + "\n", style="dim")
    else:
        out.append(t("review.detail.path", path=plain(label("path", checklist.path))) + "\n")
        for step, mark in checklist.marks:
            name = t(f"checklist.step.{step.value}")
            out.append(t(f"review.detail.step_{mark}", step=name) + "\n", style=STEP_STYLE.get(mark, "red"))
    if detail.amends is not None or detail.amendments:
        out.append("\n")
    if detail.amends is not None:
        out.append(t("review.detail.amends", id=detail.amends.id, when=on_floor(detail.amends.created_at, zone)) + "\n",
                   style="italic")
    for amendment in detail.amendments:
        out.append(t("review.detail.amended_by", id=amendment.id, when=on_floor(amendment.created_at, zone)) + "\n",
                   style="bold yellow")
    return out


def case_sheet(detail: NoteDetail, zone: ZoneInfo) -> Text:
    """The case around the note: debtor, account, ledger check, promises."""
    debtor, account = detail.debtor, detail.account
    currency = account.currency
    out = Text()
    _heading(out, t("review.detail.debtor"))
    out.append(plain(debtor.name) + "\n", style="bold")
    _field(out, "national_id", debtor.national_id)
    _field(out, "birth_date", day(debtor.birth_date) if debtor.birth_date else "")
    _field(out, "occupation", debtor.occupation)
    _field(out, "employer", debtor.employer)
    _field(out, "income", money(debtor.monthly_income, currency) if debtor.monthly_income is not None else "")
    _field(out, "family", debtor.family)
    _field(out, "credit_history", debtor.credit_history)
    _field(out, "zone", debtor.time_zone)
    _field(out, "contact", ", ".join(detail.contacts))  # the primary one first
    care = [t(f"review.debtor_flag.{name}") for name in ("cease_contact", "dispute", "vulnerable", "attorney")
            if getattr(debtor, name)]
    if care:
        out.append(f"{t('review.detail.conduct_flags')}: ", style=LABEL_STYLE)
        out.append(", ".join(care) + "\n", style="bold yellow")
    _heading(out, t("review.detail.account"))
    out.append(t("review.detail.account_line", ref=plain(account.ref), creditor=plain(account.creditor),
                 product=plain(account.product)) + "\n")
    _field(out, "stage", label("stage", account.stage))
    _field(out, "balance", money(account.balance, currency))
    figures = detail.figures
    if figures is not None:
        owed = figures.owed
        out.append(f"{t('review.detail.owed', as_of=day(figures.as_of))}: ", style=LABEL_STYLE)
        out.append(t("review.detail.owed_line", total=Amount(owed.total, currency),
                     principal=Amount(owed.principal, currency), interest=Amount(owed.interest, currency),
                     penalty=Amount(owed.penalty, currency), fees=Amount(owed.fees, currency),
                     days=figures.days_past_due, bucket=figures.bucket) + "\n")
        _heading(out, t("review.detail.ledger_heading", as_of=day(figures.check.as_of)))
        check = figures.check
        out.append(plain(render(check.summary)) + "\n", style="green" if check.ok else "bold red")
        for d in check.discrepancies:
            out.append(t("review.detail.discrepancy", component=Msg(f"ledger.component.{d.component}"),
                         creditor=Amount(d.creditor, currency), computed=Amount(d.computed, currency),
                         difference=Amount(d.difference, currency)) + "\n", style="red")
            for line in d.lines:
                out.append("  " + plain(render(line)) + "\n", style="dim")
    elif detail.figures_problem is not None:
        out.append(plain(render(detail.figures_problem)) + "\n", style="red")
    _heading(out, t("review.detail.promises_heading"))
    if not detail.promises:
        out.append(t("review.detail.no_promises") + "\n", style="dim")
    for promise in detail.promises:
        style = "bold" if promise.note_id == detail.note.id else ""
        out.append(t("review.detail.promise_line", amount=Amount(promise.amount, currency), due=day(promise.due),
                     status=plain(label("promise_status", promise.status)), note=promise.note_id or "—") + "\n",
                   style=style)
    out.append("\n")
    out.append(t("review.detail.masked_hint") + "\n", style="dim italic")
    return out
