"""``watchjournal export json|letterboxd|imdb|markdown PATH``: take the journal out;
``watchjournal export letterboxd-list LIST PATH``: one list, as a Letterboxd list file."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.errors import ValidationError
from watchjournal.interchange.exporting import (
    EXPORT_FORMATS,
    LIST_FORMAT,
    ExportResult,
    export_journal,
    export_summary,
    plan_list_export,
    write_export,
)
from watchjournal.interchange.targets import ExportExistsError, ProtectedFiles


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the journal (JSON backup, Letterboxd CSV, IMDb CSV, Markdown)",
        description="json is a complete backup that imports back unchanged; letterboxd"
        " is Letterboxd's import CSV; imdb is IMDb-shaped ratings; markdown writes one"
        " file if PATH ends in .md, otherwise a folder with one file per film;"
        " letterboxd-list writes the list LIST as a Letterboxd list file. It says what"
        " was written and what was left out, and why; with nothing to write, it writes no"
        " file. An existing file is never replaced without --force, and the journal and"
        " its backups never.",
    )
    parser.add_argument(
        "format", choices=(*EXPORT_FORMATS, LIST_FORMAT), help="the format to write"
    )
    parser.add_argument(
        "list", metavar="LIST", nargs="?", help=f"with {LIST_FORMAT}: the list's name (or #id)"
    )
    parser.add_argument("path", metavar="PATH", help="the file (or folder) to write")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the file (or the folder's files) if it exists",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def _export(args: argparse.Namespace, ctx: CliContext) -> ExportResult:
    service, path = ctx.service, Path(args.path)
    protected = ProtectedFiles.of(service)
    if (args.format == LIST_FORMAT) != (args.list is not None):
        raise ValidationError(f"LIST goes with {LIST_FORMAT}, and only with it")
    if args.list is not None:
        chosen = service.resolve_list(args.list)
        plan = plan_list_export(service.films_of_list(chosen.id), path, protected)
        return write_export(plan, overwrite=args.force)
    snapshot = service.journal_snapshot()
    return export_journal(snapshot, args.format, path, protected=protected, overwrite=args.force)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        result = _export(args, ctx)
    except ExportExistsError as exc:
        them = "it" if len(exc.existing) == 1 else "them"
        hint = f"nothing was written; add --force to replace {them}"
        raise ValidationError(f"{exc}: {hint}") from None
    if args.json:
        ctx.print_json(
            {
                "format": result.format,
                "path": str(result.path),
                "films": result.films,
                "rows": result.rows,
                "files": [str(p) for p in result.files],
                "left_out": result.films_left_out,
                "left_out_details": [
                    {"count": item.count, "what": item.noun, "why": item.why, "films": item.films}
                    for item in result.left_out
                ],
                "replaced": result.replaced,
            }
        )
        return 0
    for line in export_summary(result):
        ctx.print(line)
    return 0
