"""Helpers shared by the interchange tests: fresh journals, dumps, fixture paths."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from watchjournal.interchange.exporting import ExportFormat, export_journal
from watchjournal.interchange.importing import ImportKind, read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportReport

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LETTERBOXD_EXPORT = FIXTURES / "letterboxd" / "export"
IMDB_EXPORT = FIXTURES / "imdb"


def new_service(folder: Path, name: str = "journal") -> JournalService:
    folder.mkdir(parents=True, exist_ok=True)
    return JournalService.open(folder / f"{name}.sqlite", folder / "backups")


def dump(path: Path) -> list[str]:
    """The whole database as SQL text: equal dumps mean nothing changed."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def import_path(service: JournalService, kind: ImportKind, path: Path, **kw: bool) -> ImportReport:
    return service.import_batch(read_import(kind, path), **kw)


def export_bytes(service: JournalService, fmt: ExportFormat, target: Path) -> bytes:
    export_journal(service.journal_snapshot(), fmt, target, protected=ProtectedFiles.of(service))
    return target.read_bytes()


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return target
