"""The contact gate: may this contact point be called at this moment, and if not, why and when.

The gate reads only its arguments: the moment (UTC), the debtor, the contact
point, the contact history and the profile. Days are the debtor's local
days, so counters reset at the debtor's midnight and the calling window
follows daylight-saving changes. A refusal names the rule, its citation, a
sentence for the agent and, where waiting helps, the first moment the same
call would be allowed if nothing else happens meanwhile.

The calling window holds in every zone the number may ring in
(:func:`~agent_tui.domain.phone_zone.point_zones`): the number's own zone,
the debtor's, the number's area, or every zone of its country. A debtor
without a zone is never given the floor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.conduct_rules import Profile, Rule, RuleKind
from agent_tui.domain.masking import mask
from agent_tui.domain.phone_zone import clock_zone, point_zones, zones_named
from agent_tui.domain.records import Attempt, ContactKind, ContactPoint, Debtor, Outcome
from agent_tui.i18n import Msg

#: Outcomes in which nobody picked up the phone.
UNANSWERED = frozenset({Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL})

#: How far back the gate needs the debtor's attempts: a week's caps, and a day for the debtor's zone.
GATE_HISTORY = timedelta(days=8)

#: How far ahead the gate looks for the next allowed moment before giving up.
_MAX_STEPS = 32


@dataclass(frozen=True)
class ContactDecision:
    """The gate's answer for one contact point at one moment.

    When refused, ``rule_id``, ``citation`` and ``reason`` say why;
    ``next_allowed_at`` (UTC) is the first moment the call would be allowed
    if nothing else happens meanwhile, or ``None`` when waiting does not help
    (a cease request, a dispute, an attorney on file, a do-not-call mark).
    ``alternative`` is the attorney's contact point when the debtor has one
    on file. ``zones`` are the zones the calling window was checked in.
    """

    allowed: bool
    reason: Msg
    rule_id: str | None = None
    citation: str | None = None
    kind: RuleKind | None = None
    next_allowed_at: datetime | None = None
    alternative: ContactPoint | None = None
    zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Refusal:
    rule: Rule
    reason: Msg
    retry_at: datetime | None = None
    alternative: ContactPoint | None = None


def _zone(debtor: Debtor) -> ZoneInfo | None:
    try:
        return ZoneInfo(debtor.time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None


def zone_of(name: str) -> ZoneInfo:
    """The zone of this name; UTC when the name is not a zone (the gate refuses such a debtor anyway)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class ContactCounts:
    """The contacts the caps count at one moment, in the debtor's local days.

    The gate refuses on these very numbers, and the case's badge shows them,
    so the two never disagree.
    """

    #: Conversations with the debtor today (any account's).
    conversations_today: int
    #: Attempts about this debt on the last seven local days, today included.
    attempts_this_week: int

    def against_cap(self, profile: Profile) -> tuple[int, int, str]:
        """The count the profile's cap is about, the cap, and its period (``day`` or ``week``).

        A profile with a daily conversation cap is shown by it; else by its weekly attempt cap;
        else by the day's conversations against no cap (0).
        """
        if profile.max_conversations_per_day is not None:
            return self.conversations_today, profile.max_conversations_per_day, "day"
        if profile.max_attempts_per_7_days is not None:
            return self.attempts_this_week, profile.max_attempts_per_7_days, "week"
        return self.conversations_today, 0, "day"


def _conversations_on(past: Sequence[Attempt], tz: ZoneInfo, today: date) -> int:
    return sum(1 for a in past if a.conversation and a.at.astimezone(tz).date() == today)


def _week_days(about: Sequence[Attempt], tz: ZoneInfo, today: date) -> list[date]:
    """The local days of the attempts about the debt that fall in the seven days ending ``today``."""
    days = [a.at.astimezone(tz).date() for a in about]
    return [d for d in days if today - timedelta(days=6) <= d <= today]


def contact_counts(
    at: datetime, debtor: Debtor, history: Sequence[Attempt], account_id: int | None = None, zone: str = ""
) -> ContactCounts:
    """What the caps count at ``at``: attempts after ``at`` are ignored, days are ``zone``'s (give the
    debtor's :func:`~agent_tui.domain.phone_zone.clock_zone`, as the gate counts in it; the debtor's own
    zone, else UTC, when not given); ``account_id`` narrows the week to this debt."""
    tz = zone_of(zone) if zone else (_zone(debtor) or ZoneInfo("UTC"))
    today = at.astimezone(tz).date()
    past = [a for a in history if a.at <= at]
    about = [a for a in past if _about_debt(a, account_id)]
    return ContactCounts(_conversations_on(past, tz, today), len(_week_days(about, tz, today)))


def _opening(day: date, profile: Profile, tz: ZoneInfo) -> datetime:
    """The UTC moment the calling window opens on a local day."""
    return datetime.combine(day, profile.window_start, tzinfo=tz).astimezone(UTC)


def _hhmm(value: time) -> str:
    return f"{value:%H:%M}"


def _about_debt(attempt: Attempt, account_id: int | None) -> bool:
    # An attempt not tied to an account may have been about this debt: count it.
    return account_id is None or attempt.account_id is None or attempt.account_id == account_id


def _outside_window(at: datetime, zones: Sequence[ZoneInfo], profile: Profile) -> tuple[Msg, datetime] | None:
    """Why ``at`` is outside the window in one of ``zones``, and when it next opens in all those it is
    outside in (the caller checks again then: another zone may close meanwhile); None when inside in all."""
    start, end = profile.window_start, profile.window_end
    outside = [(tz, at.astimezone(tz)) for tz in zones if not start <= at.astimezone(tz).time() < end]
    if not outside:
        return None
    tz, local = outside[0]
    opens = max(
        _opening(there.date() if there.time() < start else there.date() + timedelta(days=1), profile, zone)
        for zone, there in outside
    )
    params = {"start": _hhmm(start), "end": _hhmm(end), "local": f"{local:%H:%M}", "zone": tz.key}
    return Msg("compliance.reason.calling_window", params), opens


def _check(
    at: datetime,
    debtor: Debtor,
    point: ContactPoint,
    history: Sequence[Attempt],
    profile: Profile,
    account_id: int | None,
    attorney: ContactPoint | None,
    day_zone: ZoneInfo,
) -> _Refusal | None:
    """The first rule that refuses the call at ``at``, or None when it is allowed.

    ``day_zone`` is the zone whose days the caps count in.
    """
    rule = profile.rule(RuleKind.DISPUTE)
    if rule and debtor.dispute:
        return _Refusal(rule, Msg("compliance.reason.dispute"))
    rule = profile.rule(RuleKind.CEASE_CONTACT)
    if rule and debtor.cease_contact and point.kind != ContactKind.ATTORNEY:
        return _Refusal(rule, Msg("compliance.reason.cease_contact"))
    rule = profile.rule(RuleKind.ATTORNEY)
    if rule and debtor.attorney and point.kind != ContactKind.ATTORNEY:
        if attorney is not None:
            return _Refusal(rule, Msg("compliance.reason.attorney", {"attorney": mask(attorney.value)}), None, attorney)
        return _Refusal(rule, Msg("compliance.reason.attorney_unknown"))
    rule = profile.rule(RuleKind.DO_NOT_CALL)
    if rule and point.do_not_call:
        return _Refusal(rule, Msg("compliance.reason.do_not_call", {"number": mask(point.value)}))

    window = profile.rule(RuleKind.CALLING_WINDOW)
    zones = point_zones(point, debtor, profile.country)
    if not zones:
        # Without the local time where the number rings the window cannot be checked: refuse rather than guess.
        assert window is not None, "every profile has a calling window"
        params: dict[str, object] = {"zone": debtor.time_zone or "-", "number": mask(point.value)}
        return _Refusal(window, Msg("compliance.reason.time_zone_unknown", params))
    if window:
        outside = _outside_window(at, [ZoneInfo(z) for z in zones], profile)
        if outside is not None:
            return _Refusal(window, *outside)
    tz = day_zone
    today = at.astimezone(tz).date()

    past = [a for a in history if a.at <= at]
    tomorrow = _opening(today + timedelta(days=1), profile, tz)

    rule = profile.rule(RuleKind.DAILY_CONVERSATIONS)
    limit = profile.max_conversations_per_day
    if rule and limit is not None:
        count = _conversations_on(past, tz, today)
        if count >= limit:
            params = {"count": count, "limit": limit}
            return _Refusal(rule, Msg("compliance.reason.daily_conversations", params), tomorrow)

    rule = profile.rule(RuleKind.DAILY_UNANSWERED)
    limit = profile.max_unanswered_per_number_per_day
    if rule and limit is not None:
        count = sum(
            1
            for a in past
            if a.contact_point_id == point.id and a.outcome in UNANSWERED and a.at.astimezone(tz).date() == today
        )
        if count >= limit:
            params = {"count": count, "limit": limit, "number": mask(point.value)}
            return _Refusal(rule, Msg("compliance.reason.daily_unanswered", params), tomorrow)

    about = [a for a in past if _about_debt(a, account_id)]
    rule = profile.rule(RuleKind.WEEKLY_ATTEMPTS)
    limit = profile.max_attempts_per_7_days
    if rule and limit is not None:
        days = _week_days(about, tz, today)
        if len(days) >= limit:
            retry = None
            for ahead in range(1, 8):
                day = today + timedelta(days=ahead)
                if sum(1 for d in days if d >= day - timedelta(days=6)) < limit:
                    retry = _opening(day, profile, tz)
                    break
            params = {"count": len(days), "limit": limit}
            return _Refusal(rule, Msg("compliance.reason.weekly_attempts", params), retry)

    rule = profile.rule(RuleKind.AFTER_CONVERSATION)
    quiet = profile.quiet_days_after_conversation
    if rule and quiet is not None:
        spoke = [a.at.astimezone(tz).date() for a in about if a.conversation]
        last = max(spoke, default=None)
        # The conversation's own day is the first of the quiet days.
        if last is not None and today < last + timedelta(days=quiet):
            params = {"date": last.isoformat(), "days": quiet}
            return _Refusal(
                rule,
                Msg("compliance.reason.after_conversation", params),
                _opening(last + timedelta(days=quiet), profile, tz),
            )
    return None


def can_contact(
    now: datetime,
    debtor: Debtor,
    contact_point: ContactPoint,
    history: Sequence[Attempt],
    profile: Profile,
    account_id: int | None = None,
    *,
    attorney: ContactPoint | None = None,
    day_zone_name: str = "",
) -> ContactDecision:
    """Whether ``contact_point`` may be called at ``now`` (an aware datetime).

    ``history`` is the debtor's past attempts (any agent's, any account's);
    attempts after ``now`` are ignored. ``account_id`` narrows the per-debt
    rules (Reg F's call frequency) to attempts about that account.
    ``attorney`` is the attorney's contact point, offered as the alternative
    when the debtor has an attorney on file. ``day_zone_name`` is the zone
    the caps count days in (the debtor's clock zone over all their numbers,
    as :func:`contact_decisions` gives it); by default this number's.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    day_zone = zone_of(day_zone_name or clock_zone(debtor, (contact_point,), profile.country))
    zones = point_zones(contact_point, debtor, profile.country)
    refusal = _check(now, debtor, contact_point, history, profile, account_id, attorney, day_zone)
    if refusal is None:
        local = now.astimezone(ZoneInfo(zones[0]))
        allowed = Msg("compliance.reason.allowed", {"local": f"{local:%H:%M}", "zone": zones_named(now, zones)})
        return ContactDecision(True, allowed, zones=zones)
    # Wait out one rule, then check all of them again: the next allowed moment must pass every rule.
    at = refusal.retry_at
    steps = 0
    while at is not None:
        later = _check(at, debtor, contact_point, history, profile, account_id, attorney, day_zone)
        if later is None:
            break
        steps += 1
        if later.retry_at is None or later.retry_at <= at or steps >= _MAX_STEPS:
            at = None
        else:
            at = later.retry_at
    return ContactDecision(
        False,
        refusal.reason,
        refusal.rule.id,
        refusal.rule.citation,
        refusal.rule.kind,
        at.astimezone(UTC) if at is not None else None,
        refusal.alternative,
        zones,
    )


def contact_row(point: ContactPoint, decision: ContactDecision) -> dict[str, object]:
    """One contact point's answer as plain data for ``--json``: the number masked, the time in UTC ISO form,
    the zones the calling window was checked in."""
    return {
        "kind": point.kind.value,
        "masked": mask(point.value),
        "allowed": decision.allowed,
        "rule": decision.rule_id,
        "citation": decision.citation,
        "next_allowed_at": decision.next_allowed_at.isoformat() if decision.next_allowed_at else None,
        "zones": list(decision.zones),
    }


def attorney_point(contact_points: Sequence[ContactPoint]) -> ContactPoint | None:
    """The attorney's contact point to offer instead, if one is on file and callable."""
    return next((p for p in contact_points if p.kind == ContactKind.ATTORNEY and not p.do_not_call), None)


def contact_decisions(
    now: datetime,
    debtor: Debtor,
    contact_points: Sequence[ContactPoint],
    history: Sequence[Attempt],
    profile: Profile,
    account_id: int | None = None,
) -> tuple[tuple[ContactPoint, ContactDecision], ...]:
    """The gate's answer for each of the debtor's contact points, in their order.

    A debtor without a zone takes the one all their numbers agree on, if they do
    (:func:`~agent_tui.domain.phone_zone.settled_zone`); the caps count days in
    the debtor's clock zone for every number alike.
    """
    attorney = attorney_point(contact_points)
    days = clock_zone(debtor, contact_points, profile.country)
    return tuple(
        (p, can_contact(now, debtor, p, history, profile, account_id, attorney=attorney, day_zone_name=days))
        for p in contact_points
    )
