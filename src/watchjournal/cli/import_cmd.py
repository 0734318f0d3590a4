"""``watchjournal import KIND PATH``: bring a history in, all or nothing.

KIND is one of ``interchange.importing.IMPORT_KINDS``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.interchange.importing import IMPORT_KINDS, read_import
from watchjournal.journal.import_types import ImportFormatError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a Letterboxd, IMDb, Trakt or Netflix export, or a WatchJournal JSON backup",
        description="Import films, diary, reviews, watchlist and lists: letterboxd takes"
        " the export's zip or folder (or one list file), imdb a ratings, watchlist or list"
        " CSV (any year or language; a folder or zip of them too), trakt the export's zip"
        " or folder, netflix NetflixViewingHistory.csv, json a WatchJournal backup. Films"
        " already in the journal are matched (a film link: IMDb, Letterboxd, TMDB or Trakt"
        " id; else title and year) and merged; importing the same file again changes"
        " nothing. A film that matches several films in the journal is never guessed: it"
        " is listed and left out (File > Import... in the app lets you choose). If anything"
        " in a main file is wrong, nothing is imported and every problem is listed; an"
        " optional file (a list, liked films) that cannot be read is left out with a"
        " warning.",
    )
    parser.add_argument("kind", choices=IMPORT_KINDS, help="what kind of export PATH is")
    parser.add_argument("path", metavar="PATH", help="the export: a zip, a folder or a file")
    parser.add_argument(
        "--dry-run", action="store_true", help="only show what would be added and merged"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse the import if any file, optional ones too, has a problem",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    batch = read_import(args.kind, Path(args.path))
    if args.strict and batch.warnings:
        listed = "\n".join(f"  {warning}" for warning in batch.warnings)
        raise ImportFormatError(
            f"{len(batch.warnings)} files have problems (--strict); nothing was imported:\n"
            + listed
        )
    report = ctx.service.import_batch(batch, dry_run=args.dry_run)
    if args.json:
        ctx.print_json(report.to_json())
    else:
        for line in report.summary_lines():
            ctx.print(line)
    return 0
