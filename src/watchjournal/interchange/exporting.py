"""One entry point for every export format: the snapshot in, files on disk out.

An export is planned first (``plan_export``): every file it writes is named,
rendered and checked before the first byte reaches the disk, so the front end
can ask before replacing anything, and a bad name never leaves half an export.
``write_export`` then writes the plan atomically; it never writes onto the
open journal or its backups, and replaces existing files only when told to.

What an export says afterwards (``export_summary``, for the CLI and the GUI
alike) is what was written and what was left out, and why; the films written
and the films left out always add up to the journal's films. A CSV export with
nothing to write refuses (``NothingToExportError``) instead of writing a file
with a header only.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from watchjournal.errors import JournalError
from watchjournal.interchange import csv_export, json_format, markdown
from watchjournal.interchange.csv_export import LeftOut
from watchjournal.interchange.files import write_all, write_atomic
from watchjournal.interchange.targets import (
    ExportExistsError,
    ProtectedFiles,
    check_file_target,
    check_folder_target,
    name_max,
)
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.lists import ListWithFilms

# "letterboxd-list" exports one list (``plan_list_export``), not the journal.
ExportFormat = Literal["json", "letterboxd", "imdb", "markdown", "letterboxd-list"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "letterboxd", "imdb", "markdown")
LIST_FORMAT: ExportFormat = "letterboxd-list"
# What each format is called in messages ("Exported 7 films as ...").
FORMAT_NAMES: dict[ExportFormat, str] = {
    "json": "a WatchJournal JSON backup",
    "letterboxd": "a Letterboxd import CSV",
    "imdb": "an IMDb ratings CSV",
    "markdown": "Markdown",
    "letterboxd-list": "a Letterboxd list file",
}


class NothingToExportError(JournalError):
    """The journal holds nothing this format can carry; no file was written."""


def counted(count: int, one: str, many: str | None = None) -> str:
    """``counted(1, "film")`` is "1 film", ``counted(2, "film")`` "2 films"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


@dataclass
class ExportResult:
    format: ExportFormat
    path: Path
    # Films written, and all the journal's films (the rest were left out).
    films: int
    journal_films: int = 0
    files: list[Path] = field(default_factory=list)
    # Rows of a CSV export (None for the other formats).
    rows: int | None = None
    left_out: tuple[LeftOut, ...] = ()
    replaced: int = 0
    folder: bool = False

    @property
    def films_left_out(self) -> int:
        return sum(item.count for item in self.left_out if item.films)


@dataclass(frozen=True)
class ExportPlan:
    """Every file an export will write, with its bytes, checked but not yet written."""

    format: ExportFormat
    path: Path
    films: int
    outputs: tuple[tuple[Path, bytes], ...]
    # Markdown into a folder (one file per film) rather than one file.
    folder: bool
    # The outputs that exist now and would be replaced.
    existing: tuple[Path, ...]
    journal_films: int = 0
    rows: int | None = None
    left_out: tuple[LeftOut, ...] = ()


def plan_export(
    snapshot: JournalSnapshot, fmt: ExportFormat, path: Path, protected: ProtectedFiles
) -> ExportPlan:
    """Render ``snapshot`` as ``fmt`` for ``path`` (markdown: a folder unless it ends in .md).

    Raises ``ProtectedTargetError`` for the journal, its side files or its
    backups, ``ValidationError`` for a target of the wrong kind, and
    ``NothingToExportError`` when a CSV or Markdown export would hold no film.
    """
    films = len(snapshot.films)
    guard = protected.guard()
    if fmt == "markdown" and path.suffix.lower() != ".md":
        check_folder_target(path, guard)
        _refuse_if_empty(fmt, films)
        pages = markdown.journal_markdown_files(snapshot, max_name_bytes=name_max(path))
        outputs = tuple((path / name, text.encode("utf-8")) for name, text in pages.items())
        existing = tuple(target for target, _ in outputs if check_file_target(target, guard))
        return ExportPlan(fmt, path, films, outputs, True, existing, films)
    exists = check_file_target(path, guard)
    if fmt in ("letterboxd", "imdb"):
        render = csv_export.letterboxd_csv if fmt == "letterboxd" else csv_export.imdb_csv
        rendered = render(snapshot)
        if not rendered.rows:
            raise NothingToExportError(_nothing(fmt, films, rendered.left_out))
        existing = (path,) if exists else ()
        return ExportPlan(
            fmt,
            path,
            rendered.films,
            ((path, rendered.data),),
            False,
            existing,
            films,
            rendered.rows,
            rendered.left_out,
        )
    if fmt == "json":
        data = json_format.dumps(snapshot).encode("utf-8")
    else:
        _refuse_if_empty(fmt, films)
        data = markdown.journal_markdown(snapshot).encode("utf-8")
    existing = (path,) if exists else ()
    return ExportPlan(fmt, path, films, ((path, data),), False, existing, films)


def _refuse_if_empty(fmt: ExportFormat, films: int) -> None:
    if not films:
        raise NothingToExportError(_nothing(fmt, 0, ()))


def _nothing(fmt: ExportFormat, films: int, left_out: tuple[LeftOut, ...]) -> str:
    start = f"Nothing to export as {FORMAT_NAMES[fmt]}, so no file was written"
    if not films:
        return f"{start}: the journal has no films."
    return f"{start}: " + "; ".join(f"{item.what} ({item.why})" for item in left_out) + "."


def export_summary(result: ExportResult) -> list[str]:
    """What an export wrote and what it left out, and why: one sentence a line."""
    where = f"{len(result.files)} files in {result.path}" if result.folder else str(result.path)
    rows = ""
    if result.rows is not None and result.rows != result.films:
        rows = f" in {counted(result.rows, 'row')}"
    lines = [
        f"Exported {counted(result.films, 'film')}{rows} as {FORMAT_NAMES[result.format]}"
        f" to {where}."
    ]
    if result.replaced:
        lines.append(f"Replaced {counted(result.replaced, 'existing file')}.")
    lines.extend(f"Left out {item}." for item in result.left_out)
    return lines


def plan_list_export(view: ListWithFilms, path: Path, protected: ProtectedFiles) -> ExportPlan:
    """One list as a Letterboxd list file at ``path`` (checked like ``plan_export``)."""
    exists = check_file_target(path, protected.guard())
    data = csv_export.letterboxd_list_csv(view)
    existing = (path,) if exists else ()
    return ExportPlan(LIST_FORMAT, path, len(view.films), ((path, data),), False, existing)


def write_export(plan: ExportPlan, *, overwrite: bool = False) -> ExportResult:
    """Write a planned export; existing files are replaced only with ``overwrite``.

    Raises ``ExportExistsError`` (nothing written) when a file is in the way
    and ``overwrite`` is false, ``ExportWriteError`` when the disk refuses.
    """
    if not overwrite:
        in_the_way = [target for target, _ in plan.outputs if os.path.lexists(target)]
        if in_the_way:
            raise ExportExistsError(in_the_way, plan.path if plan.folder else None)
    # Replacing a link to a file writes the file it points to, as a shell would.
    outputs = [(_through_link(target), data) for target, data in plan.outputs]
    made_folder = plan.folder and not plan.path.exists()
    try:
        if plan.folder:
            write_all(outputs, replace=overwrite)
        else:
            write_atomic(outputs[0][0], outputs[0][1], replace=overwrite)
    except BaseException:
        if made_folder:
            with contextlib.suppress(OSError):
                plan.path.rmdir()  # only if it stayed empty
        raise
    return ExportResult(
        plan.format,
        plan.path,
        plan.films,
        journal_films=plan.journal_films,
        files=[target for target, _ in plan.outputs],
        rows=plan.rows,
        left_out=plan.left_out,
        replaced=len(plan.existing) if overwrite else 0,
        folder=plan.folder,
    )


def export_journal(
    snapshot: JournalSnapshot,
    fmt: ExportFormat,
    path: Path,
    *,
    protected: ProtectedFiles,
    overwrite: bool = False,
) -> ExportResult:
    """Plan and write an export in one go (see ``plan_export`` and ``write_export``)."""
    return write_export(plan_export(snapshot, fmt, path, protected), overwrite=overwrite)


def _through_link(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path
