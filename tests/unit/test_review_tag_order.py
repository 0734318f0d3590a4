"""A review's tags keep the order they were typed (``review_tags.position``).

Written in order by the service (a new review, an edit, a Log), the importer
(a Letterboxd file's order), the undo of a film's deletion and a JSON backup's
round trip; read back in that order by the service and ``show`` (text and
``--json``); still found by ``tag:``, with the search index exact. Migration
0010 numbers a journal's existing rows in the order they were shown until then
(by name).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.migration_helpers import move
from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, export_bytes, import_path, new_service
from tests.unit.test_search_storage import assert_index_matches_journal
from watchjournal.cli.main import main
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.types import LogEntry, ViewingFields
from watchjournal.paths import AppPaths
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.journal_file import open_journal

TYPED = ("wickverse", "Action", "revenge")


def _film(service: JournalService) -> int:
    return service.add_film(FilmFields("Ballerina", year=2025)).id


def _seed_tags(service: JournalService, names: tuple[str, ...]) -> None:
    """Make the tags ``names`` in this order, on a film of their own, so that their ids
    are not in the order a test types them: rows in the ids' order would not pass."""
    film_id = service.add_film(FilmFields("Seed", year=1999)).id
    service.write_review(film_id, ReviewFields(tags=names))


def _positions(service: JournalService) -> list[tuple[int, str, int]]:
    """Every ``review_tags`` row as (review, tag name, position), in table order."""
    with service._reading() as session:  # the service's own connection, either backend
        rows = session.execute(
            text(
                "SELECT rt.review_id, t.name, rt.position FROM review_tags rt"
                " JOIN tags t ON t.id = rt.tag_id ORDER BY rt.review_id, rt.position"
            )
        )
        return [(row[0], row[1], row[2]) for row in rows]


def test_tags_come_back_in_the_order_typed_on_both_backends(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    try:
        film_id = _film(service)
        review = service.write_review(film_id, ReviewFields(body="Fire.", tags=TYPED))
        assert review.tags == TYPED
        assert service.get_review(review.id).tags == TYPED
        assert service.get_film(film_id).reviews[0].tags == TYPED
        assert service.journal_snapshot().films[0].reviews[0].tags == TYPED
        assert _positions(service) == [(review.id, name, n) for n, name in enumerate(TYPED)]
        # An edit that reorders keeps the new order; one that drops a tag renumbers.
        reordered = ("revenge", "wickverse", "Action")
        assert service.update_review(review.id, ReviewFields(tags=reordered)).tags == reordered
        assert service.get_review(review.id).tags == reordered
        assert service.update_review(review.id, ReviewFields(tags=("Action", "revenge"))).tags == (
            "Action",
            "revenge",
        )
        assert _positions(service) == [(review.id, "Action", 0), (review.id, "revenge", 1)]
        assert service.search_film_ids("tag:action") == [film_id]
        assert service.search_film_ids("tag:wickverse") == []
    finally:
        service.close()


def test_repeats_keep_the_first_spelling_and_place(service: JournalService) -> None:
    film_id = _film(service)
    typed = (" wickverse ", "Action", "WICKVERSE", "revenge", "action", "")
    review = service.write_review(film_id, ReviewFields(tags=typed))
    assert review.tags == TYPED
    # A tag the journal already has keeps the journal's spelling, in the new place.
    other = service.write_review(film_id, ReviewFields(tags=("REVENGE", "Kate", "action")))
    assert other.tags == ("revenge", "Kate", "Action")
    assert service.get_review(review.id).tags == TYPED


def test_a_log_with_a_review_keeps_its_tags_in_order(service: JournalService) -> None:
    film_id = _film(service)
    entry = LogEntry(
        ViewingFields(date(2025, 6, 1), tags=("cinema", "Friday")),
        review=ReviewFields(rating_tenths=70, tags=TYPED),
    )
    viewing = service.log_viewing(film_id, entry)
    (review,) = service.get_film(film_id).reviews
    assert (viewing.tags, review.tags) == (("cinema", "Friday"), TYPED)
    again = LogEntry(
        ViewingFields(date(2025, 6, 1)),
        review=ReviewFields(tags=("revenge", "Action")),
        review_id=review.id,
    )
    service.edit_log(viewing.id, again)
    assert service.get_review(review.id).tags == ("revenge", "Action")


def test_show_prints_the_tags_in_order(
    service: JournalService, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_tags(service, TYPED[::-1])
    service.write_review(_film(service), ReviewFields(body="Fire.", tags=TYPED))
    service.close()
    db = ["--db", str(journal_path)]
    assert main([*db, "show", "Ballerina"]) == 0
    assert "Tags: wickverse, Action, revenge" in capsys.readouterr().out
    assert main([*db, "show", "Ballerina", "--json"]) == 0
    (review,) = json.loads(capsys.readouterr().out)["reviews"]
    assert review["tags"] == list(TYPED)


def test_the_cli_review_keeps_the_order_of_its_tag_options(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(journal_path)]
    assert main([*db, "add", "Kate", "--year", "2021"]) == 0
    assert main([*db, "review", "Kate", "--body", "Seed.", "--tag", "revenge"]) == 0
    assert main([*db, "add", "Ballerina", "--year", "2025"]) == 0
    tags = [part for tag in TYPED for part in ("--tag", tag)]
    assert main([*db, "review", "Ballerina", "--body", "Fire.", *tags]) == 0
    capsys.readouterr()
    assert main([*db, "show", "Ballerina", "--json"]) == 0
    (review,) = json.loads(capsys.readouterr().out)["reviews"]
    assert review["tags"] == list(TYPED)


def test_undo_of_a_film_deletion_puts_the_tags_back_in_order(service: JournalService) -> None:
    film_id = _film(service)
    _seed_tags(service, TYPED[::-1])
    review = service.write_review(film_id, ReviewFields(tags=TYPED))
    snapshot = service.delete_film(film_id)
    service.restore_film(snapshot)
    assert service.get_review(review.id).tags == TYPED
    assert film_id in service.search_film_ids("tag:wickverse")
    assert_index_matches_journal(service._engine)


def test_a_letterboxd_review_keeps_the_file_order(service: JournalService) -> None:
    _seed_tags(service, ("jarmusch", "poetry"))
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    film = service.get_film(service.search_film_ids("paterson")[0])
    # reviews.csv and diary.csv give "poetry, jarmusch": not the alphabetical order.
    assert [r.tags for r in film.reviews if r.tags] == [("poetry", "jarmusch")]
    assert film.id in service.search_film_ids("tag:jarmusch")
    assert_index_matches_journal(service._engine)


def test_a_json_backup_round_trip_keeps_the_order(tmp_path: Path) -> None:
    source = new_service(tmp_path, "source")
    film_id = _film(source)
    source.write_review(film_id, ReviewFields(body="Fire.", tags=TYPED))
    # "Kate" is a newer tag than "revenge": rows in the ids' order would not pass.
    source.write_review(film_id, ReviewFields(body="Again.", tags=("Kate", "revenge")))
    first = export_bytes(source, "json", tmp_path / "first.json")
    source.close()
    (entry,) = json.loads(first)["films"]
    assert [r["tags"] for r in entry["reviews"]] == [list(TYPED), ["Kate", "revenge"]]
    copy = new_service(tmp_path, "copy")
    try:
        import_path(copy, "json", tmp_path / "first.json")
        (film,) = copy.journal_snapshot().films
        assert [r.tags for r in film.reviews] == [TYPED, ("Kate", "revenge")]
        assert export_bytes(copy, "json", tmp_path / "second.json") == first
        assert copy.search_film_ids("tag:action") == [film.id]
        assert_index_matches_journal(copy._engine)
    finally:
        copy.close()


# Migration 0010 ----------------------------------------------------------------

FILM = (
    'INSERT INTO films (id, title, title_key, year, directors, "cast", genres, countries,'
    " liked, created_at, updated_at, content_notes) VALUES (:id, :title, :key, 2025, '[]',"
    " '[]', '[]', '[]', 0, '2025-01-01', '2025-01-01', '[]')"
)
REVIEW = (
    "INSERT INTO reviews (id, film_id, headline, body, spoilers, draft, created_at, updated_at)"
    " VALUES (:id, :film, '', 'fire', 0, 0, '2025-01-01', '2025-01-01')"
)
# Tag ids in neither the names' order nor the rows' order.
TAGS = {7: "wickverse", 3: "Revenge", 9: "action", 4: "Kate"}
# (review, tag) inserted in an order that is no order at all.
LINKS = [(1, 7), (2, 4), (1, 3), (1, 9), (2, 9)]


def _journal_at_0009(path: Path) -> Engine:
    """A journal at revision 0009: two films, three reviews (one without tags)."""
    engine = create_journal_engine(path)
    migrate.upgrade_to_head(writer(engine), target="0009")
    with writer(engine).begin() as connection:
        for id_, title in ((1, "Ballerina"), (2, "Kate")):
            connection.execute(text(FILM), {"id": id_, "title": title, "key": title.lower()})
        for id_, film in ((1, 1), (2, 2), (3, 2)):
            connection.execute(text(REVIEW), {"id": id_, "film": film})
        for id_, name in TAGS.items():
            connection.execute(
                text("INSERT INTO tags (id, name, name_key) VALUES (:id, :name, :key)"),
                {"id": id_, "name": name, "key": name.lower()},
            )
        for review, tag in LINKS:
            connection.execute(
                text("INSERT INTO review_tags (review_id, tag_id) VALUES (:review, :tag)"),
                {"review": review, "tag": tag},
            )
    return engine


def _triggers_on_review_tags(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        names = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'review_tags' ORDER BY name"
            )
        )
        return list(names.scalars())


def test_upgrade_numbers_existing_tags_as_they_were_shown(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    old = _journal_at_0009(journal_path)
    triggers = _triggers_on_review_tags(old)
    assert triggers  # the search index's sync triggers (migration 0008)
    old.dispose()
    engine = open_journal(journal_path, app_dirs.backup_dir)
    service = JournalService(engine, journal_path)
    try:
        # By name, as Review.tags was ordered before: "action" < "Revenge" < "wickverse".
        assert service.get_review(1).tags == ("action", "Revenge", "wickverse")
        assert service.get_review(2).tags == ("action", "Kate")
        assert service.get_review(3).tags == ()
        assert _positions(service) == [
            (1, "action", 0),
            (1, "Revenge", 1),
            (1, "wickverse", 2),
            (2, "action", 0),
            (2, "Kate", 1),
        ]
        # ADD COLUMN kept the table, so its search triggers are still there and working.
        assert _triggers_on_review_tags(engine) == triggers
        assert_index_matches_journal(engine)
        assert service.search_film_ids("tag:wickverse") == [1]
        service.update_review(1, ReviewFields(body="fire", tags=("wickverse", "Kate")))
        assert service.get_review(1).tags == ("wickverse", "Kate")
        assert service.search_film_ids("tag:kate") == [1, 2]
        assert service.search_film_ids("tag:revenge") == []
        assert_index_matches_journal(engine)
    finally:
        engine.dispose()


def test_downgrade_to_0009_and_back(journal_path: Path, app_dirs: AppPaths) -> None:
    _journal_at_0009(journal_path).dispose()
    engine = open_journal(journal_path, app_dirs.backup_dir)
    triggers = _triggers_on_review_tags(engine)
    service = JournalService(engine, journal_path)
    service.update_review(1, ReviewFields(body="fire", tags=("wickverse", "action")))
    move(writer(engine), "0009", down=True)
    with writer(engine).begin() as connection:
        columns = connection.execute(text("SELECT name FROM pragma_table_info('review_tags')"))
        assert list(columns.scalars()) == ["review_id", "tag_id"]
        # A row written by the old schema, without a position.
        connection.execute(text("INSERT INTO review_tags (review_id, tag_id) VALUES (3, 7)"))
    assert _triggers_on_review_tags(engine) == triggers
    assert_index_matches_journal(engine)
    migrate.upgrade_to_head(writer(engine))
    try:
        assert service.get_review(1).tags == ("action", "wickverse")  # by name again
        assert service.get_review(3).tags == ("wickverse",)
        assert service.search_film_ids("tag:wickverse") == [1, 2]
        assert _triggers_on_review_tags(engine) == triggers
        assert_index_matches_journal(engine)
    finally:
        engine.dispose()
