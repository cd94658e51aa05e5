"""Money as integer minor units (fen, cents), and its one way to be shown.

Amounts are plain ``int`` counts of the currency's minor unit everywhere in the
program. Rates are :class:`~decimal.Decimal`. Nothing on a money path is a
float. Rounding is half-up to the minor unit, the way a ledger clerk rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from agent_tui.i18n import t

#: Digits after the decimal point, per ISO 4217 currency.
EXPONENT = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "GBP": 2, "JPY": 0}

CURRENCIES = tuple(EXPONENT)


def exponent(currency: str) -> int:
    """How many minor-unit digits ``currency`` has."""
    return EXPONENT.get(currency, 2)


def round_minor(value: Decimal) -> int:
    """Round a Decimal count of minor units half-up to a whole minor unit."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_evenly(total: int, parts: int) -> tuple[int, ...]:
    """``total`` in ``parts`` equal whole amounts; the remainder goes on the last one.

    ``split_evenly(100000, 3)`` → ``(33333, 33333, 33334)``: the parts always
    sum to ``total`` exactly.
    """
    if parts < 1:
        raise ValueError("parts must be 1 or more")
    each = total // parts
    return (each,) * (parts - 1) + (total - each * (parts - 1),)


def to_major(minor: int, currency: str = "CNY") -> Decimal:
    """The amount as a Decimal in major units (yuan, dollars)."""
    return Decimal(minor).scaleb(-exponent(currency))


def plain(minor: int, currency: str = "CNY") -> str:
    """``1234567`` → ``"12,345.67"``: digits grouped, no symbol."""
    exp = exponent(currency)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**exp)
    text = f"{whole:,}"
    if exp:
        text += "." + str(frac).rjust(exp, "0")
    return sign + text


def format_money(minor: int, currency: str = "CNY", lang: str | None = None) -> str:
    """The amount as the catalog of ``lang`` writes it: ``¥12,345.67`` or ``12,345.67 元``."""
    key = f"money.pattern.{currency}"
    text = t(key, lang=lang, amount=plain(abs(minor), currency))
    return ("-" + text) if minor < 0 else text


def parse_money(text: str, currency: str = "CNY") -> int:
    """Parse what a person typed (``"1,234.5"``, ``"¥80"``, ``"300 元"``) into minor units.

    Raises :class:`ValueError` with a short English reason; callers map it to a
    catalog message.
    """
    cleaned = text.strip().replace(",", "").replace("，", "")
    for mark in ("¥", "￥", "$", "€", "£", "元", "RMB", "CNY", "USD"):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.strip()
    if not cleaned:
        raise ValueError("empty")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite():
        raise ValueError("not a number")
    exp = exponent(currency)
    scaled = value.scaleb(exp)
    if scaled != scaled.to_integral_value():
        raise ValueError("too many decimals")
    return int(scaled)


@dataclass(frozen=True)
class Amount:
    """An amount to put into a message; it formats itself in the reader's language."""

    minor: int
    currency: str = "CNY"

    def localize(self, lang: str) -> str:
        """The amount with its currency, as ``lang`` writes it."""
        return format_money(self.minor, self.currency, lang)


@dataclass(frozen=True)
class Figure:
    """An amount shown without a currency mark, as in a calculation line."""

    minor: int
    currency: str = "CNY"

    def localize(self, lang: str) -> str:
        """The grouped digits; the same in every language."""
        return plain(self.minor, self.currency)


@dataclass(frozen=True)
class Percent:
    """A rate (a Decimal fraction) shown as a percentage: ``Decimal("0.0005")`` → ``0.05%``.

    All the digits the rate has are shown and trailing zeros dropped, so a
    calculation line read aloud reproduces the figure exactly.
    """

    rate: Decimal

    def localize(self, lang: str) -> str:
        """The percentage; written the same way in every language."""
        value = (self.rate * 100).normalize()
        return format(value, "f") + "%"
