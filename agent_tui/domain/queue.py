"""The order in which an agent works accounts, and why each one sits where it does.

Groups come first (guide 3.5: what was promised or booked comes back first,
then missed promises, then accounts nobody has reached yet, then
re-attempts); inside a group a score from balance and days past due decides,
raised during the debtor's best hour to call (guide 2.3), which is learned
from the local hours of past conversations. Accounts the contact gate
refuses right now go to the end with the reason and when they open again.

A worked case rests: until the time its last note set for what comes next
(a callback, a follow-up, or ``queue.rest_minutes`` after a call that set
none), and while an open promise is not yet due, until the start of its
day. A case with nothing owed, or closed, is in no queue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.compliance import ContactDecision, Profile, contact_decisions
from agent_tui.domain.money import Amount
from agent_tui.domain.phone_zone import clock_zone
from agent_tui.domain.policy import QueueWeights
from agent_tui.domain.records import Account, Attempt, ContactPoint, Debtor, Promise, PromiseStatus, Stage
from agent_tui.i18n import Msg


class QueueGroup(StrEnum):
    """Where an account stands in the queue, in working order."""

    DUE = "due"  # a promise or a callback is due now
    BROKEN = "broken"  # a promise was missed and nobody has spoken with the debtor since
    NEW = "new"  # never attempted
    RETRY = "retry"  # attempted before
    BLOCKED = "blocked"  # the contact gate refuses every number right now
    CLOSED = "closed"  # nothing is owed, or the case is closed: in no queue


_ORDER = {group: rank for rank, group in enumerate(QueueGroup)}
_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class QueueInput:
    """What the queue needs to know about one account; the service fills it from the store."""

    account: Account
    debtor: Debtor
    contact_points: tuple[ContactPoint, ...]
    #: The debtor's past attempts, any account's (the daily caps are per debtor).
    history: tuple[Attempt, ...]
    #: What is owed now, in minor units, and for how long.
    balance: int
    days_past_due: int
    #: Open and broken promises of this account.
    promises: tuple[Promise, ...] = ()
    #: When the debtor asked to be called back, if they did.
    callback_at: datetime | None = None


@dataclass(frozen=True)
class QueueEntry:
    """One account's place in the queue and the few words that explain it."""

    account: Account
    group: QueueGroup
    score: Decimal
    reason: Msg
    contactable: bool
    next_allowed_at: datetime | None
    best_hour: int | None
    #: The group it would be in if it could be called: for a blocked account, what is waiting.
    natural_group: QueueGroup
    #: The gate's answer for each contact point.
    contacts: tuple[tuple[ContactPoint, ContactDecision], ...] = field(default=())
    #: The refusal shown for a blocked account.
    blocked_by: ContactDecision | None = None
    #: The zone of the debtor's clock: theirs, else their numbers' (:func:`~agent_tui.domain.phone_zone.clock_zone`).
    zone: str = "UTC"
    #: Until when the worked case rests (its next action's time, or its open promise's day), if it does.
    resting_until: datetime | None = None

    @property
    def workable(self) -> bool:
        """Whether "next case" may take it now: callable, not resting, not closed."""
        return self.contactable and self.resting_until is None and self.group != QueueGroup.CLOSED


def _zone(name: str | ZoneInfo) -> ZoneInfo:
    if isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def best_hour(history: Sequence[Attempt], tz: str | ZoneInfo) -> int | None:
    """The local hour (0-23) in which the debtor was reached most often, or None if never reached.

    On a tie the hour of the most recent conversation wins: habits change.
    """
    zone = _zone(tz)
    reached = sorted(a.at for a in history if a.conversation)
    if not reached:
        return None
    hours = [at.astimezone(zone).hour for at in reached]
    counts = Counter(hours)
    top = max(counts.values())
    latest = {hour: index for index, hour in enumerate(hours)}
    return max((h for h, n in counts.items() if n == top), key=lambda h: latest[h])


def _about(attempt: Attempt, account: Account) -> bool:
    return attempt.account_id is None or attempt.account_id == account.id


def _standing(now: datetime, item: QueueInput, zone: ZoneInfo) -> tuple[QueueGroup, Msg]:
    """The group an account belongs to by its own state, and why."""
    today = now.astimezone(zone).date()
    currency = item.account.terms.currency
    due = sorted(
        (p for p in item.promises if p.status == PromiseStatus.OPEN and p.due <= today),
        key=lambda p: p.due,
    )
    if due:
        promise = due[0]
        return QueueGroup.DUE, Msg(
            "queue.reason.promise_due", {"amount": Amount(promise.amount, currency), "due": promise.due.isoformat()}
        )
    if item.callback_at is not None and item.callback_at <= now:
        at = item.callback_at.astimezone(zone)
        return QueueGroup.DUE, Msg("queue.reason.callback_due", {"at": f"{at:%Y-%m-%d %H:%M}"})
    attempts = [a for a in item.history if _about(a, item.account) and a.at <= now]
    spoken = [a.at.astimezone(zone).date() for a in attempts if a.conversation]
    broken = sorted(
        (
            p
            for p in item.promises
            if p.status == PromiseStatus.BROKEN and not any(day > p.due for day in spoken)
        ),
        key=lambda p: p.due,
        reverse=True,
    )
    if broken:
        promise = broken[0]
        return QueueGroup.BROKEN, Msg(
            "queue.reason.broken", {"amount": Amount(promise.amount, currency), "due": promise.due.isoformat()}
        )
    if not attempts:
        return QueueGroup.NEW, Msg("queue.reason.new", {"days": item.days_past_due})
    last = max(a.at for a in attempts).astimezone(zone)
    return QueueGroup.RETRY, Msg("queue.reason.retry", {"last": f"{last:%Y-%m-%d %H:%M}", "count": len(attempts)})


def resting_until(now: datetime, item: QueueInput, natural: QueueGroup, zone: ZoneInfo) -> datetime | None:
    """Until when a worked case waits before it is offered again, or ``None`` when it may be worked now.

    The time its last note set for what comes next (the rest after a call that set none is written
    there too) holds whatever the group; an open promise not yet due holds the case until the start of
    its day in the debtor's zone, unless something is due now or the debtor asked for a call back.
    """
    scheduled = item.account.next_action_at
    rest = scheduled if scheduled is not None and scheduled > now else None
    if natural == QueueGroup.DUE or item.callback_at is not None:
        return rest
    today = now.astimezone(zone).date()
    open_days = [p.due for p in item.promises if p.status == PromiseStatus.OPEN]
    if open_days and min(open_days) > today:
        day = datetime.combine(min(open_days), time(0), tzinfo=zone).astimezone(UTC)
        rest = day if rest is None else max(rest, day)
    return rest


def _closed(item: QueueInput) -> bool:
    return item.balance <= 0 or item.account.stage == Stage.CLOSED


def _ratio(value: int, largest: int) -> Decimal:
    return Decimal(max(value, 0)) / Decimal(largest) if largest > 0 else Decimal(0)


def _blocking(contacts: Sequence[tuple[ContactPoint, ContactDecision]]) -> ContactDecision | None:
    """The refusal to show: the one that lifts soonest, the primary number first on a tie."""
    if not contacts:
        return None
    far = datetime.max.replace(tzinfo=UTC)
    _, decision = min(
        contacts,
        key=lambda pair: (pair[1].next_allowed_at is None, pair[1].next_allowed_at or far, not pair[0].primary),
    )
    return decision


def order_queue(
    now: datetime,
    entries: Sequence[QueueInput],
    profile: Profile,
    weights: QueueWeights,
    largest: tuple[int, int] | None = None,
) -> list[QueueEntry]:
    """The accounts in working order, each with its group, score and reason.

    The score is ``balance weight × balance / largest balance + days weight
    × days past due / largest days past due`` over the accounts given, plus
    the best-hour weight when ``now`` falls in the debtor's best hour.
    ``largest`` gives the largest balance and days past due of a wider set
    instead, when the entries are the first part of a queue too long to rank
    whole: their scores are then the ones they have in the whole queue.
    """
    if largest is not None:
        largest_balance, largest_days = largest
    else:
        largest_balance = max((e.balance for e in entries), default=0)
        largest_days = max((e.days_past_due for e in entries), default=0)
    built: list[QueueEntry] = []
    for item in entries:
        zone_name = clock_zone(item.debtor, item.contact_points, profile.country)
        zone = _zone(zone_name)
        natural, reason = _standing(now, item, zone)
        hour = best_hour(item.history, zone)
        score = weights.balance * _ratio(item.balance, largest_balance) + weights.days_past_due * _ratio(
            item.days_past_due, largest_days
        )
        if hour is not None and now.astimezone(zone).hour == hour:
            score += weights.best_hour
            reason = Msg("queue.reason.best_hour", {"reason": reason, "hour": f"{hour:02d}:00"})
        contacts = contact_decisions(
            now, item.debtor, item.contact_points, item.history, profile, item.account.id
        )
        contactable = any(decision.allowed for _, decision in contacts)
        blocked_by = None if contactable else _blocking(contacts)
        rest = resting_until(now, item, natural, zone)
        if _closed(item):
            why = "nothing_owed" if item.balance <= 0 else "closed"
            natural, reason, rest = QueueGroup.CLOSED, Msg(f"queue.reason.{why}"), None
        elif not contactable:
            reason = (
                Msg("queue.reason.blocked", {"why": blocked_by.reason})
                if blocked_by is not None
                else Msg("queue.reason.no_contact_point")
            )
        built.append(
            QueueEntry(
                account=item.account,
                group=natural if contactable or natural == QueueGroup.CLOSED else QueueGroup.BLOCKED,
                score=score.quantize(_PLACES),
                reason=reason,
                contactable=contactable,
                next_allowed_at=blocked_by.next_allowed_at if blocked_by else None,
                best_hour=hour,
                natural_group=natural,
                contacts=contacts,
                blocked_by=blocked_by,
                zone=zone_name,
                resting_until=rest,
            )
        )
    far = datetime.max.replace(tzinfo=UTC)

    def key(pair: tuple[QueueEntry, QueueInput]) -> tuple[bool, int, tuple[bool, datetime], Decimal, int, str]:
        entry, item = pair
        waiting = (False, far) if entry.contactable else (entry.next_allowed_at is None, entry.next_allowed_at or far)
        # What rests goes after all that can be worked now, in the same order among itself.
        resting = entry.resting_until is not None and entry.contactable
        return (resting, _ORDER[entry.group], waiting, -entry.score, -item.days_past_due, entry.account.ref)

    return [entry for entry, _ in sorted(zip(built, entries), key=key)]
