"""agent-tui's speed, side by side with its floors, in one run and one table.

    python bench/run.py [--accounts N] [--quick] [--json FILE] [--work DIR] [--repeat R]

Builds the demo portfolio of N accounts (default 1,000,000; kept in the
work folder and reused while the code that writes it is unchanged), runs
every measurement several times, and prints one table: each figure's
median, the floor it is compared with (the same work done by the bare
toolkit or the bare driver, in the same run), the ratio, and the target.
``--json FILE`` writes the same as JSON. ``--quick`` is 10,000 accounts and
fewer repetitions: CI runs it to prove the suite works, never to judge
times. The exit code is 0 whatever the times (``--strict``: 1 if a target
is missed).

The figures (targets at 1,000,000 accounts on SQLite, medians):

- start to a settled desk (queue shown, F2 usable), against a bare Textual
  app with the same widgets: ≤ 2.5× (the first frame is shown, not targeted)
- next case (claim, profile, ledger check, offers, queue refresh), through
  the service: ≤ 25 ms
- save note, the whole transaction, through the service: ≤ 15 ms
- review: apply a filter, against the same page got by its SQL on sqlite3 and shown in a bare DataTable: ≤ 1.2×
- peak memory of the running desk: ≤ 120 MiB (a figure to keep honest)
- import of N accounts, against csv and raw sqlite3 executemany of the same
  rows and the same audit rows: ≤ 1.5×
- audit verify, scaled to 1,000,000 events (the chain, every record and
  every recorded state), beside a bare sqlite3 SHA-256 walk: ≤ 60 s

The targets once set on the first frame (≤ 1.3×), on memory against the bare
app (≤ 1.5×) and on the review filter's own time (≤ 100 ms) are withdrawn.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import figures as fig  # noqa: E402
from bench.portfolio import ANCHOR, ensure_demo  # noqa: E402

FULL_ACCOUNTS = 1_000_000
QUICK_ACCOUNTS = 10_000
#: The figures in the order they run and are shown.
FIGURES = ("startup", "next_case", "save_note", "review", "memory", "import", "audit_verify")


def say(text: str) -> None:
    """Progress on stderr, so stdout is the table alone."""
    print(text, file=sys.stderr, flush=True)


def measure(name: str, demo: Path, accounts: int, repeat: int, work: Path) -> list[fig.Figure]:
    """Run one figure's module; every module returns one figure or a list of them."""
    if name == "startup":
        from bench import startup

        return startup.measure(demo, repeat, say)
    if name == "memory":
        from bench import memory

        return memory.measure(demo, repeat, say)
    if name == "next_case":
        from bench import next_case

        return next_case.measure(demo, work, repeat, say)
    if name == "save_note":
        from bench import save_note

        return [save_note.measure(demo, work, repeat, say)]
    if name == "review":
        from bench import review_filter

        return review_filter.measure(demo, repeat, say)
    if name == "import":
        from bench import import_load

        return [import_load.measure(accounts, max(repeat - 2, 2), work, say)]
    if name == "audit_verify":
        from bench import audit_verify

        return [audit_verify.measure(demo, max(repeat - 2, 1), say)]
    raise ValueError(name)


def versions() -> dict:
    """What the numbers were measured with."""
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": version("textual"),
        "peewee": version("peewee"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, help=f"accounts in the demo (default {FULL_ACCOUNTS:,}; "
                                                     f"{QUICK_ACCOUNTS:,} with --quick)")
    parser.add_argument("--quick", action="store_true", help="10,000 accounts and fewer runs: proves the suite works")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--work", metavar="DIR", type=Path,
                        default=Path(tempfile.gettempdir()) / "agent-tui-bench",
                        help="where the demo databases are built and kept (default: %(default)s)")
    parser.add_argument("--repeat", type=int, help="runs of each measurement (default 5; 3 with --quick)")
    parser.add_argument("--seed", type=int, default=7, help="the demo's seed (default 7)")
    parser.add_argument("--language", default="zh-CN", help="the demo's language (default zh-CN)")
    parser.add_argument("--only", help="comma-separated figures to run: " + ", ".join(FIGURES))
    parser.add_argument("--nice", type=int, default=0, help="lower this run's priority by N (a shared machine)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown (for the README)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if args.accounts is None:
        args.accounts = QUICK_ACCOUNTS if args.quick else FULL_ACCOUNTS
    if args.repeat is None:
        args.repeat = 3 if args.quick else 5
    if args.accounts < 1 or args.repeat < 1:
        parser.error("--accounts and --repeat must be at least 1")
    wanted = [n.strip() for n in (args.only or ",".join(FIGURES)).split(",") if n.strip()]
    unknown = [n for n in wanted if n not in FIGURES]
    if unknown:
        parser.error(f"unknown figure {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    args.figures = [n for n in FIGURES if n in wanted]
    return args


def main(argv: list[str] | None = None) -> int:
    """Build, measure, print the table (and the JSON)."""
    args = parse(argv)
    if args.nice:
        os.nice(args.nice)
    started = time.perf_counter()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    demo = ensure_demo(work, args.accounts, args.seed, args.language, say)
    results: list[fig.Figure] = []
    for name in args.figures:
        results += measure(name, demo, args.accounts, args.repeat, work)
    seconds = time.perf_counter() - started
    head = (f"agent-tui bench: {args.accounts:,} accounts (seed {args.seed}, {args.language}), SQLite "
            f"{sqlite3.sqlite_version}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
            f"medians of {args.repeat} runs or more; {seconds:.0f} s")
    print(head)
    print()
    print("\n".join(fig.markdown(results) if args.markdown else fig.table(results)))
    if args.json:
        report = {
            "accounts": args.accounts,
            "seed": args.seed,
            "language": args.language,
            "quick": args.quick,
            "repeat": args.repeat,
            "anchor": ANCHOR.isoformat(),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(seconds, 1),
            "versions": versions(),
            "figures": [f.as_json() for f in results],
        }
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    missed = [f.id for f in results if f.met is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
