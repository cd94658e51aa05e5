"""How the workstation writes times, dates, spans and short labels in either language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from rich.cells import cell_len

from agent_tui.i18n import Msg, has, render, t


def clock(at: datetime | None) -> str:
    """``14:05`` — a time of day as the debtor's clock shows it."""
    return at.strftime("%H:%M") if at else "—"


def day(at: date | datetime | None) -> str:
    """``2025-03-14``: the same in both languages, and the way the form takes dates."""
    if at is None:
        return "—"
    return at.strftime("%Y-%m-%d")


def day_and_clock(at: datetime | None) -> str:
    """``2025-03-14 14:05``."""
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


def on_clock(at: datetime | None, zone: tzinfo, now: datetime, whose: str) -> str:
    """``14:05 (debtor)``: ``at`` on a named clock, ``whose`` ``debtor`` or ``floor``.

    The date comes first when ``at`` is not on ``now``'s day on that clock
    (``2025-03-14 14:05 (floor)``); a time without a zone is read as UTC.
    """
    if at is None:
        return "—"
    local = (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(zone)
    today = (now if now.tzinfo is not None else now.replace(tzinfo=UTC)).astimezone(zone).date()
    return t(f"common.clock.{whose}", at=clock(local) if local.date() == today else day_and_clock(local))


def span(length: timedelta) -> str:
    """A call's length as ``mm:ss`` (``h:mm:ss`` past an hour)."""
    seconds = max(0, int(length.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def text(value: Msg | str | None) -> str:
    """A message or plain text, ready to show."""
    if value is None:
        return ""
    return render(value) if isinstance(value, Msg) else str(value)


def choice(group: str, value: str) -> str:
    """The label of a form choice (``callnote.outcome.no_answer``); the raw value if unknown."""
    if not value:
        return "—"
    key = f"{group}.{value}"
    return t(key) if has(key) else value  # an old value no longer in the catalog still shows


def clip(value: str, width: int) -> str:
    """Cut to ``width`` terminal cells with an ellipsis, counting a CJK character as two."""
    if cell_len(value) <= width:
        return value
    out = ""
    for ch in value:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def pad(value: str, width: int) -> str:
    """Pad to ``width`` terminal cells, counting a CJK character as two."""
    return value + " " * max(0, width - cell_len(value))


def pad_left(value: str, width: int) -> str:
    """Right-align in ``width`` terminal cells, counting a CJK character as two."""
    return " " * max(0, width - cell_len(value)) + value
