"""How the review writes times, amounts, rates and choice labels in either language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from rich.cells import cell_len

from agent_tui.domain.money import format_money
from agent_tui.i18n import Msg, has, render, t


def when(at: datetime | None, zone: ZoneInfo) -> str:
    """``2025-03-14 14:05`` on the floor's clock; ``—`` for nothing."""
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at else "—"


def on_floor(at: datetime | None, zone: ZoneInfo) -> str:
    """``2025-03-14 14:05 (floor)``: :func:`when` with its clock named, for a time outside a labelled column."""
    return t("common.clock.floor", at=when(at, zone)) if at else "—"


def day(value: date | None) -> str:
    """``2025-03-14``: the same in both languages, and the way the filter takes dates."""
    return value.isoformat() if value else "—"


def money(minor: int | None, currency: str) -> str:
    """An amount with its currency as the reader's language writes it."""
    return "—" if minor is None else format_money(minor, currency)


def percent(rate: Decimal | None) -> str:
    """A fraction as ``37.5%``; ``—`` when there is nothing to divide."""
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def number(value: Decimal | None) -> str:
    """A plain figure to one decimal place; ``—`` for none."""
    return "—" if value is None else str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def label(group: str, value: str | None) -> str:
    """The catalog's word for a stored choice (``review.outcome.no_answer``); the raw value if unknown."""
    if not value:
        return "—"
    key = f"review.{group}.{value}"
    return t(key) if has(key) else value


def text(value: Msg | str | None) -> str:
    """A message or plain text, ready to show."""
    if value is None:
        return ""
    return render(value) if isinstance(value, Msg) else str(value)


def first_line(value: str, width: int) -> str:
    """The first line of ``value``, cut to ``width`` terminal cells (CJK counts two) with an ellipsis."""
    line = value.strip().splitlines()[0] if value.strip() else ""
    if cell_len(line) <= width:
        return line
    out, used = [], 0
    for ch in line:
        size = cell_len(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out) + "…"


def problem_text(error: BaseException | None) -> str:
    """What went wrong, in the reader's language when the error carries a catalog message."""
    msg = getattr(error, "msg", None)
    if isinstance(msg, Msg):
        return render(msg)
    return str(error) if error is not None else ""
