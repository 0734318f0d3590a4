"""Letterboxd exports as people download them: real published files (see
tests/fixtures/letterboxd/real/README.md) and small generated ones for each problem case."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import FIXTURES, dump, import_path
from watchjournal.cli.main import main
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.letterboxd import ExportProblemsError
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportFormatError

REAL = FIXTURES / "letterboxd" / "real"
ACCOUNT = REAL / "extratone"
DIARY_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
GOOD_DIARY = DIARY_HEADER + "2024-01-02,Paterson,2016,https://boxd.it/e1,4.5,,,2024-01-01\n"
GOOD_LIST = (
    "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
    "2024-01-01,Good one,,https://boxd.it/l1,\n\n"
    "Position,Name,Year,URL,Description\n1,Perfect Days,2023,https://boxd.it/p1,\n"
)


def list_rows(path: Path) -> list[dict[str, str]]:
    """The film rows of a list file, found independently of the reader under test."""
    text = path.read_text(encoding="utf-8")
    start = text.index("Position,Name,Year,URL,Description")
    return list(csv.DictReader(io.StringIO(text[start:], newline="")))


def table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def film_keys(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(row["Name"].casefold(), row["Year"]) for row in rows}


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)
    return folder


# --- real exports -----------------------------------------------------------------


def test_a_real_account_imports_as_downloaded_and_again_changes_nothing(
    service: JournalService, journal_path: Path
) -> None:
    batch = read_import("letterboxd", ACCOUNT)
    assert batch.warnings == []
    assert any("profile.csv" in n and "comments.csv" in n for n in batch.notes)
    report = service.import_batch(batch)
    lists = sorted((ACCOUNT / "lists").glob("*.csv"))
    expected = film_keys(table(ACCOUNT / "watched.csv")) | film_keys(table(ACCOUNT / "diary.csv"))
    expected |= film_keys(table(ACCOUNT / "likes" / "films.csv"))
    for path in lists:
        expected |= film_keys(list_rows(path))
    assert report.films_added == service.count_films() == len(expected)
    assert report.lists_added == len(lists) == len(service.lists())
    assert report.likes_added == len(table(ACCOUNT / "likes" / "films.csv"))
    by_name = {film_list.name: film_list for film_list in service.lists()}
    assert len(by_name["❦"].entries) == 2
    parables = by_name["PARABLES - Bizarrely Profound Youth Films in The Oughts"]
    assert parables.description is not None and '<a href="https://bilge.world/' in (
        parables.description
    )
    before = dump(journal_path)
    again = import_path(service, "letterboxd", ACCOUNT)
    assert not again.changed_anything
    assert dump(journal_path) == before


def test_an_older_list_with_a_long_html_description_imports_on_its_own(
    service: JournalService,
) -> None:
    path = REAL / "lists" / "hooptober-se7en.csv"
    assert path.read_text(encoding="utf-8").startswith("\nDate,Name,Tags,URL,Description\n")
    report = import_path(service, "letterboxd", path)
    [hooptober] = service.lists()
    assert hooptober.name == "Hooptober - Se7en"
    assert hooptober.description is not None
    assert hooptober.description.startswith("This is my first Hooptober.")
    assert "<blockquote>" in hooptober.description
    assert hooptober.description.count("\n") > 60  # far beyond the old 10-line limit
    rows = list_rows(path)
    titles = [service.get_film(e.film_id).title for e in hooptober.entries]
    assert titles == [row["Name"] for row in rows]
    assert hooptober.entries[1].note == (
        "Hooptober Se7en: 6 Decades (1960s)\nHooptober Se7en: 6 Countries (Japan)"
    )
    assert report.films_added == len(rows) == 25


@pytest.mark.parametrize(
    "path",
    [REAL / "lists" / "zatoichi.csv", ACCOUNT / "lists" / "media-meta.csv"],
    ids=["older format", "current format"],
)
def test_a_single_list_file_is_recognised_as_a_list(service: JournalService, path: Path) -> None:
    report = import_path(service, "letterboxd", path)
    [imported] = service.lists()
    rows = list_rows(path)
    assert [service.get_film(e.film_id).title for e in imported.entries] == [
        row["Name"] for row in rows
    ]
    assert report.lists_added == 1 and report.films_added == len(rows)


def test_older_lists_inside_an_account_import_with_the_rest(
    service: JournalService, tmp_path: Path
) -> None:
    account = tmp_path / "account"
    shutil.copytree(ACCOUNT, account)
    for path in (REAL / "lists").glob("*.csv"):
        shutil.copy(path, account / "lists" / path.name)
    batch = read_import("letterboxd", account)
    assert batch.warnings == []
    names = {film_list.name for film_list in batch.lists}
    assert {"Hooptober - Se7en", "Zatoichi", "Media Meta", "CONTACT"} <= names


# --- one pass, every problem -------------------------------------------------------


def test_unreadable_optional_files_are_left_out_with_a_warning_naming_each(
    service: JournalService, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "export",
        {
            "diary.csv": GOOD_DIARY,
            "lists/good.csv": GOOD_LIST,
            "lists/empty.csv": "",
            "lists/broken.csv": "Letterboxd list export v7\nDate,Name\n2024-01-01,x\n",
            "lists/bad-year.csv": GOOD_LIST.replace(",2023,", ",year two,"),
            "likes/films.csv": "Date,Name\n",
            "likes/reviews.csv": "",
            "profile.csv": b"\x89PNG\r\n\x1a\n\x00\x00",
            "comments.csv": "Date,Content,Comment\n",
            "deleted/diary.csv": GOOD_DIARY,
            "orphaned/diary.csv": "",
        },
    )
    batch = read_import("letterboxd", export)
    warned = {warning.file: warning.message for warning in batch.warnings}
    assert set(warned) == {
        "lists/empty.csv",
        "lists/broken.csv",
        "lists/bad-year.csv",
        "likes/films.csv",
        "likes/reviews.csv",
        "profile.csv",
        "orphaned/diary.csv",
    }
    assert "line 6" in warned["lists/bad-year.csv"]
    assert "missing column(s) Year" in warned["likes/films.csv"]
    report = service.import_batch(batch)
    # The service's report (what the CLI prints and the app's preview shows) says them too.
    assert {warning.file for warning in report.warnings} == set(warned)
    assert report.films_added == 2  # Paterson from the diary, Perfect Days from the good list
    assert [film_list.name for film_list in service.lists()] == ["Good one"]
    assert service.resolve_film("Paterson").viewings[0].watched_on is not None


def test_every_problem_of_the_core_files_is_named_at_once(
    service: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "export",
        {
            "diary.csv": GOOD_DIARY
            + "2024-01-02,A,2000,u,3.7,,,2024-01-01\n"
            + "2024-01-02,B,2000,u,3,,,2024-13-45\n",
            "watched.csv": "Date,Name,Year,Letterboxd URI\n2024-01-01,C,2000\n"
            "2024-01-01,D,2000,u\n",
            "ratings.csv": b"\x89PNG\r\n\x1a\n\x00\x00",
            "lists/empty.csv": "",
        },
    )
    before = dump(journal_path)
    with pytest.raises(ExportProblemsError) as refused:
        read_import("letterboxd", export)
    text = str(refused.value)
    for expected in (
        'diary.csv, line 3: rating "3.7"',
        'diary.csv, line 4: Watched Date "2024-13-45"',
        "watched.csv, line 2: has 3 values but the header has 4 columns",
        "ratings.csv: is not a text",
    ):
        assert expected in text
    assert len(refused.value.problems) == 4  # the optional list is no reason to refuse
    assert dump(journal_path) == before


def test_a_core_file_that_is_empty_refuses_the_import(tmp_path: Path) -> None:
    export = write(tmp_path / "export", {"diary.csv": GOOD_DIARY, "watchlist.csv": ""})
    with pytest.raises(ImportFormatError, match=r"watchlist\.csv, line 1: is empty"):
        read_import("letterboxd", export)


# --- the command line -------------------------------------------------------------


def test_the_cli_warns_and_imports_and_strict_refuses(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(
        tmp_path / "export", {"diary.csv": GOOD_DIARY, "lists/empty.csv": "", "profile.csv": ""}
    )
    db = ["--db", str(journal_path)]
    assert main([*db, "import", "letterboxd", str(export), "--strict", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "2 files have problems (--strict)" in err
    assert "lists/empty.csv" in err and "profile.csv" in err
    assert main([*db, "import", "letterboxd", str(export), "--strict"]) == 1
    capsys.readouterr()
    assert main([*db, "import", "letterboxd", str(export)]) == 0
    out = capsys.readouterr().out
    assert "Added 1 films" in out
    assert "Warning: lists/empty.csv: line 1: is empty; expected a Letterboxd list" in out
    assert "Warning: profile.csv" in out
    assert main([*db, "import", "letterboxd", str(export), "--json"]) == 0
    assert '"file": "lists/empty.csv"' in capsys.readouterr().out
