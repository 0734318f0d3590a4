"""``watchjournal restore PATH``: replace the journal by a healthy backup, keeping the old one."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag, add_yes_flag, confirmed
from watchjournal.storage import backup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="replace the journal by a backup (the current journal is backed up first)",
    )
    parser.add_argument("path", metavar="PATH", help="the backup (a journal file) to restore")
    add_yes_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def _restore_server(args: argparse.Namespace, ctx: CliContext, source: Path) -> int:
    """Replace the server journal's contents in one transaction (a backup of them first)."""
    backup.check_restorable(source)
    service = ctx.service
    name = service.journal_name
    question = f"Replace everything in {name} by {source}? The journal is backed up first."
    if not confirmed(args.yes, f"not restoring {source}", question):
        ctx.print("Nothing restored.")
        return 1
    kept = service.restore_backup(source)
    films = service.count_films()
    if args.json:
        ctx.print_json({"journal": name, "restored_from": str(source), "previous": _text(kept)})
        return 0
    ctx.print(f"Restored {name} from {source} ({films} films).")
    ctx.print(f"The journal as it was before is kept in {kept}")
    return 0


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    source = Path(args.path).expanduser().absolute()
    if ctx.paths.server is not None:
        return _restore_server(args, ctx, source)
    journal = ctx.paths.journal
    backup.check_restorable(source)
    question = f"Replace {journal} by {source}? The current journal is backed up first."
    if not confirmed(args.yes, f"not restoring {source}", question):
        ctx.print("Nothing restored.")
        return 1
    kept = backup.restore_journal(source, journal, ctx.paths.backup_dir)
    films = ctx.service.count_films()  # opening brings an older backup up to date
    if args.json:
        ctx.print_json(
            {"journal": str(journal), "restored_from": str(source), "previous": _text(kept)}
        )
        return 0
    ctx.print(f"Restored {journal} from {source} ({films} films).")
    if kept is not None:
        ctx.print(f"The journal as it was before is kept in {kept}")
    return 0


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)
