"""Whatever an agent types into the note, the service saves it exactly or names the field it refuses.

The drafts are random: CJK, emoji, control characters, right-to-left marks, long
texts, amounts and dates out of range or not amounts and dates at all. Each goes
through ``check_note`` and ``save_note`` as an amendment of a saved note (so no
new call, and no contact rule, is needed per example); nothing may raise.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from agent_tui.i18n import set_language, t
from agent_tui.service.dialer import Dialer
from agent_tui.service.views import NOTE_FIELDS, NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import CallNote

from .desk import NOW, Clock, build_desk, desk_config, verified_call
from .wild_input import AMOUNTS, TEXTS, WHENS


@pytest.fixture
def amending(tmp_path):
    """A workstation with a saved note on the promise-due case, ready to be amended again and again."""
    set_language("en")
    desk = build_desk(tmp_path / "desk.db")
    db = use_database(open_database(desk.url))
    station = Workstation(db, desk_config(), desk.agent, now=Clock(), dialer=Dialer(""))
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    first = station.save_note(desk.promise_due, NoteDraft(outcome="right_party", text="Will call back"))
    assert first.saved, first.problems
    station.open_case(desk.promise_due)
    yield station, desk.promise_due, first.note_id
    db.close()


def _refusals_are_beside_their_field(problems, typed: dict[str, str]) -> None:
    for problem in problems:
        assert problem.field in NOTE_FIELDS
        assert problem.field in typed, f"{problem.field} refused though the test left it alone"
        for lang in ("en", "zh-CN"):
            assert t(problem.reason.key, lang=lang, **problem.reason.params)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_note_text_is_saved_exactly_or_refused_beside_the_text(amending, text):
    station, account_id, first = amending
    draft = NoteDraft(outcome="right_party", text=text, amends_id=first)
    station.check_note(account_id, draft)
    result = station.save_note(account_id, draft)
    if result.saved:
        # The one change made on the way in: spaces and blank lines around the note are trimmed.
        assert CallNote.get_by_id(result.note_id).text == text.strip()
    else:
        _refusals_are_beside_their_field(result.problems, {"text": text})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=AMOUNTS, next_at=WHENS)
def test_any_amount_and_date_is_saved_or_refused_beside_its_field(amending, capacity, next_at):
    station, account_id, first = amending
    typed = {"capacity": capacity, "next_action_at": next_at}
    draft = NoteDraft(outcome="right_party", next_action="call_back", amends_id=first, text="Asked for a call", **typed)
    station.check_note(account_id, draft)
    result = station.save_note(account_id, draft)
    if result.saved:
        note = CallNote.get_by_id(result.note_id)
        assert (note.can_pay is None) == (capacity.strip() == "")
        assert note.next_action_at is not None and note.next_action_at > NOW - timedelta(days=1)
    else:
        _refusals_are_beside_their_field(result.problems, {**typed, "next_action": "call_back"})
