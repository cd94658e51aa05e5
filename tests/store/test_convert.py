"""Rows become the domain's records, in a bounded number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from agent_tui.domain import records
from agent_tui.domain.records import ContactKind, Outcome, PenaltyKind, PromiseStatus, Stage
from agent_tui.store import convert
from agent_tui.store.models import Account, CallAttempt, Charge, ContactPoint, Payment, Promise, ScheduleLine

from . import rows

T0 = rows.T0


def _full_account(agent=None):
    owner = rows.debtor(
        name="Wang Fang",
        birth_date=date(1988, 5, 4),
        monthly_income=850_000,
        time_zone="Asia/Urumqi",
        dispute=True,
    )
    acct = rows.account(
        owner,
        product="Consumer loan",
        principal=3_600_000,
        annual_rate=Decimal("0.0875"),
        penalty_kind=PenaltyKind.RATE,
        penalty_value=Decimal("0.18"),
        late_fee=5_000,
        day_count=360,
        currency="USD",
        stage=Stage.NEGOTIATING,
        next_action="call back after payday",
        next_action_at=T0 + timedelta(days=2),
        assigned_agent=agent,
    )
    # Inserted out of order: the records must come out in time order.
    for seq, due in ((3, date(2023, 4, 15)), (1, date(2023, 2, 15)), (2, date(2023, 3, 15))):
        ScheduleLine.create(account=acct, seq=seq, due=due, principal=1_200_000, interest=26_250)
    Payment.create(account=acct, paid_at=T0, amount=100_000, reference="late")
    Payment.create(account=acct, paid_at=T0 - timedelta(days=30), amount=1_226_250, reference="first")
    Charge.create(account=acct, kind="principal", amount=2_400_000, as_of=date(2024, 3, 1))
    Charge.create(account=acct, kind="fees", amount=10_000, as_of=date(2024, 3, 1))
    Promise.create(account=acct, amount=500_000, due=date(2024, 3, 8), created_at=T0)
    return owner, acct


def test_an_account_becomes_its_record(db):
    agent = rows.agent(code="A7")
    owner, acct = _full_account(agent)
    got = convert.load_account(acct.id)
    promise_id = Promise.get(Promise.account == acct).id
    assert got == records.Account(
        id=acct.id,
        ref=acct.ref,
        debtor_id=owner.id,
        creditor="Bank",
        product="Consumer loan",
        terms=records.ContractTerms(
            principal=3_600_000,
            annual_rate=Decimal("0.0875"),
            start_date=date(2023, 1, 15),
            penalty_kind=PenaltyKind.RATE,
            penalty_value=Decimal("0.18"),
            late_fee=5_000,
            day_count=360,
            currency="USD",
        ),
        schedule=tuple(
            records.ScheduleLine(due=date(2023, m, 15), principal=1_200_000, interest=26_250) for m in (2, 3, 4)
        ),
        payments=(
            records.Payment(paid_at=T0 - timedelta(days=30), amount=1_226_250, reference="first"),
            records.Payment(paid_at=T0, amount=100_000, reference="late"),
        ),
        charges=(
            records.Charge(kind="principal", amount=2_400_000, as_of=date(2024, 3, 1)),
            records.Charge(kind="fees", amount=10_000, as_of=date(2024, 3, 1)),
        ),
        stage=Stage.NEGOTIATING,
        next_action="call back after payday",
        next_action_at=T0 + timedelta(days=2),
        assigned_agent="A7",
        promises=(records.Promise(id=promise_id, amount=500_000, due=date(2024, 3, 8), created_at=T0),),
    )
    assert isinstance(got.terms.penalty_kind, PenaltyKind)
    assert got.promises[0].status is PromiseStatus.OPEN


def test_a_missing_account_is_none(db):
    assert convert.load_account(424242) is None
    assert convert.load_accounts([424242]) == {}


def test_an_unassigned_account_has_no_agent(db):
    acct = rows.account()
    got = convert.load_account(acct.id)
    assert got.assigned_agent is None and got.schedule == () and got.payments == ()


def test_loading_costs_the_same_queries_for_one_account_or_many(db, query_log, monkeypatch):
    agent = rows.agent()
    ids = [_full_account(agent)[1].id for _ in range(12)]
    query_log.statements.clear()
    convert.load_accounts(ids[:1])
    one = len(query_log.statements)
    query_log.statements.clear()
    loaded = convert.load_accounts(ids)
    assert len(query_log.statements) == one
    assert sorted(loaded) == sorted(ids)
    assert all(len(a.schedule) == 3 and len(a.payments) == 2 for a in loaded.values())

    monkeypatch.setattr(convert, "CHUNK", 5)
    query_log.statements.clear()
    assert len(convert.load_accounts(ids)) == 12
    assert len(query_log.statements) == one * 3  # 12 accounts in chunks of 5


def test_debtor_and_contact_points(db):
    owner, _ = _full_account()
    ContactPoint.create(debtor=owner, kind="work", value="010-5555")
    ContactPoint.create(debtor=owner, kind="mobile", value="13800001111", primary=True, do_not_call=True)
    got = convert.load_debtor(owner.id)
    assert got.name == "Wang Fang" and got.birth_date == date(1988, 5, 4)
    assert got.monthly_income == 850_000 and got.time_zone == "Asia/Urumqi"
    assert got.dispute and not got.cease_contact
    points = convert.load_contact_points(owner.id)
    assert [(p.kind, p.primary, p.do_not_call) for p in points] == [
        (ContactKind.MOBILE, True, True),
        (ContactKind.WORK, False, False),
    ]
    assert convert.load_debtor(999_999) is None


def test_attempts_since_an_instant(db):
    owner, acct = _full_account()
    other = rows.debtor()
    agent = rows.agent()
    point = ContactPoint.create(debtor=owner, kind="mobile", value="13800001111")
    CallAttempt.create(debtor=owner, agent=agent, started_at=T0 - timedelta(days=8), outcome=Outcome.NO_ANSWER)
    CallAttempt.create(
        debtor=owner, account=acct, agent=agent, contact_point=point,
        started_at=T0, outcome=Outcome.PROMISE_TO_PAY, right_party=True,
    )
    CallAttempt.create(debtor=owner, agent=agent, started_at=T0 + timedelta(hours=1))  # still on
    CallAttempt.create(debtor=other, agent=agent, started_at=T0, outcome=Outcome.REFUSED)
    got = convert.load_attempts(owner.id, since=T0 - timedelta(days=7))
    assert got == (
        records.Attempt(at=T0, contact_point_id=point.id, outcome=Outcome.PROMISE_TO_PAY, account_id=acct.id),
        records.Attempt(at=T0 + timedelta(hours=1), contact_point_id=None, outcome=Outcome.NO_ANSWER),
    )
    assert got[0].conversation and not got[1].conversation


def test_a_plain_row_converts_too(db):
    """Without prefetch each child list costs a query, but the record is the same."""
    agent = rows.agent(code="B2")
    _, acct = _full_account(agent)
    assert convert.account_record(Account.get_by_id(acct.id)) == convert.load_account(acct.id)
