"""One start of an app, headless, in a process of its own: prints when it has drawn and when it has settled.

Run by startup.py and memory.py, once per repetition, so every start pays
for the interpreter, the imports and the first layout as a user's would:

    python bench/frame_child.py bare|bare_desk|workstation|review [--db FILE] [--settle] [--open-case]

- ``bare``: a Textual app with a Header, a DataTable of one screenful of
  rows, and a Footer; it imports nothing of agent-tui (the review's floor,
  see review_filter.py).
- ``bare_desk``: the workstation's floor, a Textual app with the desk's
  widgets (the same containers, a DataTable of one screenful of rows, the
  debtor's sections, the script's TabbedContent, the note form's Selects,
  Inputs and TextArea behind a ``Lazy``, and a Footer with the desk's keys)
  and nothing of agent-tui: no database, no rules, no catalog.
- ``workstation``: ``make_app`` for agent A001 on ``--db``.
- ``review``: ``make_review_app`` for lead L001 on ``--db``.

The line ``frame`` is printed when Textual's ``Ready`` event reaches the app:
the first frame has been composed and handed to the (headless) driver. Then
``frame_peak <KiB>``: the peak resident memory (VmHWM) so far, the peak of a
start that leaves after its first frame.

With ``--settle`` the app then runs on until it has settled and prints
``settled``, then ``peak <KiB>``. The settled workstation is the desk an agent
can work at: the database open, the queue shown and F2 usable
(``WorkstationApp.settled``), and the screen caught up; a bare app has settled
once its workers are done and its screen has caught up (its lazy form in place).
With ``--open-case`` (the workstation) the agent then presses F2: once the
case is shown, ``case_peak <KiB>``: the peak with a case open.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

SIZE = (160, 48)

#: The desk's keys as the bare desk's footer shows them (key, description).
DESK_FOOTER = (("f1", "Help"), ("f2", "Next case"), ("f3", "Dial"), ("f4", "Verified"), ("f5", "End call"),
               ("f6", "Note"), ("f7", "Listen"), ("f8", "Offers"), ("f9", "Objections"), ("ctrl+s", "Save"),
               ("slash", "Search"), ("ctrl+q", "Quit"))


def bare_app():
    """The review's floor: Header, a DataTable with one screenful of rows, Footer; no database, no rules."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class BareApp(App):
        BINDINGS = [("f2", "noop", "Next"), ("f3", "noop", "Dial"), ("ctrl+s", "noop", "Save")]

        def compose(self):
            yield Header()
            yield DataTable(id="table")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Ref", "Debtor", "Balance", "Days", "Bucket", "Why")
            for n in range(40):
                table.add_row(f"HX-2025-{n:06d}", f"Debtor {n}", f"{n * 1234.5:,.2f}", str(n * 3), "M1", "due today")

        def action_noop(self) -> None:
            pass

    return BareApp()


def bare_desk():
    """The workstation's floor: the desk's widgets in the desk's layout, with nothing of agent-tui behind them."""
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
    from textual.lazy import Lazy
    from textual.widgets import DataTable, Footer, Input, Label, OptionList, Select, Static, TabbedContent, TextArea

    class BareDesk(App):
        CSS = """
        #desk { height: 1fr; }
        #queue { width: 70; border: round $primary; }
        #right { width: 1fr; }
        #top { height: 1fr; }
        #debtor, #script { width: 1fr; border: round $primary; }
        #note { height: auto; max-height: 24; border: round $primary; }
        #note Grid { grid-size: 4; grid-columns: 18 1fr 18 1fr; grid-rows: 1; height: auto; }
        #note Input { height: 1; }
        #note TextArea { height: 4; }
        #tabs { display: none; }
        """
        BINDINGS = [Binding(key, "noop", words, id=f"desk-{n}", tooltip=words)
                    for n, (key, words) in enumerate(DESK_FOOTER)]

        def compose(self):
            with Horizontal(id="strip"):
                yield Static("Prepare > Greet > Verify > Purpose > Listen > Offer > Agree > Record", id="steps")
                yield Static("00:00", id="clock")
            yield Static("Queue Debtor Script Note", id="tabs")
            with Horizontal(id="desk"):
                with Vertical(id="queue"):
                    yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="right"):
                    with Horizontal(id="top"):
                        with Vertical(id="debtor"), VerticalScroll():
                            for n in range(7):
                                yield Static(f"Section {n}")
                        with Vertical(id="script"), TabbedContent("First call", "Listening", "Offers", "Objections"):
                            for n in range(4):
                                with VerticalScroll():
                                    if n == 2:
                                        yield OptionList()
                                    if n == 3:
                                        yield OptionList()
                                    else:
                                        yield Static("Open a case to see the script.")
                    yield Lazy(NoteForm(id="note"))
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Debtor", "Balance", "Overdue", "Why now", "Local")
            for n in range(40):
                table.add_row(f"Debtor {n}", f"{n * 1234.5:,.2f}", f"{n * 3}d M1", "Promise due", "14:00")
            table.focus()

        def action_noop(self) -> None:
            pass

    class NoteForm(VerticalScroll):
        def compose(self):
            with Grid():
                for n in range(9):
                    yield Label(f"Field {n}")
                    if n in (0, 1, 2, 4, 5, 7):
                        yield Select([(f"Option {k}", str(k)) for k in range(6)], compact=True, type_to_search=True)
                    else:
                        yield Input(compact=True)
            yield TextArea(compact=True)
            yield Static("")
            yield Static("")

    return BareDesk()


def product_app(kind: str, db: Path, now_iso: str):
    """The workstation or the review on ``db``, at the bench's fixed moment."""
    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo))
    from datetime import datetime

    from bench.settings import bench_config, sqlite_url

    now = datetime.fromisoformat(now_iso)
    config = bench_config()
    if kind == "workstation":
        from agent_tui.ui.workstation.app import make_app

        return make_app(config, sqlite_url(db), "A001", now=lambda: now)
    from agent_tui.ui.review.app import make_review_app

    return make_review_app(config, sqlite_url(db), "L001", now=lambda: now)


def peak_kib() -> int:
    """The process's peak resident set (VmHWM), in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


async def settle_down(app, pilot) -> None:
    """Until the app has settled: the workstation's desk open and every key answered; workers done; the screen
    caught up."""
    settled = getattr(app, "settled", None)
    if settled is not None:
        await settled()
    else:
        await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def run(app, settle: bool, open_case: bool = False) -> None:
    """Start ``app`` headless; after the first frame, leave (or settle and report memory first)."""
    from textual import events

    drawn = asyncio.Event()

    def first_frame(message) -> None:
        if isinstance(message, events.Ready) and not drawn.is_set():
            print("frame", flush=True)
            drawn.set()

    async with app.run_test(size=SIZE, message_hook=first_frame) as pilot:
        await asyncio.wait_for(drawn.wait(), timeout=120)
        print(f"frame_peak {peak_kib()}", flush=True)  # a start that leaves after its first frame
        if settle:
            await settle_down(app, pilot)
            print("settled", flush=True)
            print(f"peak {peak_kib()}", flush=True)
        if settle and open_case:
            await pilot.press("f2")
            await settle_down(app, pilot)
            if getattr(app.screen, "case", None) is None:
                raise RuntimeError("F2 opened no case")
            print(f"case_peak {peak_kib()}", flush=True)
        app.exit()


def main() -> int:
    """Start the app named on the command line."""
    parser = argparse.ArgumentParser(description="start an app headless and report its first frame")
    parser.add_argument("app", choices=("bare", "bare_desk", "workstation", "review"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--now", default="2026-03-10T02:30:00+00:00")
    parser.add_argument("--settle", action="store_true")
    parser.add_argument("--open-case", action="store_true", help="after settling, F2 and report the peak")
    args = parser.parse_args()
    if args.app == "bare":
        app = bare_app()
    elif args.app == "bare_desk":
        app = bare_desk()
    else:
        app = product_app(args.app, args.db, args.now)
    asyncio.run(run(app, args.settle, args.open_case))
    return 0


if __name__ == "__main__":
    sys.exit(main())
