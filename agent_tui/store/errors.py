"""What can go wrong with the store, as exceptions that carry a catalog message.

Each error holds a :class:`~agent_tui.i18n.Msg`; ``str(error)`` is that message
on one line in the current language, so the command line can print it as is
and never show a traceback.
"""

from __future__ import annotations

from typing import Any

from agent_tui.i18n import Msg


class StoreError(Exception):
    """The store cannot do what was asked; ``msg`` says why for the user."""

    def __init__(self, key: str, **params: Any):
        self.msg = Msg(f"store.{key}", params)
        super().__init__(self.msg.key)

    def __str__(self) -> str:
        return " ".join(self.msg.render().split())


class DatabaseUrlError(StoreError):
    """The database URL is malformed or names a database we do not support."""


class DatabaseUnavailable(StoreError):
    """The database file or server could not be opened."""


class SchemaError(StoreError):
    """The database has no schema yet, or one this program does not match."""


class TextRefused(StoreError):
    """Text the database cannot take as it is (a NUL character), in a write or a search."""


class RecordImmutable(StoreError):
    """An attempt to change or delete a saved call note or audit event."""
