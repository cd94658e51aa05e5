"""The built-in demo: a realistic, deterministic portfolio written in bulk.

``write_demo`` fills an initialised database with three agents and a team
lead, and N debtors each with one placed account: a contract with its
schedule, payments (on time, late, partial, then stopping), the creditor's
charges, contact points, a contact history with notes, and promises (kept,
broken, due today). The creditor's charges are the ledger's own figures,
except about one account in ten whose overdue interest or fees carry a
deliberate error for the ledger check to find.

The same seed and anchor date give the same data. Rows are built as tuples
with their own ids and written with the driver's bulk path, so 100,000
accounts take well under a minute on SQLite.

(Over 400 lines on purpose: one portfolio drawn account by account, whose
parts share one random stream and one set of tables; a split would pass
both through every function and make the same seed harder to follow.)
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from peewee import Database, SqliteDatabase

from agent_tui.domain.checklist import Checklist, ChecklistError, Step
from agent_tui.domain.ledger import compute_ledger
from agent_tui.domain.masking import mask
from agent_tui.domain.money import split_evenly
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import (
    CALL_BACK,
    ContactKind,
    ContractTerms,
    Outcome,
    PenaltyKind,
    PromiseStatus,
    Stage,
)
from agent_tui.domain.records import Payment as PaymentRecord
from agent_tui.domain.records import ScheduleLine as LineRecord
from agent_tui.lexicon_files import lint
from agent_tui.store import models as m
from agent_tui.store.audit import canonical, chained_events, note_digest, promise_digest
from agent_tui.store.audit_state import record_all_states
from agent_tui.store.bulk import advance_sequence, drop_indexes
from agent_tui.store.demo_pools import US_AREA_CODES, Pools, floor_for, history_is_clean, pools_for
from agent_tui.store.demo_workers import worker_pool

RATES = (Decimal("0"), Decimal("0.0725"), Decimal("0.12"), Decimal("0.15"), Decimal("0.18"), Decimal("0.24"))
TERMS = (6, 12, 12, 24, 36)
OUTCOMES = (
    (Outcome.NO_ANSWER, 45),
    (Outcome.RIGHT_PARTY, 18),
    (Outcome.PROMISE_TO_PAY, 12),
    (Outcome.THIRD_PARTY, 10),
    (Outcome.CALLBACK, 6),
    (Outcome.REFUSED, 5),
    (Outcome.WRONG_NUMBER, 4),
)
ATTITUDES = ("cooperative", "hesitant", "evasive", "hostile")


@dataclass(frozen=True)
class DemoSummary:
    """What was written."""

    agents: int
    accounts: int
    notes: int
    promises: int
    wrong_charges: int


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return date(year, month, min(day.day, last[month - 1]))


def _national_id(rng: random.Random, birth: date, language: str) -> str:
    if language != "zh-CN":
        return f"9{rng.randint(0, 99):02d}-{rng.randint(70, 88)}-{rng.randint(0, 9999):04d}"
    body = f"{rng.choice((110101, 310104, 440305, 330106, 510107, 420102))}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


def _phone(rng: random.Random, language: str, kind: ContactKind, zone: str) -> str:
    if language == "zh-CN":  # in full, +86, as a dialler stores them: the country tells the zone
        if kind == ContactKind.MOBILE:
            return f"+86 1{rng.choice('3578')}{rng.randint(0, 9)} {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"
        city = rng.choice(("10", "21", "755", "571", "28"))
        return f"+86 {city} {rng.randint(2000, 8999)} {rng.randint(0, 9999):04d}"
    # An area code of the debtor's zone, drawn as one of eight so the rest of the draw is as before.
    codes = US_AREA_CODES[zone]
    area = codes[rng.randrange(8) % len(codes)]
    return f"+1 {area} 555 01{rng.randint(0, 99):02d}"


def _local(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


@cache
def _lint_cached(text: str, language: str) -> str:
    return canonical([flag.to_dict() for flag in lint(text, language)])


def _lint(text: str, language: str) -> list[dict]:
    """The linter's flags for a note text (the pools repeat texts, so each is linted once)."""
    return json.loads(_lint_cached(text, language))


#: Checklist moves already made: (state, move, argument) -> the next state or the ChecklistError it raised.
_MOVES: dict[tuple, Checklist | ChecklistError] = {}
#: What a finished checklist is stored as, per (state, outcome).
_STORED: dict[tuple[Checklist, Outcome], dict] = {}


def _move(state: Checklist, move: str, arg: Any = None) -> Checklist:
    """``state.move(arg)``, worked out once: every note makes one of a few dozen moves."""
    key = (state, move, arg)
    after = _MOVES.get(key)
    if after is None:
        try:
            after = getattr(state, move)() if arg is None else getattr(state, move)(arg)
        except ChecklistError as refused:
            after = refused
        _MOVES[key] = after
    if isinstance(after, ChecklistError):
        raise after
    return after


def _stored(state: Checklist, outcome: Outcome) -> dict:
    """The checklist as the workstation stores it with a note: its steps and the lead's score."""
    key = (state, outcome)
    if key not in _STORED:
        _STORED[key] = {**state.to_dict(), "score": state.score(outcome)}
    return _STORED[key]


def _checklist(rng: random.Random, outcome: Outcome, profile: str) -> dict:
    """The first-call checklist as an agent left it under ``profile``: mostly complete, sometimes a step skipped."""
    done = _move(Checklist.start(profile), "see", "profile")
    if rng.random() < 0.85:
        done = _move(done, "see", "ledger")
    if outcome in (Outcome.NO_ANSWER, Outcome.WRONG_NUMBER):
        return _stored(_move(done, "complete", Step.RECORD) if Step.PREPARE in done.done else done, outcome)
    try:
        done = _move(done, "complete", Step.GREET)
        if outcome == Outcome.THIRD_PARTY:
            return _stored(_move(_move(done, "fail_verification"), "complete", Step.RECORD), outcome)
        done = _move(_move(done, "confirm", "birth_date"), "confirm", rng.choice(("national_id_last4", "employer")))
        for step in (Step.PURPOSE, Step.LISTEN, Step.OFFER, Step.AGREE, Step.RECORD):
            if step in (Step.LISTEN, Step.OFFER) and rng.random() < 0.15:
                continue  # a hurried agent skips a step; the lead's score shows it
            done = _move(done, "complete", step)
    except ChecklistError:
        pass  # a step the rules kept locked stays undone, as on the real screen
    return _stored(done, outcome)


class _Tables:
    """Rows per table, as tuples in the column order of ``COLUMNS``, values as the database stores them."""

    COLUMNS: dict[type[m.BaseModel], tuple[str, ...]] = {
        m.Debtor: ("id", "name", "national_id", "birth_date", "occupation", "employer", "monthly_income", "family",
                   "credit_history", "time_zone", "language", "cease_contact", "dispute", "vulnerable", "attorney",
                   "created_at"),
        m.ContactPoint: ("id", "debtor", "kind", "value", "primary", "do_not_call"),
        m.Account: ("id", "ref", "debtor", "creditor", "product", "currency", "principal", "annual_rate", "start_date",
                    "penalty_kind", "penalty_value", "late_fee", "day_count", "stage", "balance", "overdue_since",
                    "next_action", "next_action_at", "assigned_agent", "placed_at"),
        m.ScheduleLine: ("account", "seq", "due", "principal", "interest"),
        m.Payment: ("account", "paid_at", "amount", "reference", "recorded_at"),
        m.Charge: ("account", "kind", "amount", "as_of"),
        m.CallAttempt: ("id", "account", "debtor", "agent", "contact_point", "number", "started_at", "ended_at",
                        "outcome", "right_party"),
        m.CallNote: ("id", "account", "agent", "attempt", "created_at", "outcome", "attitude", "hardship", "can_pay",
                     "offer_kind", "offer", "response", "next_action", "next_action_at", "text", "checklist",
                     "lint_flags", "compliance_flags", "flagged"),
        m.Promise: ("id", "account", "note", "amount", "due", "status", "created_at", "resolved_at"),
    }

    def __init__(self) -> None:
        self.rows: dict[type[m.BaseModel], list[tuple]] = {model: [] for model in self.COLUMNS}

    def add(self, model: type[m.BaseModel], *values: Any) -> None:
        self.rows[model].append(values)


def _ts(value: datetime | None) -> str | None:
    """A UTC instant as the store keeps it: naive UTC text (see store.fields.UTCDateTimeField)."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _write(db: Database, model: type[m.BaseModel], columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if isinstance(db, SqliteDatabase):
        names = ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
        cursor = db.connection().cursor()
        cursor.executemany(sql, rows)
        return
    names = ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    db.cursor().executemany(sql, rows)
    if "id" in columns:
        advance_sequence(model)


class _Portfolio:
    """Draws one debtor and account at a time into the tables."""

    def __init__(self, seed: int, pools: Pools, language: str, currency: str, today: date,
                 now: datetime, policy: LedgerPolicy, agent_ids: list[int]):
        self.seed, self.pools, self.language, self.currency = seed, pools, language, currency
        self.rng = random.Random(seed)
        self.today, self.now, self.policy, self.agent_ids = today, now, policy, agent_ids
        self.today_s, self.now_s = _day(today), _ts(now)
        self.tables = _Tables()
        # Ids derive from the account number (at most four of each per account),
        # so any range of accounts can be drawn on its own, in any process.
        self.contact_id = self.attempt_id = self.note_id = 0
        self.notes = self.promises = self.wrong = 0
        #: (agent code, action, subject, payload) for the audit events of the notes and promises drawn.
        self.events: list[tuple[str, str, str, dict]] = []

    def pick(self, weighted: Sequence[tuple[Any, int]]) -> Any:
        return self.rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def debtor(self, i: int) -> tuple[ZoneInfo, list[tuple[int, str]], dict[str, bool], int | None, bool]:
        rng, pools = self.rng, self.pools
        occupation, employers, (low, high), steady = rng.choice(pools.jobs)
        surname, given = rng.choice(pools.surnames), rng.choice(pools.given)
        name = surname + given if self.language == "zh-CN" else f"{given} {surname}"
        if employers[0] in ("—", "self-employed", "自由职业", "个体工商户", "滴滴出行（自营）"):
            employer = employers[0]
        else:
            city = rng.choice(("深圳", "杭州", "成都", "武汉", "上海")) if self.language == "zh-CN" else rng.choice(
                ("Riverside", "Oakmont", "Lakewood", "Fairview", "Greenville"))
            employer = (city + rng.choice(employers)) if self.language == "zh-CN" else f"{city} {rng.choice(employers)}"
        income = rng.randint(low, high) // 100 * 100 * 100 if high else None
        birth = date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28))
        zone_name = self.pick(pools.zones)
        flags = {
            "cease_contact": rng.random() < 0.02,
            "dispute": rng.random() < 0.03,
            "vulnerable": rng.random() < 0.03,
            "attorney": rng.random() < 0.01,
        }
        self.tables.add(m.Debtor, i, name, _national_id(rng, birth, self.language), _day(birth), occupation,
                        employer, income, rng.choice(pools.families), "", zone_name, self.language,
                        flags["cease_contact"], flags["dispute"], flags["vulnerable"], flags["attorney"], self.now_s)
        contacts = []
        kinds = [ContactKind.MOBILE] + rng.sample([ContactKind.HOME, ContactKind.WORK], rng.randint(0, 2))
        if flags["attorney"]:
            kinds.append(ContactKind.ATTORNEY)
        for n, kind in enumerate(kinds):
            self.contact_id += 1
            number = _phone(rng, self.language, kind, zone_name)
            do_not_call = rng.random() < 0.03 and n > 0
            self.tables.add(m.ContactPoint, self.contact_id, i, kind.value, number, n == 0, do_not_call)
            contacts.append((self.contact_id, number))
        return ZoneInfo(zone_name), contacts, flags, income, steady

    def account(self, i: int) -> None:
        self.rng.seed(f"{self.seed}:{i}")
        self.contact_id = self.attempt_id = self.note_id = i * 4
        rng, today = self.rng, self.today
        zone, contacts, flags, income, steady = self.debtor(i)
        term = rng.choice(TERMS)
        rate = rng.choice(RATES)
        principal = rng.randint(30, 1500) * 10000  # 3,000.00 to 150,000.00
        due_count = rng.randint(2, term)  # lines already due
        start = _add_months(today, -due_count) - timedelta(days=rng.randint(1, 25))
        by_multiple = rate > 0 and rng.random() < 0.7
        terms = ContractTerms(
            principal=principal, annual_rate=rate, start_date=start,
            penalty_kind=PenaltyKind.MULTIPLE if by_multiple else PenaltyKind.RATE,
            penalty_value=Decimal("1.5") if by_multiple else Decimal("0.18"),
            late_fee=rng.choice((0, 2000, 5000)), day_count=rng.choice((360, 365, 365)), currency=self.currency,
        )
        schedule: list[LineRecord] = []
        remaining = principal
        for seq, part in enumerate(split_evenly(principal, term), start=1):
            interest = int((Decimal(remaining) * rate / 12).quantize(Decimal(1)))
            schedule.append(LineRecord(_add_months(start, seq), part, interest))
            remaining -= part
        payments, paid_late = self.payments(schedule, zone)
        history = self.history(i, zone, contacts, flags, terms, schedule, payments, income)
        ledger = compute_ledger(terms, schedule, payments, today, self.policy)
        self.credit_history(steady, ledger.days_past_due, paid_late)
        owed = ledger.owed
        charges = {"principal": owed.principal, "interest": owed.interest, "penalty": owed.penalty, "fees": owed.fees}
        if rng.random() < 0.1:  # the creditor got it wrong
            self.wrong += 1
            if owed.penalty and rng.random() < 0.6:
                charges["penalty"] += max(1, owed.penalty * rng.randint(8, 35) // 100)
            else:
                charges["fees"] += rng.choice((2000, 5000, 10000))
        for kind, amount in charges.items():
            self.tables.add(m.Charge, i, kind, amount, self.today_s)
        for line_no, line in enumerate(schedule, start=1):
            self.tables.add(m.ScheduleLine, i, line_no, _day(line.due), line.principal, line.interest)
        for payment in payments:
            paid = _ts(payment.paid_at)
            self.tables.add(m.Payment, i, paid, payment.amount, payment.reference, paid)
        stage, next_action, next_at, assigned = history
        if sum(charges.values()) <= 0:  # paid off (a kept promise can clear it): settled, out of every queue
            stage, next_action, next_at = Stage.CLOSED, "", None
        elif flags["cease_contact"]:
            stage = Stage.CEASED
        elif flags["dispute"]:
            stage = Stage.DISPUTED
        pools = self.pools
        self.tables.add(m.Account, i, f"{'HX' if self.language == 'zh-CN' else 'FH'}-{start:%Y}-{i:06d}", i,
                        rng.choice(pools.creditors), rng.choice(pools.products), self.currency, principal, str(rate),
                        _day(start), terms.penalty_kind.value, str(terms.penalty_value), terms.late_fee,
                        terms.day_count, stage.value, sum(charges.values()), _day(ledger.oldest_unpaid_due),
                        next_action, _ts(next_at), assigned, self.now_s)

    def credit_history(self, steady: bool, days_past_due: int, paid_late: bool) -> None:
        """The debtor's credit history, as it fits this account: a clean one only if it is true."""
        rng, pools = self.rng, self.pools
        clean = history_is_clean(steady, days_past_due, paid_late) and rng.random() < 0.7
        text = rng.choice(pools.histories_clean if clean else pools.histories_poor)
        debtors = self.tables.rows[m.Debtor]
        row = debtors[-1]
        debtors[-1] = (*row[:8], text, *row[9:])

    def payments(self, schedule: list[LineRecord], zone: ZoneInfo) -> tuple[list[PaymentRecord], bool]:
        """On time for a while, then late or partial, then stopping: why the account was placed.

        Also whether any instalment was paid late or short.
        """
        rng = self.rng
        due = [line for line in schedule if line.due <= self.today]
        kept = rng.randint(0, len(due) - 1)
        out = []
        paid_late = False
        for n, line in enumerate(due[:kept], start=1):
            late = rng.choice((0, 0, 0, 0, 1, 3, 12))
            paid_late = paid_late or late > 0
            day = line.due + timedelta(days=late)
            out.append(PaymentRecord(_local(day, rng.randint(8, 20), rng.randint(0, 59), zone),
                                     line.principal + line.interest, f"PAY-{n:03d}"))
        if kept < len(due) and rng.random() < 0.3:
            line = due[kept]
            partial = (line.principal + line.interest) * rng.randint(20, 60) // 100
            day = min(line.due + timedelta(days=rng.randint(0, 10)), self.today)
            out.append(PaymentRecord(_local(day, 12, 0, zone), partial, "PAY-PART"))
            paid_late = True
        return out, paid_late

    def history(self, i: int, zone: ZoneInfo, contacts: list[tuple[int, str]], flags: dict[str, bool],
                terms: ContractTerms, schedule: list[LineRecord], payments: list[PaymentRecord],
                income: int | None):
        """Past attempts, notes and promises; returns the stage, next action and assignment."""
        rng, today = self.rng, self.today
        stage, next_action, next_at, assigned = Stage.NEW, "", None, None
        if rng.random() < 0.35:
            return stage, next_action, next_at, assigned
        agent = rng.choice(self.agent_ids)
        promised: list[tuple[date, int]] = []  # (due, amount) of the promises made so far
        days = sorted(rng.sample(range(1, 40), rng.randint(1, 4)), reverse=True)
        # Days back from the debtor's own date: the floor's may be a day ahead, and yesterday
        # evening in New York would then still be to come.
        local_today = self.now.astimezone(zone).date()
        for back in days:
            day = local_today - timedelta(days=back)
            outcome = self.pick(OUTCOMES)
            if flags["dispute"] and rng.random() < 0.5:
                outcome = Outcome.DISPUTE
            contact_id, number = contacts[0] if outcome.is_conversation else rng.choice(contacts)
            started = _local(day, rng.choice((9, 10, 11, 12, 14, 15, 16, 18, 19)), rng.randint(0, 59), zone)
            seconds = rng.randint(150, 600) if outcome.is_conversation else rng.randint(15, 45)
            self.attempt_id += 1
            masked = mask(number)  # as the workstation stores a dialled number: one rule, one look
            self.tables.add(m.CallAttempt, self.attempt_id, i, i, agent, contact_id, masked, _ts(started),
                            _ts(started + timedelta(seconds=seconds)), outcome.value, outcome.is_conversation)
            self.note_id += 1
            self.notes += 1
            text = rng.choice(self.pools.notes[outcome.value])
            if outcome.is_conversation and rng.random() < 0.04:
                text += " " + rng.choice(self.pools.careless)
            flagged = _lint(text, self.language)
            checklist = _checklist(rng, outcome, floor_for(self.language).profile)
            can_pay = (income or 0) * rng.randint(10, 30) // 100 if outcome.is_conversation and income else None
            hardship = rng.choice(self.pools.hardships) if outcome.is_conversation and rng.random() < 0.4 else ""
            saved = started + timedelta(seconds=seconds + 60)
            attitude = rng.choice(ATTITUDES) if outcome.is_conversation else ""
            self.tables.add(m.CallNote, self.note_id, i, agent, self.attempt_id, _ts(saved), outcome.value,
                            attitude, hardship, can_pay, "", "{}", "", "", None, text, canonical(checklist),
                            canonical(flagged), "[]", bool(flagged))
            content = {"id": self.note_id, "account": i, "agent": agent, "attempt": self.attempt_id,
                       "amends": None, "created_at": saved, "outcome": outcome.value, "attitude": attitude,
                       "hardship": hardship, "can_pay": can_pay, "offer_kind": "", "offer": {}, "response": "",
                       "next_action": "", "next_action_at": None, "text": text, "checklist": checklist,
                       "lint_flags": flagged, "compliance_flags": [], "flagged": bool(flagged)}
            self.events.append((f"A{agent:03d}", "note_saved", f"note:{self.note_id}",
                                {"account": i, "digest": note_digest(content)}))
            if outcome.is_conversation:
                stage = Stage.CONFIRMED if stage == Stage.NEW else stage
            if outcome == Outcome.DISPUTE:
                stage = Stage.DISPUTED
            if outcome == Outcome.CALLBACK and back <= 2:
                next_action, assigned = CALL_BACK, agent
                next_at = _local(today, rng.randint(9, 19), 0, zone)
            if outcome == Outcome.PROMISE_TO_PAY:
                self.promise(i, agent, day, terms, schedule, payments, promised, zone)
                stage, assigned = Stage.PROMISED, agent
        return stage, next_action, next_at, assigned

    def promise(self, i: int, agent: int, made: date, terms: ContractTerms, schedule: list[LineRecord],
                payments: list[PaymentRecord], promised: list[tuple[date, int]], zone: ZoneInfo) -> None:
        """A promise made on the call of ``made``: never more than was owed that day, less what
        earlier promises still to fall due had already spoken for."""
        rng, today = self.rng, self.today
        wanted = max(50000, terms.principal // rng.choice((5, 10, 20)) // 100 * 100)
        owed = compute_ledger(terms, schedule, payments, made, self.policy).owed.total  # paid after: not counted
        spoken_for = sum(amount for due, amount in promised if due >= made)
        room = owed - spoken_for
        amount = min(wanted, room if room < 10000 else room // 100 * 100)
        if amount <= 0:
            return
        due = made + timedelta(days=rng.randint(3, 14))
        if due > today + timedelta(days=10):
            due = today + timedelta(days=rng.randint(1, 10))
        if rng.random() < 0.15:
            due = today  # due today: the queue puts it first
        status, resolved = PromiseStatus.OPEN, None
        if due < today:
            if rng.random() < 0.55:
                status, resolved = PromiseStatus.KEPT, _local(due, 11, 0, zone)
                payments.append(PaymentRecord(resolved, amount, f"PROMISE-{self.note_id}"))
            else:
                status, resolved = PromiseStatus.BROKEN, _local(due + timedelta(days=1), 0, 5, zone)
        promised.append((due, amount))
        self.promises += 1
        # A promise is made on a call, at most one per note: it takes its note's id.
        created = _local(made, 12, 0, zone)
        self.tables.add(m.Promise, self.note_id, i, self.note_id, amount, _day(due), status.value, _ts(created),
                        _ts(resolved))
        agreed = {"id": self.note_id, "account": i, "note": self.note_id, "amount": amount, "due": due,
                  "created_at": created}
        self.events.append((f"A{agent:03d}", "promise_made", f"promise:{self.note_id}",
                            {"account": i, "note": self.note_id, "amount": amount, "due": _day(due),
                             "digest": promise_digest(agreed)}))
        if status != PromiseStatus.OPEN:  # moved as `promises check` moves one, and on record the same way
            self.events.append(("system", f"promise_{status.value}", f"promise:{self.note_id}", {
                "before": PromiseStatus.OPEN.value, "after": status.value,
                "paid": amount if status == PromiseStatus.KEPT else 0, "at": _ts(resolved)}))


AGENT_IDS = [1, 2, 3]
AUDIT_COLUMNS = ("seq", "at", "actor", "action", "subject", "payload", "prev_hash", "hash")
CHUNK = 5000


def _draw(job: tuple) -> tuple[dict[type[m.BaseModel], list[tuple]], list[tuple], int, int, int]:
    """Draw accounts ``first..last`` (a worker process may run this); return their rows and counts."""
    first, last, seed, language, currency, today, now, policy = job
    portfolio = _Portfolio(seed, pools_for(language), language, currency, today, now, policy, AGENT_IDS)
    for i in range(first, last + 1):
        portfolio.account(i)
    return portfolio.tables.rows, portfolio.events, portfolio.notes, portfolio.promises, portfolio.wrong


def write_demo(db: Database, *, accounts: int, seed: int, language: str, currency: str, today: date,
               now: datetime, policy: LedgerPolicy, progress: Callable[[int], None] | None = None) -> DemoSummary:
    """Fill ``db`` (initialised, empty, bound to the models) with the demo portfolio.

    Large portfolios are drawn by worker processes while this one writes;
    each account's draw depends only on the seed and its number, so the data
    is the same however the work is split.
    """
    pools = pools_for(language)
    jobs = [(first, min(first + CHUNK - 1, accounts), seed, language, currency, today, now, policy)
            for first in range(1, accounts + 1, CHUNK)]
    notes = promises = wrong = 0
    with db.atomic(), ExitStack() as stack:
        indexes = drop_indexes(db)  # made again before the transaction commits
        agents = [(n, f"A{n:03d}", name, "agent", "floor-1", True) for n, name in zip(AGENT_IDS, pools.agents)]
        agents.append((len(agents) + 1, "L001", pools.lead, "lead", "floor-1", True))
        _write(db, m.Agent, ("id", "code", "name", "role", "team", "active"), agents)
        if len(jobs) > 1:
            workers = stack.enter_context(worker_pool(min(2, os.cpu_count() or 1)))
            drawn = workers.map(_draw, jobs)
        else:
            drawn = map(_draw, jobs)
        seq, head = 0, ""
        for job, (tables, drawn_events, n_notes, n_promises, n_wrong) in zip(jobs, drawn):
            for model, rows in tables.items():
                _write(db, model, _Tables.COLUMNS[model], rows)
            events = list(chained_events(seq, head, [
                (now, actor, action, subject, payload) for actor, action, subject, payload in drawn_events]))
            if events:
                seq, head = events[-1][0], events[-1][-1]
                _write(db, m.AuditEvent, AUDIT_COLUMNS, [
                    (s, _ts(at), actor, action, subject, canonical(payload), prev, digest)
                    for s, at, actor, action, subject, payload, prev, digest in events])
            notes, promises, wrong = notes + n_notes, promises + n_promises, wrong + n_wrong
            if progress:
                progress(job[1])
        for statement in indexes:
            db.execute_sql(statement)
        record_all_states("system", "baseline", now)  # each debtor's, number's and account's state on record
    return DemoSummary(len(agents), accounts, notes, promises, wrong)
