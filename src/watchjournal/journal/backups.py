"""Backups of the open journal for the front ends: list, back up now, restore one.

``restore_journal_file`` restores a journal that could not be opened (proved
damaged), for the app's start-up, where there is no service yet.
"""

from __future__ import annotations

from pathlib import Path

from watchjournal.errors import ValidationError
from watchjournal.journal.base import ServiceBase
from watchjournal.storage import backup
from watchjournal.storage.backup import BackupInfo


def restore_journal_file(source: Path, journal: Path, backup_dir: Path) -> Path | None:
    """Replace ``journal`` (not open in this process) by the healthy backup ``source``.

    Returns the copy of what was there before; raises JournalBusyError while
    another program has the journal open.
    """
    return backup.restore_journal(source, journal, backup_dir)


class BackupOperations(ServiceBase):
    path: Path | None
    backup_dir: Path | None

    def _journal_paths(self) -> tuple[Path, Path]:
        if self.path is None or self.backup_dir is None:
            raise ValidationError("this journal has no backup folder")
        return self.path, self.backup_dir

    def list_backups(self) -> list[BackupInfo]:
        """This journal's backups, newest first."""
        journal, folder = self._journal_paths()
        return backup.list_backups(journal, folder)

    def back_up_now(self) -> Path:
        """A consistent copy of the journal (SQLite's online backup), kept in rotation."""
        journal, folder = self._journal_paths()
        made = backup.make_backup(journal, folder)
        backup.rotate(journal, folder)
        return made

    def restore_backup(self, source: Path) -> Path | None:
        """Replace the journal by a healthy backup, backing up the current one first.

        Returns that safety backup (None if there was nothing to keep). Raises
        JournalBusyError while another program or window has the journal open.
        """
        journal, folder = self._journal_paths()
        # The restore needs to be the only connection to the journal: close this
        # service's idle pooled connections (new ones open on the next call).
        self._engine.dispose()
        return backup.restore_journal(source, journal, folder)
