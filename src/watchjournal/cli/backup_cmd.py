"""``watchjournal backup [PATH]`` and ``watchjournal backups``: make and list backups.

Backups are file-level operations on the journal, so these commands call
``storage.backup`` directly instead of opening the journal through the service.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from watchjournal.cli.context import CliContext, add_json_flag
from watchjournal.journal import ValidationError
from watchjournal.storage import backup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="make a consistent backup of the journal",
        description="Back up the journal. Without PATH the backup goes to the backup folder"
        " (in your user data folder), where the last 7 daily and 4 weekly backups are kept.",
    )
    parser.add_argument(
        "path", metavar="PATH", nargs="?", help="a new file (or a folder) to write the backup to"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_backup)

    listing = subparsers.add_parser("backups", help="list the backups of the journal")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)


def _target(journal: Path, requested: str) -> Path:
    target = Path(requested).expanduser().absolute()
    if target.is_dir():
        return target / f"{journal.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
    if target.exists():
        raise ValidationError(f"{target} already exists; give a new file name or a folder")
    return target


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    journal = ctx.journal_file("backups")
    if not journal.exists():
        raise ValidationError(f"there is no journal at {journal} to back up")
    backup.check_restorable(journal)
    if args.path is None:
        written = backup.make_backup(journal, ctx.paths.backup_dir)
    else:
        # copy_journal reports a full disk, a read-only folder... as JournalFileError.
        written = backup.copy_journal(journal, _target(journal, args.path))
    backup.check_restorable(written)
    if args.json:
        ctx.print_json({"journal": str(journal), "backup": str(written)})
    else:
        ctx.print(f"Backed up {journal} to {written}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    found = [
        (b, b.path.stat().st_size)
        for b in backup.list_backups(ctx.journal_file("backups"), ctx.paths.backup_dir)
        if b.path.exists()
    ]
    if args.json:
        ctx.print_json(
            [
                {"path": str(b.path), "taken_at": b.taken_at.isoformat(), "reason": b.reason}
                | {"size": size}
                for b, size in found
            ]
        )
        return 0
    if not found:
        ctx.print(f"No backups of {ctx.paths.journal} in {ctx.paths.backup_dir}")
    for b, size in found:
        reason = f"  ({b.reason})" if b.reason else ""
        ctx.print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {size // 1024:>8} KiB  {b.path}{reason}")
    return 0
