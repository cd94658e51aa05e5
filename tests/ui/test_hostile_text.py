"""Random hostile text through every widget of the workstation that shows data: drawn, never obeyed.

A real case from the service gets Hypothesis' text in each field a widget
shows (names, employer, notes, the script filled with them, queue and search
rows, the restored draft, the refusal, the notices): escapes (OSC 0 titles,
OSC 52, CSI, C1), markup brackets, bidi controls, combining marks. Each
widget is drawn, and no line it draws holds a character the terminal would
obey; the text each shows is the escaped text with its brackets as typed.
"""

from __future__ import annotations

import asyncio
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, SelectionList, Static, TabPane, TextArea

from agent_tui.domain.shown_text import visible
from agent_tui.i18n import Msg, set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import CallView, CaseView, DialResult, FieldProblem, NoteDraft, NoteSummary, QueueRow
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database
from agent_tui.ui.common import format as fmt
from agent_tui.ui.workstation.desk_controller import DeskController
from agent_tui.ui.workstation.dialogs.help import HelpScreen, KeyHelp
from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen
from agent_tui.ui.workstation.dialogs.search import SearchScreen
from agent_tui.ui.workstation.dialogs.verify import VerifyScreen
from agent_tui.ui.workstation.widgets.checklist_strip import ChecklistStrip
from agent_tui.ui.workstation.widgets.debtor_pane import DebtorPane
from agent_tui.ui.workstation.widgets.note_form import NoteForm
from agent_tui.ui.workstation.widgets.queue_pane import QueuePane
from agent_tui.ui.workstation.widgets.script_pane import SECTIONS, ScriptPane
from tests.service.desk import NOW, Clock, build_desk, desk_config
from tests.service.wild_input import WILD

#: What a hostile placement file or a pasted note carries, in pieces Hypothesis strings together.
PIECES = st.sampled_from([
    "\x1b]0;PWNED-TITLE\x07", "\x1b]52;c;UFdORUQ=\x07", "\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J", "\x1b[31m", "\x9b31m", "\x9d0;t\x9c", "\x07", "\x00", "\x7f", "\r", "\n", "\t",
    "[/]", "[b]", "[/b]", "[red]", "[@click=app.quit]", "\\[", "[b]bold[/b]",
    "\u202e", "\u2066", "\u2069", "\u200f", "\ufeff", "\u2028", "\u0301", "\u0301" * 7, "e\u0301",
    "张伟", "Zoë", " ",
])
HOSTILE = st.lists(PIECES | st.text(WILD, max_size=5), min_size=1, max_size=8).map("".join)
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def obeyed(ch: str) -> bool:
    """Whether the terminal would act on ``ch`` (C0, DEL, C1, bidi and other format characters, separators)."""
    if ch in "\u200c\u200d":  # joiners, part of a word or an emoji
        return False
    return ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in BIDI or unicodedata.category(ch) in {"Cf", "Zl", "Zp"}


def drawn(widget: Widget) -> list[str]:
    """The lines ``widget`` draws at its size (border, title and content), as the terminal gets them."""
    width, height = widget.size
    return ["".join(segment.text for segment in strip) for strip in widget.render_lines(Region(0, 0, width, height))]


def assert_nothing_obeyed(widgets) -> None:
    for widget in widgets:
        lines = drawn(widget)
        bad = sorted({ch for ch in set("".join(lines)) if obeyed(ch)})
        assert not bad, f"{type(widget).__name__}#{widget.id} draws {bad!r}: {lines!r}"


@pytest.fixture
def real_case(tmp_path) -> tuple[CaseView, list[QueueRow]]:
    """A case with a promise and notes, and the queue, as the service gives them to the desk."""
    set_language("en")
    desk = build_desk(tmp_path / "desk.db")
    db = use_database(open_database(desk.url))
    try:
        station = Workstation(db, desk_config(), desk.agent, now=Clock(), dialer=Dialer(""))
        return station.open_case(desk.broken), station.queue()
    finally:
        db.close()


def hostile_case(case: CaseView, text: str) -> CaseView:
    """``case`` with ``text`` in every field a widget shows (catalog messages carry it as a value)."""
    says = Msg("workstation.notice.failed", {"error": text})
    debtor = replace(case.debtor, name=text, occupation=text, employer=text, family=text, credit_history=text,
                     national_id_masked=text)
    return replace(
        case, account_ref=text, creditor=text, product=text, debtor=debtor, next_action=text,
        contacts=tuple(replace(c, masked=text) for c in case.contacts),
        ledger=replace(case.ledger, ok=False, lines=(says,), discrepancies=(says,)),
        notes=(NoteSummary(1, NOW, text, text, text, next_action=text), *case.notes),
        compliance=replace(case.compliance, dial_allowed=False, refusal=says),
        offers=tuple(replace(o, label=says, lines=(says,), needs_approval=True) for o in case.offers),
        script=tuple(replace(s, lines=tuple(replace(ln, title=text, text=text) for ln in s.lines))
                     for s in case.script),
        checklist=tuple(replace(s, label=says) for s in case.checklist),
        draft=NoteDraft(capacity=text, promise_amount=text, promise_date=text, next_action_at=text, text=text),
    )


class Panes(App[None]):
    """The desk's widgets that show data, one above the other (a scrolled pane's widgets draw all they hold)."""

    # A dialog hides the desk instead of tinting it: the tint redrew the whole desk on every frame.
    CSS = """
    QueuePane { height: 8; } DebtorPane { height: 10; } ScriptPane { height: 12; }
    NoteForm { height: 10; } ChecklistStrip { height: 1; } ModalScreen { background: $background; }
    ScriptPane TabPane, ScriptPane VerticalScroll { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield ChecklistStrip(lambda: NOW, id="strip")
        yield QueuePane(id="queue")
        yield DebtorPane(id="debtor")
        yield ScriptPane(id="script")
        yield NoteForm(id="note")


async def _draw(app: Panes, pilot: Pilot, case: CaseView, rows: list[QueueRow], text: str) -> None:
    """Put ``case`` (holding ``text``) in every widget and dialog, draw each, and check what it draws."""
    app.clear_notifications()
    screen = app.screen
    queue, debtor = screen.query_one(QueuePane), screen.query_one(DebtorPane)
    script, note = screen.query_one(ScriptPane), screen.query_one(NoteForm)
    queue.show([replace(row, debtor_name=text, account_ref=text) for row in rows])
    await debtor.show(case, national_id=text)
    await script.show(case.script, case.offers, case.step)
    for section in script.query(TabPane):  # every section at once: switching tabs cost most of an example
        section.display = True
    note.load(case.draft, case.offers)
    says = Msg("workstation.notice.failed", {"error": text})
    note.show_problems([FieldProblem("capacity", says), FieldProblem("text", says)])
    call = CallView(case.account_id, None, text, NOW, dial_by_hand=text)
    screen.query_one(ChecklistStrip).show(case.checklist, call)
    controller = DeskController(screen, screen, lambda: None)  # the notices of a step that failed
    controller.failed("dial", CaseRefused("unknown_agent", code=text))
    controller.failed("dial", RuntimeError(text))
    await pilot.pause()

    one_line, lines = visible(text), visible(text, lines=True)
    name_cell = fmt.clip(one_line, queue.name_width)
    assert str(queue.table.get_cell_at(Coordinate(0, 0))) == name_cell
    assert name_cell in "".join(drawn(queue.table)), "the name is not drawn as typed"
    assert one_line in debtor.profile.title.plain and one_line in debtor.profile.plain
    assert lines in str(debtor.query_one("#history", Static).content)
    assert note.draft().text == lines and note.draft().capacity == one_line  # a restored draft comes back escaped
    note.query_one("#field-text", TextArea).load_text(text)  # as pasted: kept as it is, drawn harmless
    note.query_one("#field-capacity", Input).value = text
    await pilot.pause()
    assert len(screen.query("Toast")) == 2  # the notices, by their type name (Toast is not exported)
    assert all(script.query_one(f"#scroll-{name}").size.height for name in SECTIONS)  # all drawn
    assert_nothing_obeyed(screen.query("*"))
    first_call = str(script.query_one("#words-first_call", Static).content)
    assert one_line in first_call and lines in first_call

    verify = VerifyScreen.for_debtor(case.debtor)
    await app.push_screen(verify)
    await pilot.pause()
    assert one_line in str(verify.query_one(SelectionList).get_option_at_index(2).prompt)  # the employer
    assert_nothing_obeyed(verify.query("*"))
    await app.pop_screen()

    refused = DialResult(False, rule_id=text, citation=text, reason=says, next_allowed_at=NOW)
    await app.push_screen(RefusalScreen(refused, case.debtor.time_zone, "UTC"))
    await pilot.pause()
    assert one_line in str(app.screen.query_one("#refusal-body", Static).content)
    assert_nothing_obeyed(app.screen.query("*"))
    await app.pop_screen()

    await app.push_screen(HelpScreen([KeyHelp(text, "Next case", "Takes the next case")]))
    await pilot.pause()
    assert_nothing_obeyed(app.screen.query("*"))
    await app.pop_screen()

    found = [replace(row, debtor_name=text, account_ref=text) for row in rows[:2]]
    search = SearchScreen(lambda query, dialog: dialog.post_message(SearchScreen.ResultsReady(query, found)))
    await app.push_screen(search)
    search.field.value = f"x{text}x"  # what the agent typed is drawn back in the field
    await pilot.pause()
    await pilot.pause()
    results: DataTable = search.results
    assert results.row_count == len(found)
    assert [str(cell) for cell in results.get_row_at(0)[:2]] == [one_line, one_line]
    assert all(isinstance(cell, Text) for cell in results.get_row_at(0))  # never a str, which is read as markup
    assert_nothing_obeyed(search.query("*"))
    await app.pop_screen()


async def test_no_widget_of_the_desk_draws_a_character_the_terminal_would_obey(real_case):
    """One desk for all examples (starting one each took seconds): Hypothesis runs in a thread and hands
    each example to the app's loop."""
    case, rows = real_case
    app = Panes()
    async with app.run_test(size=(90, 40), notifications=True) as pilot:
        await pilot.pause()
        loop = asyncio.get_running_loop()

        @settings(max_examples=6, deadline=None, database=None)
        @given(text=HOSTILE)
        @example(text="\x1b]0;PWNED-TITLE\x07[b]bold[/b] [/]")
        @example(text="\x1b]52;c;UFdORUQ=\x07\u202eevil\u2066 \x9b2J [red]x[/red]")
        @example(text="e" + "\u0301" * 9 + "\r\n\t[/b]")
        def each(text: str) -> None:
            drawing = _draw(app, pilot, hostile_case(case, text), rows, text)
            asyncio.run_coroutine_threadsafe(drawing, loop).result(timeout=60)

        await asyncio.to_thread(each)
