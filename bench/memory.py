"""Peak memory of the running workstation beside the bare Textual app's.

The same fresh-process starts as the start-up figure, but each app runs on
after its first frame until its workers are done and the screen has caught
up (the workstation with its queue loaded and shown), then reports its peak
resident set (``VmHWM`` from /proc, or ``ru_maxrss``): the most memory the
process ever held, not what it holds at the end.
"""

from __future__ import annotations

from pathlib import Path

from bench.figures import Figure, Target
from bench.startup import alternating


def measure(db: Path, repeat: int, say=print) -> Figure:
    """The workstation's peak resident memory against the bare app's (target ≤ 1.5×)."""
    say("peak memory (running workstation vs bare Textual app) …")
    ours, bare = alternating("workstation", db, repeat, settle=True, say=say)
    return Figure(
        id="memory",
        name="peak memory",
        unit="MiB",
        target=Target("ratio", 1.5),
        floor_name="bare Textual app",
        ours=[peak / 1024 for _, peak in ours],
        floor=[peak / 1024 for _, peak in bare],
        notes={"measure": "VmHWM after the first frame and all workers done", "runs": repeat},
    )
