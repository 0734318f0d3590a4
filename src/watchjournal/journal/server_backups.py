"""Backups of a journal on a server: a consistent snapshot into a journal file, and back.

A server journal's backup is a WatchJournal journal file (SQLite), named and
rotated like a journal file's backups (``storage.backup``, by the database's
name and a key of its URL), so it is listed, checked and opened like them and
can also be opened on its own (``watchjournal --db BACKUP``). It is written
from one REPEATABLE READ snapshot of the server (``TransferOperations``), into
a private temporary folder, then copied into the backup folder atomically.

A restore replaces every row of the server journal by the backup's in one
transaction, after a "before-restore" backup of what was there. A backup of an
older schema is brought up to date in a temporary copy first; the backup
itself is never changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from watchjournal.journal.transfer import TransferOperations
from watchjournal.private_files import make_private_folder
from watchjournal.storage import backup
from watchjournal.storage.backup import ServerJournalName
from watchjournal.storage.errors import translate_os_error
from watchjournal.storage.journal_file import open_journal_file

SCRATCH_NAME = "journal.sqlite"


@contextmanager
def _scratch_journal_at(path: Path) -> Iterator[TransferOperations]:
    """The journal file ``path`` in a private temporary folder, opened (created or
    brought up to date) for the block, then closed: its write-ahead log folded in."""
    # Its own backup folder: opening or upgrading the copy must leave the user's alone.
    engine = open_journal_file(path, path.parent / "backups").engine
    try:
        yield TransferOperations(engine)
    finally:
        engine.dispose()


def _prepare_folder(folder: Path) -> None:
    try:
        make_private_folder(folder)
    except OSError as exc:  # e.g. a backup folder this user may not write
        raise translate_os_error(exc, folder, "write a backup to") from exc


def back_up_server(
    journal: TransferOperations,
    name: ServerJournalName,
    folder: Path,
    *,
    reason: str | None = None,
    target: Path | None = None,
) -> Path:
    """Write a consistent backup of the server journal ``journal`` into ``folder``
    (or to ``target``, a new file); rotating backups prune old ones."""
    _prepare_folder(folder)
    destination = target or backup.new_backup_path(name, folder, reason, datetime.now())
    with tempfile.TemporaryDirectory(prefix="watchjournal-") as scratch_folder:
        path = Path(scratch_folder) / SCRATCH_NAME
        with _scratch_journal_at(path) as scratch:
            journal.copy_into(scratch)
        # Closed now: the file holds everything, ready to be copied into place.
        written = backup.copy_journal(path, destination, source_is_live=False)
    if target is None and reason is None:
        backup.rotate(name, folder)
    return written


def restore_into_server(
    journal: TransferOperations, name: ServerJournalName, source: Path, folder: Path
) -> Path:
    """Replace the server journal's contents by the backup ``source`` (one transaction);
    returns the backup taken of what was there before."""
    backup.check_restorable(source)
    kept = back_up_server(journal, name, folder, reason="before-restore")
    with tempfile.TemporaryDirectory(prefix="watchjournal-") as scratch_folder:
        path = Path(scratch_folder) / SCRATCH_NAME
        # A copy: the backup itself is never opened for writing (nor upgraded).
        backup.copy_journal(source, path, source_is_live=False)
        with _scratch_journal_at(path) as scratch:
            journal.replace_with(scratch)
    return kept
