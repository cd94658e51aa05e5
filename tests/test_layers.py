"""The layers of DESIGN.md hold: imports point down only, and the rules never read the clock.

The import rules themselves are import-linter's contracts in pyproject.toml
(``lint-imports`` runs them in CI before the tests); the test below runs the
same contracts, so a plain pytest run catches a broken layer too. What a
static import graph cannot see is checked here at run time: importing every
module below the screens leaves Textual out of the process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "agent_tui"

#: The packages below the screens: none of them may bring Textual into a process.
BELOW_THE_SCREENS = ("domain", "store", "service")


def test_the_import_contracts_hold(capsys):
    """The layers, the store alone on Peewee, no Textual below the screens, no import circles."""
    kept = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
    assert kept, capsys.readouterr().out


def test_domain_never_reads_the_clock():
    for path in (PACKAGE / "domain").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow("):
            assert call not in text, f"{path.name} calls {call}"


#: Imports every module of those packages, then says whether Textual came along.
LOAD_ALL = """
import importlib, pkgutil, sys
import agent_tui.config
for name in sys.argv[1:]:
    package = importlib.import_module("agent_tui." + name)
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
sys.exit("textual was imported" if "textual" in sys.modules else 0)
"""


def test_everything_below_the_screens_loads_without_textual():
    done = subprocess.run([sys.executable, "-c", LOAD_ALL, *BELOW_THE_SCREENS], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
