"""The layers hold: Qt only in ui/, no database library in ui/, and database exceptions are
caught (and translated) only in storage/ and the journal service's read and write helpers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import watchjournal

PACKAGE = Path(watchjournal.__file__).parent
UI = PACKAGE / "ui"
# Where database exceptions may be caught: storage/ translates them, and so do
# JournalService's _reading()/_writing() (journal/base.py).
TRANSLATORS = (PACKAGE / "storage", PACKAGE / "journal" / "base.py")
DATABASE_EXCEPTIONS = {
    "DBAPIError",
    "OperationalError",
    "DatabaseError",
    "IntegrityError",
    "SQLAlchemyError",
    "StatementError",
}


def modules() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Top-level package names a module imports (at module level or in a function)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def test_ui_imports_no_database_library() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported(path) & {"sqlalchemy", "sqlite3"})
        for path in modules()
        if _inside(path, UI) and imported(path) & {"sqlalchemy", "sqlite3"}
    }
    assert offenders == {}


def test_qt_stays_in_ui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in modules()
        if not _inside(path, UI) and "PySide6" in imported(path)
    ]
    assert offenders == []


def caught_names(path: Path) -> set[str]:
    """The exception names in the module's ``except`` clauses (``sqlite3.Error`` → both parts)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            for part in ast.walk(node.type):
                if isinstance(part, ast.Name):
                    names.add(part.id)
                elif isinstance(part, ast.Attribute):
                    names.update({part.attr, ast.unparse(part)})
    return names


def test_database_exceptions_are_caught_only_where_they_are_translated() -> None:
    offenders = {}
    for path in modules():
        if any(_inside(path, allowed) for allowed in TRANSLATORS):
            continue
        names = caught_names(path)
        found = sorted(
            name for name in names if name in DATABASE_EXCEPTIONS or name.startswith("sqlite3.")
        )
        if found:
            offenders[str(path.relative_to(PACKAGE))] = found
    assert offenders == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("try:\n    pass\nexcept (DBAPIError, ValueError):\n    pass\n", {"DBAPIError"}),
        ("try:\n    pass\nexcept sqlite3.Error:\n    pass\n", {"sqlite3.Error"}),
    ],
)
def test_the_check_sees_database_exceptions(
    tmp_path: Path, source: str, expected: set[str]
) -> None:
    module = tmp_path / "m.py"
    module.write_text(source)
    assert expected <= caught_names(module)
