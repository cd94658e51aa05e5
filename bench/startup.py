"""Start to first frame: the workstation beside a bare Textual app, each start a fresh process.

Each repetition spawns frame_child.py for the bare app and for the
workstation (alternating which goes first, so a busy second on a shared
machine does not always land on the same side) and times from just before
the spawn to the child's ``frame`` line. Both pay for the interpreter, the
imports and the first layout; the workstation also opens its database and
loads its config, keys and messages, which is what an agent waits for.
One start of each is made first and not counted, so neither side pays for
a cold disk cache or for compiling bytecode.

Each start then runs on until it has settled (workers done, screen caught
up) and reports its peak memory: the same runs give the memory figure
(memory.py) and, for what it tells, the time to the settled desk — the
note form built and the queue shown, where the first frame has neither.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.figures import Figure, Target
from bench.portfolio import ANCHOR

CHILD = Path(__file__).resolve().with_name("frame_child.py")
#: A start that takes longer than this has hung.
TIMEOUT = 300


@dataclass(frozen=True)
class Start:
    """One start of an app in a process of its own."""

    frame: float  # seconds from the spawn to the first frame
    frame_kib: int  # the process's peak resident memory up to its first frame
    settled: float  # seconds from the spawn to the settled screen
    peak_kib: int  # the process's peak resident memory once settled
    case_kib: int | None = None  # the workstation's, once F2 has opened a case


def start_once(kind: str, db: Path | None) -> Start:
    """Start ``kind`` once in a new process and let it settle."""
    command = [sys.executable, str(CHILD), kind, "--now", ANCHOR.isoformat(), "--settle"]
    if db is not None:
        command += ["--db", str(db)]
    if kind == "workstation":
        command.append("--open-case")
    # The untimed first start writes the bytecode the timed ones read, as an installed program's
    # is written at install time; PYTHONDONTWRITEBYTECODE in the caller's shell would have every
    # start of the workstation compile its modules again (the bare app's library has its bytecode).
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seen: dict[str, float] = {}
    lines = []
    for line in child.stdout:
        lines.append(line)
        word = line.split()[0] if line.strip() else ""
        seen.setdefault(word, time.perf_counter() - started)
        if word in ("peak", "frame_peak", "case_peak"):
            seen[f"{word}_kib"] = int(line.split()[1])
    errors = child.stderr.read()
    child.wait(timeout=TIMEOUT)
    if child.returncode != 0 or not {"frame", "frame_peak_kib", "settled", "peak_kib"} <= seen.keys():
        raise RuntimeError(f"{kind} did not start (exit {child.returncode}):\n{''.join(lines)}{errors}")
    case = int(seen["case_peak_kib"]) if "case_peak_kib" in seen else None
    return Start(seen["frame"], int(seen["frame_peak_kib"]), seen["settled"], int(seen["peak_kib"]), case)


_done: dict[tuple, tuple[list[Start], list[Start]]] = {}


def starts(db: Path, repeat: int, say=print) -> tuple[list[Start], list[Start]]:
    """``repeat`` starts of the workstation and of the bare app, after one untimed start of each.

    Made once per database and count; the start-up and memory figures share them.
    """
    key = (db, repeat)
    if key in _done:
        return _done[key]
    say("starts of the workstation and of a bare Textual app, fresh processes …")
    start_once("bare", None)
    start_once("workstation", db)
    ours: list[Start] = []
    bare: list[Start] = []
    for run in range(repeat):
        for side in (("bare", "workstation") if run % 2 == 0 else ("workstation", "bare")):
            if side == "bare":
                bare.append(start_once("bare", None))
            else:
                ours.append(start_once("workstation", db))
        say(f"    run {run + 1}/{repeat}: first frame {ours[-1].frame * 1000:.0f} ms (bare {bare[-1].frame * 1000:.0f}), "
            f"{ours[-1].frame_kib / 1024:.0f} MiB (bare {bare[-1].frame_kib / 1024:.0f}); "
            f"settled {ours[-1].settled * 1000:.0f} ms, {ours[-1].peak_kib / 1024:.0f} MiB "
            f"(bare {bare[-1].peak_kib / 1024:.0f})")
    _done[key] = (ours, bare)
    return ours, bare


def measure(db: Path, repeat: int, say=print) -> list[Figure]:
    """The workstation's start to first frame against the bare app's (target ≤ 1.3×), and to the settled desk."""
    ours, bare = starts(db, repeat, say)
    return [
        Figure(
            id="startup",
            name="start to first frame",
            unit="ms",
            target=Target("ratio", 1.3),
            floor_name="bare Textual app",
            ours=[s.frame * 1000 for s in ours],
            floor=[s.frame * 1000 for s in bare],
            notes={"terminal": "160x48", "runs": repeat},
        ),
        Figure(
            id="startup_settled",
            name="start to settled desk",
            unit="ms",
            target=Target("none"),
            floor_name="bare Textual app",
            ours=[s.settled * 1000 for s in ours],
            floor=[s.settled * 1000 for s in bare],
            notes={"measure": "workers done and the screen caught up: note form built, queue shown",
                   "runs": repeat},
        ),
    ]
