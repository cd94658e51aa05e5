"""One "today" per debtor: the date on the debtor's own clock.

Days past due, the offers' dates, the queue's "Overdue" column and the note
form's date checks all count from the same day: the debtor's local date at
that moment, in the zone of :func:`~agent_tui.domain.phone_zone.clock_zone`
(their recorded zone, else their numbers', else UTC). A debtor in Shanghai
is already on the 8th at 23:30 UTC on the 7th; one in Los Angeles is still
on the 7th at 03:00 UTC on the 8th. The floor's zone never decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.phone_zone import clock_zone
from agent_tui.domain.records import ContactPoint, Debtor


def local_today(now: datetime, zone: str) -> date:
    """The date at ``now`` in ``zone``; in UTC for a name that is no zone (config and import refuse those)."""
    try:
        tz: ZoneInfo = ZoneInfo(zone) if zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        tz = ZoneInfo("UTC")
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return aware.astimezone(tz).date()


def debtor_today(now: datetime, debtor: Debtor, points: Sequence[ContactPoint], country: str = "") -> date:
    """The debtor's date at ``now``: the one day every figure and check of their case counts from."""
    return local_today(now, clock_zone(debtor, points, country))


def days_since(since: date | None, today: date) -> int:
    """Whole days from ``since`` to ``today``, never below zero; 0 without a date."""
    return max(0, (today - since).days) if since is not None else 0
