"""The lead's notes browser as queries: filtered, newest first, one page at a time.

Pages are read by keyset, never by ``OFFSET``: a page asks for the notes
*after* the last one shown, by ``(created_at, id)``, so the database walks an
index from that point and stops after one page. The millionth note costs what
the first does. Each filter that narrows by one column (agent, outcome,
flagged) has an index ending in ``(created_at, id)`` (see ``models.CallNote``),
so a filtered page is read in index order too, without sorting.

Nothing here writes; the functions use the models' bound database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from peewee import OP, SQL, Expression, NodeList, Tuple, Value, fn

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.store.models import Account, Agent, CallNote, Debtor, Promise
from agent_tui.store.name_search import account_found, accounts_found, found_at_most

#: The ``flag`` filter's values: any flag, the linter's, the conduct rules', or none at all.
FLAG_CHOICES = ("any", "lint", "compliance", "clean")
#: The ``promise`` filter's values besides a promise status: a note that took any promise.
PROMISE_ANY = "any"
#: Notes per page unless the caller asks otherwise.
PAGE_SIZE = 50
OUTCOMES = tuple(o.value for o in Outcome)
STAGES = tuple(s.value for s in Stage)
PROMISE_STATUSES = tuple(p.value for p in PromiseStatus)
#: A condition no row meets: what an unknown filter value matches.
_NOTHING = SQL("1 = 0")
#: An empty flag list as the column stores it (the text ``[]``, not JSON-encoded again).
_NO_FLAGS = Value("[]", converter=str)


@dataclass(frozen=True)
class NoteFilter:
    """What the lead narrows the notes to; ``None`` means "any".

    ``since`` is inclusive and ``until`` exclusive, both UTC instants (the
    service turns the lead's calendar days into them). ``search`` matches an
    account reference (from its start) or part of a debtor's name.
    """

    agent: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    outcome: str | None = None
    stage: str | None = None
    flag: str | None = None
    promise: str | None = None
    search: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing is filtered."""
        return all(getattr(self, name) in (None, "") for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class NoteCursor:
    """Where a page ended: the ``(created_at, id)`` of its last note."""

    created_at: datetime
    id: int


@dataclass(frozen=True)
class NoteLine:
    """One note as a row of the browser: enough to scan, the rest is in the detail."""

    id: int
    created_at: datetime
    agent_code: str
    agent_name: str
    account_id: int
    account_ref: str
    debtor_name: str
    outcome: str
    text: str
    flagged: bool
    lint_flags: tuple[dict, ...]
    compliance_flags: tuple
    checklist: dict
    amends_id: int | None
    #: ``(amount, status)`` of the promises the note took (usually none or one).
    promises: tuple[tuple[int, str], ...] = ()
    currency: str = "CNY"
    attitude: str = ""
    next_action: str = ""
    next_action_at: datetime | None = None

    @property
    def cursor(self) -> NoteCursor:
        """The cursor that continues after this note."""
        return NoteCursor(self.created_at, self.id)


@dataclass(frozen=True)
class NotePage:
    """One page of notes and the cursor of the next one (``None``: this is the last)."""

    lines: tuple[NoteLine, ...]
    next: NoteCursor | None = None
    filter: NoteFilter = field(default_factory=NoteFilter)


def agent_id(code: str) -> int | None:
    """The id of the agent with ``code``; ``None`` if there is none."""
    row = Agent.select(Agent.id).where(Agent.code == code).first()
    return row.id if row is not None else None


def _conditions(spec: NoteFilter) -> list:
    """The WHERE terms of ``spec``; an agent code that does not exist matches nothing."""
    terms = []
    if spec.agent:
        found = agent_id(spec.agent)
        terms.append(CallNote.agent == (found if found is not None else -1))
    if spec.since is not None:
        terms.append(CallNote.created_at >= spec.since)
    if spec.until is not None:
        terms.append(CallNote.created_at < spec.until)
    if spec.outcome:
        terms.append(CallNote.outcome == spec.outcome if spec.outcome in OUTCOMES else _NOTHING)
    if spec.flag == "any":
        terms.append(CallNote.flagged == True)  # noqa: E712 - SQL, not Python truth
    elif spec.flag == "lint":
        terms += [CallNote.flagged == True, CallNote.lint_flags != _NO_FLAGS]  # noqa: E712
    elif spec.flag == "compliance":
        terms += [CallNote.flagged == True, CallNote.compliance_flags != _NO_FLAGS]  # noqa: E712
    elif spec.flag == "clean":
        terms.append(CallNote.flagged == False)  # noqa: E712
    if spec.stage:
        if spec.stage in STAGES:
            terms.append(_in_stage(spec.stage))
        else:
            terms.append(_NOTHING)
    if spec.promise:
        terms.append(_with_promise(spec.promise))
    if spec.search and spec.search.strip():
        terms.append(_found_by_search(spec.search.strip()))
    return terms


#: A stage held by at most this many accounts (a promise status by as many promises, a search
#: finding as many accounts) is read first, and their notes sorted; a commoner one is checked
#: note by note down the newest-first index, which meets a page of it soon.
FEW_ACCOUNTS = 5000


def _in_stage(stage: str):
    """Notes on accounts in ``stage``, in the form that reads least for how common the stage is.

    Read first, the accounts of a common stage (half a million at a million
    accounts) bring every one of their notes to be sorted for one page; checked
    per note instead, a rare stage would walk most of the index to fill one.
    """
    accounts = Account.select(Account.id).where(Account.stage == stage)
    if accounts.limit(FEW_ACCOUNTS + 1).count() <= FEW_ACCOUNTS:
        return CallNote.account.in_(accounts)
    return fn.EXISTS(Account.select(SQL("1")).where((Account.id == CallNote.account) & (Account.stage == stage)))


def _with_promise(choice: str):
    """Notes that took a promise (of status ``choice``, or any), in the form that reads least.

    A few promises are read first and their notes sorted. Many promises of
    one status (tens of thousands at a million accounts) are read once into
    a set, through the ``(status, note)`` index, which each note down the
    newest-first index is looked up in: reading each of their notes instead
    (to sort them) reads a million-note table at random. Kept and broken
    promises lie a hundred thousand notes deep, behind the newest notes'
    open ones, so the walk is long and the set lookup must be cheap. Notes
    with any promise are met every few notes, so each is simply checked.
    """
    promises = Promise.select(Promise.note).where(Promise.note.is_null(False))
    if choice in PROMISE_STATUSES:
        promises = promises.where(Promise.status == choice)
    elif choice != PROMISE_ANY:
        return _NOTHING
    if promises.limit(FEW_ACCOUNTS + 1).count() <= FEW_ACCOUNTS:
        return CallNote.id.in_(promises)
    if choice == PROMISE_ANY:
        return fn.EXISTS(promises.where(Promise.note == CallNote.id))
    # "+id" is not the indexed id: the planner looks each note up in the set rather than driving by it.
    return Expression(NodeList((SQL("+"), CallNote.id), glue=""), OP.IN, promises)


def _found_by_search(text: str):
    """Notes on accounts that ``text`` finds (see :mod:`~agent_tui.store.name_search`), as :func:`_in_stage` reads.

    A name or a reference finds a few accounts, through the indexes, whose
    notes are read and sorted. A search as wide as one common character finds
    thousands: then each note down the newest-first index is checked against
    its own account and debtor, and a page of them is met within a few
    thousand notes, sooner than the accounts could all be found.
    """
    if found_at_most(text, FEW_ACCOUNTS):
        return CallNote.account.in_(accounts_found(text))
    return fn.EXISTS(
        Account.select(SQL("1"))
        .join(Debtor, on=(Account.debtor == Debtor.id))
        .where((Account.id == CallNote.account) & account_found(text))
    )


def _after(cursor: NoteCursor):
    """Notes older than ``cursor`` in browsing order: ``(created_at, id) < (c, i)`` as one row value."""
    stamp = CallNote.created_at.db_value(cursor.created_at)
    return Tuple(CallNote.created_at, CallNote.id) < Tuple(Value(stamp, converter=False), cursor.id)


def page_query(spec: NoteFilter, after: NoteCursor | None = None, limit: int = PAGE_SIZE):
    """The SELECT of one page's note ids: one table, read in index order (tests read its plan).

    The agent, account and debtor of those few notes are read afterwards by
    id, so the page query never depends on how the planner orders a join.
    """
    query = CallNote.select(CallNote.id, CallNote.created_at)
    terms = _conditions(spec)
    if after is not None:
        terms.append(_after(after))
    for term in terms:
        query = query.where(term)
    return query.order_by(CallNote.created_at.desc(), CallNote.id.desc()).limit(limit)


def _details(ids: list[int]) -> dict[int, dict]:
    """The notes with these ids, with their agent, account and debtor, by id."""
    if not ids:
        return {}
    query = (
        CallNote.select(
            CallNote.id,
            CallNote.created_at,
            CallNote.account,
            CallNote.outcome,
            CallNote.text,
            CallNote.flagged,
            CallNote.lint_flags,
            CallNote.compliance_flags,
            CallNote.checklist,
            CallNote.amends,
            CallNote.attitude,
            CallNote.next_action,
            CallNote.next_action_at,
            Agent.code.alias("agent_code"),
            Agent.name.alias("agent_name"),
            Account.ref.alias("account_ref"),
            Account.currency.alias("currency"),
            Debtor.name.alias("debtor_name"),
        )
        .join(Agent, on=(CallNote.agent == Agent.id))
        .switch(CallNote)
        .join(Account, on=(CallNote.account == Account.id))
        .join(Debtor, on=(Account.debtor == Debtor.id))
        .where(CallNote.id.in_(ids))
        .dicts()
    )
    return {row["id"]: row for row in query}


def _line(row: dict, promises: dict[int, list[tuple[int, str]]]) -> NoteLine:
    outcome = row["outcome"]
    return NoteLine(
        id=row["id"],
        created_at=row["created_at"],
        agent_code=row["agent_code"],
        agent_name=row["agent_name"],
        account_id=row["account"],
        account_ref=row["account_ref"],
        debtor_name=row["debtor_name"],
        outcome=str(getattr(outcome, "value", outcome)),
        text=row["text"],
        flagged=bool(row["flagged"]),
        lint_flags=tuple(row["lint_flags"] or ()),
        compliance_flags=tuple(row["compliance_flags"] or ()),
        checklist=dict(row["checklist"] or {}),
        amends_id=row["amends"],
        promises=tuple(promises.get(row["id"], ())),
        currency=row["currency"],
        attitude=row["attitude"],
        next_action=row["next_action"],
        next_action_at=row["next_action_at"],
    )


def _promises_of(note_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = {}
    if not note_ids:
        return found
    query = (
        Promise.select(Promise.note, Promise.amount, Promise.status)
        .where(Promise.note.in_(note_ids))
        .order_by(Promise.id)
        .tuples()
    )
    for note_id, amount, status in query:
        found.setdefault(note_id, []).append((amount, str(getattr(status, "value", status))))
    return found


def note_page(spec: NoteFilter, after: NoteCursor | None = None, size: int = PAGE_SIZE) -> NotePage:
    """The ``size`` newest notes matching ``spec`` that come after ``after``."""
    ids = [note_id for note_id, _ in page_query(spec, after, size + 1).tuples()]
    more = len(ids) > size
    ids = ids[:size]
    details = _details(ids)
    rows = [details[i] for i in ids if i in details]
    promises = _promises_of(ids)
    lines = tuple(_line(row, promises) for row in rows)
    return NotePage(lines, lines[-1].cursor if more and lines else None, spec)


def iter_notes(spec: NoteFilter, batch: int = 1000) -> Iterator[NoteLine]:
    """Every note matching ``spec``, newest first, read a page at a time (for export)."""
    after = None
    while True:
        page = note_page(spec, after, batch)
        yield from page.lines
        if page.next is None:
            return
        after = page.next

