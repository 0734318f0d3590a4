"""The error classes through the real ``watchjournal`` process, each on the real condition:
a lock held by another process, a full disk (a small tmpfs), a read-only disk, file and
folder, permission denied (a process that dropped root), a closed pipe.

Each refused command exits 1 with one clear line (no traceback, no offer to restore unless
the journal is proved damaged) and changes nothing (``iterdump()`` before and after).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult, watchjournal_command
from tests.lock_holder import (
    EXCLUSIVE,
    OTHER_PROGRAMS_ROW,
    WRITING,
    hold_journal,
    other_programs_rows,
)
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.import_types import ImportBatch, ImportFilm, ImportWatchlist, Origin
from watchjournal.paths import AppPaths
from watchjournal.storage import health
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.storage.places import READ_ONLY_DISK, READ_ONLY_FILE, READ_ONLY_FOLDER

Cli = Callable[..., CliResult]
SHORT_WAIT = {BUSY_TIMEOUT_VARIABLE: "300"}
LONG_TEXT = "a long synopsis " * 6_000  # 96 kB: one argument may hold 128 kB


def dump(path: Path) -> list[str]:
    """The journal's contents, read without creating -wal/-shm files next to it
    (they would let SQLite write through a read-only folder)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def refused(result: CliResult) -> str:
    """The one error line (a failed automatic backup may warn on the line before)."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("watchjournal: "), result.stderr
    return last


@pytest.fixture
def journal(run_cli: Cli, journal_path: Path) -> Path:
    assert run_cli("add", "Paterson", "--year", "2016", "--watchlist").returncode == 0
    assert run_cli("add", "Heat", "--year", "1995").returncode == 0
    return journal_path


# -- another program holds the lock ---------------------------------------------------------


def test_list_while_another_program_holds_the_journal_says_busy(
    run_cli: Cli, journal: Path
) -> None:
    assert run_cli("backup").returncode == 0  # a good backup exists, and is still not offered
    with hold_journal(journal, *OTHER_PROGRAMS_ROW, *EXCLUSIVE):
        message = refused(run_cli("list", env=SHORT_WAIT))
    assert "busy" in message
    assert "damaged" not in message and "restore" not in message
    assert other_programs_rows(journal) == ["committed by another program"]


def test_a_write_while_another_program_writes_says_busy(run_cli: Cli, journal: Path) -> None:
    before = dump(journal)
    with hold_journal(journal, WRITING):
        message = refused(run_cli("add", "Ran", "--year", "1985", env=SHORT_WAIT))
        assert "busy" in message and "nothing was changed" in message
        assert run_cli("list", env=SHORT_WAIT).returncode == 0  # readers go on
    assert dump(journal) == before


def test_backup_while_another_program_holds_the_journal_says_busy(
    run_cli: Cli, journal: Path, app_dirs: AppPaths
) -> None:
    backups = sorted(app_dirs.backup_dir.iterdir())
    with hold_journal(journal, *EXCLUSIVE):
        assert "busy" in refused(run_cli("backup", env=SHORT_WAIT))
    assert sorted(app_dirs.backup_dir.iterdir()) == backups


def test_restore_never_destroys_another_programs_data(
    run_cli: Cli, journal: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.sqlite"
    assert run_cli("backup", str(saved)).returncode == 0
    with hold_journal(journal, *OTHER_PROGRAMS_ROW, WRITING):
        wal = health.wal_path(journal).read_bytes()
        message = refused(run_cli("restore", str(saved), "--yes", env=SHORT_WAIT))
        assert "open in another program" in message
        assert health.wal_path(journal).read_bytes() == wal
    assert other_programs_rows(journal) == ["committed by another program"]
    # With the other program gone the same restore works.
    assert run_cli("restore", str(saved), "--yes").returncode == 0


# -- a full disk, a read-only disk --------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of our own (tests run as root in CI)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("needs mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path) -> None:
    """Take every free byte of the disk."""
    descriptor = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass  # ENOSPC: full
    finally:
        os.close(descriptor)


def test_a_full_disk_says_so_and_changes_nothing(run_cli: Cli, small_disk: Path) -> None:
    journal = small_disk / "journal.sqlite"
    assert run_cli("add", "Paterson", "--year", "2016", db=journal).returncode == 0
    _fill(small_disk)
    before = dump(journal)
    message = refused(run_cli("add", "Heat", "--synopsis", LONG_TEXT, db=journal))
    assert "disk is full" in message and "nothing was changed" in message
    assert dump(journal) == before
    # A backup that does not fit leaves no half-written file behind.
    message = refused(run_cli("backup", str(small_disk / "copy.sqlite"), db=journal))
    assert "disk is full" in message
    assert sorted(p.name for p in small_disk.iterdir() if not p.name.startswith("journal")) == [
        "filler"
    ]
    # Settings are Python file writes too.
    settings = {"XDG_CONFIG_HOME": str(small_disk / "config")}
    message = refused(run_cli("config", "set", "tmdb.region", "DE", db=journal, env=settings))
    assert "cannot save the settings" in message and "disk is full" in message


def test_a_read_only_disk_says_so_and_changes_nothing(run_cli: Cli, small_disk: Path) -> None:
    journal = small_disk / "journal.sqlite"
    assert run_cli("add", "Paterson", "--year", "2016", db=journal).returncode == 0
    before = dump(journal)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    message = refused(run_cli("add", "Heat", db=journal))
    # It still opens for reading (tests/e2e/test_cli_private_places.py): one sentence.
    assert message == "watchjournal: " + READ_ONLY_DISK
    assert dump(journal) == before


# -- a read-only file and folder (chattr +i: root ignores permission bits) ------------------


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    made: list[Path] = []

    def make(path: Path) -> None:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not possible here: {done.stderr.decode().strip()}")
        made.append(path)

    if shutil.which("chattr") is None:
        pytest.skip("needs chattr(1)")
    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_journal_file_says_so(
    run_cli: Cli, journal: Path, immutable: Callable[[Path], None]
) -> None:
    before = dump(journal)
    immutable(journal)
    message = refused(run_cli("add", "Ran", "--year", "1985"))
    assert message == "watchjournal: " + READ_ONLY_FILE
    assert dump(journal) == before


def test_a_read_only_journal_folder_says_so(
    run_cli: Cli, journal: Path, immutable: Callable[[Path], None]
) -> None:
    before = dump(journal)
    immutable(journal.parent)
    message = refused(run_cli("add", "Ran", "--year", "1985"))
    assert message == "watchjournal: " + READ_ONLY_FOLDER
    assert dump(journal) == before


# -- permission denied (a process that dropped root) --------------------------------------

AS_NOBODY = """
import os, sys
from watchjournal.cli import main as cli
cli.build_parser()  # import everything while still allowed to read it
import sqlalchemy.dialects.sqlite.pysqlite
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can enter (pytest's temp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="watchjournal-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to drop it")
def test_a_journal_of_another_user_is_permission_denied(run_cli: Cli, shared_folder: Path) -> None:
    journal = shared_folder / "journal.sqlite"
    assert run_cli("add", "Paterson", db=journal).returncode == 0
    before = dump(journal)

    def as_nobody(*args: str) -> str:
        completed = subprocess.run(
            [sys.executable, "-c", AS_NOBODY, "--db", str(journal), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return refused(CliResult(completed.returncode, completed.stdout, completed.stderr))

    # Private by default (0600): another user cannot even read it.
    assert f"cannot read {journal}: permission denied" in as_nobody("list")
    # Shared on purpose (0644): readable, but a write is theirs to refuse, not "read-only".
    journal.chmod(0o644)
    message = as_nobody("add", "Ran")
    assert f"you do not have permission to write the journal file {journal}" in message
    assert dump(journal) == before


# -- only proved damage offers a restore ----------------------------------------------------


def test_a_foreign_file_is_not_offered_a_restore(run_cli: Cli, journal: Path) -> None:
    assert run_cli("backup").returncode == 0
    journal.write_text("my film notes\n")
    message = refused(run_cli("list"))
    assert "not a WatchJournal journal" in message and "restore" not in message


# -- a closed pipe ------------------------------------------------------------------------


@pytest.fixture
def long_watchlist(journal: Path, app_dirs: AppPaths) -> Path:
    """Enough films that ``watchlist`` writes more than a pipe holds (64 KiB)."""
    films = [
        ImportFilm(
            FilmFields(
                f"Film {number:03d} with a title long enough to fill a pipe quickly {'x' * 100}"
            ),
            Origin("watchlist.csv", number + 2),
            watchlist=ImportWatchlist(),
        )
        for number in range(500)
    ]
    service = JournalService.open(journal, app_dirs.backup_dir)
    service.import_batch(ImportBatch("letterboxd", films=films))  # one write, not 500 (33 s)
    assert len(service.watchlist()) == 501  # and Paterson
    service.close()
    return journal


def test_a_closed_pipe_ends_quietly(journal: Path) -> None:
    """The reader is gone before anything is written: no message, status 141."""
    command = [*watchjournal_command(), "--db", str(journal), "watchlist"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head` exiting at once
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert errors == b""


def test_watchlist_into_head_prints_one_line_and_nothing_else(long_watchlist: Path) -> None:
    command = " ".join(shlex.quote(part) for part in watchjournal_command())
    shell = (
        f"{command} --db {shlex.quote(str(long_watchlist))} watchlist | head -1;"
        ' echo "status ${PIPESTATUS[0]}"'
    )
    completed = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, check=False, timeout=60
    )
    assert completed.stderr == ""
    first, status = completed.stdout.splitlines()
    assert first.strip()
    # More than a pipe holds was written after head exited: the CLI met the closed pipe.
    assert status == "status 141"
