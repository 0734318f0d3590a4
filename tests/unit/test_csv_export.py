"""The Letterboxd import CSV: one row per diary entry, a same-day rating or review
joins its entry, one undated row per film rated or reviewed without one, ratings in
half stars; and export messages that say what was written and what was left out."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import FIXTURES, IMDB_EXPORT, LETTERBOXD_EXPORT, import_path
from watchjournal.cli.main import main
from watchjournal.interchange.csv_export import half_stars, letterboxd_csv, whole_points
from watchjournal.interchange.exporting import (
    EXPORT_FORMATS,
    ExportFormat,
    NothingToExportError,
    export_journal,
    export_summary,
)
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportReview,
    ImportViewing,
    Origin,
)

IMDB_REAL = FIXTURES / "imdb-real"


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def letterboxd_rows(service: JournalService) -> list[dict[str, str]]:
    return rows_of(letterboxd_csv(service.journal_snapshot()).data)


def add(service: JournalService, film: ImportFilm) -> None:
    service.import_batch(ImportBatch(kind="test", films=[film]))


def film(
    title: str,
    viewings: list[ImportViewing] | None = None,
    reviews: list[ImportReview] | None = None,
) -> ImportFilm:
    made = ImportFilm(FilmFields(title, year=2020), Origin("test", 1))
    made.viewings = viewings or []
    made.reviews = reviews or []
    return made


def written(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00")


def test_a_journal_from_the_real_imdb_exports_has_one_row_per_film(
    service: JournalService,
) -> None:
    for export in sorted(IMDB_REAL.glob("*.csv")):
        import_path(service, "imdb", export)
    snapshot = service.journal_snapshot()
    rendered = letterboxd_csv(snapshot)
    rows = rows_of(rendered.data)
    per_film = Counter((r["imdbID"], r["Title"], r["Year"]) for r in rows)
    assert per_film and max(per_film.values()) == 1, per_film.most_common(3)
    rated = [f for f in snapshot.films if f.rating_review is not None]
    assert len(rows) == rendered.rows == rendered.films == len(rated)
    assert rendered.films + sum(x.count for x in rendered.left_out) == len(snapshot.films)
    for row in rows:  # every rating went out in half stars, and both columns agree
        assert row["Rating"] and float(row["Rating"]) * 2 == int(row["Rating10"])
        assert float(row["Rating"]) * 2 == int(float(row["Rating"]) * 2)


def test_a_rating_made_on_the_day_of_a_viewing_joins_that_diary_entry(
    service: JournalService,
) -> None:
    add(
        service,
        film(
            "Same day",
            [ImportViewing(date(2024, 3, 1)), ImportViewing(date(2024, 5, 2))],
            [ImportReview(64, body="quiet", created_at=written("2024-05-02"))],
        ),
    )
    rows = letterboxd_rows(service)
    assert [(r["WatchedDate"], r["Rating"], r["Rating10"], r["Review"]) for r in rows] == [
        ("2024-03-01", "", "", ""),
        ("2024-05-02", "3", "6", "quiet"),
    ]


def test_diary_entry_tags_go_out_with_their_row_and_come_back_on_the_entry(
    service: JournalService, tmp_path: Path
) -> None:
    add(
        service,
        film(
            "Tagged",
            [
                ImportViewing(date(2024, 3, 1), tags=("cinema", "with Ana")),
                ImportViewing(date(2024, 5, 2), tags=("home",)),
            ],
            [ImportReview(64, body="quiet", tags=("Slow",), created_at=written("2024-05-02"))],
        ),
    )
    rows = letterboxd_rows(service)
    assert [(r["WatchedDate"], r["Tags"], r["Review"]) for r in rows] == [
        ("2024-03-01", "cinema, with Ana", ""),
        ("2024-05-02", "home, Slow", "quiet"),
    ]
    path = tmp_path / "letterboxd.csv"
    path.write_bytes(letterboxd_csv(service.journal_snapshot()).data)
    copy = JournalService.open(tmp_path / "copy.sqlite", tmp_path / "backups")
    import_path(copy, "letterboxd", path)
    (record,) = copy.journal_snapshot().films
    by_day = {v.watched_on: v.tags for v in record.viewings}
    assert by_day == {date(2024, 3, 1): ("cinema", "with Ana"), date(2024, 5, 2): ("home", "Slow")}
    # Tags alone make no review (as in Letterboxd's own exports); the text's review has them.
    assert [(r.body, r.tags) for r in record.reviews] == [("quiet", ("home", "Slow"))]
    copy.close()


def test_film_links_come_back_and_keep_two_same_titled_films_apart(
    service: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "import.csv"
    path.write_text(
        "LetterboxdURI,Title,Year,WatchedDate,Rating10\n"
        "https://letterboxd.com/film/ballerina-2023/,Ballerina,2023,2024-01-05,7\n"
        "https://letterboxd.com/film/ballerina-2023-1/,Ballerina,2023,2024-02-06,5\n"
        "http://www.letterboxd.com/film/ballerina-2023,Ballerina,2023,2024-03-07,8\n",
        encoding="utf-8",
    )
    import_path(service, "letterboxd", path)
    films = sorted(service.journal_snapshot().films, key=lambda f: f.fields.letterboxd_uri or "")
    assert [(f.fields.letterboxd_uri, len(f.viewings)) for f in films] == [
        ("https://letterboxd.com/film/ballerina-2023-1/", 1),
        ("https://letterboxd.com/film/ballerina-2023/", 2),
    ]
    assert {r["LetterboxdURI"] for r in letterboxd_rows(service)} == {
        "https://letterboxd.com/film/ballerina-2023/",
        "https://letterboxd.com/film/ballerina-2023-1/",
    }


def test_a_rating_from_another_day_is_one_undated_row(service: JournalService) -> None:
    add(
        service,
        film(
            "Other day",
            [ImportViewing(date(2024, 3, 1))],
            [ImportReview(70, created_at=written("2024-04-01"))],
        ),
    )
    add(service, film("Only rated", reviews=[ImportReview(95, created_at=written("2024-04-01"))]))
    rows = {(r["Title"], r["WatchedDate"]): r for r in letterboxd_rows(service)}
    assert sorted(rows) == [("Only rated", ""), ("Other day", ""), ("Other day", "2024-03-01")]
    assert rows["Other day", "2024-03-01"]["Rating"] == ""
    assert (rows["Other day", ""]["Rating"], rows["Other day", ""]["Rewatch"]) == ("3.5", "")
    # 9.5 is a tie: it goes down, to the 4.5 stars the app shows for it.
    assert (rows["Only rated", ""]["Rating"], rows["Only rated", ""]["Rating10"]) == ("4.5", "9")


def test_undated_viewings_and_loose_reviews_share_one_undated_row(
    service: JournalService,
) -> None:
    add(
        service,
        film(
            "Undated",
            [ImportViewing(None), ImportViewing(None, rewatch_override=True)],
            [
                ImportReview(80, viewing=0, created_at=written("2020-01-01")),
                ImportReview(None, body="later words", created_at=written("2021-01-01")),
            ],
        ),
    )
    rows = letterboxd_rows(service)
    assert [(r["WatchedDate"], r["Rating10"], r["Rewatch"], r["Review"]) for r in rows] == [
        ("", "8", "true", "later words")
    ]


def test_two_reviews_of_one_diary_entry_are_one_row_and_the_older_text_is_left_out(
    service: JournalService, tmp_path: Path
) -> None:
    add(
        service,
        film(
            "Twice",
            [ImportViewing(date(2024, 3, 1))],
            [
                ImportReview(
                    60, "first", "old words", ("a",), viewing=0, created_at=written("2024-03-01")
                ),
                ImportReview(
                    None, "", "new words", ("b",), viewing=0, created_at=written("2024-03-02")
                ),
            ],
        ),
    )
    rows = letterboxd_rows(service)
    assert [(r["Rating10"], r["Tags"], r["Review"]) for r in rows] == [("6", "a, b", "new words")]
    result = export_journal(
        service.journal_snapshot(), "letterboxd", tmp_path / "lb.csv",
        protected=ProtectedFiles.of(service),
    )  # fmt: skip
    assert export_summary(result) == [
        f"Exported 1 film as a Letterboxd import CSV to {tmp_path / 'lb.csv'}.",
        "Left out 1 review sharing a diary entry with a later one: Letterboxd keeps one"
        " review per diary entry, so the latest was written.",
    ]


@pytest.mark.parametrize(
    ("tenths", "stars", "points"),
    [(1, "0.5", 1), (5, "0.5", 1), (14, "0.5", 1), (15, "0.5", 1), (16, "1", 2), (55, "2.5", 5),
     (64, "3", 6), (65, "3", 6), (66, "3.5", 7), (70, "3.5", 7), (94, "4.5", 9), (95, "4.5", 9),
     (96, "5", 10), (100, "5", 10)],
)  # fmt: skip
def test_ratings_go_out_in_half_stars(tenths: int, stars: str, points: int) -> None:
    assert (half_stars(tenths), whole_points(tenths)) == (stars, points)


def journal_with_everything(service: JournalService) -> None:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    import_path(service, "imdb", IMDB_EXPORT / "ratings.csv")
    service.add_film(FilmFields("Nothing yet", year=2001))  # not watched, not rated
    no_id = service.add_film(FilmFields("No id", year=2002))
    service.write_review(no_id.id, ReviewFields(rating_tenths=70))


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_what_was_written_and_left_out_adds_up_to_the_journal(
    service: JournalService, tmp_path: Path, fmt: ExportFormat
) -> None:
    journal_with_everything(service)
    result = export_journal(
        service.journal_snapshot(), fmt, tmp_path / f"out.{fmt}",
        protected=ProtectedFiles.of(service),
    )  # fmt: skip
    films = service.count_films()
    assert result.journal_films == films == 9
    assert result.films + result.films_left_out == films
    summary = export_summary(result)
    assert summary[0].startswith(f"Exported {result.films} film")
    assert len(summary) == 1 + len(result.left_out)
    for line, item in zip(summary[1:], result.left_out, strict=True):
        assert line.startswith(f"Left out {item.count} ")


def test_the_imdb_export_says_why_each_film_was_left_out(
    service: JournalService, tmp_path: Path
) -> None:
    journal_with_everything(service)
    result = export_journal(
        service.journal_snapshot(), "imdb", tmp_path / "imdb.csv",
        protected=ProtectedFiles.of(service),
    )  # fmt: skip
    assert [(x.count, x.noun) for x in result.left_out] == [
        (4, "films without a rating"),
        (2, "rated films without an IMDb id"),
    ]


@pytest.mark.parametrize(
    ("fmt", "why"),
    [
        ("letterboxd", "2 films never watched, rated or reviewed"),
        ("imdb", "2 films without a rating"),
    ],
)
def test_nothing_to_export_says_so_and_writes_nothing(
    service: JournalService, tmp_path: Path, fmt: ExportFormat, why: str
) -> None:
    service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    service.add_film(FilmFields("Heat", year=1995))
    (tmp_path / "out").mkdir()
    with pytest.raises(NothingToExportError, match="no file was written: " + why):
        export_journal(
            service.journal_snapshot(), fmt, tmp_path / "out" / "out.csv",
            protected=ProtectedFiles.of(service),
        )  # fmt: skip
    assert list((tmp_path / "out").iterdir()) == []


def test_an_empty_journal_has_nothing_to_export_but_its_backup(
    service: JournalService, tmp_path: Path
) -> None:
    protected, out = ProtectedFiles.of(service), tmp_path / "out"
    out.mkdir()
    for fmt, name in (("letterboxd", "lb.csv"), ("imdb", "i.csv"), ("markdown", "films")):
        with pytest.raises(NothingToExportError, match="the journal has no films"):
            export_journal(service.journal_snapshot(), fmt, out / name, protected=protected)
    assert list(out.iterdir()) == []
    backup = export_journal(service.journal_snapshot(), "json", out / "b.json", protected=protected)
    assert export_summary(backup) == [
        f"Exported 0 films as a WatchJournal JSON backup to {out / 'b.json'}."
    ]


def test_the_cli_says_what_was_written_and_left_out(
    service: JournalService,
    journal_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    journal_with_everything(service)
    target = tmp_path / "lb.csv"
    assert main(["--db", str(journal_path), "export", "letterboxd", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Exported 6 films in 7 rows as a Letterboxd import CSV to {target}.",
        "Left out 3 films never watched, rated or reviewed: Letterboxd's import file has"
        " rows for diary entries, ratings and reviews only.",
    ]
    assert len(rows_of(target.read_bytes())) == 7


def test_the_cli_refuses_an_export_with_nothing_in_it(
    service: JournalService,
    journal_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    target = tmp_path / "imdb.csv"
    assert main(["--db", str(journal_path), "export", "imdb", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "watchjournal: Nothing to export as an IMDb ratings CSV, so no file was written:"
        " 1 film without a rating (an IMDb ratings file holds rated films only).\n"
    )
    assert not target.exists()
