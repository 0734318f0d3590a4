"""One entry point for every export format: the snapshot in, files on disk out.

An export is planned first (``plan_export``): every file it writes is named,
rendered and checked before the first byte reaches the disk, so the front end
can ask before replacing anything, and a bad name never leaves half an export.
``write_export`` then writes the plan atomically; it never writes onto the
open journal or its backups, and replaces existing files only when told to.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from watchjournal.interchange import csv_export, json_format, markdown
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


@dataclass
class ExportResult:
    format: ExportFormat
    path: Path
    films: int
    files: list[Path] = field(default_factory=list)
    left_out: int = 0
    note: str = ""
    replaced: int = 0


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
    left_out: int = 0
    note: str = ""


def plan_export(
    snapshot: JournalSnapshot, fmt: ExportFormat, path: Path, protected: ProtectedFiles
) -> ExportPlan:
    """Render ``snapshot`` as ``fmt`` for ``path`` (markdown: a folder unless it ends in .md).

    Raises ``ProtectedTargetError`` for the journal, its side files or its
    backups, and ``ValidationError`` for a target of the wrong kind.
    """
    films = len(snapshot.films)
    guard = protected.guard()
    if fmt == "markdown" and path.suffix.lower() != ".md":
        check_folder_target(path, guard)
        pages = markdown.journal_markdown_files(snapshot, max_name_bytes=name_max(path))
        outputs = tuple((path / name, text.encode("utf-8")) for name, text in pages.items())
        existing = tuple(target for target, _ in outputs if check_file_target(target, guard))
        return ExportPlan(fmt, path, films, outputs, True, existing)
    exists = check_file_target(path, guard)
    left_out, note = 0, ""
    if fmt == "json":
        data = json_format.dumps(snapshot).encode("utf-8")
    elif fmt == "letterboxd":
        data, left_out = csv_export.letterboxd_csv(snapshot)
        note = "films never watched (watchlist only) are not in Letterboxd's diary format"
    elif fmt == "imdb":
        data, left_out = csv_export.imdb_csv(snapshot)
        note = "only rated films with an IMDb id can go to IMDb"
    else:
        data = markdown.journal_markdown(snapshot).encode("utf-8")
    existing = (path,) if exists else ()
    return ExportPlan(fmt, path, films, ((path, data),), False, existing, left_out, note)


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
        files=[target for target, _ in plan.outputs],
        left_out=plan.left_out,
        note=plan.note,
        replaced=len(plan.existing) if overwrite else 0,
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
