"""The debtor pane: guide 2.1 at a glance, the ledger check (2.2) and the conduct badge (2.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from textual import getters
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from agent_tui.i18n import language, t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.reading import reading
from agent_tui.ui.common.shown import plain, shown
from agent_tui.ui.workstation.widgets.fact_table import Fact, FactTable

if TYPE_CHECKING:
    from agent_tui.service.views import CaseView

HEAD = "bold $accent"
MUTED = "$text-muted"
WRONG = "bold $error"
RIGHT = "bold $success"
PENDING = "bold $warning"
#: The sections that show the debt, its figures or what was said of it: hidden with a third party on the line.
DEBT_SECTIONS = frozenset({"debt", "history", "ledger"})


def _lines(*rows: Content) -> Content:
    return Content("\n").join(rows)


def compliance_content(case: CaseView) -> Content:
    """Local time, calling window, contacts used today, flags — and whether F3 would be refused."""
    badge = case.compliance
    head = (t("workstation.debtor.compliance"), HEAD)
    state = (
        (" " + t("workstation.debtor.dial_ok"), RIGHT)
        if badge.dial_allowed
        else (" " + t("workstation.debtor.dial_refused"), WRONG)
    )
    window = t(
        "workstation.debtor.window_line" if badge.cap_period == "day" else "workstation.debtor.window_line_week",
        local=fmt.clock(badge.local_time),
        start=badge.window_start.strftime("%H:%M"),
        end=badge.window_end.strftime("%H:%M"),
        used=badge.contacts_used,
        allowed=badge.contacts_allowed,
    )
    rows = [Content.assemble(head, state), Content(window)]
    if badge.flags:
        flags = [(f" {t(f'workstation.flag.{flag}')} ", "bold $text on $error 60%") for flag in badge.flags]
        spaced: list = []
        for flag in flags:
            spaced += [flag, " "]
        rows.append(Content.assemble(*spaced))
    if not badge.dial_allowed and badge.refusal is not None:
        rows.append(Content.styled(plain(fmt.text(badge.refusal)), "$error"))
    return _lines(*rows)


def who_content(case: CaseView) -> Content:
    """The debtor's name, age and the account: the heading of the profile."""
    d = case.debtor
    age = t("workstation.debtor.age", age=d.age) if d.age is not None else ""
    return Content.assemble((plain(d.name), "bold"), f"  {age}", (f"  {plain(case.account_ref)}", MUTED))


def profile_facts(case: CaseView, national_id: str | None) -> list[Fact]:
    """Who the debtor is (guide 2.1): work, income, family, credit history, national ID."""
    d = case.debtor
    income = d.monthly_income.localize(language()) if d.monthly_income else "—"
    id_value = (
        Content.styled(plain(national_id), "bold $warning")
        if national_id
        else Content.assemble(plain(d.national_id_masked), (f" {t('workstation.debtor.reveal_hint')}", MUTED))
    )
    return [
        (t("workstation.debtor.occupation"), shown(f"{d.occupation or '—'} · {d.employer or '—'}")),
        (t("workstation.debtor.income"), t("workstation.debtor.income_value", amount=income)),
        (t("workstation.debtor.family"), shown(d.family or "—")),
        (t("workstation.debtor.credit"), shown(d.credit_history or "—")),
        (t("workstation.debtor.national_id"), id_value),
        (t("workstation.debtor.creditor"), shown(f"{case.creditor} · {case.product}")),
    ]


def contact_facts(case: CaseView) -> list[Fact]:
    """The contact points, masked except the last four digits."""
    facts: list[Fact] = []
    for c in case.contacts:
        marks = []
        if c.primary:
            marks.append((" " + t("workstation.debtor.primary"), RIGHT))
        if c.do_not_call:
            marks.append((" " + t("workstation.debtor.do_not_call"), WRONG))
        if c.zone_note is not None:
            marks.append((" " + fmt.text(c.zone_note), MUTED))
        facts.append((t(f"workstation.contact.{c.kind}"), Content.assemble(plain(c.masked), *marks)))
    if not case.contacts:
        facts.append(("", Content.styled(t("workstation.debtor.no_contacts"), MUTED)))
    return facts


def debt_head(case: CaseView) -> Content:
    """The heading of the debt table: days past due and the bucket, and a mark when the creditor's figures are wrong.

    The ledger check's lines run long and sit at the foot of the pane; the mark here is what the agent
    reads before quoting a figure.
    """
    debt = case.debt
    head = Content.assemble(
        (t("workstation.debtor.debt"), HEAD),
        ("  " + t("workstation.debtor.overdue", days=debt.days_past_due, bucket=debt.bucket), "bold"),
    )
    if case.ledger.ok:
        return head
    return _lines(head, Content.styled("✗ " + t("workstation.debtor.ledger_wrong_see_below"), WRONG))


def debt_facts(case: CaseView) -> list[Fact]:
    """The debt split by component, and the total; beside a component the creditor puts otherwise, its figure."""
    debt = case.debt
    lang = language()
    says = dict(case.ledger.creditor_says)

    def row(component: str) -> Fact:
        figure = fmt.pad_left(getattr(debt, component).localize(lang), 16)
        if component not in says:
            return (t(f"workstation.debtor.{component}"), figure)
        creditor = t("workstation.debtor.creditor_says", amount=says[component].localize(lang))
        return (t(f"workstation.debtor.{component}"), Content.assemble(figure, ("  ✗\u00a0" + creditor, WRONG)))

    facts: list[Fact] = [row(component) for component in ("principal", "interest", "penalty", "fees")]
    facts.append((t("workstation.debtor.total"), Content.styled(fmt.pad_left(debt.total.localize(lang), 16), "bold")))
    return facts


def ledger_content(case: CaseView) -> Content:
    """Guide 2.2: the recomputation's lines, and a clear mark when the creditor's figures are wrong."""
    check = case.ledger
    if check.ok:
        head = Content.assemble(
            (t("workstation.debtor.ledger"), HEAD), ("  ✓ " + t("workstation.debtor.ledger_ok"), RIGHT)
        )
    else:
        head = Content.assemble(
            (t("workstation.debtor.ledger"), HEAD), ("  ✗ " + t("workstation.debtor.ledger_wrong"), WRONG)
        )
    rows = [head]
    rows += [shown(fmt.text(line)) for line in check.lines]
    rows += [Content.styled("✗ " + plain(fmt.text(line)), "$error") for line in check.discrepancies]
    return _lines(*rows)


def history_content(case: CaseView) -> Content:
    """The promises and the last notes on the case."""
    lang = language()
    rows = []
    # Every time here is on the debtor's clock, named so, with its date when it is not their today.
    zone, now = ZoneInfo(case.debtor.time_zone), case.compliance.local_time
    if case.next_action:
        at = case.next_action_at
        when = fmt.on_clock(at, zone, now, "debtor") if at else ""
        rows.append(
            Content.assemble(
                (t("workstation.debtor.next_action") + " ", HEAD),
                (plain(fmt.choice("callnote.next_action", case.next_action)), "bold"),
                f"  {when}",
            )
        )
    rows.append(Content.styled(t("workstation.debtor.promises"), HEAD))
    for p in case.promises:
        style = {"broken": WRONG, "kept": RIGHT, "pending_approval": PENDING}.get(p.status, "")
        rows.append(
            Content.assemble(
                f"{fmt.day(p.due)}  {p.amount.localize(lang)}  ",
                (t(f"workstation.promise_status.{p.status}"), style),
            )
        )
    if not case.promises:
        rows.append(Content.styled(t("common.none"), MUTED))
    rows.append(Content.styled(t("workstation.debtor.notes"), HEAD))
    for n in case.notes:
        amend = t("workstation.debtor.amends", id=n.amends_id) if n.amends_id else ""
        rows.append(
            Content.assemble(
                (f"{fmt.on_clock(n.at, zone, now, 'debtor')} {plain(n.agent_code)} ", MUTED),
                (plain(fmt.choice("callnote.outcome", n.outcome)), "bold"),
                (f" → {plain(fmt.choice('callnote.next_action', n.next_action))}" if n.next_action else "", MUTED),
                (f" {amend}", MUTED),
            )
        )
        if n.text:
            rows.append(Content("“" + plain(n.text, lines=True) + "”"))
    if not case.notes:
        rows.append(Content.styled(t("workstation.debtor.no_notes"), MUTED))
    return _lines(*rows)


class DebtorPane(Vertical):
    """Everything to read before dialling, in one scrolling column.

    Until a case is open the pane shows its notice alone, and the case's six
    sections once one is. Each section is one widget; a table's heading is
    drawn by the table.
    """

    scroll = getters.query_one("#debtor-scroll", VerticalScroll)
    profile = getters.query_one("#profile", FactTable)
    contacts = getters.query_one("#contacts", FactTable)
    debt = getters.query_one("#debt", FactTable)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debtor-scroll", can_focus=True):
            yield Static(t("workstation.debtor.empty"), id="debtor-empty", classes="placeholder")
            yield Static(id="compliance", classes="section")
            yield FactTable(id="profile", classes="section")  # headed by who the debtor is
            yield FactTable(id="contacts", classes="section")
            yield FactTable(id="debt", classes="section")
            yield Static(id="history", classes="section")  # short, and what the call opens with
            yield Static(id="ledger", classes="section")  # the calculation lines run long: last

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        #: The account shown, so that a newly opened case starts at the top of the pane.
        self._account_id: int | None = None
        self._shown = False
        #: A third party is on the line: the debt's sections are hidden.
        self._third_party = False

    def on_mount(self) -> None:
        self.border_title = t("workstation.pane.debtor")
        self._set_visible(False)

    def _set_visible(self, shown: bool) -> None:
        self._shown = shown
        # One line at the top says what the pane holds back: no case yet, or a third party on the line.
        notice = self.query_one("#debtor-empty", Static)
        third_party = shown and self._third_party
        notice.update(t("workstation.debtor.third_party" if third_party else "workstation.debtor.empty"))
        notice.set_class(third_party, "-third-party")
        notice.display = not shown or third_party
        for section in self.query(".section"):
            section.display = shown and not (self._third_party and section.id in DEBT_SECTIONS)

    def set_third_party(self, third_party: bool) -> None:
        """A third party is on the line (or no longer: a new case): the debt, its history and the ledger
        check are hidden, so no figure is read out by mistake."""
        if third_party != self._third_party:
            self._third_party = third_party
            self._set_visible(self._shown)

    async def show(self, case: CaseView | None, national_id: str | None = None) -> None:
        """Show ``case`` (or the empty notice); ``national_id`` when the agent revealed it."""
        if case is None:
            self._account_id = None
            self.border_subtitle = ""
            self._set_visible(False)
            return
        if case.account_id != self._account_id:
            # A new case reads from the top (name, calling rules, flags), not where the last one was left.
            self._account_id = case.account_id
            self.scroll.scroll_home(animate=False, immediate=True)
        self._set_visible(True)
        self.border_subtitle = shown(case.account_ref)
        compliance = self.query_one("#compliance", Static)
        compliance.update(reading(compliance_content(case)))
        compliance.set_class(not case.compliance.dial_allowed, "-refused")
        self.profile.show(profile_facts(case, national_id), title=who_content(case))
        self.contacts.show(contact_facts(case), title=Content.styled(t("workstation.debtor.contacts"), HEAD))
        self.debt.show(debt_facts(case), title=debt_head(case))
        ledger = self.query_one("#ledger", Static)
        ledger.update(reading(ledger_content(case)))
        ledger.set_class(not case.ledger.ok, "-wrong")
        ledger.set_class(case.ledger.ok, "-right")
        self.query_one("#history", Static).update(reading(history_content(case)))

    def reveal(self, case: CaseView, national_id: str) -> None:
        """Show the full national ID (the service wrote the reveal to the audit log)."""
        self.profile.show(profile_facts(case, national_id), title=who_content(case))
