"""Where exports may write: protected journal files, no unasked replacing, all-or-nothing
folder exports and file names that fit the file system's byte limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from watchjournal import atomic_file
from watchjournal.interchange import targets
from watchjournal.interchange.exporting import (
    ExportFormat,
    export_journal,
    plan_export,
    write_export,
)
from watchjournal.interchange.files import ExportWriteError, safe_file_name, write_all
from watchjournal.interchange.targets import (
    ExportExistsError,
    ProtectedFiles,
    ProtectedTargetError,
)
from watchjournal.journal import FilmFields, JournalService, ValidationError

CJK = "長い題名の映画" * 40  # 840 bytes
EMOJI = "👩‍👩‍👧‍👦🎬" * 30  # family emoji with joiners: 29 bytes a repeat


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def export(service: JournalService, fmt: str, path: Path, *, overwrite: bool = False) -> list[Path]:
    result = export_journal(
        service.journal_snapshot(),
        fmt,
        path,
        protected=ProtectedFiles.of(service),
        overwrite=overwrite,
    )
    return result.files


# Protected files -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_the_journal_and_its_side_files_are_never_written(
    service: JournalService, journal_path: Path, suffix: str, overwrite: bool
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    before = journal_path.read_bytes()
    target = journal_path.with_name(journal_path.name + suffix)
    with pytest.raises(ProtectedTargetError, match="open journal"):
        export(service, "imdb", target, overwrite=overwrite)
    assert journal_path.read_bytes() == before
    assert service.count_films() == 1


def test_links_and_dot_dots_to_the_journal_are_caught(
    service: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    symlink = tmp_path / "a" / "soft.json"
    symlink.symlink_to(journal_path)
    hard = tmp_path / "a" / "hard.json"
    os.link(journal_path, hard)
    link_to_folder = tmp_path / "b"
    link_to_folder.symlink_to(tmp_path, target_is_directory=True)
    for target in (
        symlink,
        hard,
        tmp_path / "a" / ".." / journal_path.name,
        link_to_folder / journal_path.name,
        # A side file that does not exist yet is still the journal's.
        link_to_folder / f"{journal_path.name}-journal",
    ):
        with pytest.raises(ProtectedTargetError):
            export(service, "json", target, overwrite=True)
    assert symlink.is_symlink()


def test_the_backup_folder_and_its_files_are_never_written(
    service: JournalService, tmp_path: Path
) -> None:
    made = service.back_up_now()
    assert service.backup_dir is not None
    before = tree(service.backup_dir)
    elsewhere = tmp_path / "copy.sqlite"
    os.link(made, elsewhere)
    cases: tuple[tuple[ExportFormat, Path], ...] = (
        ("json", made),
        ("json", service.backup_dir / "new.json"),
        ("markdown", service.backup_dir),
        ("markdown", service.backup_dir / "state" / "films"),
        ("json", elsewhere),
    )
    for fmt, target in cases:
        with pytest.raises(ProtectedTargetError):
            export(service, fmt, target, overwrite=True)
    assert tree(service.backup_dir) == before


def test_a_journal_without_files_protects_nothing(tmp_path: Path) -> None:
    ProtectedFiles().check(tmp_path / "anything.json")


# Replacing only when asked ---------------------------------------------------------------


def test_an_existing_file_needs_overwrite(service: JournalService, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.json"
    target.write_bytes(b"mine")
    with pytest.raises(ExportExistsError, match=r"out\.json already exists") as caught:
        export(service, "json", target)
    assert caught.value.existing == [target]
    assert target.read_bytes() == b"mine"
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]  # no temp file left
    export(service, "json", target, overwrite=True)
    assert target.read_bytes().startswith(b"{")


def test_a_dangling_link_is_in_the_way_and_a_link_is_written_through(
    service: JournalService, tmp_path: Path
) -> None:
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(ExportExistsError):
        export(service, "json", dangling)
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    export(service, "json", link, overwrite=True)
    assert link.is_symlink() and real.read_bytes().startswith(b"{")


def test_a_file_appearing_after_the_plan_is_not_replaced(
    service: JournalService, tmp_path: Path
) -> None:
    """The check and the write are one step: a name taken meanwhile stays as it is."""
    target = tmp_path / "late.json"
    plan = plan_export(service.journal_snapshot(), "json", target, ProtectedFiles.of(service))
    assert plan.existing == ()
    target.write_text("arrived meanwhile")
    with pytest.raises(ExportExistsError):
        write_export(plan)
    assert target.read_text() == "arrived meanwhile"


def test_the_atomic_place_refuses_an_existing_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.txt"
    target.write_text("there")
    with pytest.raises(FileExistsError):
        atomic_file.write_atomically(target, b"new", replace=False)
    assert target.read_text() == "there"
    assert [p.name for p in out.iterdir()] == ["x.txt"]


def test_the_check_then_rename_fallback_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # what FAT says

    monkeypatch.setattr(atomic_file.os, "link", no_links)
    out = tmp_path / "out"
    out.mkdir()
    atomic_file.write_atomically(out / "new.txt", b"new", replace=False)
    assert (out / "new.txt").read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        atomic_file.write_atomically(out / "new.txt", b"newer", replace=False)
    assert sorted(p.name for p in out.iterdir()) == ["new.txt"]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_what_is_not_a_regular_file_is_refused(
    service: JournalService, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "thing"
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    with pytest.raises(ValidationError, match="folder" if kind == "folder" else "regular"):
        export(service, "json", target, overwrite=True)


# Folder exports ---------------------------------------------------------------------------


def test_a_folder_export_is_all_or_nothing_on_a_full_disk(
    service: JournalService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for title in ("One", "Two", "Three"):
        service.add_film(FilmFields(title))
    calls = 0
    real_fsync = os.fsync

    def fsync_fails_on_the_third_file(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic_file.os, "fsync", fsync_fails_on_the_third_file)
    with pytest.raises(ExportWriteError, match="No space left"):
        export(service, "markdown", tmp_path / "films")
    assert not (tmp_path / "films").exists()  # the folder it made is gone too
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "mine.txt").write_text("x")
    calls = 0
    with pytest.raises(ExportWriteError):
        export(service, "markdown", tmp_path / "kept")
    assert tree(tmp_path / "kept") == {"mine.txt": b"x"}


def test_write_all_takes_back_its_files_when_a_name_is_taken_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    files = [(out / f"{n}.md", b"new") for n in "abc"]
    real_place = atomic_file.place

    def place_but_c_appears(temp: Path, target: Path, *, replace: bool) -> None:
        if target.name == "c.md":
            target.write_text("someone else's")
        real_place(temp, target, replace=replace)

    monkeypatch.setattr("watchjournal.interchange.files.place", place_but_c_appears)
    with pytest.raises(ExportExistsError):
        write_all(files)
    assert tree(out) == {"c.md": b"someone else's"}


def test_folder_names_fit_a_smaller_file_system_limit(
    service: JournalService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eCryptfs allows 143 bytes; the limit is asked of the file system (pathconf)."""
    asked: list[str] = []

    def pathconf(path: object, name: str) -> int:
        asked.append(name)
        return 143

    monkeypatch.setattr(targets.os, "pathconf", pathconf)
    for title in (CJK, EMOJI, CJK + "!"):
        service.add_film(FilmFields(title, year=2001), allow_duplicate=True)
    files = export(service, "markdown", tmp_path / "films")
    assert asked == ["PC_NAME_MAX"]
    assert len(files) == 4
    assert all(len(path.name.encode("utf-8")) <= 143 for path in files)


def test_name_max_falls_back_to_255(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_answer(_path: object, _name: str) -> int:
        raise OSError(22, "Invalid argument")

    assert targets.name_max(tmp_path / "not" / "yet") <= 255
    monkeypatch.setattr(targets.os, "pathconf", no_answer)
    assert targets.name_max(tmp_path) == 255


@pytest.mark.parametrize("limit", [255, 143])
@pytest.mark.parametrize("title", [CJK, EMOJI, "x" * 300, "é" * 200, "a" + "\u0301" * 200])
def test_long_names_are_cut_by_bytes_stably_and_uniquely(title: str, limit: int) -> None:
    used: set[str] = set()
    names = [safe_file_name(title, used, max_bytes=limit) for _ in range(12)]
    assert all(len(name.encode("utf-8")) <= limit for name in names)
    assert len({name.casefold() for name in names}) == 12
    assert all(name.endswith(".md") and "~" in name for name in names)
    # The same title gets the same name in another export, whatever came before it.
    other: set[str] = {"something.md"}
    assert safe_file_name(title, other, max_bytes=limit) == names[0]
    # Titles that differ only past the cut still get different names.
    assert safe_file_name(title + "2", set(), max_bytes=limit) != names[0]


def test_short_names_are_unchanged() -> None:
    assert safe_file_name("Paterson (2016)", set()) == "Paterson (2016).md"
    assert safe_file_name("千と千尋の神隠し (2001)", set()) == "千と千尋の神隠し (2001).md"
