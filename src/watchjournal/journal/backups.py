"""Backups of the open journal for the front ends: list, back up now, restore one.

A journal file is backed up with SQLite's online backup (``storage.backup``);
a journal on a server into a journal file from one consistent snapshot
(``journal.server_backups``). Both are listed, rotated and restored alike.

``restore_journal_file`` restores a journal that could not be opened (proved
damaged), for the app's start-up, where there is no service yet.
"""

from __future__ import annotations

from pathlib import Path

from watchjournal.errors import ValidationError
from watchjournal.journal import server_backups
from watchjournal.journal.transfer import TransferOperations
from watchjournal.storage import backup
from watchjournal.storage.backup import BackupInfo, ServerJournalName


def restore_journal_file(source: Path, journal: Path, backup_dir: Path) -> Path | None:
    """Replace ``journal`` (not open in this process) by the healthy backup ``source``.

    Returns the copy of what was there before; raises JournalBusyError while
    another program has the journal open.
    """
    return backup.restore_journal(source, journal, backup_dir)


class BackupOperations(TransferOperations):
    path: Path | None
    backup_dir: Path | None

    def _backup_folder(self) -> Path:
        if self.backup_dir is None:
            raise ValidationError("this journal has no backup folder")
        return self.backup_dir

    def _journal_paths(self) -> tuple[Path, Path]:
        if self.path is None:
            raise ValidationError("this journal has no backup folder")
        return self.path, self._backup_folder()

    def backup_owner(self) -> backup.BackupOwner:
        """Whose backups this journal's are: its file, or its server database's name."""
        if self.is_file_journal:
            return self._journal_paths()[0]
        return ServerJournalName(self.journal_name, str(self._engine.url.database))

    def list_backups(self) -> list[BackupInfo]:
        """This journal's backups, newest first."""
        return backup.list_backups(self.backup_owner(), self._backup_folder())

    def back_up_now(self, target: Path | None = None) -> Path:
        """A consistent copy of the journal (SQLite's online backup, or one snapshot of
        the server), kept in rotation; or written to ``target``, a new file."""
        owner, folder = self.backup_owner(), self._backup_folder()
        if isinstance(owner, ServerJournalName):
            return server_backups.back_up_server(self, owner, folder, target=target)
        if target is not None:
            return backup.copy_journal(owner, target)
        made = backup.make_backup(owner, folder)
        backup.rotate(owner, folder)
        return made

    def restore_backup(self, source: Path) -> Path | None:
        """Replace the journal by a healthy backup, backing up the current one first.

        Returns that safety backup (None if there was nothing to keep). Raises
        JournalBusyError while another program or window has the journal open.
        """
        owner, folder = self.backup_owner(), self._backup_folder()
        if isinstance(owner, ServerJournalName):
            return server_backups.restore_into_server(self, owner, source, folder)
        # The restore needs to be the only connection to the journal: close this
        # service's idle pooled connections (new ones open on the next call).
        self._engine.dispose()
        return backup.restore_journal(source, owner, folder)
