"""Generated contracts for the ledger properties, and an independent way to work out their figures.

``expected_figures`` is the spreadsheet formula a person would use for a
contract whose lines were either paid in full on their due date or not at
all: it uses Decimal arithmetic line by line, not the ledger's code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from agent_tui.domain.records import ContractTerms, Payment, PenaltyKind, ScheduleLine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def half_up(value: Decimal) -> int:
    """Round a Decimal count of minor units half-up, as a clerk would."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def at_noon(day: date) -> datetime:
    """Noon in Shanghai on ``day``, as the UTC instant a payment record carries."""
    return datetime.combine(day, time(12), SHANGHAI).astimezone(UTC)


@st.composite
def contracts(draw, max_lines: int = 12):
    """Contract terms and a schedule: 1 to ``max_lines`` lines at a fixed gap, across leap years."""
    start = draw(st.dates(date(2019, 1, 1), date(2026, 12, 31)))
    count = draw(st.integers(1, max_lines))
    gap = draw(st.sampled_from([7, 14, 28, 30, 31]))
    schedule = tuple(
        ScheduleLine(
            start + timedelta(days=gap * (i + 1)),
            draw(st.integers(0, 2_000_000)),
            draw(st.integers(0, 50_000)),
        )
        for i in range(count)
    )
    kind = draw(st.sampled_from(list(PenaltyKind)))
    if kind == PenaltyKind.RATE:
        value = Decimal(draw(st.sampled_from(["0", "0.18", "0.1825", "0.24", "0.365"])))
    else:
        value = Decimal(draw(st.sampled_from(["0", "1", "1.3", "1.5", "2"])))
    terms = ContractTerms(
        principal=sum(line.principal for line in schedule),
        annual_rate=Decimal(draw(st.sampled_from(["0", "0.0435", "0.12", "0.18", "0.2399"]))),
        start_date=start,
        penalty_kind=kind,
        penalty_value=value,
        late_fee=draw(st.sampled_from([0, 1000, 5000])),
        day_count=draw(st.sampled_from([360, 365])),
    )
    return terms, schedule


@st.composite
def histories(draw, max_lines: int = 12, max_payments: int = 8):
    """A contract, any payments at any hour, and a date to look at it on."""
    terms, schedule = draw(contracts(max_lines))
    horizon = (schedule[-1].due - terms.start_date).days + 120
    payments = tuple(
        Payment(
            datetime.combine(terms.start_date, time(0), UTC)
            + timedelta(days=draw(st.integers(0, horizon)), hours=draw(st.integers(0, 23))),
            draw(st.integers(1, 3_000_000)),
        )
        for _ in range(draw(st.integers(0, max_payments)))
    )
    as_of = terms.start_date + timedelta(days=draw(st.integers(0, horizon)))
    return terms, schedule, payments, as_of


@st.composite
def on_time_histories(draw, max_lines: int = 12):
    """A contract whose first lines were each paid in full on the due date and the rest not at all."""
    terms, schedule = draw(contracts(max_lines))
    horizon = (schedule[-1].due - terms.start_date).days + 120
    as_of = terms.start_date + timedelta(days=draw(st.integers(0, horizon)))
    due = [i for i, line in enumerate(schedule) if line.due <= as_of]
    paid = draw(st.integers(0, len(due)))
    payments = tuple(
        Payment(at_noon(schedule[i].due), schedule[i].principal + schedule[i].interest)
        for i in due[:paid]
        if schedule[i].principal + schedule[i].interest > 0
    )
    return terms, schedule, payments, as_of, set(due[:paid])


def expected_figures(terms: ContractTerms, schedule, paid_lines: set[int], as_of: date) -> dict[str, int]:
    """What is owed when the lines in ``paid_lines`` were paid on their due date and the others never."""
    if terms.penalty_kind == PenaltyKind.RATE:
        rate = terms.penalty_value
    else:
        rate = terms.penalty_value * terms.annual_rate
    owed = {"principal": 0, "interest": 0, "penalty": 0, "fees": 0}
    for i, line in enumerate(schedule):
        if line.due > as_of or i in paid_lines:
            continue
        owed["principal"] += line.principal
        owed["interest"] += line.interest
        days = (as_of - line.due).days
        if days > 0 and line.principal + line.interest > 0:
            owed["fees"] += terms.late_fee
            owed["penalty"] += half_up(Decimal(line.principal) * rate * days / terms.day_count)
    return owed
