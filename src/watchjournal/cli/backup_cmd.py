"""``watchjournal backup [PATH]`` and ``watchjournal backups``: make and list backups.

Backups of a journal file are file-level operations, so these commands call
``storage.backup`` directly instead of opening the journal through the service;
a journal on a server is backed up through the service (one consistent snapshot
written to a journal file, ``journal.server_backups``).
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


def _target(stem: str, requested: str) -> Path:
    target = Path(requested).expanduser().absolute()
    if target.is_dir():
        return target / f"{stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
    if target.exists():
        raise ValidationError(f"{target} already exists; give a new file name or a folder")
    return target


def _back_up_server(args: argparse.Namespace, ctx: CliContext) -> int:
    service = ctx.service
    stem = backup.owner_stem(service.backup_owner())
    target = None if args.path is None else _target(stem, args.path)
    written = service.back_up_now(target)
    backup.check_restorable(written)
    if args.json:
        ctx.print_json({"journal": service.journal_name, "backup": str(written)})
    else:
        ctx.print(f"Backed up {service.journal_name} to {written}")
    return 0


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    if ctx.paths.server is not None:
        return _back_up_server(args, ctx)
    journal = ctx.paths.journal
    if not journal.exists():
        raise ValidationError(f"there is no journal at {journal} to back up")
    backup.check_restorable(journal)
    if args.path is None:
        written = backup.make_backup(journal, ctx.paths.backup_dir)
    else:
        # copy_journal reports a full disk, a read-only folder... as JournalFileError.
        written = backup.copy_journal(journal, _target(journal.stem, args.path))
    backup.check_restorable(written)
    if args.json:
        ctx.print_json({"journal": str(journal), "backup": str(written)})
    else:
        ctx.print(f"Backed up {journal} to {written}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    if ctx.paths.server is not None:
        listed, name = ctx.service.list_backups(), ctx.service.journal_name
    else:
        listed = backup.list_backups(ctx.paths.journal, ctx.paths.backup_dir)
        name = str(ctx.paths.journal)
    found = [(b, b.path.stat().st_size) for b in listed if b.path.exists()]
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
        ctx.print(f"No backups of {name} in {ctx.paths.backup_dir}")
    for b, size in found:
        reason = f"  ({b.reason})" if b.reason else ""
        ctx.print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {size // 1024:>8} KiB  {b.path}{reason}")
    return 0
