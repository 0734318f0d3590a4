"""Importing IMDb ratings, watchlist and list exports (new and old column sets)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.interchange_helpers import IMDB_EXPORT, dump, import_path
from watchjournal.journal import JournalService


def test_ratings_import_films_with_details_and_skip_series(service: JournalService) -> None:
    report = import_path(service, "imdb", IMDB_EXPORT / "ratings.csv")
    assert report.films_added == 3
    assert [(s.what, s.reason) for s in report.skipped] == [
        ("Breaking Bad", "not a film (TV Series)")
    ]
    assert "Skipped 1 rows: 1 not a film (TV Series)." in report.summary_lines()
    tiger = service.resolve_film("Crouching Tiger, Hidden Dragon")
    fields = tiger.fields
    assert (fields.imdb_id, fields.original_title, fields.year, fields.runtime) == (
        "tt0190332",
        "Wo hu cang long",
        2000,
        120,
    )
    assert fields.directors == ("Ang Lee",)
    assert fields.genres == ("Action", "Adventure", "Drama")
    assert [r.rating_tenths for r in tiger.reviews] == [90]
    assert tiger.reviews[0].created_at.date() == date(2020, 2, 2)
    assert [v.watched_on for v in tiger.viewings] == [None]  # rated, so seen; date unknown
    # Title and Original Title equal: no original title stored.
    assert service.resolve_film("Paterson").fields.original_title is None


def test_old_ratings_file_without_original_title(service: JournalService) -> None:
    report = import_path(service, "imdb", IMDB_EXPORT / "ratings_old.csv")
    assert report.films_added == 1
    assert service.resolve_film("Paterson").reviews[0].rating_tenths == 80


def test_watchlist_keeps_order_and_notes(service: JournalService) -> None:
    report = import_path(service, "imdb", IMDB_EXPORT / "WATCHLIST.csv")
    assert report.watchlist_added == 2 and len(report.skipped) == 1
    watchlist = service.watchlist()
    assert [f.title for f in watchlist] == ["Past Lives", "Perfect Days"]
    assert watchlist[0].watchlist is not None and watchlist[0].watchlist.note == "from Min"
    assert service.lists() == []


def test_a_list_with_your_rating_columns_becomes_a_list_in_position_order(
    service: JournalService,
) -> None:
    import_path(service, "imdb", IMDB_EXPORT / "Favourite films.csv")
    [favourites] = service.lists()
    assert favourites.name == "Favourite films"
    assert [service.get_film(e.film_id).title for e in favourites.entries] == [
        "Inception",
        "Paterson",
    ]
    assert favourites.entries[1].note == "a poem of a film"
    assert service.resolve_film("Inception").reviews[0].rating_tenths == 90


def test_whole_folder_merges_by_imdb_id_and_reimport_changes_nothing(
    service: JournalService, journal_path: Path
) -> None:
    first = import_path(service, "imdb", IMDB_EXPORT)
    assert first.films_added == 6  # Paterson once, though it is in three files
    assert len(service.resolve_film("Paterson").reviews) == 1
    before = dump(journal_path)
    again = import_path(service, "imdb", IMDB_EXPORT)
    assert dump(journal_path) == before
    assert again.films_added == 0 and again.films_merged == 6
