"""Column types that keep the store's promises the same on SQLite and PostgreSQL.

- :class:`UTCDateTimeField`: instants go in as aware datetimes, are stored as
  naive UTC (SQLite text ``YYYY-MM-DD HH:MM:SS[.ffffff]``, PostgreSQL
  ``TIMESTAMP``) and come back as aware UTC datetimes.
- :class:`RateField`: a rate is a :class:`~decimal.Decimal` stored as its exact
  text. SQLite would turn a ``DECIMAL`` column's value into a binary float
  (NUMERIC affinity), so the column is text on both databases.
- :class:`JSONTextField`: structured form state as JSON text, readable by any
  tool and the same on both databases.
- :class:`EnumField`: Peewee's own, re-exported, storing a ``StrEnum``'s value.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from peewee import CharField, DateTimeField, TextField
from playhouse.fields import EnumField

__all__ = ["EnumField", "JSONTextField", "RateField", "UTCDateTimeField", "utc_now"]


def utc_now() -> datetime:
    """The current instant, aware, in UTC (for column defaults only)."""
    return datetime.now(UTC)


class UTCDateTimeField(DateTimeField):
    """An instant: takes aware datetimes, stores naive UTC, returns aware UTC.

    A naive datetime is refused rather than guessed at: a local wall-clock time
    silently stored as UTC would put calls in the wrong hour of the debtor's day.
    """

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"{self.name}: expected an aware datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{self.name}: naive datetime {value.isoformat()}; pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def python_value(self, value: Any) -> Any:
        value = super().python_value(value)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        return value


class RateField(CharField):
    """A rate or multiplier as exact decimal text; never a float."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, float) or not isinstance(value, (Decimal, int, str)):
            raise TypeError(f"{self.name}: a rate must be a Decimal, got {type(value).__name__}")
        try:
            rate = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{self.name}: {value!r} is not a decimal number") from None
        if not rate.is_finite():
            raise ValueError(f"{self.name}: {value!r} is not a finite number")
        return str(rate)

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return Decimal(str(value))


class JSONTextField(TextField):
    """A JSON document stored as text (keys sorted, so equal values store equal text)."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.loads(value)
