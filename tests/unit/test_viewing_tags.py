"""Tags on diary entries (viewings), apart from a review's tags.

An import writes a viewing's tags (Letterboxd's diary tags) for the viewings it
adds; logging a viewing can take tags; both are found by ``tag:``, shown by
``show`` (text and ``--json``), carried by the diary rows and the JSON backup,
and put back by the undo of a delete.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.unit.interchange_helpers import dump, export_bytes, import_path, new_service
from watchjournal.cli.main import main
from watchjournal.errors import ValidationError
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportReview,
    ImportViewing,
    Origin,
)


def tagged_batch() -> ImportBatch:
    film = ImportFilm(FilmFields(title="Paterson", year=2016), Origin("diary.csv", 2))
    film.viewings = [
        ImportViewing(date(2024, 1, 5), tags=("rainy day", "Cinema", "cinema", " home ")),
        ImportViewing(date(2024, 3, 1)),
    ]
    film.reviews = [ImportReview(rating_tenths=80, tags=("CINEMA", "poetry"), viewing=1)]
    return ImportBatch(kind="test", films=[film])


def test_an_import_writes_diary_tags_in_order_sharing_tags_with_reviews(
    service: JournalService, journal_path: Path
) -> None:
    report = service.import_batch(tagged_batch())
    assert report.tags_added == 4  # rainy day, Cinema, home, poetry: "CINEMA" is "Cinema"
    (film,) = service.journal_snapshot().films
    assert [v.tags for v in film.viewings] == [("rainy day", "Cinema", "home"), ()]
    assert film.reviews[0].tags == ("Cinema", "poetry")
    assert sorted(service.all_tags()) == ["Cinema", "home", "poetry", "rainy day"]
    before = dump(journal_path)
    again = service.import_batch(tagged_batch())
    assert not again.changed_anything
    assert dump(journal_path) == before


def test_tags_go_only_on_viewings_the_import_adds(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.mark_watched(film.id, date(2024, 1, 5))
    report = service.import_batch(tagged_batch())
    assert (report.viewings_added, report.viewings_already_there) == (1, 1)
    assert [v.tags for v in service.get_film(film.id).viewings] == [(), ()]


def test_a_bad_diary_tag_names_the_film_and_the_file(service: JournalService) -> None:
    batch = tagged_batch()
    batch.films[0].viewings[0].tags = ("one, two",)
    with pytest.raises(ImportFormatError, match=r"diary\.csv, line 2: Paterson \(2016\): tag"):
        service.import_batch(batch)


def test_logging_a_viewing_takes_tags_and_tag_search_finds_them(
    service: JournalService,
) -> None:
    paterson = service.add_film(FilmFields("Paterson", year=2016))
    other = service.add_film(FilmFields("Ballerina", year=2023))
    viewing = service.mark_watched(paterson.id, date(2024, 2, 2), tags=["Rainy Day", "rainy day"])
    assert viewing.tags == ("Rainy Day",)
    assert service.get_viewing(viewing.id).tags == ("Rainy Day",)
    service.write_review(other.id, ReviewFields(rating_tenths=70, tags=("festival",)))
    assert service.search_film_ids('tag:"rainy day"') == [paterson.id]
    assert service.search_film_ids("tag:festival") == [other.id]
    with pytest.raises(ValidationError):
        service.mark_watched(paterson.id, date(2024, 2, 3), tags=["a,b"])


def test_diary_rows_carry_the_tags(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.mark_watched(film.id, date(2024, 2, 2), tags=["b", "a"])
    service.mark_watched(film.id, date(2024, 2, 9))
    rows = service.diary_rows("2024-02", 0, 10)
    assert [(r.watched_on, r.tags) for r in rows] == [
        (date(2024, 2, 9), ()),
        (date(2024, 2, 2), ("b", "a")),
    ]


def test_undoing_a_delete_puts_the_tags_back(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.mark_watched(film.id, date(2024, 2, 2), tags=["rainy day", "home"])
    snapshot = service.delete_film(film.id)
    assert service.search_film_ids("tag:home") == []
    restored = service.restore_film(snapshot)
    assert [v.tags for v in restored.viewings] == [("rainy day", "home")]
    assert service.search_film_ids("tag:home") == [film.id]


def test_show_prints_the_tags_of_each_diary_entry(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = JournalService.open(journal_path, journal_path.parent / "backups")
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.mark_watched(film.id, date(2024, 2, 2), tags=["rainy day", "home"])
    service.close()
    db = ["--db", str(journal_path)]
    assert main([*db, "show", "Paterson"]) == 0
    assert "2024-02-02  (viewing #1)\n    Tags: rainy day, home" in capsys.readouterr().out
    assert main([*db, "show", "Paterson", "--json"]) == 0
    (viewing,) = json.loads(capsys.readouterr().out)["viewings"]
    assert viewing["tags"] == ["rainy day", "home"]


def test_json_backups_carry_diary_tags(tmp_path: Path) -> None:
    source = new_service(tmp_path, "source")
    source.import_batch(tagged_batch())
    first = export_bytes(source, "json", tmp_path / "first.json")
    source.close()
    (entry,) = json.loads(first)["films"]
    assert [v["tags"] for v in entry["viewings"]] == [["rainy day", "Cinema", "home"], []]
    copy = new_service(tmp_path, "copy")
    import_path(copy, "json", tmp_path / "first.json")
    assert export_bytes(copy, "json", tmp_path / "second.json") == first
    copy.close()


def test_a_backup_from_before_diary_tags_and_content_notes_still_reads(tmp_path: Path) -> None:
    source = new_service(tmp_path, "source")
    source.import_batch(tagged_batch())
    export_bytes(source, "json", tmp_path / "new.json")
    source.close()
    doc = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    for film in doc["films"]:
        del film["content_notes"], film["trakt_id"]
        for viewing in film["viewings"]:
            del viewing["tags"]
    (tmp_path / "old.json").write_text(json.dumps(doc), encoding="utf-8")
    copy = new_service(tmp_path, "copy")
    report = import_path(copy, "json", tmp_path / "old.json")
    assert (report.films_added, report.viewings_added) == (1, 2)
    (film,) = copy.journal_snapshot().films
    assert film.fields.content_notes == ()
    assert [v.tags for v in film.viewings] == [(), ()]
    copy.close()
