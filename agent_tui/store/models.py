"""The tables: the data model of DESIGN.md as Peewee models.

Every model is bound to :data:`database`, a :class:`~peewee.DatabaseProxy`;
the program binds it once with ``database.initialize(open_database(url))``
and tests may use ``db.bind_ctx(MODELS)`` instead.

Conventions: money is a ``BigIntegerField`` of minor units; rates are
:class:`~agent_tui.store.fields.RateField` (exact decimal text); instants are
:class:`~agent_tui.store.fields.UTCDateTimeField`; calendar dates (due dates,
birth dates) are plain ``DateField``. Table names are snake_case
(``call_note``). Call notes and audit events are append-only
(:class:`AppendOnlyModel`); the database refuses changes to them as well (see
``schema.py``).
"""

from __future__ import annotations

from typing import Any

from peewee import (
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Check,
    DatabaseProxy,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from agent_tui.domain.records import ContactKind, Outcome, PenaltyKind, PromiseStatus, Stage
from agent_tui.store.errors import RecordImmutable
from agent_tui.store.fields import (
    EnumField,
    JSONTextField,
    RateField,
    UTCDateTimeField,
    utc_now,
)

#: The database every model uses; ``database.initialize(db)`` binds it.
database = DatabaseProxy()

AGENT_ROLES = ("agent", "lead")
PLAN_KINDS = ("instalments", "extension", "settlement")
PLAN_STATUSES = ("active", "completed", "broken", "cancelled")


class BaseModel(Model):
    """Common settings: the shared proxy and snake_case table names."""

    class Meta:
        database = database
        legacy_table_names = False


class AppendOnlyModel(BaseModel):
    """A row that may be inserted once and never changed or deleted through the ORM.

    ``save()`` on a saved row, ``update()``, ``delete()`` and
    ``delete_instance()`` raise :class:`RecordImmutable`; a correction is a new
    row. The database enforces the same with triggers (``schema.py``).
    """

    _immutable_key = "note_immutable"

    def save(self, force_insert: bool = False, only: Any = None) -> int:
        if self._pk is not None and not force_insert:
            raise RecordImmutable(self._immutable_key, id=self._pk)
        return super().save(force_insert=force_insert, only=only)

    def delete_instance(self, *args: Any, **kwargs: Any) -> int:
        raise RecordImmutable(self._immutable_key, id=self._pk)

    @classmethod
    def update(cls, *args: Any, **kwargs: Any):
        raise RecordImmutable(cls._immutable_key, id="*")

    @classmethod
    def delete(cls, *args: Any, **kwargs: Any):
        raise RecordImmutable(cls._immutable_key, id="*")


class Agent(BaseModel):
    """A person at a workstation: an agent on the phones or a team lead."""

    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=200)
    role = CharField(max_length=16, default="agent", choices=[(r, r) for r in AGENT_ROLES])
    team = CharField(max_length=64, default="")
    active = BooleanField(default=True)

    class Meta:
        constraints = [Check("role IN ('agent', 'lead')")]


class Debtor(BaseModel):
    """Who owes: guide 2.1's profile and the flags the conduct rules obey."""

    name = CharField(max_length=200)
    national_id = CharField(max_length=64, default="", index=True)
    birth_date = DateField(null=True)
    occupation = CharField(max_length=200, default="")
    employer = CharField(max_length=200, default="")
    monthly_income = BigIntegerField(null=True)  # minor units
    family = TextField(default="")
    credit_history = TextField(default="")
    # IANA name; "" when the placement gave none: the numbers tell it (domain.phone_zone), never the floor's.
    time_zone = CharField(max_length=64, default="")
    language = CharField(max_length=16, default="zh-CN")
    cease_contact = BooleanField(default=False)
    dispute = BooleanField(default=False)
    vulnerable = BooleanField(default=False)
    attorney = BooleanField(default=False)
    created_at = UTCDateTimeField(default=utc_now)


class ContactPoint(BaseModel):
    """A phone number or address of the debtor's (or their attorney's)."""

    debtor = ForeignKeyField(Debtor, backref="contact_points", on_delete="CASCADE")
    kind = EnumField(ContactKind, max_length=16)
    value = CharField(max_length=200)
    # "primary" is an SQL keyword; keep raw SQL simple with another column name.
    primary = BooleanField(default=False, column_name="is_primary")
    do_not_call = BooleanField(default=False)
    #: Where this number rings when the creditor says so (IANA name); NULL: the debtor's zone and the number's area.
    time_zone = CharField(max_length=64, null=True)


class Account(BaseModel):
    """A placed debt: contract terms, where the case stands, and who works it.

    ``balance`` and ``overdue_since`` are what the creditor's placement says,
    kept on the row so the queue can sort 100,000 accounts in one indexed
    query; the ledger check recomputes the truth from schedule and payments.
    """

    ref = CharField(max_length=64, unique=True)
    debtor = ForeignKeyField(Debtor, backref="accounts")
    creditor = CharField(max_length=200)
    product = CharField(max_length=200, default="")
    currency = CharField(max_length=3, default="CNY")
    # Contract terms (ContractTerms).
    principal = BigIntegerField()
    annual_rate = RateField()
    start_date = DateField()
    penalty_kind = EnumField(PenaltyKind, max_length=16, default=PenaltyKind.MULTIPLE)
    penalty_value = RateField(default="1.5")
    late_fee = BigIntegerField(default=0)
    day_count = IntegerField(default=365)
    # Where the case stands.
    stage = EnumField(Stage, max_length=16, default=Stage.NEW)
    balance = BigIntegerField(default=0)
    overdue_since = DateField(null=True)
    next_action = CharField(max_length=200, default="")
    next_action_at = UTCDateTimeField(null=True)
    # Who works it: assigned by a lead; claimed with a lease while on a screen.
    assigned_agent = ForeignKeyField(Agent, null=True, backref="assigned_accounts")
    claimed_by = ForeignKeyField(Agent, null=True, backref="claimed_accounts")
    lease_until = UTCDateTimeField(null=True)
    placed_at = UTCDateTimeField(default=utc_now)
    closed_at = UTCDateTimeField(null=True)

    class Meta:
        constraints = [Check("day_count IN (360, 365)")]
        indexes = (
            (("stage", "next_action_at"), False),
            (("assigned_agent", "stage"), False),
            (("claimed_by", "lease_until"), False),
            # The queue's score is relative to the largest balance and the oldest debt in scope.
            (("balance",), False),
            (("overdue_since",), False),
        )


class ScheduleLine(BaseModel):
    """One instalment of the contract's repayment schedule."""

    account = ForeignKeyField(Account, backref="schedule", on_delete="CASCADE")
    seq = IntegerField()
    due = DateField()
    principal = BigIntegerField()
    interest = BigIntegerField()

    class Meta:
        indexes = ((("account", "seq"), True),)


class Charge(BaseModel):
    """What the creditor says is owed for one component (principal, interest, penalty, fees)."""

    account = ForeignKeyField(Account, backref="charges", on_delete="CASCADE")
    kind = CharField(max_length=16)
    amount = BigIntegerField()
    as_of = DateField()


class Payment(BaseModel):
    """Money the debtor paid on an account."""

    account = ForeignKeyField(Account, backref="payments")
    paid_at = UTCDateTimeField()
    amount = BigIntegerField()
    reference = CharField(max_length=128, default="")
    recorded_at = UTCDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("account", "paid_at"), False),)


class CallAttempt(BaseModel):
    """One dial: who called which number of whom, when, and what came of it."""

    id = BigAutoField()
    account = ForeignKeyField(Account, null=True, backref="attempts")
    debtor = ForeignKeyField(Debtor, backref="attempts")
    agent = ForeignKeyField(Agent, backref="attempts")
    contact_point = ForeignKeyField(ContactPoint, null=True, backref="attempts")
    #: The number as dialled, masked for display as every number is (``*******5678``).
    number = CharField(max_length=64, default="")
    started_at = UTCDateTimeField()
    ended_at = UTCDateTimeField(null=True)
    outcome = EnumField(Outcome, max_length=32, null=True)  # null while the call is on
    right_party = BooleanField(default=False)

    class Meta:
        indexes = (
            (("debtor", "started_at"), False),  # contact caps per debtor
            (("contact_point", "started_at"), False),  # unanswered caps per number
            (("account", "started_at"), False),
            (("agent", "started_at"), False),
        )


class CallNote(AppendOnlyModel):
    """The call-record form (guide 3.4), saved once; a correction amends it.

    ``checklist`` is the first-call checklist state, ``lint_flags`` what the
    note linter found, ``compliance_flags`` what the conduct rules flagged;
    ``flagged`` says whether either list is non-empty, for the lead's filter.
    """

    _immutable_key = "note_immutable"

    id = BigAutoField()
    account = ForeignKeyField(Account, backref="notes")
    agent = ForeignKeyField(Agent, backref="notes")
    attempt = ForeignKeyField(CallAttempt, null=True, backref="notes")
    amends = ForeignKeyField("self", null=True, backref="amendments")
    created_at = UTCDateTimeField(default=utc_now)
    outcome = EnumField(Outcome, max_length=32)
    attitude = CharField(max_length=32, default="")
    hardship = TextField(default="")
    can_pay = BigIntegerField(null=True)  # minor units a month
    offer_kind = CharField(max_length=32, default="")
    offer = JSONTextField(default=dict)  # the figures offered
    response = CharField(max_length=32, default="")
    next_action = CharField(max_length=200, default="")
    next_action_at = UTCDateTimeField(null=True)
    text = TextField(default="")
    checklist = JSONTextField(default=dict)
    lint_flags = JSONTextField(default=list)
    compliance_flags = JSONTextField(default=list)
    flagged = BooleanField(default=False)

    class Meta:
        # The review pages newest first by (created_at, id), filtered by agent,
        # outcome or flag; each filter has an index that ends in that order.
        indexes = (
            (("created_at", "id"), False),
            (("agent", "created_at", "id"), False),
            (("outcome", "created_at", "id"), False),
            (("flagged", "created_at", "id"), False),
            (("account", "created_at"), False),
        )


class Promise(BaseModel):
    """A promise to pay a sum by a date, and whether it was kept."""

    account = ForeignKeyField(Account, backref="promises")
    note = ForeignKeyField(CallNote, null=True, backref="promises")
    amount = BigIntegerField()
    due = DateField()
    status = EnumField(PromiseStatus, max_length=16, default=PromiseStatus.OPEN)
    created_at = UTCDateTimeField(default=utc_now)
    resolved_at = UTCDateTimeField(null=True)

    class Meta:
        # (status, note): the notes browser's promise filter reads a status's notes from the index alone.
        indexes = ((("status", "due"), False), (("status", "note"), False))


class Plan(BaseModel):
    """An agreed arrangement: instalments, an extension or a settlement."""

    account = ForeignKeyField(Account, backref="plans")
    note = ForeignKeyField(CallNote, null=True, backref="plans")
    kind = CharField(max_length=16, choices=[(k, k) for k in PLAN_KINDS])
    status = CharField(max_length=16, default="active", choices=[(s, s) for s in PLAN_STATUSES])
    created_at = UTCDateTimeField(default=utc_now)

    class Meta:
        constraints = [
            Check("kind IN ('instalments', 'extension', 'settlement')"),
            Check("status IN ('active', 'completed', 'broken', 'cancelled')"),
        ]


class PlanLine(BaseModel):
    """One payment a plan expects."""

    plan = ForeignKeyField(Plan, backref="lines", on_delete="CASCADE")
    seq = IntegerField()
    due = DateField()
    amount = BigIntegerField()

    class Meta:
        indexes = ((("plan", "seq"), True),)


class Draft(BaseModel):
    """The note form as the agent left it, autosaved so a crash loses nothing."""

    agent = ForeignKeyField(Agent, backref="drafts", on_delete="CASCADE")
    account = ForeignKeyField(Account, backref="drafts", on_delete="CASCADE")
    fields = JSONTextField(default=dict)
    updated_at = UTCDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("agent", "account"), True),)


class AuditEvent(AppendOnlyModel):
    """One entry of the tamper-evident trail: each hash covers the previous one.

    ``seq`` is unique, so two writers cannot both append event n+1: the second
    insert fails and retries on the new head.
    """

    _immutable_key = "audit_immutable"

    id = BigAutoField()
    seq = BigIntegerField(unique=True)
    at = UTCDateTimeField(default=utc_now)
    actor = CharField(max_length=64)  # agent code, or "system"
    action = CharField(max_length=64)
    subject = CharField(max_length=128, default="")  # e.g. "account:42"
    payload = JSONTextField(default=dict)
    prev_hash = CharField(max_length=64, default="")
    hash = CharField(max_length=64, unique=True)

    class Meta:
        indexes = (
            (("subject", "seq"), False),
            (("actor", "at"), False),
        )


#: Every table, parents before children (the order create_tables needs).
MODELS: tuple[type[BaseModel], ...] = (
    Agent,
    Debtor,
    ContactPoint,
    Account,
    ScheduleLine,
    Charge,
    Payment,
    CallAttempt,
    CallNote,
    Promise,
    Plan,
    PlanLine,
    Draft,
    AuditEvent,
)

#: Tables whose rows are never changed once written.
APPEND_ONLY: tuple[type[BaseModel], ...] = (CallNote, AuditEvent)

__all__ = [m.__name__ for m in MODELS] + ["APPEND_ONLY", "MODELS", "database"]
