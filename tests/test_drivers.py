"""A workstation on a SQLite file loads Peewee's SQLite support alone, not playhouse's other database kinds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_sqlite_workstation_loads_no_other_database_kind(tmp_path):
    """Opening a SQLite file loads no playhouse module for PostgreSQL, MySQL or pools."""
    probe = (
        "import sys\n"
        "from agent_tui.service.workstation import open_workstation\n"
        "from agent_tui.store import init_db, open_database\n"
        "init_db(open_database(sys.argv[1]))\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('playhouse.'))\n"
        "print(' '.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, f"sqlite:///{tmp_path / 'desk.db'}"], capture_output=True,
                          text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["playhouse.fields"]  # the enum field the models use
