"""Issue 12 through the real ``watchjournal`` process: files made private and said once;
a journal on a read-only disk or in a read-only folder is read and never changed; the
temp file of a ``backup`` killed mid-copy is removed by the next start; a FIFO, a socket
or a device as the journal is refused at once; ids too large are clear errors.

Every run has a timeout, so a hang fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_watchjournal, watchjournal_command
from tests.read_only_places import dump, immutable_paths, listing, tmpfs
from watchjournal.paths import AppPaths

Cli = Callable[..., CliResult]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="modes, FIFOs, mounts and signals")

DISK = "the journal is on a read-only disk: it can be read but not changed"
FOLDER = "the journal is in a read-only folder: it can be read but not changed"
BIG = "1" + "0" * 30  # 10**30: no SQLite integer holds it


def cli(journal: Path, *args: str, timeout: float = 20) -> CliResult:
    # The timeout: a FIFO that hangs the open fails here instead of blocking.
    return run_watchjournal("--db", str(journal), *args, timeout=timeout)


def ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result


def refused(result: CliResult, status: int = 1) -> str:
    """The one error line of a refused command."""
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("watchjournal"), result.stderr
    return lines[-1]


def fill(journal: Path) -> None:
    ok(cli(journal, "add", "Paterson", "--year", "2016", "--watchlist"))
    ok(cli(journal, "review", "Paterson", "--rating", "8", "--body", "A quiet poem."))
    ok(cli(journal, "add", "Heat", "--year", "1995"))


# -- private by default ----------------------------------------------------------------------


def test_an_older_journals_files_are_made_private_and_it_is_said_once(
    app_dirs: AppPaths,
) -> None:
    journal = app_dirs.data_dir / "journal.sqlite"
    fill(journal)
    ok(cli(journal, "backup"))
    for path in [app_dirs.data_dir, *app_dirs.data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # as an older WatchJournal left them

    first = ok(cli(journal, "list"))
    notice = first.stderr.strip().splitlines()
    assert len(notice) == 1 and "readable by other users" in notice[0], first.stderr
    assert "Paterson" in first.stdout
    for path in [app_dirs.data_dir, *app_dirs.data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert ok(cli(journal, "list")).stderr == ""  # once


# -- reading from a read-only place ---------------------------------------------------------


def check_read_only(journal: Path, sentence: str, out: Path) -> None:
    """Reads work quietly; every write is refused with the sentence; nothing changes."""
    before, files = dump(journal), listing(journal.parent)
    assert "Paterson (2016)" in ok(cli(journal, "list")).stdout
    shown = ok(cli(journal, "show", "Paterson"))
    assert "A quiet poem." in shown.stdout and shown.stderr == ""
    assert "Paterson" in ok(cli(journal, "search", "poem")).stdout
    assert ok(cli(journal, "export", "json", str(out))).stderr == ""
    assert "A quiet poem." in out.read_text(encoding="utf-8")
    # An import with something new to write (one that brings nothing new writes
    # nothing, so it succeeds even here).
    document = json.loads(out.read_text(encoding="utf-8"))
    new_film = {**document["films"][-1], "ref": 999, "title": "Ran", "year": 1985}
    document["films"].append({**new_film, "viewings": [], "reviews": [], "watchlist": None})
    import_file = out.with_name("import.json")
    import_file.write_text(json.dumps(document), encoding="utf-8")
    for write in (
        ["add", "Ran", "--year", "1985"],
        ["edit", "Heat", "--year", "1996"],
        ["review", "Heat", "--rating", "7"],
        ["watched", "Heat"],
        ["delete", "Heat", "--yes"],
        ["review-delete", "1", "--yes"],
        ["watchlist", "--move", "Paterson", "--to", "1"],
        ["reindex"],
        ["import", "json", str(import_file)],
    ):
        message = refused(cli(journal, *write))
        assert message == f"watchjournal: {sentence}", (write, message)
    assert dump(journal) == before and listing(journal.parent) == files


def test_a_journal_on_a_read_only_disk_is_read_and_never_changed(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    with tmpfs(tmp_path / "disk") as make_read_only:
        journal = tmp_path / "disk" / "journal.sqlite"
        fill(journal)
        make_read_only()
        check_read_only(journal, DISK, tmp_path / "out" / "journal.json")
        # The explicit backup reads it too (into the writable backup folder).
        assert "Backed up" in ok(cli(journal, "backup")).stdout


def test_a_journal_in_a_read_only_folder_is_read_and_never_changed(tmp_path: Path) -> None:
    journal = tmp_path / "folder" / "journal.sqlite"
    fill(journal)
    with immutable_paths() as immutable:
        immutable(journal.parent)
        check_read_only(journal, FOLDER, tmp_path / "out" / "journal.json")


# -- leftovers of a killed backup -----------------------------------------------------------


def big_journal(journal: Path) -> None:
    """A journal of about 120 MB, so that copying it takes a while."""
    ok(cli(journal, "add", "Paterson", "--year", "2016"))
    connection = sqlite3.connect(journal)
    connection.execute("CREATE TABLE test_padding (data BLOB)")
    connection.executemany("INSERT INTO test_padding VALUES (randomblob(?))", [(1 << 20,)] * 120)
    connection.commit()
    connection.close()


def wait_for(condition: Callable[[], bool], what: str, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.001)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp*")) if folder.is_dir() else []


def test_a_backup_killed_mid_copy_leaves_a_temp_file_the_next_start_removes(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    journal = tmp_path / "journal.sqlite"
    big_journal(journal)
    size = journal.stat().st_size
    folder = app_dirs.backup_dir
    process = subprocess.Popen(
        [*watchjournal_command(), "--db", str(journal), "backup"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def copying() -> bool:
            assert process.poll() is None, "the backup finished before it could be killed"
            return any(p.stat().st_size > 0 for p in temp_files(folder) if p.exists())

        wait_for(copying, "the backup's temp file to fill")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    left = temp_files(folder)
    assert left and all(p.name.endswith((".tmp", ".tmp-journal")) for p in left)
    assert 0 < max(p.stat().st_size for p in left) <= size
    listed = ok(cli(journal, "backups"))
    assert ".tmp" not in listed.stdout  # not shown as a backup

    ok(cli(journal, "list"))  # the next start
    assert temp_files(folder) == []
    # What is left is the daily backup that start made, complete.
    assert all(p.name.endswith(".sqlite") for p in folder.iterdir() if p.name != "state")


# -- a FIFO, a socket or a device as the journal ------------------------------------------


def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.sqlite"
    os.mkfifo(fifo)
    for args in (["list"], ["add", "Heat"], ["backup"], ["restore", str(fifo), "--yes"]):
        message = refused(cli(fifo, *args))
        assert message == f"watchjournal: {fifo} is a named pipe (FIFO), not a WatchJournal journal"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_as_the_backup_to_restore_is_refused_at_once(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    ok(cli(journal, "add", "Heat"))
    fifo = tmp_path / "backup.sqlite"
    os.mkfifo(fifo)
    message = refused(cli(journal, "restore", str(fifo), "--yes"))
    assert "is a named pipe (FIFO), not a WatchJournal journal" in message
    assert "Heat" in ok(cli(journal, "list")).stdout


def test_a_socket_or_a_device_as_the_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "is a socket, not a WatchJournal journal" in refused(cli(path, "list"))
    finally:
        server.close()
    assert "/dev/null is a device, not a WatchJournal journal" in refused(
        cli(Path("/dev/null"), "list")
    )


# -- ids too large ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", BIG],
        ["show", f"#{BIG}"],
        ["history", BIG],
        ["review-edit", BIG, "--rating", "5"],
        ["review-delete", BIG, "--yes"],
        ["diary-delete", BIG, "--yes"],
        ["review", "Heat", "--viewing", BIG],
        ["search", "Heat", "--limit", BIG],
    ],
    ids=lambda args: " ".join(args)[:30],
)
def test_ids_too_large_are_clear_errors_and_change_nothing(tmp_path: Path, args: list[str]) -> None:
    journal = tmp_path / "journal.sqlite"
    ok(cli(journal, "add", "Heat", "--year", "1995"))
    before = dump(journal)
    result = cli(journal, *args)
    assert result.returncode in (1, 2), result.stderr
    assert "OverflowError" not in result.stderr and "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert BIG in result.stderr  # it says which number
    assert max(len(line) for line in result.stderr.splitlines()) < 300
    assert dump(journal) == before


def test_a_film_titled_with_a_huge_number_is_found_by_its_title(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    ok(cli(journal, "add", BIG, "--year", "2001"))
    assert f"{BIG} (2001)" in ok(cli(journal, "show", BIG)).stdout


def test_error_messages_never_print_control_characters_raw(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    ok(cli(journal, "add", "Heat", "--year", "1995"))
    ok(cli(journal, "add", "Ran", "--year", "1985"))
    # Titles stored before controls were refused (or by another program).
    connection = sqlite3.connect(journal)
    connection.execute("UPDATE films SET title = 'Alien\u202e7991\x1b[2J', title_key = 'alien'")
    connection.commit()
    connection.close()
    result = cli(journal, "show", "alien")  # ambiguous: the message lists both labels
    message = result.stderr
    assert result.returncode == 1 and "matches 2 films" in message
    assert "\u202e" not in message and "\x1b" not in message
    assert "Alien\\u202e7991\\x1b[2J (1995)" in message
