"""How one cell of a creditor's placement file becomes a value, or is refused.

Each reader takes the cell's text (already stripped, never empty) and the
currency of the row's account, and returns the value or raises
:class:`ValueError`. Which words describe what was expected lives with the
column specs in :mod:`agent_tui.domain.placement`, not here.

Readers are on the hot path of a million-row import, so the common shapes
(``2024-03-31``, ``12345.67``) take a fast path and everything else falls back
to the general parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.money import EXPONENT, parse_money

_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?")
_STAMP = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
#: What Excel makes of a long number it was not told is text: 1.10105E+17.
_SCIENTIFIC = re.compile(r"[0-9]\.?[0-9]*[eE]\+?[0-9]+")

_TRUE = frozenset({"1", "y", "yes", "true", "t", "x", "是", "有", "√"})
_FALSE = frozenset({"0", "n", "no", "false", "f", "否", "无", "-"})


def read_text(text: str, currency: str) -> str:
    """Free text, kept as written."""
    return text


def read_identifier(text: str, currency: str) -> str:
    """A reference, ID or phone number; refused when Excel wrote it as 1.2E+17."""
    if ("E" in text or "e" in text) and _SCIENTIFIC.fullmatch(text):
        raise ValueError("scientific notation")
    return text


def read_date(text: str, currency: str = "") -> date:
    """``2024-03-31``, or ``2024/3/31`` as Excel writes it (a midnight time is tolerated)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return date.fromisoformat(text)
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("not a date")
    return date(int(match[1]), int(match[2]), int(match[3]))


def read_timestamp(text: str, currency: str = "") -> datetime:
    """A date with an optional time and offset; without an offset it is UTC."""
    match = _STAMP.fullmatch(text)
    if match is None:
        raise ValueError("not a timestamp")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    moment = datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
    )
    if offset is None or offset == "Z":
        return moment.replace(tzinfo=UTC)
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if delta >= timedelta(hours=24):
        raise ValueError("offset out of range")
    return moment.replace(tzinfo=timezone(sign * delta)).astimezone(UTC)


def read_amount(text: str, currency: str) -> int:
    """An amount in the currency's minor units; signs are the caller's to judge."""
    exp = EXPONENT.get(currency, 2)
    # The shapes a spreadsheet writes (12345.67, 12345) without building a Decimal;
    # int() refuses anything isdigit() lets through that is not a decimal digit.
    whole, dot, fraction = text.partition(".")
    if len(fraction) == exp and whole.isdigit() and (fraction.isdigit() or not exp):
        return int(whole + fraction) if dot else int(whole) * 10**exp
    return parse_money(text, currency)


def read_positive_amount(text: str, currency: str) -> int:
    """An amount above zero."""
    exp = EXPONENT.get(currency, 2)
    whole, dot, fraction = text.partition(".")
    if dot and len(fraction) == exp and whole.isdigit() and fraction.isdigit():
        value = int(whole + fraction)
    else:
        value = read_amount(text, currency)
    if value <= 0:
        raise ValueError("not above zero")
    return value


def read_nonnegative_amount(text: str, currency: str) -> int:
    """An amount of zero or more."""
    exp = EXPONENT.get(currency, 2)
    whole, dot, fraction = text.partition(".")
    if dot and len(fraction) == exp and whole.isdigit() and fraction.isdigit():
        return int(whole + fraction)
    value = read_amount(text, currency)
    if value < 0:
        raise ValueError("negative")
    return value


def _decimal(text: str) -> Decimal:
    percent = text.endswith("%") or text.endswith("％")
    if percent:
        text = text[:-1].strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError("not a rate")
    return value.scaleb(-2) if percent else value


def read_rate(text: str, currency: str = "") -> Decimal:
    """A yearly rate: ``0.12`` or ``12%``. A bare number above 1 is refused as ambiguous."""
    value = _decimal(text)
    if value > 1 and not (text.endswith("%") or text.endswith("％")):
        raise ValueError("ambiguous rate")
    return value


def read_factor(text: str, currency: str = "") -> Decimal:
    """A non-negative decimal (a multiplier such as ``1.5``, or a rate with ``%``)."""
    return _decimal(text)


def read_flag(text: str, currency: str = "") -> bool:
    """yes/no in the ways spreadsheets write it."""
    folded = text.lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError("not yes or no")


@lru_cache(maxsize=1024)
def _zone_exists(name: str) -> bool:
    if "/" not in name and name not in ("UTC", "GMT"):
        return False  # the bare abbreviations (CST, EST) mean different things in different places
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def read_time_zone(text: str, currency: str = "") -> str:
    """An IANA time zone name such as ``Asia/Shanghai``."""
    if not _zone_exists(text):
        raise ValueError("unknown time zone")
    return text


def choice(values: dict[str, object]) -> Callable[[str, str], object]:
    """A reader that accepts one of ``values``' keys, case-insensitively."""
    folded = {key.lower(): value for key, value in values.items()}

    def read_choice(text: str, currency: str = "") -> object:
        try:
            return folded[text.lower()]
        except KeyError:
            raise ValueError("not one of the choices") from None

    return read_choice
