"""Peak memory of the running workstation beside the bare Textual app's.

From the same fresh-process starts as the start-up figure (startup.py),
the peak resident set (``VmHWM`` from /proc, or ``ru_maxrss``): the most
memory the process ever held, not what it holds at the end.

- the figure with the target: the peak once the app has run on until its
  workers are done and the screen has caught up: the running workstation,
  its note form and script built and its queue loaded and shown (the bare
  app with its table);
- for what it tells: the peak of a start that leaves after its first frame;
- for what it tells: the peak once the agent has pressed F2 and the case is
  shown (its profile, ledger, script and offers), against the same bare app.
"""

from __future__ import annotations

from pathlib import Path

from bench.figures import Figure, Target
from bench.startup import starts


def measure(db: Path, repeat: int, say=print) -> list[Figure]:
    """The running workstation's peak resident memory against the bare app's (target ≤ 1.5×), and at first frame."""
    ours, bare = starts(db, repeat, say)
    return [
        Figure(
            id="memory",
            name="peak memory, running desk",
            unit="MiB",
            target=Target("ratio", 1.5),
            floor_name="bare Textual app",
            ours=[s.peak_kib / 1024 for s in ours],
            floor=[s.peak_kib / 1024 for s in bare],
            notes={"measure": "VmHWM once workers are done and the screen has caught up", "runs": repeat},
        ),
        Figure(
            id="memory_first_frame",
            name="peak memory to first frame",
            unit="MiB",
            target=Target("none"),
            floor_name="bare Textual app",
            ours=[s.frame_kib / 1024 for s in ours],
            floor=[s.frame_kib / 1024 for s in bare],
            notes={"measure": "VmHWM of a start that leaves after its first frame", "runs": repeat},
        ),
        Figure(
            id="memory_case_open",
            name="peak memory, a case open",
            unit="MiB",
            target=Target("none"),
            floor_name="bare Textual app",
            ours=[s.case_kib / 1024 for s in ours if s.case_kib is not None],
            floor=[s.peak_kib / 1024 for s in bare],
            notes={"measure": "VmHWM once F2 has opened a case and the screen has caught up", "runs": repeat},
        ),
    ]
