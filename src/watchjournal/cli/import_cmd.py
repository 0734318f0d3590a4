"""``watchjournal import letterboxd|imdb|json PATH``: bring a history in, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.interchange.importing import IMPORT_KINDS, read_import


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a Letterboxd or IMDb export, or a WatchJournal JSON backup",
        description="Import films, diary, reviews, watchlist and lists. Films already in"
        " the journal are matched (IMDb id, Letterboxd URI, title and year) and merged;"
        " importing the same file again changes nothing. If anything in the file is"
        " wrong, nothing is imported.",
    )
    parser.add_argument("kind", choices=IMPORT_KINDS, help="what kind of export PATH is")
    parser.add_argument("path", metavar="PATH", help="the export: a zip, a folder or a file")
    parser.add_argument(
        "--dry-run", action="store_true", help="only show what would be added and merged"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    batch = read_import(args.kind, Path(args.path))
    report = ctx.service.import_batch(batch, dry_run=args.dry_run)
    if args.json:
        ctx.print_json(report.to_json())
    else:
        for line in report.summary_lines():
            ctx.print(line)
    return 0
