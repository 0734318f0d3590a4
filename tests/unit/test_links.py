""" "Reminds me of" links through the service: linking, notes, unlinking, reading them
from either film, and what happens to them when a film is deleted and put back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from watchjournal.journal import (
    FilmFields,
    FilmRecord,
    JournalService,
    NotFoundError,
    ValidationError,
)
from watchjournal.journal.links import MAX_LINK_NOTE_LENGTH


@pytest.fixture
def films(service: JournalService) -> dict[str, FilmRecord]:
    """Kate, two films called Ballerina and John Wick."""
    return {
        "kate": service.add_film(
            FilmFields("Kate", year=2021, directors=("Cedric Nicolas-Troyan",))
        ),
        "ballerina23": service.add_film(
            FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",))
        ),
        "ballerina25": service.add_film(
            FilmFields("Ballerina", year=2025, directors=("Len Wiseman",))
        ),
        "wick": service.add_film(FilmFields("John Wick", year=2014, directors=("Chad Stahelski",))),
    }


def link_rows(path: Path) -> list[tuple[int, int, str | None]]:
    """The film_links table as stored, read directly (not through the service)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT film_id, other_id, note FROM film_links ORDER BY id")
        return list(rows)
    finally:
        connection.close()


def test_a_link_shows_on_both_films_and_is_stored_once(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    kate, ballerina = films["kate"], films["ballerina25"]
    made = service.link_films(ballerina.id, kate.id, "same one-woman-army energy")
    assert (made.film_id, made.other.id) == (ballerina.id, kate.id)
    assert made.note == "same one-woman-army energy"
    assert made.other.long_label == "Kate (2021, Cedric Nicolas-Troyan)"
    from_kate = service.links_of(kate.id)
    from_ballerina = service.links_of(ballerina.id)
    assert [(link.other.id, link.note) for link in from_kate] == [
        (ballerina.id, "same one-woman-army energy")
    ]
    assert [(link.other.id, link.note) for link in from_ballerina] == [
        (kate.id, "same one-woman-army energy")
    ]
    assert from_kate[0].other.directors == ("Len Wiseman",)
    assert from_kate[0].id == from_ballerina[0].id == made.id
    assert link_rows(journal_path) == [(kate.id, ballerina.id, "same one-woman-army energy")]


def test_links_are_sorted_by_title_then_year(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    kate = films["kate"]
    for name in ("wick", "ballerina25", "ballerina23"):
        service.link_films(kate.id, films[name].id)
    assert [link.other.label for link in service.links_of(kate.id)] == [
        "Ballerina (2023)",
        "Ballerina (2025)",
        "John Wick (2014)",
    ]
    assert service.links_of(films["wick"].id)[0].other.label == "Kate (2021)"


def test_linking_again_changes_the_note_only_when_one_is_given(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    kate, wick = films["kate"], films["wick"]
    service.link_films(kate.id, wick.id, "first")
    assert service.link_films(wick.id, kate.id, "  second  ").note == "second"
    assert service.link_films(kate.id, wick.id).note == "second"  # None keeps it
    assert service.link_films(kate.id, wick.id, "   ").note is None  # blank removes it
    assert link_rows(journal_path) == [(kate.id, wick.id, None)]


def test_set_link_note_changes_or_removes_it(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    kate, wick = films["kate"], films["wick"]
    service.link_films(kate.id, wick.id)
    assert service.set_link_note(wick.id, kate.id, "gun-fu").note == "gun-fu"
    assert service.links_of(kate.id)[0].note == "gun-fu"
    assert service.set_link_note(kate.id, wick.id, None).note is None
    with pytest.raises(NotFoundError, match=r"Kate \(2021\) and Ballerina \(2023\) are not linked"):
        service.set_link_note(kate.id, films["ballerina23"].id, "x")


def test_a_film_cannot_be_linked_to_itself(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    with pytest.raises(ValidationError, match="cannot be linked to itself"):
        service.link_films(films["kate"].id, films["kate"].id)
    assert link_rows(journal_path) == []


def test_linking_a_missing_film_is_not_found(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    with pytest.raises(NotFoundError, match="there is no film with id 999"):
        service.link_films(films["kate"].id, 999)
    with pytest.raises(NotFoundError, match="there is no film with id 999"):
        service.links_of(999)
    assert link_rows(journal_path) == []


def test_unlinking_removes_the_link_from_both_films(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    kate, wick, ballerina = films["kate"], films["wick"], films["ballerina23"]
    service.link_films(kate.id, wick.id, "note")
    service.link_films(kate.id, ballerina.id)
    removed = service.unlink_films(wick.id, kate.id)
    assert (removed.film_id, removed.other.id, removed.note) == (wick.id, kate.id, "note")
    assert service.links_of(wick.id) == []
    assert [link.other.id for link in service.links_of(kate.id)] == [ballerina.id]
    with pytest.raises(NotFoundError, match=r"John Wick \(2014\) and Kate \(2021\) are not linked"):
        service.unlink_films(wick.id, kate.id)


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("two\nlines", "control characters"),
        ("tab\there", "control characters"),
        ("x" * (MAX_LINK_NOTE_LENGTH + 1), f"longer than {MAX_LINK_NOTE_LENGTH}"),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_linked(
    service: JournalService, films: dict[str, FilmRecord], note: str, problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        service.link_films(films["kate"].id, films["wick"].id, note)
    assert service.links_of(films["kate"].id) == []


def test_a_note_of_the_longest_length_is_kept(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    note = "é" * MAX_LINK_NOTE_LENGTH
    assert service.link_films(films["kate"].id, films["wick"].id, note).note == note


def test_linking_leaves_the_films_themselves_unchanged(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    kate, wick = films["kate"], films["wick"]
    service.link_films(kate.id, wick.id, "note")
    assert service.get_film(kate.id) == kate
    assert service.get_film(wick.id) == wick


def test_deleting_a_film_deletes_its_links(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    kate, wick, ballerina = films["kate"], films["wick"], films["ballerina25"]
    service.link_films(kate.id, wick.id)
    service.link_films(ballerina.id, wick.id)
    service.link_films(kate.id, ballerina.id)
    service.delete_film(wick.id)
    assert link_rows(journal_path) == [(kate.id, ballerina.id, None)]
    assert [link.other.id for link in service.links_of(kate.id)] == [ballerina.id]


def test_undoing_a_delete_puts_the_links_back(
    service: JournalService, films: dict[str, FilmRecord], journal_path: Path
) -> None:
    kate, wick, ballerina = films["kate"], films["wick"], films["ballerina25"]
    service.link_films(kate.id, wick.id, "gun-fu")
    service.link_films(ballerina.id, kate.id)
    before = service.links_of(kate.id)
    snapshot = service.delete_film(kate.id)
    assert link_rows(journal_path) == []
    service.restore_film(snapshot)
    after = service.links_of(kate.id)
    assert [(x.other, x.note, x.created_at) for x in after] == [
        (x.other, x.note, x.created_at) for x in before
    ]


def test_undo_skips_links_to_films_deleted_since(
    service: JournalService, films: dict[str, FilmRecord]
) -> None:
    kate, wick, ballerina = films["kate"], films["wick"], films["ballerina25"]
    service.link_films(kate.id, wick.id)
    service.link_films(kate.id, ballerina.id)
    snapshot = service.delete_film(kate.id)
    service.delete_film(wick.id)
    service.restore_film(snapshot)
    assert [link.other.id for link in service.links_of(kate.id)] == [ballerina.id]
