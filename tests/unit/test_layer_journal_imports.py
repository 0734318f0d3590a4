"""The layers import downwards only: the journal layer never imports interchange/.

The import batch and report types live in ``watchjournal.journal.import_types``
so that readers (interchange/) and the service (journal/) share them without
journal/ reaching up into interchange/ (which once needed lazy imports to break
the cycle). Read from the source's syntax tree, so a lazy or TYPE_CHECKING-only
import is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import watchjournal

PACKAGE = Path(watchjournal.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, wherever in the file the import is."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_imported_modules_sees_lazy_and_type_checking_imports(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from watchjournal.interchange.tables import Origin\n"
        "def f():\n    import watchjournal.interchange.imdb\n",
        encoding="utf-8",
    )
    modules = imported_modules(source)
    assert "watchjournal.interchange.tables" in modules
    assert "watchjournal.interchange.imdb" in modules


def test_journal_layer_never_imports_interchange() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in sorted((PACKAGE / "journal").rglob("*.py"))
        for module in imported_modules(path)
        if module == "watchjournal.interchange" or module.startswith("watchjournal.interchange.")
    }
    assert not offenders, sorted(offenders)


def test_import_types_are_shared_from_the_journal_layer() -> None:
    from watchjournal.interchange import imdb, letterboxd
    from watchjournal.journal import import_types, import_writer

    assert imdb.ImportBatch is import_types.ImportBatch
    assert letterboxd.ImportFilm is import_types.ImportFilm
    assert import_writer.ImportReport is import_types.ImportReport
    assert not (PACKAGE / "interchange" / "batch.py").exists()
    assert not (PACKAGE / "interchange" / "report.py").exists()
