"""The rules take what was read; they never read a file themselves (DESIGN.md, domain/)."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "agent_tui" / "domain"

#: Modules whose import means a rule reads files (or parses a file format) on its own.
FILE_MODULES = ("yaml", "pathlib", "importlib.resources", "io", "csv", "glob", "shutil")


def test_no_domain_module_imports_a_file_reader_or_calls_open():
    found = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [f"{path.name} imports {n}" for n in names
                      if any(n == m or n.startswith(m + ".") for m in FILE_MODULES)]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                found.append(f"{path.name}:{node.lineno} calls open()")
    assert found == []
