"""The call-note form checked as the screen holds it: the rules of :mod:`agent_tui.domain.note_form`
applied to a :class:`~agent_tui.service.views.NoteDraft`, each problem as a
:class:`~agent_tui.service.views.FieldProblem` for the field it names.

The form's choices are the rules' own, named here for the screen.
"""

from __future__ import annotations

from datetime import datetime

from agent_tui.domain.note_form import (
    ATTITUDES,
    HARDSHIPS,
    NEXT_ACTIONS,
    OUTCOMES,
    RESPONSES,
    NoteRules,
    ParsedNote,
)
from agent_tui.domain.note_form import check_note as check_fields
from agent_tui.service.views import FieldProblem, NoteDraft, OfferView

__all__ = ["ATTITUDES", "HARDSHIPS", "NEXT_ACTIONS", "OUTCOMES", "RESPONSES", "NoteRules", "ParsedNote", "check_note"]


def check_note(
    draft: NoteDraft, rules: NoteRules[OfferView], now: datetime
) -> tuple[ParsedNote[OfferView] | None, list[FieldProblem]]:
    """Read the draft against the case's rules; the parsed note when nothing is wrong, and the problems."""
    parsed, problems = check_fields(draft, rules, now)
    return parsed, [FieldProblem(p.field, p.reason) for p in problems]
