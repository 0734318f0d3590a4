"""One entry point for every export format: the snapshot in, files on disk out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from watchjournal.interchange import csv_export, json_format, markdown
from watchjournal.interchange.files import write_atomic
from watchjournal.journal.importing import JournalSnapshot

ExportFormat = Literal["json", "letterboxd", "imdb", "markdown"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "letterboxd", "imdb", "markdown")


@dataclass
class ExportResult:
    format: ExportFormat
    path: Path
    films: int
    files: list[Path] = field(default_factory=list)
    left_out: int = 0
    note: str = ""


def export_journal(snapshot: JournalSnapshot, fmt: ExportFormat, path: Path) -> ExportResult:
    """Write the journal in ``fmt`` to ``path``; markdown to a folder unless it ends in .md."""
    result = ExportResult(fmt, path, len(snapshot.films))
    if fmt == "json":
        write_atomic(path, json_format.dumps(snapshot).encode("utf-8"))
    elif fmt == "letterboxd":
        data, result.left_out = csv_export.letterboxd_csv(snapshot)
        write_atomic(path, data)
        result.note = "films never watched (watchlist only) are not in Letterboxd's diary format"
    elif fmt == "imdb":
        data, result.left_out = csv_export.imdb_csv(snapshot)
        write_atomic(path, data)
        result.note = "only rated films with an IMDb id can go to IMDb"
    elif path.suffix.lower() == ".md":
        write_atomic(path, markdown.journal_markdown(snapshot).encode("utf-8"))
    else:
        for name, text in markdown.journal_markdown_files(snapshot).items():
            write_atomic(path / name, text.encode("utf-8"))
            result.files.append(path / name)
    if not result.files:
        result.files.append(path)
    return result
