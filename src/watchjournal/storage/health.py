"""Integrity checks of journal files, and when the full check runs.

Every open runs the cheap checks: the SQLite header (page size, file size, so
a truncated file is caught) and, in ``journal_file``, the schema tables. The
full ``PRAGMA quick_check`` reads every page, which costs about 1.6 ms per MB
(115 ms for a 100,000-film journal), so it runs only when it can find
something: on small journals always, otherwise when the file was not closed
cleanly by WatchJournal, was changed by anything else since, or when the daily
backup is due (see docs/reliability.md for the trade-off).

All checks use read-only connections that leave no ``-wal``/``-shm`` files
behind, so a damaged or foreign file is never changed by looking at it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from watchjournal.errors import DamagedJournalError, JournalUnavailableError
from watchjournal.private_files import make_private_folder
from watchjournal.storage import leftovers
from watchjournal.storage.errors import (
    SUSPECT_CODES,
    primary_code,
    translate,
    translate_os_error,
)
from watchjournal.storage.timeouts import busy_timeout_ms

# Below this size the full check is cheaper than any bookkeeping (about 25 ms).
FULL_CHECK_ALWAYS_BELOW = 16 * 1024 * 1024
_HEADER_SIZE = 100
_MAX_PROBLEMS = 5


@dataclass(frozen=True)
class FileStamp:
    """What changes whenever anything writes the file (or replaces it)."""

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _wal_in_use(path: Path) -> bool:
    """True if a ``-wal`` file exists: another connection is open, or one was killed."""
    return wal_path(path).exists()


def _is_wal_file(path: Path) -> bool:
    """True if the header says the file is in WAL mode (bytes 18 and 19 are 2)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


@contextmanager
def readonly_connection(path: Path, timeout_ms: int | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path`` that creates no files next to it.

    A file in WAL mode without a ``-wal`` file is open nowhere (every WAL
    connection keeps one) and holds every committed change, so it is opened
    ``immutable`` (no locks, no side files). Otherwise it is opened read-only
    with locks: it shares an existing ``-wal``/``-shm``, and a file in
    rollback mode may be written by another program right now, which the
    shared lock waits for (or reports busy) instead of reading a half-written
    file and calling it damaged. ``timeout_ms``: how long to wait for such a
    lock (None: ``busy_timeout_ms()``).
    """
    timeout = busy_timeout_ms() if timeout_ms is None else timeout_ms
    immutable = _is_wal_file(path) and not _wal_in_use(path)
    mode = "mode=ro&immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True, timeout=timeout / 1000)
    try:
        yield connection
    finally:
        connection.close()


def _damaged(path: Path, detail: str) -> DamagedJournalError:
    return DamagedJournalError(
        path, f"{path} is damaged ({detail}); WatchJournal has not changed it"
    )


def check_header(path: Path) -> None:
    """Cheap structural checks of an SQLite file's header and size (a few microseconds).

    The caller has already checked the magic string at the start of the file.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
        size = path.stat().st_size
    except OSError as exc:
        raise translate_os_error(exc, path, "read") from exc
    if len(header) < _HEADER_SIZE:
        raise _damaged(path, "the file is cut short")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, "its header is not valid")
    if size % page_size:
        raise _damaged(path, "the file is cut short")
    pages = int.from_bytes(header[28:32], "big")
    page_count_valid = header[24:28] == header[92:96]
    # With a -wal file a checkpoint may be half done; recovery finishes it.
    if page_count_valid and pages * page_size > size and not _wal_in_use(path):
        raise _damaged(path, "the file is cut short")


def _run_quick_check(path: Path) -> list[str]:
    """The problems ``quick_check`` reports; raises what is not about the contents.

    A lock held by another program, a failing disk or a permission problem is
    raised as its own ``JournalFileError``: it says nothing about the file's
    contents. Only SQLite's "malformed" and "not a database" count as problems.
    """
    try:
        with readonly_connection(path) as connection:
            rows = connection.execute(f"PRAGMA quick_check({_MAX_PROBLEMS})").fetchall()
    except sqlite3.Error as exc:
        if (error := translate(exc, path)) is not None:
            raise error from exc
        if primary_code(exc) in SUSPECT_CODES:
            return [str(exc)]
        raise JournalUnavailableError(path, f"cannot check {path}: {exc}") from exc
    # A row can span lines ("*** in database main ***\nOn page 4 ..."): messages are one line.
    problems = [" ".join(str(row[0]).split()) for row in rows]
    return [] if problems == ["ok"] else problems


def find_problems(path: Path) -> list[str]:
    """The problems ``PRAGMA quick_check`` finds in the file; empty when it is sound.

    Raises JournalBusyError, JournalIOError... when the check cannot run.
    """
    try:
        before = FileStamp.of(path)
    except OSError as exc:
        raise translate_os_error(exc, path, "read") from exc
    problems = _run_quick_check(path)
    if problems and FileStamp.of(path) != before:
        # Another WatchJournal wrote during an immutable read: look again.
        problems = _run_quick_check(path)
    return problems


def verify(path: Path) -> None:
    """Run the full check; raise DamagedJournalError if the file is not sound."""
    problems = find_problems(path)
    if problems:
        raise _damaged(path, "; ".join(problems[:2]))


def _read_record(record: Path) -> FileStamp | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return FileStamp(**data)
    except (OSError, ValueError, TypeError):
        return None


def needs_full_check(path: Path, record: Path) -> bool:
    """Whether the cheap checks are not enough to trust the file at ``path``.

    ``record`` is where the stamp of the file after WatchJournal last closed it
    cleanly is kept; if the file still has that stamp and no ``-wal`` file, it
    is exactly as it was after a clean close that began from a checked file.
    """
    if _wal_in_use(path):
        return True
    stamp = FileStamp.of(path)
    if stamp.size < FULL_CHECK_ALWAYS_BELOW:
        return True
    return _read_record(record) != stamp


def closed_cleanly(path: Path, record: Path) -> bool:
    """Whether the file at ``path`` is exactly as WatchJournal left it when it last
    closed it cleanly (``record``, as for ``needs_full_check``), whatever its size."""
    try:
        return not _wal_in_use(path) and _read_record(record) == FileStamp.of(path)
    except OSError:
        return False


def record_clean_close(path: Path, record: Path) -> None:
    """Remember the file's stamp after the last connection closed cleanly (in a
    private file: it names the journal).

    Nothing is recorded while a ``-wal`` file remains (another process still has
    the journal open; it records its own clean close).
    """
    if _wal_in_use(path) or not path.exists():
        return
    try:
        make_private_folder(record.parent)
        data = json.dumps(asdict(FileStamp.of(path))).encode("utf-8")
        with leftovers.private_temp(record) as temporary:
            temporary.write_bytes(data)
            temporary.replace(record)
    except OSError:
        pass  # without a record the next open simply runs the full check
