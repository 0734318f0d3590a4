"""The WatchJournal JSON export is lossless: export, import into an empty journal and
export again gives the same bytes, for hand-built and for generated journals."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.unit.interchange_helpers import (
    IMDB_EXPORT,
    LETTERBOXD_EXPORT,
    dump,
    export_bytes,
    import_path,
    new_service,
)
from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo


def build_rich_journal(service: JournalService) -> None:
    """A journal using every feature the JSON must carry."""
    import_path(service, "letterboxd", LETTERBOXD_EXPORT)
    import_path(service, "imdb", IMDB_EXPORT)
    ballerina = service.add_film(
        FilmFields(
            title="Ballerina",
            year=2023,
            directors=("Len Wiseman",),
            cast=("Ana de Armas", "Keanu Reeves"),
            countries=("United States",),
            synopsis='A "ballerina" — with commas, quotes\nand two lines.',
            tmdb_id=541671,
            where_to_watch=(
                StreamingInfo("Prime Video", date(2025, 6, 1)),
                StreamingInfo("Cinema"),
            ),
            poster_ref="ab/cdef.jpg",
        ),
        watchlist=True,
        watchlist_note="from Min, with a comma",
        allow_duplicate=True,
    )
    viewing = service.mark_watched(
        ballerina.id, date(2025, 6, 2), where="Cinema", note="loud", did_not_finish=True
    )
    service.mark_watched(ballerina.id, None, rewatch=False)
    review = service.write_review(
        ballerina.id,
        ReviewFields(
            rating_tenths=64,
            headline="stream it",
            body="Flamethrower.\n\n- bullet\n- 日本語",
            tags=("Action", "fire"),
            spoilers=True,
            viewing_id=viewing.id,
        ),
    )
    service.update_review(
        review.id,
        ReviewFields(
            rating_tenths=71,
            body="Better now.",
            tags=review.tags,
            draft=True,
            viewing_id=viewing.id,
        ),
    )
    service.add_to_watchlist(service.resolve_film("Ballerina (2025)").id, note="later")
    service.move_in_watchlist(service.resolve_film("Ballerina (2025)").id, 0)
    empty = service.create_list("Nothing yet", description="to fill")
    mixed = service.create_list("Mixed")
    service.add_to_list(mixed.id, ballerina.id, note="the other one")
    service.add_to_list(mixed.id, service.resolve_film("Paterson").id)
    service.move_in_list(mixed.id, service.resolve_film("Paterson").id, 0)
    assert empty.entries == ()


def test_json_round_trip_is_byte_identical(service: JournalService, tmp_path: Path) -> None:
    build_rich_journal(service)
    first = export_bytes(service, "json", tmp_path / "one.json")
    copy = new_service(tmp_path / "copy")
    import_path(copy, "json", tmp_path / "one.json")
    second = export_bytes(copy, "json", tmp_path / "two.json")
    assert first == second
    doc = json.loads(first)
    assert doc["schema_version"] == 1
    assert len(doc["films"]) == service.count_films()
    assert {t for t in doc["tags"]} >= {"Action", "fire", "poetry"}


def test_json_keeps_what_the_service_shows(service: JournalService, tmp_path: Path) -> None:
    build_rich_journal(service)
    export_bytes(service, "json", tmp_path / "one.json")
    copy = new_service(tmp_path / "copy")
    import_path(copy, "json", tmp_path / "one.json")
    original = next(f for f in service.list_films() if f.fields.tmdb_id == 541671)
    restored = next(f for f in copy.list_films() if f.fields.tmdb_id == 541671)
    assert restored.fields == original.fields
    assert restored.watchlist == original.watchlist
    assert [(v.watched_on, v.rewatch, v.where, v.note, v.did_not_finish, v.created_at)
            for v in restored.viewings] == [
        (v.watched_on, v.rewatch, v.where, v.note, v.did_not_finish, v.created_at)
        for v in original.viewings
    ]  # fmt: skip
    [review] = restored.reviews
    assert review.viewing_id == restored.viewings[1].id
    assert review.fields().tags == original.reviews[0].tags
    assert [(r.rating_tenths, r.body) for r in copy.review_revisions(review.id)] == [
        (64, "Flamethrower.\n\n- bullet\n- 日本語")
    ]
    assert [f.title for f in copy.watchlist()] == [f.title for f in service.watchlist()]
    assert [(x.name, x.description, len(x.entries)) for x in copy.lists()] == [
        (x.name, x.description, len(x.entries)) for x in service.lists()
    ]


def test_json_reimport_changes_nothing(
    service: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    build_rich_journal(service)
    export_bytes(service, "json", tmp_path / "one.json")
    before = dump(journal_path)
    report = import_path(service, "json", tmp_path / "one.json")
    assert dump(journal_path) == before
    assert not report.changed_anything


def test_export_does_not_depend_on_ids(tmp_path: Path) -> None:
    """The same films added in a different order (so with other ids) export the same."""
    outputs = []
    for name, order in (("a", [0, 1, 2]), ("b", [2, 0, 1])):
        service = new_service(tmp_path / name)
        specs = [("Ballerina", 2025), ("Ballerina", 2023), ("Amélie", 2001)]
        for index in order:
            title, year = specs[index]
            film = service.add_film(FilmFields(title=title, year=year), allow_duplicate=True)
            service.mark_watched(film.id, date(2024, 1, 1) + timedelta(days=index))
        text = json.loads(export_bytes(service, "json", tmp_path / f"{name}.json"))
        for film in text["films"]:  # timestamps differ between the two runs
            film["created_at"] = film["updated_at"] = None
            for viewing in film["viewings"]:
                viewing["created_at"] = None
        outputs.append(text)
        service.close()
    assert outputs[0] == outputs[1]
    assert [(f["title"], f["year"]) for f in outputs[0]["films"]] == [
        ("Amélie", 2001),
        ("Ballerina", 2023),
        ("Ballerina", 2025),
    ]
