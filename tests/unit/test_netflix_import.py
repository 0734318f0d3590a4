"""Importing generated Netflix histories: every edge of the format, through read_import,
a real JournalService on a temp journal and the CLI."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import dump, import_path
from watchjournal.cli.main import main
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.netflix import (
    NO_TITLE,
    SHORT_PLAY,
    WHERE,
    read_netflix,
)
from watchjournal.interchange.netflix_tv import TV_EPISODE
from watchjournal.interchange.problems import ExportProblemsError
from watchjournal.interchange.zipsafe import read_export
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportBatch, ImportFormatError, Origin

HEADER = "Title,Date"
ACTIVITY_HEADER = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,"
    "Device Type,Bookmark,Latest Bookmark,Country"
)


def _csv(header: str, rows: list[str], *, ending: str = "\n", bom: bool = False) -> bytes:
    text = ending.join([header, *rows]) + ending
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _history(rows: list[str], *, ending: str = "\n", bom: bool = False) -> bytes:
    return _csv(HEADER, rows, ending=ending, bom=bom)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _read(tmp_path: Path, rows: list[str]) -> ImportBatch:
    return read_import("netflix", _write(tmp_path / "NetflixViewingHistory.csv", _history(rows)))


def _play(
    title: str, start: str, duration: str = "01:40:00", kind: str = "", who: str = "Ana"
) -> str:
    return (
        f'{who},{start},{duration},,"{title}",{kind},Smart TV,{duration},{duration},PT (Portugal)'
    )


# The batch ------------------------------------------------------------------------


def test_each_title_is_one_title_only_film_with_a_viewing_on_netflix_per_day(
    tmp_path: Path,
) -> None:
    batch = _read(
        tmp_path,
        [
            '"Paterson","6/30/23"',
            '"Stranger Things: Season 1: Chapter One","6/29/23"',
            '"PATERSON","1/2/22"',  # case does not count: the same film
            '"Paterson","6/30/23"',  # the same day twice: one viewing
            '"Ballerina","12/25/22"',
        ],
    )
    assert batch.kind == "netflix"
    films = {film.fields.title: film for film in batch.films}
    assert sorted(films) == ["Ballerina", "Paterson"]
    paterson = films["Paterson"]  # the spelling of the newest row
    assert paterson.title_only and paterson.fields.year is None
    assert paterson.origin == Origin("NetflixViewingHistory.csv", 2)
    assert [(v.watched_on, v.where) for v in paterson.viewings] == [
        (date(2022, 1, 2), WHERE),
        (date(2023, 6, 30), WHERE),
    ]
    assert [(s.what, s.reason) for s in batch.skipped] == [
        ("Stranger Things: Season 1: Chapter One", TV_EPISODE)
    ]
    # Oldest first: the journal adds them in the order they were watched.
    assert [film.fields.title for film in batch.films] == ["Paterson", "Ballerina"]


def test_a_film_on_two_days_in_a_row_is_one_viewing_dated_the_day_it_was_started(
    tmp_path: Path,
) -> None:
    batch = _read(
        tmp_path,
        [
            '"Heat","3/2/24"',
            '"Heat","3/1/24"',
            '"Heat","2/29/24"',
            '"Heat","1/5/24"',  # a rewatch weeks before: its own viewing
        ],
    )
    [heat] = batch.films
    assert [v.watched_on for v in heat.viewings] == [date(2024, 1, 5), date(2024, 2, 29)]
    assert any(note.startswith("2 viewings on the day after another") for note in batch.notes)


def test_a_bom_and_windows_line_ends_are_fine(tmp_path: Path) -> None:
    data = _history(['"Paterson","30/06/2023"', '"Roma","1/2/2023"'], ending="\r\n", bom=True)
    batch = read_import("netflix", _write(tmp_path / "NetflixViewingHistory.csv", data))
    days = {film.fields.title: film.viewings[0].watched_on for film in batch.films}
    assert days == {"Paterson": date(2023, 6, 30), "Roma": date(2023, 2, 1)}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (['"A","13/01/21"', '"B","02/03/21"'], date(2021, 3, 2)),  # two-digit year, D/M
        (['"A","01/13/21"', '"B","02/03/21"'], date(2021, 2, 3)),  # two-digit year, M/D
        (['"A","13.1.2021"', '"B","2.3.2021"'], date(2021, 3, 2)),
        (['"A","2021/01/13"', '"B","2021/02/03"'], date(2021, 2, 3)),
    ],
)
def test_the_order_is_read_from_the_whole_file(
    tmp_path: Path, rows: list[str], expected: date
) -> None:
    batch = _read(tmp_path, rows)
    [b] = [film for film in batch.films if film.fields.title == "B"]
    assert b.viewings[0].watched_on == expected
    assert not [note for note in batch.notes if "fits both" in note]


def test_a_file_that_never_decides_says_which_order_it_assumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    batch = _read(tmp_path, ['"A","1/2/23"', '"B","1/2/23"'])
    assert {film.viewings[0].watched_on for film in batch.films} == {date(2023, 2, 1)}
    [note] = [note for note in batch.notes if "fits both" in note]
    assert "day/month/year" in note and "this computer's date order" in note


def test_the_caller_can_say_the_order(tmp_path: Path) -> None:
    files = {"NetflixViewingHistory.csv": _history(['"A","1/2/23"'])}
    [film] = read_netflix(files, day_first=False).films
    assert film.viewings[0].watched_on == date(2023, 1, 2)


# Refusals -------------------------------------------------------------------------


def test_every_problem_is_listed_at_once_and_nothing_is_imported(
    tmp_path: Path, service: JournalService, journal_path: Path
) -> None:
    tomorrow_but_one = date.today() + timedelta(days=3)
    path = _write(
        tmp_path / "NetflixViewingHistory.csv",
        _history(
            [
                '"Paterson","30/06/2023"',
                '"Roma","yesterday"',
                '"Heat","31/02/2023"',
                '"Alien","1/2/2023","extra"',
                f'"Arrival","{tomorrow_but_one:%d/%m/%Y}"',
                '"Bad\x07title","01/01/2023"',
                '"Her","12/25/2023"',  # month/day in a day/month file
            ]
        ),
    )
    before = dump(journal_path)
    with pytest.raises(ExportProblemsError) as caught:
        import_path(service, "netflix", path)
    lines = [str(problem.origin) for problem in caught.value.problems]
    assert sorted(lines) == [f"NetflixViewingHistory.csv, line {n}" for n in range(3, 9)]
    message = str(caught.value)
    assert message.startswith("6 problems in Netflix's viewing history; nothing was imported")
    assert '"yesterday" is not a date' in message and "is in the future" in message
    assert "has 3 values but the header has 2 columns" in message
    assert dump(journal_path) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty; expected Netflix's viewing history"),
        (b"\n\n", "is empty; expected Netflix's viewing history"),
        (HEADER.encode() + b"\n", "there is no viewing in it, only its header"),
        (b"Name,Year\nParesson,2016\n", "does not look like Netflix's viewing history"),
        (b"Title\nParesson\n", "expected the columns Title,Date (found: title)"),
        (b'"Title","Date\n', "is not valid CSV"),
    ],
)
def test_a_file_that_is_no_history_is_refused_with_why(
    tmp_path: Path, data: bytes, message: str
) -> None:
    with pytest.raises(ImportFormatError, match=r"NetflixViewingHistory\.csv") as caught:
        read_import("netflix", _write(tmp_path / "NetflixViewingHistory.csv", data))
    assert message in str(caught.value)


def test_a_folder_without_a_history_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "export" / "MyList.csv", b"Profile Name,Title Name,Country\n")
    with pytest.raises(ImportFormatError, match=r"MyList\.csv, line 1: does not look like"):
        read_import("netflix", tmp_path / "export")
    _write(tmp_path / "export" / "Ratings.csv", b"Profile Name,Title Name,Thumbs Value\n")
    _write(tmp_path / "export" / "notes.txt", b"hello")
    with pytest.raises(ImportFormatError, match="no file has the columns Title,Date"):
        read_import("netflix", tmp_path / "export")


def test_a_history_of_tv_alone_is_refused_not_nothing_new(tmp_path: Path) -> None:
    rows = ['"Dark: Staffel 1: Geheimnisse","01/12/2020"', '" ","02/12/2020"']
    with pytest.raises(ImportFormatError) as caught:
        _read(tmp_path, rows)
    assert "no film was found in Netflix's viewing history: all 2 rows were skipped" in str(
        caught.value
    )
    assert f"1 {TV_EPISODE}" in str(caught.value) and f"1 {NO_TITLE}" in str(caught.value)


# Folders, zips and the data download ---------------------------------------------


def test_a_zipped_history_in_its_folder_is_found_by_its_columns(tmp_path: Path) -> None:
    target = tmp_path / "netflix.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("Downloads/history (1).csv", _history(['"Paterson","30/06/2023"']))
    [film] = read_import("netflix", target).films
    assert film.fields.title == "Paterson" and film.origin.file == "history (1).csv"


def test_two_histories_are_read_each_in_its_own_date_order(tmp_path: Path) -> None:
    _write(tmp_path / "h" / "a.csv", _history(['"Paterson","30/06/2023"', '"Roma","1/2/23"']))
    _write(tmp_path / "h" / "b.csv", _history(['"Paterson","12/25/23"', '"Heat","1/2/23"']))
    batch = read_import("netflix", tmp_path / "h")
    days = {f.fields.title: [v.watched_on for v in f.viewings] for f in batch.films}
    assert days == {
        "Roma": [date(2023, 2, 1)],
        "Heat": [date(2023, 1, 2)],
        "Paterson": [date(2023, 6, 30), date(2023, 12, 25)],
    }


def _download(tmp_path: Path, activity: list[str]) -> Path:
    """A data download as Netflix zips it: a top folder, the activity among other files."""
    target = tmp_path / "netflix-report.zip"
    with zipfile.ZipFile(target, "w") as archive:
        top = "netflix-report/"
        archive.writestr(
            top + "CONTENT_INTERACTION/ViewingActivity.csv", _csv(ACTIVITY_HEADER, activity)
        )
        archive.writestr(
            top + "CONTENT_INTERACTION/MyList.csv",
            b"Profile Name,Title Name,Country,Utc Title Add Date\nAna,Heat,PT,2024-01-01\n",
        )
        archive.writestr(top + "Cover sheet.pdf", b"%PDF-1.4")
        archive.writestr(top + "NetflixViewingHistory.csv", _history(['"Something Else","1/2/24"']))
    return target


def test_the_data_download_reads_its_viewing_activity(tmp_path: Path) -> None:
    path = _download(
        tmp_path,
        [
            _play("Heat", "2024-03-02 21:00:00"),
            _play("Trailer: Heat", "2024-03-02 20:58:00", "00:01:30", "TRAILER"),
            _play("Heat", "2024-03-01 20:00:00", "00:00:40"),  # an autoplayed preview
            _play("Dark: Staffel 1: Geheimnisse (Folge 1)", "2024-03-01 19:00:00", "00:50:00"),
            _play("Paterson", "2024-02-10 20:00:00", "00:01:00", who="Rui"),
            _play("Paterson", "2024-02-10 22:00:00", "00:01:10", who="Rui"),  # 2:10 in all
        ],
    )
    batch = read_netflix(read_export(path), zone=UTC)
    days = {f.fields.title: [v.watched_on for v in f.viewings] for f in batch.films}
    assert days == {"Heat": [date(2024, 3, 2)], "Paterson": [date(2024, 2, 10)]}
    assert [s.reason for s in batch.skipped] == [
        "not a viewing: TRAILER",
        SHORT_PLAY,
        TV_EPISODE,
    ]
    assert any("2 profile(s): Ana (4 rows), Rui (2 rows)" in note for note in batch.notes)
    assert any(note.startswith("NetflixViewingHistory.csv left out") for note in batch.notes)


def test_only_the_profiles_asked_for_are_read(tmp_path: Path) -> None:
    rows = [
        _play("Heat", "2024-03-02 21:00:00"),
        _play("Paterson", "2024-02-10 20:00:00", who="Rui"),
    ]
    batch = read_netflix(read_export(_download(tmp_path, rows)), zone=UTC, profiles={"Rui"})
    assert [film.fields.title for film in batch.films] == ["Paterson"]


def test_start_times_in_utc_become_days_of_the_time_zone(tmp_path: Path) -> None:
    rows = [_play("Heat", "2024-03-01 23:30:00")]
    files = read_export(_download(tmp_path, rows))
    [utc] = read_netflix(files, zone=UTC).films
    [an_hour_east] = read_netflix(files, zone=timezone(timedelta(hours=1))).films
    assert utc.viewings[0].watched_on == date(2024, 3, 1)
    assert an_hour_east.viewings[0].watched_on == date(2024, 3, 2)


def test_bad_activity_rows_are_listed_at_once(tmp_path: Path) -> None:
    rows = [_play("Heat", "March 2nd"), _play("Roma", "2024-03-02 21:00:00", "long")]
    with pytest.raises(ExportProblemsError) as caught:
        read_netflix(read_export(_download(tmp_path, rows)), zone=UTC)
    message = str(caught.value)
    assert 'Start Time "March 2nd" is not a time' in message
    assert 'Duration "long" is not a duration' in message


# Through the journal and the command line -----------------------------------------


def test_an_import_into_an_empty_journal_adds_films_without_a_year_and_a_reimport_is_a_no_op(
    tmp_path: Path, service: JournalService, journal_path: Path
) -> None:
    path = _write(
        tmp_path / "NetflixViewingHistory.csv",
        _history(['"Paterson","30/06/2023"', '"Paterson","1/2/23"', '"Roma","3/1/23"']),
    )
    report = import_path(service, "netflix", path)
    assert (report.films_added, report.viewings_added) == (2, 3)
    films = {film.title: film for film in service.journal_snapshot().films}
    assert {film.year for film in films.values()} == {None}
    assert sorted((v.watched_on, v.where) for v in films["Paterson"].viewings) == [
        (date(2023, 2, 1), "Netflix"),
        (date(2023, 6, 30), "Netflix"),
    ]
    before = dump(journal_path)
    again = import_path(service, "netflix", path)
    assert dump(journal_path) == before
    assert not again.changed_anything and again.viewings_already_there == 3


def test_the_command_line_imports_netflix(
    tmp_path: Path, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "NetflixViewingHistory.csv", _history(['"Paterson","30/06/2023"']))
    assert main(["--db", str(journal_path), "import", "netflix", str(path), "--dry-run"]) == 0
    assert "Would add 1 films" in capsys.readouterr().out
    assert main(["--db", str(journal_path), "import", "netflix", str(path)]) == 0
    assert "Added 1 films" in capsys.readouterr().out
    header_only = _write(tmp_path / "empty.csv", HEADER.encode() + b"\n")
    assert main(["--db", str(journal_path), "import", "netflix", str(header_only)]) == 1
    assert "only its header" in capsys.readouterr().err


def test_a_profile_not_in_the_download_is_named_with_those_that_are(tmp_path: Path) -> None:
    rows = [_play("Heat", "2024-03-02 21:00:00"), _play("Roma", "2024-03-01 21:00:00", who="Rui")]
    with pytest.raises(ImportFormatError) as caught:
        read_netflix(read_export(_download(tmp_path, rows)), zone=UTC, profiles={"Zé"})
    assert "has no rows of the profile(s) Zé (found: Ana, Rui)" in str(caught.value)


def test_a_history_resaved_as_windows_1252_is_read_and_said_so(tmp_path: Path) -> None:
    data = (HEADER + '\r\n"Amélie","30/06/2023"\r\n').encode("cp1252")
    batch = read_import("netflix", _write(tmp_path / "NetflixViewingHistory.csv", data))
    assert [film.fields.title for film in batch.films] == ["Amélie"]
    assert any("read as Windows-1252" in note for note in batch.notes)


def test_a_start_time_in_the_future_is_a_problem(tmp_path: Path) -> None:
    later = date.today() + timedelta(days=30)
    rows = [_play("Heat", f"{later:%Y-%m-%d} 21:00:00")]
    with pytest.raises(ImportFormatError, match=r"line 2: Start Time .* is in the future"):
        read_netflix(read_export(_download(tmp_path, rows)), zone=UTC)
