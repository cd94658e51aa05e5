"""The call-note form's rules: what may be saved, and why not, field by field.

Every field of the form is raw text as the agent typed it; this module
turns it into a :class:`ParsedNote` or a list of :class:`FormProblem`
naming the field and the reason, so the form can show the reason beside the
field while the agent types. Nothing here reads the clock or the database:
``now`` and the case's figures are arguments.

The form is read through :class:`DraftFields` and the offers on the screen
through :class:`PutOffer`, so the service's own views can be checked as
they are; a parsed note carries back the offer object it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from agent_tui.domain.debtor_clock import local_today
from agent_tui.domain.money import Amount, parse_money
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg

ATTITUDES = ("cooperative", "hesitant", "evasive", "emotional", "hostile")
HARDSHIPS = ("none", "job_loss", "illness", "business", "family", "other")
RESPONSES = ("accepted", "considering", "rejected")
NEXT_ACTIONS = ("call_back", "follow_up_promise", "send_notice", "refer_to_lead", "stop_contact")
OUTCOMES = tuple(o.value for o in Outcome)

#: Outcomes after which a promise to pay can be recorded: the debtor was on the line.
_PROMISE_OUTCOMES = {o.value for o in Outcome if o.is_conversation}

_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_DATETIME = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?\s*$")

#: No debt, payment or capacity comes near this; the database's integers stop not far above it.
MAX_AMOUNT_MINOR = 10**15
#: The longest note text by default, in characters (config.yaml's ``notes.max_length``).
MAX_NOTE_LENGTH = 10_000


class DraftFields(Protocol):
    """The form as typed: every field is the raw text."""

    @property
    def outcome(self) -> str: ...
    @property
    def attitude(self) -> str: ...
    @property
    def hardship(self) -> str: ...
    @property
    def capacity(self) -> str: ...
    @property
    def offer(self) -> str: ...
    @property
    def response(self) -> str: ...
    @property
    def promise_amount(self) -> str: ...
    @property
    def promise_date(self) -> str: ...
    @property
    def next_action(self) -> str: ...
    @property
    def next_action_at(self) -> str: ...
    @property
    def text(self) -> str: ...


#: The form's fields, as :class:`DraftFields` names them.
_FIELDS = (
    "outcome", "attitude", "hardship", "capacity", "offer", "response",
    "promise_amount", "promise_date", "next_action", "next_action_at", "text",
)


class PutOffer(Protocol):
    """An offer on the screen, as the form refers to it: its number and the day its first payment falls."""

    @property
    def index(self) -> int: ...
    @property
    def first_due(self) -> date | None: ...


OfferT = TypeVar("OfferT", bound=PutOffer)


@dataclass(frozen=True)
class FormProblem:
    """Why one field of the note cannot be saved as it is."""

    field: str
    reason: Msg


@dataclass(frozen=True)
class NoteRules(Generic[OfferT]):
    """The figures the form is checked against, taken from the open case and the offer policy."""

    balance: int
    currency: str
    time_zone: str
    offers: tuple[OfferT, ...] = ()
    min_instalment: int = 0
    #: A promise without a chosen offer falls within this many days.
    first_payment_within_days: int = 7
    #: The longest note text, in characters.
    max_length: int = MAX_NOTE_LENGTH


@dataclass(frozen=True)
class ParsedNote(Generic[OfferT]):
    """A note that passed the rules, in the types the store takes."""

    outcome: Outcome
    attitude: str
    hardship: str
    capacity: int | None
    offer: OfferT | None
    response: str
    promise_amount: int | None
    promise_due: date | None
    next_action: str
    next_action_at: datetime | None
    text: str


def parse_date(text: str) -> date | None:
    """``2025-03-14`` (or with ``/`` or ``.``) as a date; None when it is not one."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    except ValueError:
        return None


def parse_local_datetime(text: str, zone: str) -> datetime | None:
    """``2025-03-14 18:30`` in the debtor's zone, as an aware UTC datetime; a bare date means 09:00."""
    match = _DATETIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        local = datetime(int(year), int(month), int(day), int(hour or 9), int(minute or 0), tzinfo=ZoneInfo(zone))
    except ValueError:
        return None
    return local.astimezone(UTC)


class _Check:
    """Collects problems while reading the draft."""

    def __init__(self) -> None:
        self.problems: list[FormProblem] = []

    def fail(self, name: str, key: str, **params: object) -> None:
        if not any(p.field == name for p in self.problems):  # one reason per field: the first
            self.problems.append(FormProblem(name, Msg(f"callnote.problem.{key}", params)))

    def choice(self, name: str, value: str, choices: tuple[str, ...]) -> str:
        if value and value not in choices:
            self.fail(name, "choice_unknown")
            return ""
        return value

    def amount(self, name: str, text: str, currency: str) -> int | None:
        if not text.strip():
            return None
        try:
            value = parse_money(text, currency)
        except ValueError as exc:
            self.fail(name, "amount_decimals" if str(exc) == "too many decimals" else "amount_not_number")
            return None
        if value < 0:
            self.fail(name, "amount_negative")
            return None
        if value > MAX_AMOUNT_MINOR:
            self.fail(name, "amount_too_large")
            return None
        return value


def heard_terms(hardship: str, capacity: str, currency: str) -> tuple[int | None, bool]:
    """What the debtor said that the offers are sized to: the monthly capacity and whether they are in hardship.

    ``hardship`` and ``capacity`` are the form's fields as typed. A capacity that is blank or not yet an
    amount (the form names the field and says why) counts as not stated; any hardship but "none" counts.
    """
    amount: int | None = None
    if capacity.strip():
        try:
            amount = parse_money(capacity, currency)
        except ValueError:
            amount = None
        if amount is not None and not 0 <= amount <= MAX_AMOUNT_MINOR:
            amount = None
    return amount, hardship not in ("", "none")


def _promise_due(
    check: _Check, draft: DraftFields, offer: PutOffer | None, today: date, within_days: int
) -> date | None:
    """The promise's day: a real date, not past, no later than the offer's first payment or the policy allows."""
    if not draft.promise_date.strip():
        return None
    due = parse_date(draft.promise_date)
    if due is None:
        check.fail("promise_date", "date_format")
    elif due < today:
        check.fail("promise_date", "date_past", today=today.isoformat())
    else:
        last = offer.first_due if offer and offer.first_due else today + timedelta(within_days)
        if due > last:
            check.fail("promise_date", "promise_beyond_policy", last=last.isoformat())
    return due


def _check_promise_amount(check: _Check, amount: int | None, rules: NoteRules[OfferT]) -> None:
    """A promise is more than nothing, no more than the balance, and no less than the smallest instalment."""
    if amount is None:
        return
    if amount == 0:
        check.fail("promise_amount", "promise_zero")
    elif amount > rules.balance:
        check.fail("promise_amount", "promise_over_balance", balance=Amount(rules.balance, rules.currency))
    elif amount < min(rules.min_instalment, rules.balance):
        check.fail("promise_amount", "promise_below_minimum", minimum=Amount(rules.min_instalment, rules.currency))


def check_note(
    draft: DraftFields, rules: NoteRules[OfferT], now: datetime
) -> tuple[ParsedNote[OfferT] | None, list[FormProblem]]:
    """Read the draft against the rules; the parsed note when nothing is wrong, and the problems."""
    check = _Check()
    today = local_today(now, rules.time_zone)  # the debtor's day, as the offers' dates count from it
    for name in _FIELDS:
        if "\x00" in getattr(draft, name):
            # PostgreSQL refuses the character and SQLite cuts text at it: neither keeps what was typed.
            check.fail(name, "nul_character")
    length = len(draft.text.strip())
    if length > rules.max_length:
        check.fail("text", "text_too_long", limit=rules.max_length, length=length)

    outcome_text = check.choice("outcome", draft.outcome, OUTCOMES)
    if not draft.outcome:
        check.fail("outcome", "outcome_missing")
    attitude = check.choice("attitude", draft.attitude, ATTITUDES)
    hardship = check.choice("hardship", draft.hardship, HARDSHIPS)
    response = check.choice("response", draft.response, RESPONSES)
    next_action = check.choice("next_action", draft.next_action, NEXT_ACTIONS)
    capacity = check.amount("capacity", draft.capacity, rules.currency)

    offer = None
    if draft.offer:
        offer = next((o for o in rules.offers if str(o.index) == draft.offer), None)
        if offer is None:
            check.fail("offer", "offer_unknown")

    promise_amount = check.amount("promise_amount", draft.promise_amount, rules.currency)
    promise_due = _promise_due(check, draft, offer, today, rules.first_payment_within_days)
    _check_promise_amount(check, promise_amount, rules)

    has_promise = bool(draft.promise_amount.strip() or draft.promise_date.strip())
    if has_promise and outcome_text and outcome_text not in _PROMISE_OUTCOMES:
        check.fail("promise_amount", "promise_needs_debtor")
    if outcome_text == Outcome.PROMISE_TO_PAY or has_promise:
        # A promise is an amount and a date: half of one cannot be followed up.
        if not draft.promise_amount.strip():
            check.fail("promise_amount", "promise_amount_missing")
        if not draft.promise_date.strip():
            check.fail("promise_date", "promise_date_missing")

    next_at = None
    if draft.next_action_at.strip():
        next_at = parse_local_datetime(draft.next_action_at, rules.time_zone)
        if next_at is None:
            check.fail("next_action_at", "datetime_format")
        elif next_at < now:
            check.fail("next_action_at", "datetime_past")
    elif next_action in ("call_back", "follow_up_promise"):
        check.fail("next_action_at", "when_missing")

    if check.problems:
        return None, check.problems
    parsed = ParsedNote(
        outcome=Outcome(outcome_text),
        attitude=attitude,
        hardship=hardship,
        capacity=capacity,
        offer=offer,
        response=response,
        promise_amount=promise_amount,
        promise_due=promise_due,
        next_action=next_action,
        next_action_at=next_at,
        text=draft.text.strip(),
    )
    return parsed, []
