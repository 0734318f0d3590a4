"""Consistent backups of journals (SQLite's online backup API), kept in rotation, and restore.

A backup is never a file copy of a live database: pages are read through
SQLite inside one read transaction, written to a temporary file in the backup
folder and renamed into place, so a backup on disk is always complete.
Backups and their folder are private (0600 files in a 0700 folder); the
temporary file of a backup or restore that was killed is removed by the next
open, backup or restore (``leftovers``).

Names say whose backup it is and when it was taken:
``{stem}-{key}-{YYYYmmdd-HHMMSS}.sqlite`` for the rotating backups and
``{stem}-{reason}-{key}-{stamp}.sqlite`` for those taken before an upgrade or
a restore, which are never rotated away. ``key`` is a short hash of the
journal's absolute path, so two journals called ``journal.sqlite`` in
different folders never mix (or rotate away) each other's backups.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from watchjournal.errors import (
    DamagedJournalError,
    JournalFileError,
    JournalUnavailableError,
    NewerJournalError,
    NotAJournalError,
)
from watchjournal.private_files import make_private_folder, touch_private
from watchjournal.storage import health, leftovers, places
from watchjournal.storage.errors import primary_code, translate, translate_os_error
from watchjournal.storage.locks import exclusive_connection, exclusive_file_lock
from watchjournal.storage.timeouts import busy_timeout_ms

BACKUP_INTERVAL = timedelta(days=1)
KEEP_LAST = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME_TAIL = re.compile(
    r"-(?P<key>[0-9a-f]{8})-(?P<stamp>\d{8}-\d{6})(?:-(?P<counter>\d+))?\.sqlite"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file of a journal."""

    path: Path
    taken_at: datetime
    # None for the rotating backups; e.g. "before-upgrade-0001" or "before-restore".
    reason: str | None


@dataclass(frozen=True)
class ServerJournalName:
    """A journal on a server, as its backups are named: by its database's name,
    with a key made from its URL (without password), so two servers' journals
    of the same name never mix their backups."""

    url: str  # as ``server_url.display_name`` gives it
    database: str


# Whose backups: a journal file, or a journal on a server.
BackupOwner = Path | ServerJournalName


def journal_key(journal: BackupOwner) -> str:
    where = journal.url if isinstance(journal, ServerJournalName) else str(journal.absolute())
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:8]


def owner_stem(journal: BackupOwner) -> str:
    """How the names of ``journal``'s backups begin: the file's stem, or the database's name."""
    return journal.database if isinstance(journal, ServerJournalName) else journal.stem


def clean_close_record(journal: Path, backup_dir: Path) -> Path:
    """Where ``health`` keeps the stamp of the journal after its last clean close."""
    return backup_dir / "state" / f"{journal.stem}-{journal_key(journal)}.json"


def is_backup_name(name: str) -> bool:
    """Whether ``name`` has the shape of a backup file's name (of any journal)."""
    match = _NAME_TAIL.search(name)
    return match is not None and match.end() == len(name)


def remove_leftovers(journal: Path, backup_dir: Path) -> list[Path]:
    """Remove what killed backups and restores of ``journal`` left behind (temporary
    copies no live process owns); the paths removed."""
    removed = leftovers.remove_abandoned(backup_dir, is_backup_name)
    removed += leftovers.remove_abandoned(backup_dir / "state", lambda n: n.endswith(".json"))
    restore_target = _restore_target(journal).name
    removed += leftovers.remove_abandoned(journal.parent, lambda n: n == restore_target)
    return removed


def list_backups(journal: BackupOwner, backup_dir: Path) -> list[BackupInfo]:
    """The backups of ``journal`` in ``backup_dir``, newest first (one directory listing)."""
    key = journal_key(journal)
    found: list[tuple[int, BackupInfo]] = []
    try:
        entries = list(os.scandir(backup_dir))
    except OSError:
        return []
    for entry in entries:
        match = _NAME_TAIL.search(entry.name)
        if match is None or match.end() != len(entry.name) or match["key"] != key:
            continue
        prefix, stem = entry.name[: match.start()], owner_stem(journal)
        if prefix == stem:
            reason = None
        elif prefix.startswith(f"{stem}-"):
            reason = prefix[len(stem) + 1 :]
        else:
            continue
        taken_at = datetime.strptime(match["stamp"], _STAMP_FORMAT)
        counter = int(match["counter"] or 0)
        found.append((counter, BackupInfo(Path(entry.path), taken_at, reason)))
    found.sort(key=lambda item: (item[1].taken_at, item[0]), reverse=True)
    return [info for _counter, info in found]


def backup_due(journal: BackupOwner, backup_dir: Path, now: datetime | None = None) -> bool:
    """True when the newest rotating backup is a day old or there is none."""
    now = now or datetime.now()
    rotating = [b for b in list_backups(journal, backup_dir) if b.reason is None]
    return not rotating or now - rotating[0].taken_at >= BACKUP_INTERVAL


def copy_journal(source: Path, destination: Path, *, source_is_live: bool = True) -> Path:
    """Copy a journal consistently with the online backup API, atomically at ``destination``.

    A live source is opened like any WatchJournal connection (it waits for a
    writer and reads one consistent snapshot); a file that nobody writes, such
    as a backup being restored, or a journal in a read-only place, is opened
    read-only without side files.
    The copy is switched to a rollback journal so it is one self-contained file.
    Failures are raised as ``JournalFileError`` (busy, disk full, read-only...).
    """
    try:
        if source_is_live and places.read_only_reason(source) is None:
            src = sqlite3.connect(source, timeout=busy_timeout_ms() / 1000)
            try:
                return copy_from_connection(src, source, destination)
            finally:
                src.close()
        with health.readonly_connection(source) as ro:
            return copy_from_connection(ro, source, destination)
    except sqlite3.Error as exc:
        raise _translated(exc, source, f"cannot copy {source}") from exc


def copy_from_connection(src: sqlite3.Connection, source: Path, destination: Path) -> Path:
    """Copy what ``src`` (a connection to ``source``) sees to ``destination``, atomically.

    The copy is private (0600) from its first byte.
    """
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with leftovers.private_temp(destination) as temporary:
            _copy_into(src, source, temporary, destination)
            temporary.replace(destination)
    except OSError as exc:
        raise translate_os_error(exc, destination, "write") from exc
    return destination


def _copy_into(src: sqlite3.Connection, source: Path, temporary: Path, destination: Path) -> None:
    """Write what ``src`` sees into the new, empty file ``temporary`` (one self-contained
    file), which becomes ``destination``."""
    try:
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        # Which file failed (the journal or the copy) decides what the user should fix.
        failed = destination if primary_code(exc) in _WRITE_CODES else source
        raise _translated(exc, failed, f"cannot copy {source} to {destination}") from exc


_WRITE_CODES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN})


def _translated(exc: sqlite3.Error, path: Path, what: str) -> JournalFileError:
    error = translate(exc, path)
    return error if error is not None else JournalUnavailableError(path, f"{what}: {exc}")


def new_backup_path(
    journal: BackupOwner, backup_dir: Path, reason: str | None, now: datetime
) -> Path:
    """A free name in ``backup_dir`` for a backup of ``journal`` taken at ``now``."""
    middle = f"-{reason}" if reason else ""
    base = f"{owner_stem(journal)}{middle}-{journal_key(journal)}-{now.strftime(_STAMP_FORMAT)}"
    candidate = backup_dir / f"{base}.sqlite"
    counter = 1
    while candidate.exists():
        candidate = backup_dir / f"{base}-{counter}.sqlite"
        counter += 1
    return candidate


def make_backup(
    journal: Path, backup_dir: Path, *, reason: str | None = None, now: datetime | None = None
) -> Path:
    """Back up ``journal`` into ``backup_dir``; a rotating backup also prunes old ones."""
    try:
        make_private_folder(backup_dir)
        remove_leftovers(journal, backup_dir)
        destination = new_backup_path(journal, backup_dir, reason, now or datetime.now())
    except OSError as exc:  # e.g. a backup folder this user may not read
        raise translate_os_error(exc, backup_dir, "write a backup to") from exc
    copy_journal(journal, destination)
    if reason is None:
        rotate(journal, backup_dir)
    return destination


def backups_to_keep(
    backups: list[BackupInfo], keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY
) -> set[Path]:
    """The ``KEEP_LAST`` newest backups (so a manual backup never pushes out the
    morning's), the newest of each of the last ``keep_daily`` days that have one,
    then the newest of each of the ``keep_weekly`` weeks before those days."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    kept = {b.path: b for b in newest_first[:KEEP_LAST]}
    days: set[object] = set()
    for backup in newest_first:
        if len(days) < keep_daily and backup.taken_at.date() not in days:
            days.add(backup.taken_at.date())
            kept[backup.path] = backup
    oldest_daily = min((b.taken_at for b in kept.values()), default=None)
    weeks: set[object] = set()
    for backup in newest_first:
        if oldest_daily is not None and backup.taken_at >= oldest_daily:
            continue
        week = backup.taken_at.isocalendar()[:2]
        if len(weeks) < keep_weekly and week not in weeks:
            weeks.add(week)
            kept[backup.path] = backup
    return set(kept)


def rotate(journal: BackupOwner, backup_dir: Path) -> list[Path]:
    """Delete rotating backups of ``journal`` that the policy no longer keeps."""
    rotating = [b for b in list_backups(journal, backup_dir) if b.reason is None]
    keep = backups_to_keep(rotating)
    removed = []
    for path in (b.path for b in rotating if b.path not in keep):
        # An old backup that cannot be removed stays: the new one is made anyway.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def latest_good_backup(journal: Path, backup_dir: Path) -> Path | None:
    """The newest backup of ``journal`` that passes the integrity check."""
    for backup in list_backups(journal, backup_dir):
        if check_restorable(backup.path, raise_errors=False) is not None:
            return backup.path
    return None


def check_restorable(source: Path, *, raise_errors: bool = True) -> str | None:
    """The schema revision of a healthy journal this app can open, else raise (or None)."""
    # journal_file imports this module; importing it here avoids the cycle.
    from watchjournal.storage.journal_file import HEAD_REVISION, read_revision

    try:
        if not places.check_kind(source):
            raise JournalUnavailableError(source, f"there is no file {source}")
        revision = read_revision(source)
        if revision is None:
            raise NotAJournalError(source, f"{source} is empty, not a WatchJournal journal")
        health.check_header(source)
        health.verify(source)
        if revision != HEAD_REVISION:
            # Alembic is only imported when a journal has an older schema (start-up time).
            from watchjournal.storage import migrate

            if not migrate.is_known_revision(revision):
                raise NewerJournalError(
                    source, f"{source} was written by a newer version of WatchJournal"
                )
    except JournalFileError:
        if raise_errors:
            raise
        return None
    return revision


def _needs_replacing(journal: Path) -> bool:
    """Whether the current journal is damaged or foreign (so it is kept byte for byte
    and replaced by renaming) rather than healthy (backed up and restored in place).

    A journal that cannot be checked right now (busy, I/O error...) raises.
    """
    # journal_file imports this module; importing it here avoids the cycle.
    from watchjournal.storage.journal_file import read_revision

    try:
        if read_revision(journal) is None:
            return True
        health.check_header(journal)
        health.verify(journal)
    except (DamagedJournalError, NotAJournalError, NewerJournalError):
        return True
    return False


def restore_journal(source: Path, journal: Path, backup_dir: Path) -> Path | None:
    """Replace ``journal`` by the healthy journal ``source``; returns the backup of
    what was there before (None if there was no journal).

    Refuses with JournalBusyError while any other connection has the journal
    open: nobody's uncommitted or uncheckpointed work is ever thrown away.
    """
    source, journal = source.absolute(), journal.absolute()
    if source == journal:
        raise JournalUnavailableError(source, f"{source} is the journal itself")
    check_restorable(source)
    if (read_only := places.read_only_reason(journal)) is not None:
        raise read_only
    try:
        make_private_folder(backup_dir)
    except OSError as exc:
        raise translate_os_error(exc, backup_dir, "write a backup to") from exc
    remove_leftovers(journal, backup_dir)
    if not journal.exists() or journal.stat().st_size == 0 or _needs_replacing(journal):
        with exclusive_file_lock(journal):
            kept = _keep_raw_copy(journal, backup_dir) if journal.exists() else None
            _replace_by_rename(source, journal)
        return kept
    with exclusive_connection(journal) as only:
        # Backed up and replaced under one lock, so no change can slip in between.
        kept = copy_from_connection(
            only, journal, new_backup_path(journal, backup_dir, "before-restore", datetime.now())
        )
        _replace_in_place(source, only, journal)
    return kept


def _replace_in_place(source: Path, dst: sqlite3.Connection, journal: Path) -> None:
    """Write ``source`` into the journal through the one connection that has it open."""
    with health.readonly_connection(source) as src:
        try:
            src.backup(dst)
        except sqlite3.Error as exc:
            raise _translated(exc, journal, f"cannot restore into {journal}") from exc


def _replace_by_rename(source: Path, journal: Path) -> None:
    """Put a copy of ``source`` in place of a missing, empty or damaged journal.

    Only called while ``exclusive_file_lock`` proves that no process has the
    journal open, so its ``-wal``/``-shm`` are stale (and were kept with the
    damaged copy): they must never be replayed into the new file.
    """
    try:
        with (
            health.readonly_connection(source) as src,
            leftovers.private_temp(_restore_target(journal)) as temporary,
        ):
            _copy_into(src, source, temporary, journal)
            health.wal_path(journal).unlink(missing_ok=True)
            health.shm_path(journal).unlink(missing_ok=True)
            temporary.replace(journal)
    except OSError as exc:
        raise translate_os_error(exc, journal, "replace") from exc
    except sqlite3.Error as exc:
        raise _translated(exc, source, f"cannot read {source}") from exc


def _restore_target(journal: Path) -> Path:
    """The name a restore's temporary copy is made for (``.{name}.restore.{pid}.tmp``)."""
    return journal.with_name(f"{journal.name}.restore")


def _keep_raw_copy(journal: Path, backup_dir: Path) -> Path:
    """Keep a damaged journal byte for byte (with its -wal) before it is replaced."""
    destination = new_backup_path(journal, backup_dir, "before-restore-damaged", datetime.now())
    try:
        make_private_folder(destination.parent)
        pairs = ((journal, destination), (health.wal_path(journal), health.wal_path(destination)))
        for original, copy in pairs:
            if original.exists():
                touch_private(copy)  # shutil would copy the original's (maybe looser) mode
                shutil.copyfile(original, copy)
    except OSError as exc:
        raise translate_os_error(exc, destination, "keep a copy of the journal at") from exc
    return destination
