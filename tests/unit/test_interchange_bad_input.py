"""Bad input is refused with the file and line at fault, and the journal is untouched."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, dump, import_path
from watchjournal.interchange import zipsafe
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.importing import ImportKind, read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.import_types import ImportFormatError

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
RATINGS_HEADER = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
)
IMDB_ROW = "tt5247022,{rating},{day},Paterson,Paterson,u,movie,7.3,118,2016,Drama,1,2016-11-17,J\n"

# (kind, files of the export, what the error must say)
CASES: list[tuple[str, ImportKind, dict[str, bytes], str]] = [
    (
        "png as csv",
        "imdb",
        {"ratings.csv": b"\x89PNG\r\n\x1a\n\x00\x00"},
        "ratings.csv: is not a text",
    ),
    (
        "renamed column",
        "letterboxd",
        {"diary.csv": DIARY.replace("Watched Date", "Watched").encode()},
        "diary.csv, line 1: does not look like Letterboxd's diary.csv: missing column(s)"
        " Watched Date",
    ),
    ("no export files", "letterboxd", {"notes.txt": b"hello"}, "not a Letterboxd export"),
    (
        "malformed date",
        "letterboxd",
        {"diary.csv": (DIARY + "\n2024-01-01,A,2000,u,3,,,2024-13-45\n").encode()},
        'diary.csv, line 3: Watched Date "2024-13-45" is not a date',
    ),
    (
        "future watch date",
        "letterboxd",
        {"diary.csv": (DIARY + "2024-01-01,A,2000,u,3,,,2999-01-01\n").encode()},
        "diary.csv, line 2: Watched Date: date 2999-01-01 is in the future",
    ),
    (
        "rating off the scale",
        "letterboxd",
        {"diary.csv": (DIARY + "2024-01-01,A,2000,u,3.7,,,2024-01-01\n").encode()},
        'diary.csv, line 2: rating "3.7" is not 0.5 to 5 stars',
    ),
    (
        "rewatch neither yes nor empty",
        "letterboxd",
        {"diary.csv": (DIARY + "2024-01-01,A,2000,u,3,maybe,,2024-01-01\n").encode()},
        'Rewatch "maybe"',
    ),
    (
        "short row after a quoted newline",
        "letterboxd",
        {"diary.csv": (DIARY + '2024-01-01,"A\nB",2000,u\n').encode()},
        "diary.csv, line 2: has 4 values but the header has 8 columns",
    ),
    (
        "imdb rating 11",
        "imdb",
        {"ratings.csv": (RATINGS_HEADER + IMDB_ROW.format(rating=11, day="2020-01-01")).encode()},
        'ratings.csv, line 2: rating "11" is not a whole number from 1 to 10',
    ),
    (
        "imdb date in another form",
        "imdb",
        {"ratings.csv": (RATINGS_HEADER + IMDB_ROW.format(rating=8, day="03/23/2019")).encode()},
        'ratings.csv, line 2: Date Rated "03/23/2019" is not a date',
    ),
    (
        "not a list export",
        "letterboxd",
        {"lists/x.csv": b"Date,Name\n2024-01-01,x\n"},
        "lists/x.csv, line 3: does not look like a Letterboxd list",
    ),
    (
        "json broken",
        "json",
        {"backup.json": b'{"format": "watchjournal",\n  "films": [\n'},
        "backup.json, line 3: is not valid JSON",
    ),
    (
        "json of another app",
        "json",
        {"backup.json": b'{"films": []}'},
        "is not a WatchJournal JSON export",
    ),
    (
        "json from the future",
        "json",
        {"backup.json": b'{"format": "watchjournal", "schema_version": 99}'},
        "schema version 99",
    ),
    (
        "neither utf-8 nor cp1252",
        "imdb",
        {"ratings.csv": RATINGS_HEADER.encode() + b"tt5247022,8,2020-01-01,Pa\x81\n"},
        "ratings.csv, line 2: is neither UTF-8 nor Windows-1252",
    ),
]


@pytest.fixture
def filled(service: JournalService) -> JournalService:
    film = service.add_film(FilmFields(title="Paterson", year=2016), watchlist=True)
    service.mark_watched(film.id, None)
    service.write_review(film.id, ReviewFields(rating_tenths=80, body="kept"))
    return service


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder if len(files) > 1 or "/" in next(iter(files)) else folder / next(iter(files))


@pytest.mark.parametrize(("case", "kind", "files", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_file_and_line(
    filled: JournalService,
    journal_path: Path,
    tmp_path: Path,
    case: str,
    kind: ImportKind,
    files: dict[str, bytes],
    message: str,
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    before = dump(journal_path)
    with pytest.raises(ImportFormatError) as error:
        import_path(filled, kind, write_files(folder, files))
    assert message in str(error.value)
    assert dump(journal_path) == before


def test_bom_blank_lines_and_cp1252_are_read_with_a_note(
    service: JournalService, tmp_path: Path
) -> None:
    text = "\ufeff" + DIARY + "\n\n2024-01-01,Amélie,2001,u,4,,café,2024-01-01\n\n"
    (tmp_path / "diary.csv").write_bytes(text.replace("\ufeff", "").encode("cp1252"))
    batch = read_import("letterboxd", tmp_path / "diary.csv")
    # A diary entry's tags are its viewing's (issue 13), read back as they were written.
    assert batch.films[0].viewings[0].tags == ("café",)
    report = service.import_batch(batch)
    assert any("read as Windows-1252" in note for note in report.notes)
    assert service.resolve_film("Amélie").reviews[0].rating_tenths == 80
    (tmp_path / "diary.csv").write_bytes(text.encode("utf-8"))
    assert import_path(service, "letterboxd", tmp_path / "diary.csv").notes == []


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            # A ZipInfo keeps the name exactly as given (no sanitising on write).
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../../escaped.csv", "points outside it"),
        ("lists/../../../escaped.csv", "points outside it"),
        ("/tmp/escaped.csv", "absolute path"),
        ("C:\\escaped.csv", "absolute path"),
    ],
)
def test_zip_members_outside_the_archive_are_refused_and_never_written(
    filled: JournalService, journal_path: Path, tmp_path: Path, member: str, message: str
) -> None:
    archive = _zip(tmp_path / "evil.zip", {"diary.csv": DIARY.encode(), member: b"x"})
    before = dump(journal_path)
    with pytest.raises(ImportFormatError, match=message):
        import_path(filled, "letterboxd", archive)
    assert dump(journal_path) == before
    assert not list(tmp_path.parent.rglob("escaped.csv"))
    assert not Path("/tmp/escaped.csv").exists()


def test_zip_bombs_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(zipsafe, "MAX_TOTAL_BYTES", 1024 * 1024)
    archive = _zip(tmp_path / "bomb.zip", {"diary.csv": DIARY.encode() + b" " * (4 * 1024 * 1024)})
    assert archive.stat().st_size < 64 * 1024
    with pytest.raises(ImportFormatError, match="unpacks to more than 1 MiB"):
        read_import("letterboxd", archive)


def test_not_a_zip_but_named_zip(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_text("hello")
    with pytest.raises(ImportFormatError, match="is not a valid zip archive"):
        read_import("letterboxd", tmp_path / "export.zip")


def test_a_problem_found_late_rolls_back_everything(
    filled: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    """The films and viewings of the batch are already inserted when a bad review
    rating is found: the whole import is rolled back."""
    export_journal(
        filled.journal_snapshot(),
        "json",
        tmp_path / "backup.json",
        protected=ProtectedFiles.of(filled),
    )
    doc = json.loads((tmp_path / "backup.json").read_text())
    doc["films"][0]["title"] = "Another film"
    doc["films"][0]["reviews"][0]["rating"] = 11.5
    (tmp_path / "backup.json").write_text(json.dumps(doc))
    before = dump(journal_path)
    with pytest.raises(ImportFormatError, match=r"rating 11\.5 is out of range"):
        import_path(filled, "json", tmp_path / "backup.json")
    assert dump(journal_path) == before


def test_the_fixture_export_still_imports_after_failures(filled: JournalService) -> None:
    assert import_path(filled, "letterboxd", LETTERBOXD_EXPORT).films_merged == 1
