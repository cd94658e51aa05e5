"""Columns keep their promises on both databases: UTC instants, integer money, exact rates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.domain.records import ContactKind, Outcome, Stage
from agent_tui.store.models import MODELS, Account, CallAttempt, ContactPoint, Payment

from . import rows

#: Field names that hold money in minor units, wherever they appear.
MONEY = {"principal", "interest", "amount", "late_fee", "balance", "monthly_income", "can_pay"}


def test_every_money_column_is_a_big_integer():
    seen = set()
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if field.name in MONEY:
                seen.add(field.name)
                assert type(field) is peewee.BigIntegerField, f"{model.__name__}.{field.name}"
    assert seen == MONEY


def test_no_column_is_a_float():
    for model in MODELS:
        for field in model._meta.sorted_fields:
            assert not isinstance(field, (peewee.FloatField, peewee.DoubleField, peewee.DecimalField)), (
                f"{model.__name__}.{field.name}"
            )


def test_money_beyond_float_precision_round_trips_exactly(db):
    huge = 2**53 + 1  # a float would come back as 2**53
    acct = rows.account(principal=huge, balance=-huge)
    Payment.create(account=acct, paid_at=rows.T0, amount=huge)
    back = Account.get_by_id(acct.id)
    assert (back.principal, back.balance) == (huge, -huge)
    assert type(back.principal) is int
    assert Payment.select(peewee.fn.SUM(Payment.amount)).where(Payment.account == acct).scalar() == huge


def test_rates_round_trip_exactly_and_refuse_floats(db):
    acct = rows.account(annual_rate=Decimal("0.123456789"), penalty_value=Decimal("1.50"))
    back = Account.get_by_id(acct.id)
    assert back.annual_rate == Decimal("0.123456789") and isinstance(back.annual_rate, Decimal)
    assert back.penalty_value == Decimal("1.50")
    with pytest.raises(TypeError):
        rows.account(annual_rate=0.12)


def test_instants_are_stored_as_naive_utc(db):
    shanghai = datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    acct = rows.account(next_action_at=shanghai)
    raw = db.execute_sql(f"SELECT next_action_at FROM account WHERE id = {int(acct.id)}").fetchone()[0]
    as_text = raw if isinstance(raw, str) else raw.isoformat(sep=" ")
    assert as_text.startswith("2024-03-01 02:00:00")
    back = Account.get_by_id(acct.id).next_action_at
    assert back == shanghai and back.tzinfo is UTC


def test_naive_datetimes_are_refused(db):
    with pytest.raises(ValueError, match="naive"):
        rows.account(next_action_at=datetime(2024, 3, 1, 10, 0))


instants = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2090, 1, 1),
    timezones=st.sampled_from(
        [UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), timezone(timedelta(hours=-3, minutes=-30))]
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=instants, b=instants)
def test_instants_round_trip_and_sort_as_instants(db, a, b):
    # Compare in UTC: Python never calls a time in a DST overlap equal to another zone's.
    a, b = a.astimezone(UTC), b.astimezone(UTC)
    debtor = rows.debtor()
    agent = rows.agent()
    first = CallAttempt.create(debtor=debtor, agent=agent, started_at=a)
    second = CallAttempt.create(debtor=debtor, agent=agent, started_at=b)
    assert CallAttempt.get_by_id(first.id).started_at == a
    assert CallAttempt.get_by_id(second.id).started_at.utcoffset() == timedelta(0)
    ordered = [
        row.id
        for row in CallAttempt.select()
        .where(CallAttempt.debtor == debtor)
        .order_by(CallAttempt.started_at, CallAttempt.id)
    ]
    expected = [r.id for r in sorted([first, second], key=lambda r: (r.started_at, r.id))]
    assert ordered == expected
    earlier = CallAttempt.select().where((CallAttempt.debtor == debtor) & (CallAttempt.started_at < max(a, b)))
    assert earlier.count() == (0 if a == b else 1)


def test_enum_columns_return_the_domain_enums(db):
    acct = rows.account(stage=Stage.NEGOTIATING)
    point = ContactPoint.create(debtor=acct.debtor, kind="mobile", value="13800001111", primary=True)
    assert Account.get_by_id(acct.id).stage is Stage.NEGOTIATING
    assert ContactPoint.get_by_id(point.id).kind is ContactKind.MOBILE
    with pytest.raises(ValueError):
        rows.account(stage="lost")
    attempt = CallAttempt.create(debtor=acct.debtor, agent=rows.agent(), started_at=rows.T0)
    assert CallAttempt.get_by_id(attempt.id).outcome is None
    CallAttempt.update(outcome=Outcome.CALLBACK).where(CallAttempt.id == attempt.id).execute()
    assert CallAttempt.get_by_id(attempt.id).outcome is Outcome.CALLBACK


def test_json_text_keeps_structure_and_chinese(db):
    acct = rows.account()
    agent = rows.agent()
    note = rows.note(
        acct,
        agent,
        checklist={"greet": True, "verify": False},
        lint_flags=[{"key": "note.vague", "params": {"word": "尽快"}}],
        text="客户表示月底发工资后还款",
    )
    back = type(note).get_by_id(note.id)
    assert back.checklist == {"greet": True, "verify": False}
    assert back.lint_flags == [{"key": "note.vague", "params": {"word": "尽快"}}]
    assert back.compliance_flags == []
    assert back.text == "客户表示月底发工资后还款"
