"""One start of an app, headless, in a process of its own: prints when the first frame is drawn.

Run by startup.py and memory.py, once per repetition, so every start pays
for the interpreter, the imports and the first layout as a user's would:

    python bench/frame_child.py bare|workstation|review [--db FILE] [--settle]

- ``bare``: the floor, a Textual app with a Header, a DataTable of one
  screenful of rows, and a Footer; it imports nothing of agent-tui.
- ``workstation``: ``make_app`` for agent A001 on ``--db``.
- ``review``: ``make_review_app`` for lead L001 on ``--db``.

The first frame is the first screen update the compositor hands to the
driver; it is rendered to terminal text here (the headless driver would
skip that) so both apps pay for it. The line ``frame`` is printed at that
moment; the parent times from before it spawned this process to reading it.
Then ``frame_peak <KiB>``: the peak resident memory (VmHWM) so far, which is
the peak of a start that leaves after its first frame.
With ``--settle`` the app then waits until its workers are done and the
screen has caught up (the running workstation: note form built, queue
loaded and shown), prints ``settled``, then ``peak <KiB>``: the process's
peak resident memory (VmHWM).
With ``--open-case`` (the workstation) the agent then presses F2: once the
case is shown, ``case_peak <KiB>``: the peak with a case open.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

SIZE = (160, 48)


def bare_app():
    """The floor: Header, a DataTable with one screenful of rows, Footer; no database, no rules."""
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


class FirstFrame:
    """Watches an app for the first screen update it hands its driver: ``drawn`` is set then, ``at`` says when.

    With ``announce`` the line ``frame`` is printed at that moment, for a parent process to time.
    """

    def __init__(self, app, announce: bool = False) -> None:
        from textual._compositor import CompositorUpdate

        self.drawn = asyncio.Event()
        self.at = 0.0
        display = app._display

        def first_display(screen, renderable) -> None:
            if renderable is not None and not self.drawn.is_set():
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)  # the text a terminal would be sent
                self.at = time.perf_counter()
                if announce:
                    print("frame", flush=True)
                self.drawn.set()
            display(screen, renderable)

        app._display = first_display


async def settle_down(app, pilot) -> None:
    """Wait until the app's workers are done and the screen has caught up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def run(app, settle: bool, open_case: bool = False) -> None:
    """Start ``app`` headless; after the first frame, leave (or settle and report memory first)."""
    first = FirstFrame(app, announce=True)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(first.drawn.wait(), timeout=120)
        print(f"frame_peak {peak_kib()}", flush=True)  # a start that leaves after its first frame
        if settle:
            await settle_down(app, pilot)
            print("settled", flush=True)
            print(f"peak {peak_kib()}", flush=True)
        if settle and open_case:
            await pilot.press("f2")
            await settle_down(app, pilot)
            await pilot.pause()
            if getattr(app.screen, "case", None) is None:
                raise RuntimeError("F2 opened no case")
            print(f"case_peak {peak_kib()}", flush=True)
        app.exit()


def main() -> int:
    """Start the app named on the command line."""
    parser = argparse.ArgumentParser(description="start an app headless and report its first frame")
    parser.add_argument("app", choices=("bare", "workstation", "review"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--now", default="2026-03-10T02:30:00+00:00")
    parser.add_argument("--settle", action="store_true")
    parser.add_argument("--open-case", action="store_true", help="after settling, F2 and report the peak")
    args = parser.parse_args()
    app = bare_app() if args.app == "bare" else product_app(args.app, args.db, args.now)
    asyncio.run(run(app, args.settle, args.open_case))
    return 0


if __name__ == "__main__":
    sys.exit(main())
