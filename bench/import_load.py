"""Import of N accounts beside raw ``sqlite3.executemany``: bench_import.py's two sides, in the suite.

bench_import.py defines both sides and runs them on its own; this module
runs the same functions for the table: the placement file of N accounts is
built once and kept in the work folder, then each run loads it into a
fresh database with the program's schema, ``run_import`` with every check
on one side, the csv module and ``executemany`` with no checks on the other,
alternating which goes first. The figure is the median of each side (the
script on its own reports the best of each).
"""

from __future__ import annotations

import gc
from pathlib import Path

from bench.bench_import import build_file, our_import, raw_load
from bench.figures import Figure, Target
from bench.portfolio import settle


def placement_file(work: Path, rows: int, say=print) -> Path:
    """The accounts.csv of ``rows`` rows, built once (it is deterministic)."""
    path = work / f"placement-{rows}.csv"
    if not path.exists():
        say(f"  building {rows:,} placement rows in {path} …")
        partial = path.with_suffix(".building")
        build_file(partial, rows)
        partial.rename(path)
    return path


def measure(rows: int, repeat: int, work: Path, say=print) -> Figure:
    """Our import of ``rows`` accounts against the raw driver's (target ≤ 1.5×)."""
    say(f"import of {rows:,} accounts (run_import vs csv + sqlite3 executemany) …")
    csv_path = placement_file(work, rows, say)
    raw, ours = [], []
    for run in range(repeat):
        for side in (("raw", "import") if run % 2 == 0 else ("import", "raw")):
            gc.collect()
            settle()  # the last run's gigabyte on disk first, for either side
            if side == "raw":
                raw.append(raw_load(csv_path, work / "import-raw.db")[0])
            else:
                seconds, count = our_import(csv_path, work / "import-ours.db")
                if count != rows:
                    raise RuntimeError(f"import wrote {count} accounts, expected {rows}")
                ours.append(seconds)
        say(f"    run {run + 1}/{repeat}: import {ours[-1]:.2f} s, raw {raw[-1]:.2f} s")
    for name in ("import-raw.db", "import-ours.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / name}{suffix}").unlink(missing_ok=True)
    return Figure(
        id="import",
        name=f"import {rows:,} accounts",
        unit="s",
        target=Target("ratio", 1.5),
        floor_name="csv + sqlite3 executemany, audit rows too",
        ours=ours,
        floor=raw,
        notes={"rows": rows, "runs": repeat},
    )
