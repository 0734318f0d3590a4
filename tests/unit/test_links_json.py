"""Links and content notes in the WatchJournal JSON export and import: an exact round
trip, films named by ``ref`` (never by row id), re-imports that change nothing, and
older exports that have neither key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.interchange_helpers import dump, export_bytes, import_path, new_service
from watchjournal.interchange.json_format import read_json
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportLink,
    Origin,
)


def build(service: JournalService, order: tuple[int, ...] = (0, 1, 2, 3)) -> dict[str, int]:
    """Four films (two of them called Ballerina) with notes and three links."""
    specs = [
        FilmFields("Kate", year=2021, content_notes=("graphic violence", "Nudité")),
        FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)),
        FilmFields("Ballerina", year=2025, content_notes=("sexual violence",)),
        FilmFields("John Wick", year=2014),
    ]
    names = ("kate", "ballerina23", "ballerina25", "wick")
    ids: dict[str, int] = {}
    for index in order:
        ids[names[index]] = service.add_film(specs[index], allow_duplicate=True).id
    service.link_films(ids["ballerina25"], ids["kate"], "same one-woman-army energy")
    service.link_films(ids["kate"], ids["wick"])
    service.link_films(ids["wick"], ids["ballerina23"], 'gun-fu, "choreography"')
    return ids


def links_by_title(service: JournalService) -> set[tuple[str, str, str | None]]:
    """Every link as (label, label, note), the labels in order: comparable across journals."""
    found = set()
    for film in service.list_films():
        for link in service.links_of(film.id):
            a, b = sorted((film.label, link.other.label))
            found.add((a, b, link.note))
    return found


def test_round_trip_is_byte_identical_with_links_and_content_notes(
    service: JournalService, tmp_path: Path
) -> None:
    build(service)
    first = export_bytes(service, "json", tmp_path / "one.json")
    doc = json.loads(first)
    assert len(doc["links"]) == 3
    kate = next(f for f in doc["films"] if f["title"] == "Kate")
    assert kate["content_notes"] == ["graphic violence", "Nudité"]
    copy = new_service(tmp_path / "copy")
    report = import_path(copy, "json", tmp_path / "one.json")
    assert report.links_added == 3
    assert export_bytes(copy, "json", tmp_path / "two.json") == first
    assert links_by_title(copy) == links_by_title(service)
    restored = copy.resolve_film("Ballerina (2025)")
    assert restored.fields.content_notes == ("sexual violence",)


def test_links_name_films_by_ref_not_by_id(tmp_path: Path) -> None:
    """The same journal built in another order (other ids) exports the same links."""
    exported: list[list[dict[str, Any]]] = []
    for name, order in (("a", (0, 1, 2, 3)), ("b", (3, 2, 1, 0))):
        service = new_service(tmp_path / name)
        build(service, order)
        doc = json.loads(export_bytes(service, "json", tmp_path / f"{name}.json"))
        refs = {film["ref"]: (film["title"], film["year"]) for film in doc["films"]}
        named = [
            {"films": [refs[r] for r in link["refs"]], "note": link["note"]}
            for link in doc["links"]
        ]
        assert all(link["refs"][0] < link["refs"][1] for link in doc["links"])
        assert [link["refs"] for link in doc["links"]] == sorted(x["refs"] for x in doc["links"])
        exported.append(named)
        service.close()
    assert exported[0] == exported[1]
    assert {
        "films": [("Ballerina", 2023), ("John Wick", 2014)],
        "note": 'gun-fu, "choreography"',
    } in exported[0]


def test_reimport_changes_nothing(
    service: JournalService, journal_path: Path, tmp_path: Path
) -> None:
    build(service)
    export_bytes(service, "json", tmp_path / "one.json")
    before = dump(journal_path)
    report = import_path(service, "json", tmp_path / "one.json")
    assert report.links_added == 0
    assert not report.changed_anything
    assert dump(journal_path) == before


def test_a_dry_run_counts_links_and_writes_nothing(service: JournalService, tmp_path: Path) -> None:
    build(service)
    export_bytes(service, "json", tmp_path / "one.json")
    copy = new_service(tmp_path / "copy")
    before = dump(tmp_path / "copy" / "journal.sqlite")
    report = import_path(copy, "json", tmp_path / "one.json", dry_run=True)
    assert report.links_added == 3
    assert report.to_json()["links_added"] == 3
    assert 'Links between films ("reminds me of"): 3 new.' in report.summary_lines()
    assert dump(tmp_path / "copy" / "journal.sqlite") == before


def test_links_join_the_films_already_in_the_journal_and_keep_their_notes(
    service: JournalService, tmp_path: Path
) -> None:
    build(service)
    export_bytes(service, "json", tmp_path / "one.json")
    copy = new_service(tmp_path / "copy")
    kate = copy.add_film(FilmFields("Kate", year=2021))
    wick = copy.add_film(FilmFields("John Wick", year=2014))
    copy.link_films(wick.id, kate.id, "mine")  # the file has this link without a note
    report = import_path(copy, "json", tmp_path / "one.json")
    assert report.links_added == 2
    assert [(x.other.id, x.note) for x in copy.links_of(kate.id)][-1] == (wick.id, "mine")
    assert copy.count_films() == 4
    assert len(links_by_title(copy)) == 3


def test_two_batch_films_that_are_one_journal_film_are_not_linked_to_it(
    service: JournalService,
) -> None:
    kate = service.add_film(FilmFields("Kate", year=2021))
    batch = ImportBatch(kind="test")
    batch.films = [
        ImportFilm(FilmFields("Kate", year=2021), Origin("test", 1)),
        ImportFilm(FilmFields("KATE", year=2021), Origin("test", 2)),
    ]
    batch.links = [ImportLink(0, 1, "itself")]
    report = service.import_batch(batch)
    assert report.links_added == 0
    assert service.links_of(kate.id) == []


def minimal_film(title: str, **extra: Any) -> dict[str, Any]:
    """A film entry as WatchJournal wrote them before links."""
    return {
        "ref": extra.pop("ref", 1), "title": title, "original_title": None, "year": None,
        "directors": [], "cast": [], "genres": [], "countries": [], "runtime": None,
        "synopsis": None, "imdb_id": None, "tmdb_id": None, "letterboxd_uri": None,
        "poster": None, "liked": False, "where_to_watch": [], "content_notes": [],
        "watchlist": None, "created_at": None, "updated_at": None, "viewings": [],
        "reviews": [], **extra,
    }  # fmt: skip


def document(films: list[dict[str, Any]], **extra: Any) -> bytes:
    doc = {"format": "watchjournal", "schema_version": 1, "films": films, "lists": [], "tags": []}
    return json.dumps({**doc, **extra}).encode()


def test_an_export_from_before_links_still_imports(service: JournalService) -> None:
    batch = read_json(document([minimal_film("Paterson")]), "old.json")
    assert batch.links == []
    service.import_batch(batch)
    assert service.links_of(service.resolve_film("Paterson").id) == []


@pytest.mark.parametrize(
    ("links", "problem"),
    [
        ([{"refs": [1, 3], "note": None}], r"links\[0\]\.refs: 3 is not a film in the file"),
        ([{"refs": [0, 1], "note": None}], r"links\[0\]\.refs: 0 is not a film in the file"),
        ([{"refs": [2, 2], "note": None}], r"links\[0\]\.refs: links a film to itself"),
        ([{"refs": [1], "note": None}], r"links\[0\]\.refs: should be the refs of two films"),
        ([{"refs": [1, "2"], "note": None}], r"links\[0\]\.refs: should be the refs of two films"),
        ([{"refs": [1, True], "note": None}], r"links\[0\]\.refs: should be the refs of two films"),
        ([{"note": None}], r"links\[0\]\.refs: is missing"),
        ([{"refs": [1, 2], "note": 5}], r"links\[0\]\.note: has the wrong type"),
        ([{"refs": [1, 2], "created_at": "soon"}], r"links\[0\]\.created_at: \"soon\" is not"),
        (["x"], r"links\[0\]: should be an object"),
        ({"refs": [1, 2]}, r"links: has the wrong type"),
    ],
)
def test_bad_links_are_refused_with_where_they_are(links: Any, problem: str) -> None:
    films = [minimal_film("Kate", ref=1), minimal_film("John Wick", ref=2)]
    with pytest.raises(ImportFormatError, match=problem):
        read_json(document(films, links=links), "bad.json")


def test_a_bad_link_note_refuses_the_whole_import(
    service: JournalService, journal_path: Path
) -> None:
    films = [minimal_film("Kate", ref=1), minimal_film("John Wick", ref=2)]
    links = [{"refs": [1, 2], "note": "two\nlines"}]
    batch = read_json(document(films, links=links), "bad.json")
    before = dump(journal_path)
    with pytest.raises(ImportFormatError, match="the link between Kate and John Wick"):
        service.import_batch(batch)
    assert dump(journal_path) == before
