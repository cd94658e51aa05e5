"""Only the store knows Peewee: no other package of agent_tui imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import agent_tui

PACKAGE = Path(agent_tui.__file__).parent
SQL_PACKAGES = {"peewee", "playhouse", "psycopg2", "psycopg", "sqlite3"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_store_imports_database_libraries():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {', '.join(sorted(_imports(path) & SQL_PACKAGES))}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "store" not in path.relative_to(PACKAGE).parts[:1] and _imports(path) & SQL_PACKAGES
    ]
    assert offenders == []


def test_the_store_does_not_import_the_screen():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted((PACKAGE / "store").rglob("*.py"))
        if _imports(path) & {"textual", "rich"} or "agent_tui.ui" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
