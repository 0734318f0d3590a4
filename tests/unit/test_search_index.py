"""The search index follows every change to the journal, in the same transaction."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from watchjournal.journal import (
    FilmFields,
    JournalService,
    ReviewFields,
    StreamingInfo,
    ValidationError,
)
from watchjournal.journal.import_types import ImportBatch, ImportFilm, ImportReview, Origin
from watchjournal.paths import AppPaths
from watchjournal.search.index import bulk_load
from watchjournal.storage import migrate, models
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.journal_file import open_journal


def found(service: JournalService, query: str) -> list[str]:
    return [service.get_film(film_id).label for film_id in service.search_film_ids(query)]


def index_rows(journal_path: Path) -> int:
    with sqlite3.connect(journal_path) as connection:
        return int(connection.execute("SELECT count(*) FROM search_index").fetchone()[0])


def test_film_edits_replace_the_old_text(service: JournalService) -> None:
    film = service.add_film(
        FilmFields("Old Title", year=2001, directors=("Anna Director",), genres=("Drama",))
    )
    assert found(service, "old title") == ["Old Title (2001)"]
    new_fields = FilmFields(
        "New Name",
        year=2001,
        directors=("Bea Maker",),
        cast=("Carl Actor",),
        countries=("Chile",),
        where_to_watch=(StreamingInfo("Mubi"),),
    )
    service.edit_film(film.id, new_fields)
    assert found(service, "old") == [] and found(service, "anna") == []
    assert found(service, "genre:drama") == []
    for query in ("new name", "director:bea", "cast:carl", "country:chile", "where:mubi"):
        assert found(service, query) == ["New Name (2001)"], query
    service.set_liked(film.id, True)  # not text: the row stays as it is
    assert found(service, "new name is:liked") == ["New Name (2001)"]


def test_delete_film_and_restore_it(service: JournalService) -> None:
    film = service.add_film(FilmFields("Heat", year=1995, directors=("Michael Mann",)))
    service.mark_watched(film.id, date(2024, 1, 2), note="diner scene", where="Cinema")
    review = service.write_review(film.id, ReviewFields(body="Coffee with De Niro", tags=("la",)))
    service.add_film(FilmFields("Collateral", year=2004, directors=("Michael Mann",)))
    snapshot = service.delete_film(film.id)
    for query in ("heat", "diner", "coffee", "tag:la", "where:cinema"):
        assert found(service, query) == [], query
    assert found(service, "mann") == ["Collateral (2004)"]
    service.restore_film(snapshot)
    for query in ("heat", "diner", "coffee", "tag:la", "where:cinema", "note:diner"):
        assert found(service, query) == ["Heat (1995)"], query
    (hit,) = service.search("coffee")
    assert hit.review_id == review.id


def test_review_revisions_index_only_the_current_text(service: JournalService) -> None:
    film = service.add_film(FilmFields("Drive", year=2011))
    review = service.write_review(film.id, ReviewFields(body="scorpion jacket", tags=("neon",)))
    service.update_review(review.id, ReviewFields(body="toothpick elevator", tags=("synth",)))
    assert found(service, "scorpion") == [] and found(service, "tag:neon") == []
    assert found(service, "toothpick") == found(service, "tag:synth") == ["Drive (2011)"]
    (revision,) = service.review_revisions(review.id)
    service.restore_revision(review.id, revision.id)
    assert found(service, "scorpion") == ["Drive (2011)"]
    assert found(service, "toothpick") == []
    service.delete_review(review.id)
    assert found(service, "scorpion") == [] and found(service, "tag:synth") == []
    assert found(service, "drive") == ["Drive (2011)"]


def test_several_reviews_each_keep_their_own_id(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paris, Texas", year=1984))
    first = service.write_review(film.id, ReviewFields(headline="peep show", body="mirror"))
    second = service.write_review(film.id, ReviewFields(body="Ry Cooder guitar"))
    (hit,) = service.search("guitar")
    assert hit.review_id == second.id
    (hit,) = service.search("peep")
    assert hit.review_id == first.id
    service.delete_review(first.id)
    (hit,) = service.search("guitar")
    assert hit.review_id == second.id


def test_watchlist_and_viewing_notes(service: JournalService) -> None:
    film = service.add_film(
        FilmFields("Tampopo", year=1985), watchlist=True, watchlist_note="ramen"
    )
    other = service.add_film(FilmFields("Ikiru", year=1952), watchlist=True)
    assert found(service, "note:ramen") == ["Tampopo (1985)"]
    service.add_to_watchlist(film.id, "noodle western")
    assert found(service, "ramen") == [] and found(service, "noodle") == ["Tampopo (1985)"]
    service.move_in_watchlist(other.id, 0)
    assert found(service, "noodle") == ["Tampopo (1985)"]
    service.remove_from_watchlist(film.id)
    assert found(service, "noodle") == []
    viewing = service.mark_watched(other.id, date(2023, 3, 3), note="swing song")
    assert found(service, "note:swing") == ["Ikiru (1952)"]
    service.delete_viewing(viewing.id)
    assert found(service, "swing") == []
    assert found(service, "ikiru is:watched") == []


def test_a_failed_write_leaves_the_index_as_it_was(service: JournalService) -> None:
    service.add_film(FilmFields("Alien", year=1979, imdb_id="tt0078748"))
    other = service.add_film(FilmFields("Aliens", year=1986))
    with pytest.raises(ValidationError):
        service.edit_film(other.id, FilmFields("Xenomorph", year=1986, imdb_id="tt0078748"))
    assert found(service, "xenomorph") == []
    assert found(service, "aliens year:1986") == ["Aliens (1986)"]


def test_sql_deletes_and_tag_renames_are_followed(
    service: JournalService, journal_path: Path
) -> None:
    film = service.add_film(FilmFields("Stalker", year=1979))
    service.write_review(film.id, ReviewFields(body="the zone", tags=("slow",)))
    with sqlite3.connect(journal_path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("UPDATE tags SET name = 'contemplative' WHERE name = 'slow'")
    assert found(service, "tag:contemplative") == ["Stalker (1979)"]
    assert found(service, "tag:slow") == []
    with sqlite3.connect(journal_path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM films")  # cascades to the review and its tags
    assert index_rows(journal_path) == 0
    assert found(service, "zone") == []


def test_reindex_repairs_a_damaged_index(service: JournalService, journal_path: Path) -> None:
    service.add_film(FilmFields("Solaris", year=1972))
    service.add_film(FilmFields("Mirror", year=1975))
    with sqlite3.connect(journal_path) as connection:
        connection.execute("DELETE FROM search_index")
    assert found(service, "solaris") == []
    assert service.rebuild_search_index() == 2
    assert found(service, "solaris") == ["Solaris (1972)"]


def test_imports_are_indexed(service: JournalService) -> None:
    origin = Origin("diary.csv", 2)
    batch = ImportBatch(
        "letterboxd",
        films=[
            ImportFilm(
                FilmFields("Yi Yi", year=2000),
                origin,
                reviews=[ImportReview(rating_tenths=90, body="family in Taipei", tags=("taiwan",))],
            )
        ],
    )
    service.import_batch(batch)
    assert found(service, "taipei tag:taiwan rating:9") == ["Yi Yi (2000)"]


def test_bulk_load_rebuilds_once_and_keeps_the_triggers(service: JournalService) -> None:
    engine = service._engine
    with engine.connect() as connection:
        triggers_before = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        ).all()
    with bulk_load(writer(engine)) as connection:
        connection.execute(
            insert(models.Film),
            [
                {
                    "title": f"Bulk {n}",
                    "title_key": f"bulk {n}",
                    "directors": ["Dee Rector"],
                    "cast": [],
                    "genres": [],
                    "countries": [],
                    "liked": False,
                    "created_at": datetime(2026, 1, 1),
                    "updated_at": datetime(2026, 1, 1),
                }
                for n in range(5)
            ],
        )
    with engine.connect() as connection:
        triggers_after = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        ).all()
    assert triggers_after == triggers_before and len(triggers_before) >= 20
    assert len(found(service, "director:rector")) == 5
    film = service.add_film(FilmFields("After the bulk"))  # the triggers work again
    assert found(service, "after") == [film.label]


def test_upgrading_an_older_journal_indexes_what_it_holds(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    engine = create_journal_engine(journal_path)
    migrate.upgrade_to_head(writer(engine), target="0002")
    with writer(engine).begin() as connection:
        connection.execute(
            text(
                'INSERT INTO films (id, title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at) VALUES (1, 'Huracán', 'huracan',"
                " '[\"Jos\\u00e9 Ok-ju\"]', '[]', '[]', '[]', 0, '2025-01-01', '2025-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO reviews (id, film_id, headline, body, spoilers, draft, created_at,"
                " updated_at) VALUES (7, 1, '', 'flamethrowers', 0, 0, '2025-01-01', '2025-01-01')"
            )
        )
    engine.dispose()
    service = JournalService(open_journal(journal_path, app_dirs.backup_dir), journal_path)
    try:
        assert found(service, "jose ok-ju flamethrower huracan") == ["Huracán"]
        (hit,) = service.search("flamethrower")
        assert hit.review_id == 7
    finally:
        service.close()
    assert list(app_dirs.backup_dir.glob("*before-upgrade-0002*"))
