"""Only annotator/gui imports Qt; everything else stays plain Python."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_qt_is_imported_only_under_gui():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "gui" not in path.relative_to(PACKAGE).parts
        and any(
            name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
            for name in _imports(path)
        )
    ]
    assert offenders == []


def test_only_the_store_speaks_sql():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        and {"sqlite3", "sqlite_utils"} & {n.split(".")[0] for n in _imports(path)}
    ]
    assert offenders == []
