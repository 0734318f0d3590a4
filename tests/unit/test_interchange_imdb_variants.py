"""IMDb exports of every generation and language, including copies of published ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import FIXTURES, dump, import_path
from watchjournal.cli.main import main
from watchjournal.interchange.imdb import parse_imdb_day
from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportFormatError, Origin

# Beside imdb/, not in it: the tests that import the whole imdb/ folder count its files.
REAL = FIXTURES / "imdb-real"


@dataclass(frozen=True)
class Expected:
    films: int
    ratings: int
    watchlist: int
    skipped: dict[str, int]


EXPECTED = {
    "2011-watchlist-quintavallechristian.csv": Expected(21, 21, 21, {}),
    "2014-watchlist-laripping.csv": Expected(28, 0, 28, {"not a film (Mini-Series)": 1}),
    "2021-watchlist-wreiler.csv": Expected(20, 0, 20, {}),
    "2025-ratings-italian-aureliome.csv": Expected(
        30, 30, 0, {"not a film (Serie TV)": 2, "not a film (Mini serie TV)": 1}
    ),
    "generated-2018-ratings-cp1252.csv": Expected(
        6,
        6,
        0,
        {
            "not a film (tvSeries)": 1,
            "not a film (tvEpisode)": 1,
            "not a film (tvMiniSeries)": 1,
            "not a film (videoGame)": 1,
        },
    ),
    "generated-2025-ratings-quoted.csv": Expected(
        7,
        7,
        0,
        {
            "not a film (TV Mini Series)": 1,
            "not a film (TV Series)": 1,
            "not a film (TV Special)": 1,
        },
    ),
}


def test_every_fixture_has_its_expected_counts() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in REAL.glob("*.csv"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_with_the_right_counts_and_reimports_as_a_no_op(
    service: JournalService, journal_path: Path, name: str
) -> None:
    expected = EXPECTED[name]
    report = import_path(service, "imdb", REAL / name)
    assert report.films_added == expected.films
    assert report.reviews_added == expected.ratings
    assert report.watchlist_added == expected.watchlist
    assert report.skip_reasons() == expected.skipped
    assert len(service.watchlist()) == expected.watchlist
    before = dump(journal_path)
    again = import_path(service, "imdb", REAL / name)
    assert dump(journal_path) == before
    assert not again.changed_anything and again.films_merged == expected.films


def test_2011_watchlist_reads_old_names_ctime_dates_and_you_rated(
    service: JournalService,
) -> None:
    import_path(service, "imdb", REAL / "2011-watchlist-quintavallechristian.csv")
    inception = service.resolve_film("Inception")
    assert inception.fields.imdb_id == "tt1375666" and inception.fields.year == 2010
    assert [r.rating_tenths for r in inception.reviews] == [100]
    assert inception.watchlist is not None and inception.watchlist.added_at is not None
    assert inception.watchlist.added_at.date() == date(2011, 4, 23)
    # "The Wachowski Brothers, The Wachowski Brothers": one director, not two.
    assert service.resolve_film("Matrix").fields.directors == ("The Wachowski Brothers",)
    assert [f.title for f in service.watchlist()][:3] == [
        "Inception",
        "The Prestige",
        "V per Vendetta",
    ]


def test_2014_export_takes_documentaries_and_tv_movies_and_padded_days(
    service: JournalService,
) -> None:
    import_path(service, "imdb", REAL / "2014-watchlist-laripping.csv")
    grizzly = service.resolve_film("Grizzly Man")
    assert grizzly.fields.directors == ("Werner Herzog",)
    jekyll = service.resolve_film("Jekyll & Hyde")
    assert jekyll.watchlist is not None and jekyll.watchlist.added_at is not None
    assert jekyll.watchlist.added_at.date() == date(2015, 5, 15)
    ordinary = service.resolve_film("Συνηθισμένοι άνθρωποι")  # "Mon Sep  1 13:55:45 2014"
    assert ordinary.watchlist is not None and ordinary.watchlist.added_at is not None
    assert ordinary.watchlist.added_at.date() == date(2014, 9, 1)


def test_italian_export_keeps_italian_title_and_original_title(
    service: JournalService,
) -> None:
    import_path(service, "imdb", REAL / "2025-ratings-italian-aureliome.csv")
    annie = service.resolve_film("Io e Annie")
    assert (annie.fields.original_title, annie.fields.year) == ("Annie Hall", 1977)
    assert [r.rating_tenths for r in annie.reviews] == [80]
    assert annie.reviews[0].created_at.date() == date(2025, 11, 9)


def test_windows_1252_export_is_read_and_says_so(service: JournalService) -> None:
    report = import_path(service, "imdb", REAL / "generated-2018-ratings-cp1252.csv")
    assert any("read as Windows-1252" in note for note in report.notes)
    assert service.resolve_film("Dr. Horrible’s Sing-Along Blog").fields.year == 2008
    assert service.resolve_film("Le fabuleux destin d'Amélie Poulain").fields.imdb_id == (
        "tt0211915"
    )
    for title in ("Duel", "La jetée"):  # a tvMovie and a short are films
        assert service.resolve_film(title).reviews


def test_fully_quoted_2025_export_keeps_original_titles(service: JournalService) -> None:
    import_path(service, "imdb", REAL / "generated-2025-ratings-quoted.csv")
    flow = service.resolve_film("Flow")
    assert (flow.fields.original_title, flow.fields.runtime) == ("Straume", 85)
    henry = service.resolve_film("The Wonderful Story of Henry Sugar")  # a Short
    assert [r.rating_tenths for r in henry.reviews] == [70]


def _write(path: Path, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join([header, *rows, ""]).encode(encoding))
    return path


RATINGS_HEADER = "Const,Your Rating,Date Rated,Title,Title Type,Year"

LOCALIZED_TYPES = [
    # (language, film types, other types)
    ("it", ["Film", "Film TV", "Corto", "Video"], ["Serie TV", "Episodio TV", "Videogioco"]),
    ("de", ["Film", "Fernsehfilm", "Kurzfilm", "Video"], ["Fernsehserie", "TV-Miniserie"]),
    ("fr", ["Film", "Téléfilm", "Court métrage", "Vidéo"], ["Série TV", "Épisode", "Jeu vidéo"]),
    ("es", ["Película", "Película de TV", "Cortometraje", "Vídeo"], ["Serie de TV", "Episodio"]),
    ("pt", ["Filme", "Filme para TV", "Curta-metragem", "Vídeo"], ["Série de TV", "Minissérie"]),
    ("en", ["Feature Film", "TV Movie", "Short", "Video"], ["TV Series", "TV Episode"]),
    ("codes", ["movie", "tvMovie", "short", "video", "tvShort"], ["tvSpecial", "videoGame"]),
]


@pytest.mark.parametrize(("language", "films", "others"), LOCALIZED_TYPES)
def test_title_types_are_recognised_in_every_export_language(
    tmp_path: Path, language: str, films: list[str], others: list[str]
) -> None:
    rows = [
        f'tt{1000000 + i:07d},7,2024-01-02,Title {i},"{kind}",2001'
        for i, kind in enumerate([*films, *others])
    ]
    batch = read_import("imdb", _write(tmp_path / f"{language}.csv", RATINGS_HEADER, rows))
    assert [f.fields.title for f in batch.films] == [f"Title {i}" for i in range(len(films))]
    assert sorted(s.reason for s in batch.skipped) == sorted(
        f"not a film ({kind})" for kind in others
    )


def test_column_names_are_matched_without_regard_to_case(tmp_path: Path) -> None:
    header = "CONST,your rating,Date rated,title,TITLE TYPE,year,original title"
    path = _write(tmp_path / "ratings.csv", header, ["tt0190332,9,2020-02-02,Tiger,movie,2000,Wo"])
    [film] = read_import("imdb", path).films
    assert (film.fields.imdb_id, film.fields.original_title, film.fields.year) == (
        "tt0190332",
        "Wo",
        2000,
    )
    assert [r.rating_tenths for r in film.reviews] == [90]


def test_an_unknown_title_type_is_reported_as_unknown_not_as_no_film(tmp_path: Path) -> None:
    rows = ["tt0000001,7,2024-01-02,A,movie,2001", "tt0000002,7,2024-01-02,B,Hologram,2001"]
    batch = read_import("imdb", _write(tmp_path / "ratings.csv", RATINGS_HEADER, rows))
    assert [s.reason for s in batch.skipped] == ["unknown title type (Hologram)"]


def test_an_export_with_no_film_at_all_is_refused_with_the_count_of_each_type(
    tmp_path: Path,
) -> None:
    rows = [f"tt{1000000 + i:07d},7,2024-01-02,Show {i},Serie TV,2001" for i in range(5)]
    rows.append("tt2000000,7,2024-01-02,Thing,Hologram,2001")
    path = _write(tmp_path / "ratings.csv", RATINGS_HEADER, rows)
    with pytest.raises(ImportFormatError) as caught:
        read_import("imdb", path)
    message = str(caught.value)
    assert "no film was recognised" in message and "all 6 titles were skipped" in message
    assert "5 not a film (Serie TV)" in message
    assert "1 unknown title type (Hologram)" in message


def test_cli_refuses_an_export_with_no_film_instead_of_nothing_new(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"tt{1000000 + i:07d},7,2024-01-02,Show {i},Serie TV,2001" for i in range(3)]
    path = _write(tmp_path / "ratings.csv", RATINGS_HEADER, rows)
    assert main(["--db", str(journal_path), "import", "imdb", str(path)]) != 0
    captured = capsys.readouterr()
    assert "no film was recognised" in captured.err
    assert "Nothing new" not in captured.out + captured.err


def test_a_header_only_file_is_still_an_empty_import_not_an_error(tmp_path: Path) -> None:
    batch = read_import("imdb", _write(tmp_path / "ratings.csv", RATINGS_HEADER, []))
    assert batch.films == [] and batch.skipped == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-31", date(2024, 5, 31)),
        ("Sat Jan 22 00:00:00 2011", date(2011, 1, 22)),
        ("Mon Sep  1 13:55:45 2014", date(2014, 9, 1)),
        ("", None),
    ],
)
def test_imdb_dates_of_every_generation(text: str, expected: date | None) -> None:
    assert parse_imdb_day(text, Origin("x.csv", 2), "Created") == expected


@pytest.mark.parametrize("text", ["Sat Feb 31 00:00:00 2011", "yesterday", "22/01/2011"])
def test_a_bad_imdb_date_names_its_line(text: str) -> None:
    with pytest.raises(ImportFormatError, match=r"x\.csv, line 2: Created .* is not a date"):
        parse_imdb_day(text, Origin("x.csv", 2), "Created")
