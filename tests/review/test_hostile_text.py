"""Hostile text on every review view: shown as typed, never obeyed, and nothing crashes.

A placement file or an agent's note can carry escape sequences (a window
title, an OSC 52 clipboard write, a hyperlink), C1 controls, bidi overrides,
stacks of combining marks and markup brackets (``[/]`` once made every note
of its account impossible to open). Hypothesis draws such text, puts it in a
note, its lint excerpt, the debtor's name, the account's reference and
creditor and an agent's name, then drives the review through each view: the
notes table, the note with its case, a search (the filter summary), the
filter dialog with a bad date, the dashboard with a bad date. Each view must
render with no control, C1 or bidi character in what reaches the screen, and
the brackets as typed.

The lead's own editing fields (``Input``) are left out of the scan: they
show what the lead is typing, not data from anyone else.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import unicodedata
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.geometry import Region
from textual.widgets import DataTable, Input, Static

from agent_tui.config import Config
from agent_tui.domain.shown_text import visible
from agent_tui.store import open_database, use_database
from agent_tui.store.models import Account, Agent, CallNote, Debtor
from agent_tui.ui.review.app import make_review_app
from agent_tui.ui.review.dialogs.filter import FilterDialog
from agent_tui.ui.review.screens.dashboard import DashboardScreen
from agent_tui.ui.review.screens.detail import NoteScreen
from agent_tui.ui.review.screens.notes import NotesScreen
from agent_tui.ui.review.widgets.note_table import DEBTOR_WIDTH
from agent_tui.ui.review.wording import first_line

from .floor import NOW, write_floor

SIZE = (160, 44)
MARKUP = ("[/]", "[b]", "[bold red]", "[@click=app.quit]")
PIECES = (
    "\x1b]0;PWNED-TITLE\x07",  # window title
    "\x1b]52;c;cHduZWQ=\x07",  # clipboard write
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # hyperlink
    "\x1b[2J",
    "\x9b31m",  # C1 CSI
    "\x9d0;t\x9c",  # C1 OSC ... ST
    "\u202e",
    "\u2066",
    "\u200f",
    "\u2028",
    "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307",
    "\u0301",
    "[/]",
    "[b]",
    "[/b]",
    "\n",
    "\r",
    "\t",
    "\x7f",
    "张伟",
    "%_'\"\\",
)
#: What a hostile text starts with: markup, so a cell cut to its width still shows whether it was obeyed.
HOSTILE = st.builds(
    lambda head, tail: head + "".join(tail),
    st.sampled_from(MARKUP),
    # No digits drawn at random: the review masks long numbers in notes, which is not what this test is about;
    # no NUL: the database refuses it.
    st.lists(st.one_of(st.sampled_from(PIECES),
                       st.text(st.characters(exclude_categories=("Nd", "Cs"), exclude_characters="\x00"), max_size=3)),
             max_size=6),
)
_serial = itertools.count(1)


def obeyed(text: str) -> list[str]:
    """The characters of ``text`` a terminal would act on rather than show (the lines are ours)."""
    return [ch for ch in text if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} and ch not in "\n\u200c\u200d"]


def on_screen(app) -> str:
    """The text every widget of the screen in front renders, but the lead's own editing fields."""
    lines = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Input) or any(isinstance(up, Input) for up in widget.ancestors):
            continue
        if widget.display and widget.size.area:
            lines += [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]
    return "\n".join(lines)


def plain_of(content) -> str:
    """A Static's content or a table cell as plain text."""
    return content.plain if isinstance(content, Text) else str(content)


def assert_shown(app, *expected: str) -> str:
    """Nothing obeyable on the screen, and each ``expected`` piece there as typed."""
    text = on_screen(app)
    assert not obeyed(text), (type(app.screen).__name__, obeyed(text))
    for piece in expected:
        assert piece in text, (type(app.screen).__name__, piece)
    return text


def write_hostile(url: str, text: str) -> int:
    """``text`` in a new newest note, its lint excerpt, the debtor, the account and agent A001; the note's id."""
    db = use_database(open_database(url))
    try:
        with db.connection_context():
            first = CallNote.select().order_by(CallNote.id).first()
            account = first.account
            Debtor.update(name=text).where(Debtor.id == account.debtor_id).execute()
            Account.update(ref=f"{text}-{next(_serial)}", creditor=text).where(Account.id == account.id).execute()
            Agent.update(name=text).where(Agent.code == "A001").execute()
            note = CallNote.create(
                account=account, agent=Agent.get(Agent.code == "A001"), attempt=first.attempt,
                created_at=NOW + timedelta(minutes=30, seconds=next(_serial)), outcome=first.outcome,
                text=f"{text}\nsecond line {text}", checklist={}, flagged=True,
                lint_flags=[{"category": "threat", "excerpt": text, "start": 0, "end": 1}],
                compliance_flags=[text],
            )
            return note.id
    finally:
        db.close()


async def settle(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def walk_the_review(url: str, text: str, note_id: int) -> None:
    head = next(m for m in MARKUP if text.startswith(m))
    app = make_review_app(dataclasses.replace(Config(), language="en"), url, "L001", now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The notes table: the hostile note is the newest line.
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        cells = dict(zip(screen.table.shown, screen.table.get_row(str(note_id)), strict=True))
        assert [plain_of(cells[c]) for c in ("agent", "debtor")] == ["A001", first_line(visible(text), DEBTOR_WIDTH)]
        assert_shown(app, head)

        # The note with its case.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen) and app.screen.detail is not None
        assert visible(text) in plain_of(app.screen.header.content)
        sheet = plain_of(app.screen.query_one("#note-sheet", Static).content)
        assert visible(f"{text}\nsecond line {text}".strip(), lines=True) in sheet
        history = app.screen.query_one("#history", DataTable)
        assert app.screen.history.row_count and history.get_row(str(note_id))
        assert_shown(app, head)
        await pilot.press("escape")
        await settle(pilot)

        # A search: the summary repeats it as typed.
        screen = app.screen
        screen.search_box.value = text
        screen.search_box.focus()
        await pilot.press("enter")
        await settle(pilot)
        summary = plain_of(screen.query_one("#filter-summary", Static).content)
        if text.strip():
            assert visible(text.strip()) in summary
        assert_shown(app, head)

        # The filter dialog: the agent's name among the choices, a date it cannot read.
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, FilterDialog)
        app.screen.query_one("#since", Input).value = text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FilterDialog)  # a date it cannot read keeps it open
        problem = plain_of(app.screen.query_one("#filter-problem", Static).content)
        assert visible(text.strip()) in problem
        assert_shown(app)
        await pilot.press("escape")
        await settle(pilot)

        # The dashboard: the agent's row, and a period it cannot read.
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        rows = [plain_of(app.screen.table.get_row_at(n)[0]) for n in range(app.screen.table.row_count)]
        assert f"A001 {visible(text)}" in rows
        assert_shown(app, head)
        since = app.screen.query_one("#since", Input)
        since.value = text
        since.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert visible(text.strip()) in plain_of(app.screen.period_line.content)
        assert_shown(app)
    assert app.return_code in (None, 0) and app.is_running is False


@pytest.fixture
def small_floor(sqlite_url):
    write_floor(sqlite_url, notes_per_account=3, accounts=2)
    return sqlite_url


# No shrinking: each example runs the review, and a failing one is printed whole anyway.
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE)
@example(text="[/] closed [b]bold?[/b] \x1b]0;PWNED-TITLE\x07\u202eevil\x9b31m")
def test_hostile_text_is_shown_as_typed_on_every_review_view(small_floor, text):
    note_id = write_hostile(small_floor, text)
    asyncio.run(walk_the_review(small_floor, text, note_id))

