"""``watchjournal --db SOURCE copy-to DEST``: move a whole journal into a new, empty one.

DEST is a file path or a PostgreSQL URL, like ``--db``; a journal that is not
there yet is created. Everything is copied in one transaction (films, diary,
reviews with their history, watchlist, lists, links, tags), ids kept; a DEST
that already holds anything is refused and left unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.errors import ValidationError
from watchjournal.journal import JournalService
from watchjournal.storage.server_url import is_server_url, redacted


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "copy-to",
        help="copy the whole journal into a new, empty journal (a file or a server)",
        description="Copy the journal (--db, the source) into DEST, a journal file or a"
        " journal on a PostgreSQL server (postgresql://user@host/dbname), created if"
        " missing. DEST must be empty; the copy is made in one transaction, so a failure"
        " leaves it as it was.",
    )
    parser.add_argument("destination", metavar="DEST", help="a file path or a PostgreSQL URL")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def _destination(text: str) -> str | Path:
    return text if is_server_url(text) else Path(text).expanduser().absolute()


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    source = ctx.service
    where = _destination(args.destination)
    if isinstance(where, Path) and source.path is not None and where == source.path.absolute():
        raise ValidationError(f"{where} is the journal itself; give another destination")
    destination = JournalService.open(where, ctx.paths.backup_dir)
    try:
        if destination.journal_name == source.journal_name:
            raise ValidationError(
                f"{destination.journal_name} is the journal itself; give another destination"
            )
        copied = source.copy_into(destination)
    finally:
        destination.close()
    label = redacted(str(args.destination)) if isinstance(where, str) else str(where)
    if args.json:
        ctx.print_json({"source": source.journal_name, "destination": label, "rows": copied})
    else:
        films = copied.get("films", 0)
        ctx.print(
            f"Copied {source.journal_name} to {label}: {films} film{'s' if films != 1 else ''},"
            f" {sum(copied.values())} rows in all."
        )
    return 0
