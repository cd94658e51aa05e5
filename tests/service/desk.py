"""A small desk of cases for the workstation tests, built through the store's models.

Not the demo: five accounts, each there for one behaviour — a promise due, a
new case whose creditor charges too much penalty, a debtor asleep in New
York (the gate refuses), a broken promise, and a case another agent holds.
Names and words come in English or Chinese so both screens are tested.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from agent_tui.config import Config, DialerConfig, ScriptsConfig
from agent_tui.domain.ledger import compute_ledger
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import ContactKind, ContractTerms, Payment, PromiseStatus, ScheduleLine, Stage
from agent_tui.store.audit import promise_event
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import (
    Account,
    Agent,
    AuditEvent,
    Charge,
    ContactPoint,
    Debtor,
    Promise,
)
from agent_tui.store.models import Payment as PaymentRow
from agent_tui.store.models import ScheduleLine as LineRow
from agent_tui.store.schema import init_db

#: The tests' clock: Monday 10 March 2025, 14:00 in Shanghai.
NOW = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime = NOW):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def desk_config(lang: str = "en", **changes) -> Config:
    """The default configuration, in ``lang``, with the repository's call scripts."""
    if lang == "zh-CN":
        changes.setdefault("company", "恒信资产管理有限公司")
    # F3 dials the first number allowed at once (the choice of number has its own tests, which turn it on).
    changes.setdefault("dialer", DialerConfig(choose_number=False))
    return dataclasses.replace(Config(), language=lang, scripts=ScriptsConfig(folder=str(ROOT / "scripts")), **changes)

PEOPLE = {
    "en": {
        "agents": ("Lucy Hart", "Tom Reed"),
        "debtors": ("Chen Jie", "Zhao Min", "Sam Miller", "Liu Yang", "Guo Wei"),
        "occupation": "Sales manager",
        "employer": "Huaxia Trading",
        "family": "Married, one child at school",
        "credit": "Paid on time 2019–2024; first missed payment Nov 2024",
        "creditor": "Everbright Consumer Finance",
        "product": "Cash loan",
    },
    "zh-CN": {
        "agents": ("李娜", "王强"),
        "debtors": ("陈杰", "赵敏", "孙明", "刘洋", "郭伟"),
        "occupation": "销售经理",
        "employer": "华夏商贸有限公司",
        "family": "已婚，一个孩子上小学",
        "credit": "2019–2024 年按时还款；2024 年 11 月首次逾期",
        "creditor": "光大消费金融",
        "product": "现金贷",
    },
}


#: The audit events the desk fixture writes itself: its two promises, on record as the workstation records them.
SETUP_EVENTS = 2


def trail() -> list[AuditEvent]:
    """The audit events the work wrote since the desk was set up, in order (not the record of each start's
    settings, which tests/service/test_config_on_record.py reads)."""
    return list(AuditEvent.select().where((AuditEvent.seq > SETUP_EVENTS) & (AuditEvent.action != "config_loaded"))
                .order_by(AuditEvent.seq))


def verified_call(station: Any, account_id: int) -> None:
    """Dial the case, verify the debtor on two facts and go on to listening: a call that may hear the debt."""
    station.dial(account_id)
    station.verify_identity(account_id, ("birth_date", "national_id_last4"))
    station.mark_step(account_id, "listen")


@dataclass(frozen=True)
class Desk:
    """The ids the tests need."""

    url: str
    agent: str  # the agent who works the desk
    other_agent: str
    promise_due: int  # a promise falls due today: top of the queue
    wrong_figures: int  # new case, the creditor's penalty is too high
    asleep: int  # the debtor's clock says 01:00: the gate refuses
    broken: int  # a promise was missed
    held: int  # another agent is working it right now


def _months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, 28))


def _account(n: int, debtor: Debtor, agent: Agent | None, words: dict, *, paid_lines: int, penalty_error: int = 0,
             **fields) -> Account:
    """A 12-line cash loan started a year ago, with ``paid_lines`` paid on time, then nothing."""
    start = date(2024, 3, 15)
    terms = ContractTerms(principal=1_200_000, annual_rate=Decimal("0.12"), start_date=start, late_fee=5000)
    schedule = [ScheduleLine(_months(start, k), 100_000, 12_000) for k in range(1, 13)]
    payments = [
        Payment(datetime.combine(line.due, datetime.min.time(), UTC) + timedelta(hours=2), 112_000, f"P{n}-{k}")
        for k, line in enumerate(schedule[:paid_lines], 1)
    ]
    today = NOW.date()
    ledger = compute_ledger(terms, schedule, payments, today, LedgerPolicy())
    owed = ledger.owed
    account = Account.create(
        ref=f"ACC-{n:04d}",
        debtor=debtor,
        creditor=words["creditor"],
        product=words["product"],
        principal=terms.principal,
        annual_rate=terms.annual_rate,
        start_date=start,
        late_fee=terms.late_fee,
        balance=owed.total + penalty_error,
        overdue_since=ledger.oldest_unpaid_due,
        assigned_agent=agent,
        **fields,
    )
    for seq, line in enumerate(schedule, 1):
        LineRow.create(account=account, seq=seq, due=line.due, principal=line.principal, interest=line.interest)
    for p in payments:
        PaymentRow.create(account=account, paid_at=p.paid_at, amount=p.amount, reference=p.reference)
    charges = {"principal": owed.principal, "interest": owed.interest, "penalty": owed.penalty + penalty_error,
               "fees": owed.fees}
    for kind, amount in charges.items():
        Charge.create(account=account, kind=kind, amount=amount, as_of=today)
    return account


def _debtor(name: str, words: dict, n: int, zone: str = "Asia/Shanghai", **flags) -> Debtor:
    debtor = Debtor.create(
        name=name,
        national_id=f"11010119850307{n:04d}",
        birth_date=date(1985, 3, 7),
        occupation=words["occupation"],
        employer=words["employer"],
        monthly_income=1_200_000,
        family=words["family"],
        credit_history=words["credit"],
        time_zone=zone,
        **flags,
    )
    ContactPoint.create(debtor=debtor, kind=ContactKind.MOBILE, value=f"1380013{n:04d}", primary=True)
    ContactPoint.create(debtor=debtor, kind=ContactKind.WORK, value=f"010-6555{n:04d}")
    return debtor


def build_desk(where, lang: str = "en") -> Desk:
    """Write the desk into ``where`` (a database URL, or a path for a new SQLite file); the models stay bound to it."""
    url = where if isinstance(where, str) and "://" in where else f"sqlite:///{where}"
    db = use_database(open_database(url))
    init_db(db)
    words = PEOPLE[lang]
    with db.atomic():
        me = Agent.create(code="A001", name=words["agents"][0], team="T1")
        other = Agent.create(code="A002", name=words["agents"][1], team="T1")
        names = words["debtors"]
        due = _account(1, _debtor(names[0], words, 1), me, words, paid_lines=9, stage=Stage.PROMISED)
        # Promises on record as the workstation records them, so the audit chain verifies.
        promise_event("A001", Promise.create(account=due, amount=50_000, due=NOW.date(),
                                             created_at=NOW - timedelta(days=5)))
        wrong = _account(2, _debtor(names[1], words, 2), me, words, paid_lines=8, penalty_error=4_321)
        asleep = _account(3, _debtor(names[2], words, 3, zone="America/New_York"), me, words, paid_lines=8)
        broken = _account(4, _debtor(names[3], words, 4), me, words, paid_lines=7, stage=Stage.PROMISED)
        promise_event("A001", Promise.create(
            account=broken,
            amount=80_000,
            due=NOW.date() - timedelta(days=6),
            status=PromiseStatus.BROKEN,
            created_at=NOW - timedelta(days=12),
            resolved_at=NOW - timedelta(days=5),  # the day after its day, as `promises check` breaks one
        ))
        held = _account(
            5, _debtor(names[4], words, 5), me, words, paid_lines=8, claimed_by=other,
            lease_until=NOW + timedelta(minutes=10),
        )
        assert AuditEvent.select().count() == SETUP_EVENTS
    db.close()
    return Desk(url, "A001", "A002", due.id, wrong.id, asleep.id, broken.id, held.id)
