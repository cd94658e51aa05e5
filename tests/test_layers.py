"""The layers of DESIGN.md hold: imports point down only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "agent_tui"


def imported_modules(folder: Path) -> dict[Path, set[str]]:
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path, names in imported_modules(PACKAGE / folder).items():
        for name in names:
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return bad


def test_domain_imports_neither_textual_nor_peewee_nor_higher_layers():
    assert offenders("domain", ("textual", "peewee", "playhouse", "agent_tui.store", "agent_tui.service", "agent_tui.ui")) == []


def test_domain_never_reads_the_clock():
    for path in (PACKAGE / "domain").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow("):
            assert call not in text, f"{path.name} calls {call}"


def test_store_imports_no_textual_and_no_higher_layer():
    assert offenders("store", ("textual", "agent_tui.service", "agent_tui.ui")) == []


def test_ui_never_touches_the_database_directly():
    assert offenders("ui", ("peewee", "playhouse", "agent_tui.store")) == []


def test_service_does_not_import_textual():
    assert offenders("service", ("textual",)) == []


def test_core_loads_without_textual():
    code = (
        "import sys, agent_tui.config, agent_tui.domain.records, agent_tui.domain.money;"
        "import pkgutil, importlib, agent_tui.domain as d, agent_tui.store as s;"
        "[importlib.import_module(m.name) for p in (d, s) for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')];"
        "sys.exit(1 if 'textual' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
