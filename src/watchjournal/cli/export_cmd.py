"""``watchjournal export json|letterboxd|imdb|markdown PATH``: take the journal out."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.errors import ValidationError
from watchjournal.interchange.exporting import EXPORT_FORMATS, export_journal, export_summary
from watchjournal.interchange.targets import ExportExistsError, ProtectedFiles


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the journal (JSON backup, Letterboxd CSV, IMDb CSV, Markdown)",
        description="json is a complete backup that imports back unchanged; letterboxd"
        " is Letterboxd's import CSV; imdb is IMDb-shaped ratings; markdown writes one"
        " file if PATH ends in .md, otherwise a folder with one file per film. It says what"
        " was written and what was left out, and why; with nothing to write, it writes no"
        " file. An existing file is never replaced without --force, and the journal and"
        " its backups never.",
    )
    parser.add_argument("format", choices=EXPORT_FORMATS, help="the format to write")
    parser.add_argument("path", metavar="PATH", help="the file (or folder) to write")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the file (or the folder's files) if it exists",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    service = ctx.service
    try:
        result = export_journal(
            service.journal_snapshot(),
            args.format,
            Path(args.path),
            protected=ProtectedFiles.of(service),
            overwrite=args.force,
        )
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
