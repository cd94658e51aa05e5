"""The desk's messages: the workstation service's answers to the steps the desk asked of it.

Each step runs on the desk's one database worker (:mod:`.desk_worker`) and
its answer is posted to the desk as one of these, in the order the steps
were asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from agent_tui.service.views import (
        CallbackRow,
        CallState,
        CaseView,
        DialResult,
        FieldProblem,
        HeardOffers,
        NoteDraft,
        NumberChoice,
        QueueRow,
        SaveResult,
    )
    from agent_tui.service.workstation import Workstation


@dataclass
class Opened(Message):
    """The service is open, and the queue it ordered first."""

    service: Workstation
    rows: list[QueueRow]


@dataclass
class OpenFailed(Message):
    """The service could not be opened (an unknown agent, a broken script, no database)."""

    error: BaseException


@dataclass
class QueueLoaded(Message):
    """The queue as the service ordered it."""

    rows: list[QueueRow]


@dataclass
class CaseLoaded(Message):
    """A case to show (None: nothing to take)."""

    case: CaseView | None


@dataclass
class CallChanged(Message):
    """The call or the checklist moved on."""

    state: CallState


@dataclass
class CallbacksReady(Message):
    """Ctrl+T's answer: the callbacks this agent set, due today on each debtor's clock."""

    rows: list[CallbackRow]


@dataclass
class NumbersReady(Message):
    """F3's first answer: the debtor's numbers with the calling rules' verdict on each (the choice is the agent's
    when there is more than one)."""

    account_id: int
    numbers: tuple[NumberChoice, ...]


@dataclass
class DialDone(Message):
    """F3's answer: refused by the gate, or a call started."""

    result: DialResult


@dataclass
class NoteChecked(Message):
    """The form's problems, field by field, as typed."""

    account_id: int
    problems: list[FieldProblem]


@dataclass
class NoteSaved(Message):
    """Ctrl+S's answer: saved (and the next case), or the problems that stopped it."""

    result: SaveResult


@dataclass
class DraftStored(Message):
    """The form's draft reached the database (``at`` None: a newer one had already)."""

    account_id: int
    at: datetime | None


@dataclass
class IdRevealed(Message):
    """The national ID, shown after the reveal was written to the audit log."""

    account_id: int
    national_id: str


@dataclass
class AmendmentReady(Message):
    """The agent's last note on the case, copied into the form to be corrected."""

    account_id: int
    draft: NoteDraft


@dataclass
class OffersHeard(Message):
    """The offers worked out again from the hardship and capacity typed (None: they stay as they are)."""

    account_id: int
    heard: HeardOffers | None
