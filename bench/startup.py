"""Start to first frame: the workstation beside a bare Textual app, each start a fresh process.

Each repetition spawns frame_child.py for the bare app and for the
workstation (alternating which goes first, so a busy second on a shared
machine does not always land on the same side) and times from just before
the spawn to the child's ``frame`` line. Both pay for the interpreter, the
imports and the first layout; the workstation also opens its database and
loads its config, keys and scripts, which is what an agent waits for.
One start of each is made first and not counted, so neither side pays for
a cold disk cache or for compiling bytecode.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.figures import Figure, Target
from bench.portfolio import ANCHOR

CHILD = Path(__file__).resolve().with_name("frame_child.py")
#: A start that takes longer than this has hung.
TIMEOUT = 300


def start_once(kind: str, db: Path | None, settle: bool = False) -> tuple[float, int | None]:
    """Start ``kind`` once in a new process; (seconds to first frame, peak KiB if ``settle``)."""
    command = [sys.executable, str(CHILD), kind, "--now", ANCHOR.isoformat()]
    if db is not None:
        command += ["--db", str(db)]
    if settle:
        command.append("--settle")
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = child.stdout.readline()
    seconds = time.perf_counter() - started
    rest, errors = child.communicate(timeout=TIMEOUT)
    if child.returncode != 0 or first.strip() != "frame":
        raise RuntimeError(f"{kind} did not start (exit {child.returncode}):\n{first}{rest}{errors}")
    peak = None
    for line in rest.splitlines():
        if line.startswith("peak "):
            peak = int(line.split()[1])
    if settle and peak is None:
        raise RuntimeError(f"{kind} did not report its peak memory:\n{rest}{errors}")
    return seconds, peak


def alternating(kind: str, db: Path, repeat: int, settle: bool, say=print):
    """``repeat`` starts of the bare app and of ``kind``, after one untimed start of each."""
    start_once("bare", None, settle)
    start_once(kind, db, settle)
    bare, ours = [], []
    for run in range(repeat):
        order = ("bare", kind) if run % 2 == 0 else (kind, "bare")
        for side in order:
            result = start_once("bare", None, settle) if side == "bare" else start_once(kind, db, settle)
            (bare if side == "bare" else ours).append(result)
        say(f"    run {run + 1}/{repeat}: {kind} {ours[-1][0] * 1000:.0f} ms, bare {bare[-1][0] * 1000:.0f} ms")
    return ours, bare


def measure(db: Path, repeat: int, say=print) -> Figure:
    """The workstation's start to first frame against the bare app's (target ≤ 1.3×)."""
    say("start to first frame (workstation vs bare Textual app) …")
    ours, bare = alternating("workstation", db, repeat, settle=False, say=say)
    return Figure(
        id="startup",
        name="start to first frame",
        unit="ms",
        target=Target("ratio", 1.3),
        floor_name="bare Textual app",
        ours=[s * 1000 for s, _ in ours],
        floor=[s * 1000 for s, _ in bare],
        notes={"terminal": "160x48", "runs": repeat},
    )
