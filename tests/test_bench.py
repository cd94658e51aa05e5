"""The benchmark suite runs end to end and reports every figure in its documented shape.

Nothing here judges a time: the suite's numbers mean something only at full
size on a quiet machine (see README, Performance). This proves that
``bench/run.py --quick`` still builds its database, measures each figure
beside its floor, and prints and writes what it promises.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # about half a minute: it runs the whole quick suite twice over

REPO = Path(__file__).resolve().parents[1]
FIGURES = {"startup", "startup_first_frame", "next_case", "queue_ranking", "save_note", "review_filter", "review_open",
           "memory", "memory_first_frame", "memory_case_open", "import", "audit_verify"}


def test_quick_bench_reports_every_figure_beside_its_floor(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--accounts", "300", "--repeat", "1",
         "--work", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["accounts"] == 300 and report["quick"] is True
    assert {f["id"] for f in report["figures"]} == FIGURES
    for figure in report["figures"]:
        assert figure["runs"] and all(v > 0 for v in figure["runs"]), figure["id"]
        assert figure["floor"]["runs"] and all(v > 0 for v in figure["floor"]["runs"]), figure["id"]
        assert figure["median"] == pytest.approx(statistics.median(figure["runs"]), rel=1e-4)
        assert figure["floor"]["median"] == pytest.approx(statistics.median(figure["floor"]["runs"]), rel=1e-4)
        assert figure["ratio"] == pytest.approx(figure["median"] / figure["floor"]["median"], rel=0.01)
        assert figure["target"]["kind"] in ("ratio", "limit", "none")
        assert figure["met"] in (True, False, None)
        assert figure["name"] in done.stdout  # the table names every figure
    # The kept demo is reused: a second run does not build it again.
    again = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--accounts", "300", "--repeat", "1",
         "--work", str(tmp_path / "work"), "--only", "review"],
        capture_output=True, text=True, timeout=600,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "building the demo" in done.stderr and "building the demo" not in again.stderr
