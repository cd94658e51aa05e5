"""Start to a settled desk: the workstation beside a bare Textual app with the same widgets, fresh processes.

Each repetition spawns frame_child.py for the bare desk (the desk's widgets
in the desk's layout, nothing of agent-tui behind them) and for the
workstation, alternating which goes first so a busy second on a shared
machine does not always land on the same side, and times from just before
the spawn to the child's lines. Both pay for the interpreter, the imports
and the layout; the workstation also loads its config, keys and messages,
opens its database and orders the queue, which is what an agent waits for.
One start of each is made first and not counted, so neither side pays for
a cold disk cache or for compiling bytecode.

The figure with the target is the start to the settled desk: the queue
shown and F2 usable (the bare desk: its table filled, its lazy form in
place). The start to the first frame is shown beside it, for what it tells.
Each start also reports its peak memory: the same runs give the memory
figures (memory.py).
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


#: The floor the workstation is measured against (frame_child.py).
FLOOR = "bare_desk"


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
    say("starts of the workstation and of a bare Textual app with the desk's widgets, fresh processes …")
    start_once(FLOOR, None)
    start_once("workstation", db)
    ours: list[Start] = []
    bare: list[Start] = []
    for run in range(repeat):
        for side in ((FLOOR, "workstation") if run % 2 == 0 else ("workstation", FLOOR)):
            if side == FLOOR:
                bare.append(start_once(FLOOR, None))
            else:
                ours.append(start_once("workstation", db))
        say(f"    run {run + 1}/{repeat}: "
            f"settled {ours[-1].settled * 1000:.0f} ms (bare {bare[-1].settled * 1000:.0f}), "
            f"first frame {ours[-1].frame * 1000:.0f} ms (bare {bare[-1].frame * 1000:.0f}); "
            f"peak {ours[-1].peak_kib / 1024:.0f} MiB (bare {bare[-1].peak_kib / 1024:.0f})")
    _done[key] = (ours, bare)
    return ours, bare


def measure(db: Path, repeat: int, say=print) -> list[Figure]:
    """The workstation's start to the settled desk against the bare desk's (target ≤ 2.5×), and to the first
    frame (shown, not targeted)."""
    ours, bare = starts(db, repeat, say)
    return [
        Figure(
            id="startup",
            name="start to settled desk",
            unit="ms",
            target=Target("ratio", 2.5),
            floor_name="bare Textual app, same widgets",
            ours=[s.settled * 1000 for s in ours],
            floor=[s.settled * 1000 for s in bare],
            notes={"measure": "queue shown and F2 usable, the screen caught up", "terminal": "160x48",
                   "runs": repeat},
        ),
        Figure(
            id="startup_first_frame",
            name="start to first frame",
            unit="ms",
            target=Target("none"),
            floor_name="bare Textual app, same widgets",
            ours=[s.frame * 1000 for s in ours],
            floor=[s.frame * 1000 for s in bare],
            notes={"measure": "Textual's Ready: the first frame composed and handed to the driver",
                   "runs": repeat},
        ),
    ]
