"""``watchjournal export`` never writes onto the journal or its backups, and never
replaces a file without ``--force``: each case as a real process."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.e2e.test_cli import dump, ok
from watchjournal.paths import AppPaths

Cli = Callable[..., CliResult]

LONG_CJK = "長い題名の映画" * 40  # 280 characters, 840 bytes in UTF-8
LONG_EMOJI = "🎬🍿" * 70  # 140 characters, 560 bytes


def refused(result: CliResult, *words: str) -> str:
    """The one-line refusal of a process that exited 1; its text."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("watchjournal: ") and "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


@pytest.fixture
def journal(run_cli: Cli, journal_path: Path) -> Path:
    """A journal with a film and a review, like one written since the last backup."""
    ok(run_cli("add", "Paterson", "--year", "2016"))
    ok(run_cli("review", "Paterson", "--rating", "9", "--body", "A week of poems."))
    return journal_path


def test_export_onto_the_journal_is_refused_and_the_journal_kept(
    run_cli: Cli, journal: Path
) -> None:
    """The reported case: ``--db J export imdb J`` turned J into a CSV header."""
    before = dump(journal)
    message = refused(run_cli("export", "imdb", str(journal)), "is the open journal")
    assert str(journal) in message
    assert dump(journal) == before
    assert journal.read_bytes()[:16] == b"SQLite format 3\x00"
    # --force does not change that.
    refused(run_cli("export", "imdb", str(journal), "--force"), "is the open journal")
    assert dump(journal) == before
    shown = json.loads(ok(run_cli("show", "Paterson", "--json")).stdout)
    assert shown["reviews"][0]["body"] == "A week of poems."


@pytest.mark.parametrize(
    ("suffix", "what"), [("-wal", "write-ahead log"), ("-shm", "shared-memory file")]
)
def test_export_onto_the_journals_side_files_is_refused(
    run_cli: Cli, journal: Path, suffix: str, what: str
) -> None:
    before = dump(journal)
    side = journal.with_name(journal.name + suffix)
    refused(run_cli("export", "json", str(side)), what)
    refused(run_cli("export", "json", str(side), "--force"), what)
    assert dump(journal) == before
    assert not side.exists() or not side.read_bytes().startswith(b"{")


def test_export_onto_a_backup_is_refused(
    run_cli: Cli, journal: Path, app_dirs: AppPaths, tmp_path: Path
) -> None:
    ok(run_cli("backup"))
    backup = sorted(p for p in app_dirs.backup_dir.iterdir() if p.suffix == ".sqlite")[-1]
    before = backup.read_bytes()
    refused(run_cli("export", "json", str(backup)), "backup folder")
    refused(run_cli("export", "json", str(backup), "--force"), "backup folder")
    refused(run_cli("export", "markdown", str(app_dirs.backup_dir / "notes")), "backup folder")
    assert not (app_dirs.backup_dir / "notes").exists()
    # A hard link elsewhere to a backup is the backup.
    link = tmp_path / "old.sqlite"
    os.link(backup, link)
    refused(run_cli("export", "json", str(link), "--force"), "same file as a backup")
    assert backup.read_bytes() == before


@pytest.mark.parametrize("kind", ["symlink", "hard link", "dot-dot"])
def test_other_names_of_the_journal_are_refused(
    run_cli: Cli, journal: Path, tmp_path: Path, kind: str
) -> None:
    (tmp_path / "sub").mkdir()
    if kind == "symlink":
        target = tmp_path / "sub" / "link.csv"
        target.symlink_to(journal)
    elif kind == "hard link":
        target = tmp_path / "sub" / "hard.csv"
        os.link(journal, target)
    else:
        target = tmp_path / "sub" / ".." / journal.name
    before = dump(journal)
    refused(run_cli("export", "letterboxd", str(target)), "is the open journal")
    refused(run_cli("export", "letterboxd", str(target), "--force"), "is the open journal")
    assert dump(journal) == before
    assert kind != "symlink" or target.is_symlink()


def test_an_existing_file_is_replaced_only_with_force(
    run_cli: Cli, journal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "notes.json"
    target.write_bytes(b"my own notes\n")
    refused(run_cli("export", "json", str(target)), "already exists", "--force")
    assert target.read_bytes() == b"my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    done = ok(run_cli("export", "json", str(target), "--force"))
    assert "Replaced 1 existing file." in done.stdout
    assert json.loads(target.read_text())["films"][0]["title"] == "Paterson"


def test_a_new_file_is_written(run_cli: Cli, journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "backup.json"
    result = json.loads(ok(run_cli("export", "json", str(target), "--json")).stdout)
    assert result["replaced"] == 0 and result["files"] == [str(target)]
    assert json.loads(target.read_text())["films"][0]["title"] == "Paterson"
    assert (target.stat().st_mode & 0o777) == 0o600


def test_a_folder_a_fifo_and_a_file_in_the_way_are_refused_even_with_force(
    run_cli: Cli, journal: Path, tmp_path: Path
) -> None:
    (tmp_path / "folder").mkdir()
    refused(run_cli("export", "json", str(tmp_path / "folder"), "--force"), "is a folder")
    os.mkfifo(tmp_path / "pipe")
    refused(run_cli("export", "json", str(tmp_path / "pipe"), "--force"), "not a regular file")
    (tmp_path / "plain").write_text("x")
    refused(run_cli("export", "markdown", str(tmp_path / "plain"), "--force"), "is a file")
    assert (tmp_path / "plain").read_text() == "x"


def test_a_folder_export_checks_every_name_before_the_first_write(
    run_cli: Cli, journal: Path, tmp_path: Path
) -> None:
    ok(run_cli("add", "Ballerina", "--year", "2023"))
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    first = ok(run_cli("export", "markdown", str(folder)))  # nothing in the way
    assert "3 files in" in first.stdout
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(written) == {"mine.txt", "index.md", "Paterson (2016).md", "Ballerina (2023).md"}

    ok(run_cli("edit", "Paterson", "--title", "Paterson!"))
    message = refused(run_cli("export", "markdown", str(folder)), "--force")
    assert "already has 2 of the files this export writes" in message
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == written

    # A name taken by a folder is found before any file is written, even with --force.
    (folder / "Paterson! (2016).md").mkdir()
    refused(run_cli("export", "markdown", str(folder), "--force"), "is a folder")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == written
    (folder / "Paterson! (2016).md").rmdir()

    done = ok(run_cli("export", "markdown", str(folder), "--force"))
    assert "Replaced 2 existing files." in done.stdout
    assert (folder / "mine.txt").read_text() == "keep me"
    assert (folder / "Paterson! (2016).md").read_text().startswith("# Paterson! (2016)")


def test_long_cjk_and_emoji_titles_fit_the_file_system(
    run_cli: Cli, journal: Path, tmp_path: Path
) -> None:
    """Before: "File name too long" after half the files were written."""
    titles = [LONG_CJK, LONG_CJK + "続編", LONG_EMOJI, LONG_EMOJI]
    for title in titles:
        ok(run_cli("add", title, "--year", "2020", "--force"))
    folder = tmp_path / "films"
    result = json.loads(ok(run_cli("export", "markdown", str(folder), "--json")).stdout)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 6 and len(result["files"]) == 6  # 5 films and the index
    assert all(len(name.encode("utf-8")) <= 255 for name in names), names
    assert len(set(names)) == 6
    # Every film is in its file, and the index links every file.
    index = (folder / "index.md").read_text(encoding="utf-8")
    bodies = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name != "index.md"]
    assert sum(LONG_CJK + "続編" in body for body in bodies) == 1
    assert sum(LONG_EMOJI in body for body in bodies) == 2
    links = [n.replace(" ", "%20").replace("(", "%28").replace(")", "%29") for n in names]
    assert all(f"]({link})" in index for link in links if link != "index.md")

    # The same films get the same names in another export.
    again = tmp_path / "again"
    ok(run_cli("export", "markdown", str(again)))
    assert sorted(p.name for p in again.iterdir()) == names
