"""Small builders for the conduct-rule tests: a debtor, numbers, past attempts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from agent_tui.domain.records import Attempt, ContactKind, ContactPoint, Debtor, Outcome

SHANGHAI = "Asia/Shanghai"
NEW_YORK = "America/New_York"
LOS_ANGELES = "America/Los_Angeles"


def debtor(zone: str = SHANGHAI, **flags) -> Debtor:
    """A debtor living in ``zone`` with the given flags (cease_contact, dispute, attorney)."""
    return Debtor(
        id=1,
        name="Li Wei",
        national_id="110105199001011234",
        birth_date=date(1990, 1, 1),
        occupation="engineer",
        employer="Acme",
        monthly_income=1200000,
        family="married",
        credit_history="clean",
        time_zone=zone,
        **flags,
    )


MOBILE = ContactPoint(1, ContactKind.MOBILE, "13812345678", primary=True)
HOME = ContactPoint(2, ContactKind.HOME, "010-62345678")
LAWYER = ContactPoint(3, ContactKind.ATTORNEY, "021-55556666")


def local(zone: str, day: date, hh: int, mm: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in ``zone``."""
    return datetime.combine(day, time(hh, mm), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def attempt(
    at: datetime, outcome: Outcome = Outcome.NO_ANSWER, point: ContactPoint = MOBILE, account: int | None = 7
) -> Attempt:
    """One past attempt."""
    return Attempt(at=at, contact_point_id=point.id, outcome=outcome, account_id=account)
