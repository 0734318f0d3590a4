"""Importing the hand-written Letterboxd export: every file, merged into one journal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import (
    LETTERBOXD_EXPORT,
    dump,
    import_path,
    zip_folder,
)
from watchjournal.interchange.importing import read_import
from watchjournal.journal import FilmRecord, JournalService


def film(service: JournalService, reference: str) -> FilmRecord:
    return service.resolve_film(reference)


def test_every_file_is_read_and_merged_per_film(service: JournalService) -> None:
    report = import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert (report.films_added, report.viewings_added, report.reviews_added) == (7, 6, 5)
    assert service.count_films() == 7

    paterson = film(service, "Paterson (2016)")
    assert paterson.fields.letterboxd_uri == "https://boxd.it/cHAa"  # the film's, not the entry's
    assert paterson.fields.liked is True
    assert [v.watched_on for v in paterson.viewings] == [date(2023, 5, 1), date(2024, 3, 15)]
    assert [v.rewatch for v in paterson.viewings] == [False, True]
    first, second = paterson.reviews
    # The diary row and the reviews row of 2023-05-01 are one viewing with one review.
    assert first.viewing_id == paterson.viewings[0].id
    assert first.rating_tenths == 90
    assert first.body == 'A bus driver, a poet.\n\nIt is "quietly" perfect.'
    assert set(first.tags) == {"poetry", "jarmusch"}
    assert second.viewing_id == paterson.viewings[1].id and second.body == ""

    tiger = film(service, "Crouching Tiger, Hidden Dragon")
    assert len(tiger.viewings) == 1 and tiger.viewings[0].watched_on == date(2022, 12, 24)
    assert [(r.rating_tenths, r.body) for r in tiger.reviews] == [
        (100, "Wire-fu, bamboo, and heartbreak.")
    ]


def test_ratings_become_tenths_and_watched_only_films_have_an_undated_viewing(
    service: JournalService,
) -> None:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    huracan = film(service, "Huracán")
    assert [v.watched_on for v in huracan.viewings] == [None]
    assert [r.rating_tenths for r in huracan.reviews] == [10]  # half a star is 1/10
    assert [r.rating_tenths for r in film(service, "Ballerina (2023)").reviews] == [60]
    # The diary entry's tag belongs to its viewing, not to the rating on it (issue 13).
    assert film(service, "Ballerina (2023)").reviews[0].tags == ()
    batch = read_import("letterboxd", LETTERBOXD_EXPORT)
    [ballerina] = [f for f in batch.films if f.label == "Ballerina (2023)"]
    assert [v.tags for v in ballerina.viewings] == [("netflix",)]


def test_same_titled_films_stay_apart(service: JournalService) -> None:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert [f.year for f in service.find_duplicates("Ballerina", None)] == [2023, 2025]
    assert film(service, "Ballerina (2025)").fields.letterboxd_uri == "https://boxd.it/x2Ee"


def test_watchlist_and_lists(service: JournalService) -> None:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert [f.title for f in service.watchlist()] == ["Past Lives", "Perfect Days"]
    assert service.watchlist()[0].watchlist is not None
    assert service.watchlist()[0].watchlist.added_at.date() == date(2024, 2, 1)  # type: ignore[union-attr]
    [quiet] = service.lists()
    assert quiet.name == "Quiet films, loud hearts"
    assert quiet.description == "Films that whisper.\nSecond line."
    titles = [service.get_film(e.film_id).title for e in quiet.entries]
    assert titles == ["Perfect Days", "Paterson"]
    assert [e.note for e in quiet.entries] == ["Wenders in Tokyo", None]


def test_reimport_changes_nothing(service: JournalService, journal_path: Path) -> None:
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    before = dump(journal_path)
    again = import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert dump(journal_path) == before
    assert (again.films_added, again.viewings_added, again.reviews_added) == (0, 0, 0)
    assert (again.films_merged, again.viewings_already_there, again.reviews_already_there) == (
        7,
        6,
        5,
    )
    assert not again.changed_anything


def test_dry_run_reports_the_same_and_changes_nothing(
    service: JournalService, journal_path: Path
) -> None:
    before = dump(journal_path)
    dry = import_path(service, "letterboxd", LETTERBOXD_EXPORT, dry_run=True)
    assert dump(journal_path) == before
    real = import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert dry.dry_run and not real.dry_run
    assert {**dry.to_json(), "dry_run": False} == real.to_json()
    assert "nothing was changed" in dry.summary_lines()[-1]


@pytest.mark.parametrize("prefix", ["", "letterboxd-someone-2025-06-07-utc/"])
def test_a_zip_reads_like_the_folder(tmp_path: Path, prefix: str) -> None:
    archive = zip_folder(LETTERBOXD_EXPORT, tmp_path / "export.zip", prefix)
    from_zip = read_import("letterboxd", archive)
    from_folder = read_import("letterboxd", LETTERBOXD_EXPORT)
    assert from_zip == from_folder


def test_letterboxd_after_imdb_merges_by_title_year_and_fills_in(
    service: JournalService,
) -> None:
    from tests.unit.interchange_helpers import IMDB_EXPORT

    import_path(service, "imdb", IMDB_EXPORT / "ratings.csv")
    report = import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    assert report.films_merged == 3  # Paterson, Ballerina (2023), Crouching Tiger
    paterson = film(service, "Paterson")
    assert paterson.fields.imdb_id == "tt5247022"
    assert paterson.fields.letterboxd_uri == "https://boxd.it/cHAa"
    # The IMDb "seen, date unknown" viewing stays; the dated diary viewings join it.
    assert [v.watched_on for v in paterson.viewings] == [None, date(2023, 5, 1), date(2024, 3, 15)]


@pytest.mark.parametrize("bulk_rows", [1, 1_000_000], ids=["bulk", "row-by-row"])
def test_imported_films_are_searchable(
    service: JournalService,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bulk_rows: int,
) -> None:
    """Large imports switch the search triggers off and rebuild the index once;
    either way the index matches the journal and the triggers are back."""
    from watchjournal.journal import importing

    triggers = [line for line in dump(journal_path) if line.startswith("CREATE TRIGGER")]
    monkeypatch.setattr(importing, "BULK_ROWS", bulk_rows)
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    paterson = film(service, "Paterson")
    assert service.search_film_ids("quietly") == [paterson.id]
    assert service.search_film_ids("jarmusch") == [paterson.id]
    after = [line for line in dump(journal_path) if line.startswith("CREATE TRIGGER")]
    assert sorted(after) == sorted(triggers)
    indexed = service.search_film_ids("ballerina")
    assert service.rebuild_search_index() == 7
    assert service.search_film_ids("ballerina") == indexed
