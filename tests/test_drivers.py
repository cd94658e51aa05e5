"""A workstation on a SQLite file starts without the PostgreSQL drivers; one on a server keeps them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
from agent_tui.drivers import leave_out_server_drivers
left_out = leave_out_server_drivers(sys.argv[1])
import peewee
print(left_out, peewee.psycopg2 is None, 'psycopg2' in sys.modules and sys.modules['psycopg2'] is not None)
"""


def _probe(url: str) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, url], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_sqlite_workstation_leaves_the_server_drivers_out():
    assert _probe("sqlite:////tmp/desk.db") == ["True", "True", "False"]
    assert _probe("") == ["True", "True", "False"]  # the demo's file


def test_a_server_workstation_keeps_them():
    assert _probe("postgresql://postgres@127.0.0.1:5432/test") == ["False", "False", "True"]


def test_too_late_once_peewee_is_loaded():
    import peewee  # noqa: F401 - loaded by this test process already

    from agent_tui.drivers import leave_out_server_drivers

    assert leave_out_server_drivers("sqlite:////tmp/desk.db") is False


def test_a_sqlite_workstation_loads_no_other_database_kind(tmp_path):
    """Opening a SQLite file loads Peewee's SQLite support alone, not playhouse's PostgreSQL, MySQL or pools."""
    probe = (
        "import sys\n"
        "from agent_tui.drivers import leave_out_server_drivers\n"
        "leave_out_server_drivers(sys.argv[1])\n"
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
