"""``watchjournal backup / backups / restore`` and how the CLI reports damaged journals,
a full disk and a read-only journal, as a real process."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.journal_helpers import dump, ok
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health

Cli = Callable[..., CliResult]


def refused(result: CliResult) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("watchjournal: ")
    return result.stderr


def titles(run_cli: Cli) -> list[str]:
    return [film["title"] for film in json.loads(ok(run_cli("list", "--json")).stdout)]


@pytest.fixture
def journal(run_cli: Cli, journal_path: Path) -> Path:
    ok(run_cli("add", "Paterson", "--year", "2016", "--synopsis", "words " * 3000))
    ok(run_cli("add", "Heat", "--year", "1995"))
    return journal_path


def test_backup_into_the_rotation_folder(run_cli: Cli, journal: Path, app_dirs: AppPaths) -> None:
    result = ok(run_cli("backup", "--json"))
    written = Path(json.loads(result.stdout)["backup"])
    assert written.parent == app_dirs.backup_dir
    assert dump(written) == dump(journal)
    listed = json.loads(ok(run_cli("backups", "--json")).stdout)
    assert str(written) in [row["path"] for row in listed]
    assert str(written) in ok(run_cli("backups")).stdout


def test_backup_to_a_path_and_a_folder(run_cli: Cli, journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "mine.sqlite"
    assert str(target) in ok(run_cli("backup", str(target))).stdout
    assert dump(target) == dump(journal)
    folder = tmp_path / "copies"
    into_folder = Path(json.loads(ok(run_cli("backup", str(folder), "--json")).stdout)["backup"])
    assert into_folder.parent == folder and dump(into_folder) == dump(journal)
    assert "already exists" in refused(run_cli("backup", str(target)))


def test_restore_asks_and_keeps_the_current_journal(
    run_cli: Cli, journal: Path, app_dirs: AppPaths
) -> None:
    saved = Path(json.loads(ok(run_cli("backup", "--json")).stdout)["backup"])
    ok(run_cli("add", "Ran", "--year", "1985"))
    before = dump(journal)
    assert "--yes" in refused(run_cli("restore", str(saved)))
    assert dump(journal) == before
    result = ok(run_cli("restore", str(saved), "--yes"))
    assert sorted(titles(run_cli)) == ["Heat", "Paterson"]
    [kept] = [b for b in backup.list_backups(journal, app_dirs.backup_dir) if b.reason]
    assert kept.reason == "before-restore" and str(kept.path) in result.stdout
    assert dump(kept.path) == before


def test_restore_refuses_a_damaged_backup(run_cli: Cli, journal: Path, tmp_path: Path) -> None:
    saved = Path(json.loads(ok(run_cli("backup", "--json")).stdout)["backup"])
    with saved.open("r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\x00\xff" * 2048)
    before = dump(journal)
    assert "damaged" in refused(run_cli("restore", str(saved), "--yes"))
    assert dump(journal) == before


def test_a_damaged_journal_is_explained_and_restorable(
    run_cli: Cli, journal: Path, app_dirs: AppPaths
) -> None:
    saved = Path(json.loads(ok(run_cli("backup", "--json")).stdout)["backup"])
    with journal.open("r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\x00\xff" * 2048)
    damaged = journal.read_bytes()
    message = refused(run_cli("list"))
    assert len(message.strip().splitlines()) == 1
    assert "is damaged" in message and str(saved) in message
    assert journal.read_bytes() == damaged
    assert not health.wal_path(journal).exists() and not health.shm_path(journal).exists()
    suggested = shlex.split(message.split("run: ", 1)[1])
    assert suggested[:2] == ["watchjournal", "--db"]
    ok(run_cli(*suggested[3:], "--yes", db=Path(suggested[2])))
    assert sorted(titles(run_cli)) == ["Heat", "Paterson"]


INJECTED = """
import sys
from sqlalchemy import Engine, event
from watchjournal.cli.main import main

@event.listens_for(Engine, "connect")
def inject(dbapi_connection, _record):
    if sys.argv[1] == "full":
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")
    else:
        dbapi_connection.execute("PRAGMA query_only = ON")

sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    ("fault", "expected"),
    [("full", "the disk is full"), ("read-only", "the journal is read-only")],
)
def test_full_disk_and_read_only_fail_clearly(journal: Path, fault: str, expected: str) -> None:
    before = dump(journal)
    completed = subprocess.run(
        [
            *(sys.executable, "-c", INJECTED, fault, "--db", str(journal)),
            *("review", "Heat", "--rating", "7", "--body", "long " * 20_000),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    result = CliResult(completed.returncode, completed.stdout, completed.stderr)
    assert expected in refused(result)
    assert dump(journal) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_journal_in_a_read_only_folder(run_cli: Cli, journal: Path) -> None:
    before = dump(journal)
    journal.chmod(0o444)
    journal.parent.chmod(0o555)
    try:
        message = refused(run_cli("add", "Ran", "--year", "1985"))
    finally:
        journal.parent.chmod(0o755)
        journal.chmod(0o644)
    assert "read-only" in message or "cannot" in message
    assert dump(journal) == before
