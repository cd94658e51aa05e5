"""Peak memory of the running workstation, beside a bare Textual app with the desk's widgets.

From the same fresh-process starts as the start-up figure (startup.py),
the peak resident set (``VmHWM`` from /proc, or ``ru_maxrss``): the most
memory the process ever held, not what it holds at the end.

- the figure with the target (at most 120 MiB, a figure to keep honest):
  the peak once the app has settled: the running workstation, its database
  open, its queue shown and F2 usable, and the screen caught up (the bare
  desk with its table and its form);
- for what it tells: the peak of a start that leaves after its first frame;
- for what it tells: the peak once the agent has pressed F2 and the case is
  shown (its profile, ledger, script and offers), against the same bare app.
"""

from __future__ import annotations

from pathlib import Path

from bench.figures import Figure, Target
from bench.startup import starts


def _peak(id: str, name: str, ours: list[int], floor: list[int], measure: str, runs: int,
          target: Target | None = None) -> Figure:
    """A peak-memory figure from KiB readings, beside the bare app's."""
    return Figure(
        id=id,
        name=name,
        unit="MiB",
        target=target or Target("none"),
        floor_name="bare Textual app, same widgets",
        ours=[kib / 1024 for kib in ours],
        floor=[kib / 1024 for kib in floor],
        notes={"measure": measure, "runs": runs},
    )


def measure(db: Path, repeat: int, say=print) -> list[Figure]:
    """The running workstation's peak resident memory (target ≤ 120 MiB), and two shown beside it."""
    ours, bare = starts(db, repeat, say)
    settled = [s.peak_kib for s in bare]
    return [
        _peak("memory", "peak memory, running desk", [s.peak_kib for s in ours], settled,
              "VmHWM once the desk has settled: queue shown, F2 usable", repeat, Target("limit", 120)),
        _peak("memory_first_frame", "peak memory to first frame", [s.frame_kib for s in ours],
              [s.frame_kib for s in bare], "VmHWM of a start that leaves after its first frame", repeat),
        _peak("memory_case_open", "peak memory, a case open", [s.case_kib for s in ours if s.case_kib is not None],
              settled, "VmHWM once F2 has opened a case and the screen has caught up", repeat),
    ]
