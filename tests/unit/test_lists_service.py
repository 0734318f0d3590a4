"""The lists you make, through the service: names, ranking, descriptions, adding,
placing and moving films, and the lists a film is on."""

from __future__ import annotations

import pytest

from watchjournal.journal import FilmFields, JournalService, NotFoundError, ValidationError


@pytest.fixture
def films(service: JournalService) -> dict[str, int]:
    titles = ("Kate", "Kill Bill", "John Wick", "Ballerina", "Lady Snowblood")
    return {t: service.add_film(FilmFields(t, year=2000 + i)).id for i, t in enumerate(titles)}


def titles_of(service: JournalService, list_id: int) -> list[str]:
    return [film.title for film in service.films_of_list(list_id).films]


def test_a_new_list_is_ranked_or_not_and_names_are_unique_whatever_the_case(
    service: JournalService,
) -> None:
    top = service.create_list("  Top Ten ", "the best", ranked=True)
    assert (top.name, top.description, top.ranked, top.entries) == ("Top Ten", "the best", True, ())
    assert service.create_list("Later").ranked is False
    with pytest.raises(ValidationError, match='already a list called "Top Ten"'):
        service.create_list("TOP TEN")
    with pytest.raises(ValidationError, match="already a list"):
        service.rename_list(service.resolve_list("later").id, "top tén")
    # Renaming a list to its own name in another case is no clash.
    assert service.rename_list(top.id, "top ten").name == "top ten"


def test_describe_and_rank_keep_the_films_in_their_order(
    service: JournalService, films: dict[str, int]
) -> None:
    chosen = service.create_list("Revenge")
    service.add_films_to_list(chosen.id, [films["Kill Bill"], films["Kate"]])
    described = service.describe_list(chosen.id, "  one-woman armies  ")
    assert described.description == "one-woman armies"
    assert service.describe_list(chosen.id, "   ").description is None
    ranked = service.set_list_ranked(chosen.id, True)
    assert ranked.ranked and service.get_list(chosen.id).ranked
    assert titles_of(service, chosen.id) == ["Kill Bill", "Kate"]
    assert service.set_list_ranked(chosen.id, False).ranked is False


def test_edit_list_changes_all_or_nothing(service: JournalService) -> None:
    service.create_list("Taken")
    chosen = service.create_list("Mine", "words")
    with pytest.raises(ValidationError, match="already a list"):
        service.edit_list(chosen.id, "TAKEN", "other words", True)
    assert service.get_list(chosen.id) == chosen
    edited = service.edit_list(chosen.id, "Ours", "  ", True)
    assert (edited.name, edited.description, edited.ranked) == ("Ours", None, True)


def test_adding_many_skips_films_already_on_the_list_and_can_add_in_the_middle(
    service: JournalService, films: dict[str, int]
) -> None:
    chosen = service.create_list("Revenge")
    first = service.add_films_to_list(chosen.id, [films["Kate"], films["John Wick"]])
    assert first.added == (films["Kate"], films["John Wick"]) and first.already == ()
    again = service.add_films_to_list(
        chosen.id, [films["Kill Bill"], films["Kate"]], before=films["John Wick"]
    )
    assert again.added == (films["Kill Bill"],) and again.already == (films["Kate"],)
    assert titles_of(service, chosen.id) == ["Kate", "Kill Bill", "John Wick"]
    assert [e.position for e in again.list.entries] == [0, 1, 2]
    with pytest.raises(NotFoundError):
        service.add_films_to_list(chosen.id, [films["Ballerina"], 999_999])
    # The bad film id added nothing, not even the good one before it.
    assert titles_of(service, chosen.id) == ["Kate", "Kill Bill", "John Wick"]


# One letter a film: Kate, kill Bill, John wick, bAllerina, Lady snowblood.
LETTERS = {"K": "Kate", "B": "Kill Bill", "J": "John Wick", "A": "Ballerina", "L": "Lady Snowblood"}


@pytest.mark.parametrize(
    ("moving", "before", "expected"),
    [
        ("L", "K", "LKBJA"),
        ("KJ", None, "BALKJ"),
        ("JK", "L", "BAKJL"),  # moved films keep their order on the list
        ("BJ", "B", "KBJAL"),  # dropped onto a moving film: before the next that stays
    ],
)
def test_place_in_list_moves_films_as_a_block_before_a_film(
    service: JournalService,
    films: dict[str, int],
    moving: str,
    before: str | None,
    expected: str,
) -> None:
    chosen = service.create_list("All")
    service.add_films_to_list(chosen.id, [films[LETTERS[x]] for x in "KBJAL"])
    placed = service.place_in_list(
        chosen.id, [films[LETTERS[x]] for x in moving], films[LETTERS[before]] if before else None
    )
    assert titles_of(service, chosen.id) == [LETTERS[x] for x in expected]
    assert [e.position for e in placed.entries] == [0, 1, 2, 3, 4]


def test_move_and_remove_keep_positions_dense(
    service: JournalService, films: dict[str, int]
) -> None:
    chosen = service.create_list("All")
    service.add_films_to_list(chosen.id, [films["Kate"], films["Kill Bill"], films["John Wick"]])
    service.move_in_list(chosen.id, films["John Wick"], 0)
    assert titles_of(service, chosen.id) == ["John Wick", "Kate", "Kill Bill"]
    removed = service.remove_from_list(chosen.id, films["Kate"])
    assert [(e.film_id, e.position) for e in removed.entries] == [
        (films["John Wick"], 0),
        (films["Kill Bill"], 1),
    ]
    with pytest.raises(NotFoundError, match="is not on"):
        service.remove_from_list(chosen.id, films["Kate"])
    with pytest.raises(NotFoundError, match="is not on"):
        service.place_in_list(chosen.id, [films["Kate"]], None)


def test_lists_of_film_says_where_the_film_is_on_each_list(
    service: JournalService, films: dict[str, int]
) -> None:
    top = service.create_list("top", ranked=True)
    service.add_films_to_list(top.id, [films["Kill Bill"], films["Kate"]])
    service.add_to_list(service.create_list("Action").id, films["Kate"], note="one-woman army")
    service.create_list("Empty")
    found = service.lists_of_film(films["Kate"])
    assert [(m.name, m.ranked, m.position, m.size, m.note) for m in found] == [
        ("Action", False, 0, 1, "one-woman army"),
        ("top", True, 1, 2, None),
    ]
    assert service.lists_of_film(films["Ballerina"]) == []
    with pytest.raises(NotFoundError):
        service.lists_of_film(999_999)
    # Deleting a film takes it off every list; deleting a list keeps its films.
    service.delete_film(films["Kate"])
    assert service.get_list(top.id).film_ids == (films["Kill Bill"],)
    service.delete_list(top.id)
    assert service.get_film(films["Kill Bill"]).title == "Kill Bill"


def test_resolve_list_by_name_or_id(service: JournalService) -> None:
    made = service.create_list("Quiet films, loud hearts")
    assert service.resolve_list("QUIET FILMS, LOUD HEARTS").id == made.id
    assert service.resolve_list(f"#{made.id}").id == made.id
    with pytest.raises(NotFoundError, match='no list called "Nope"'):
        service.resolve_list("Nope")
    with pytest.raises(ValidationError):
        service.resolve_list("  ")


def test_films_of_list_reads_the_films_in_the_lists_order(
    service: JournalService, films: dict[str, int]
) -> None:
    chosen = service.create_list("Order")
    service.add_films_to_list(chosen.id, [films["Lady Snowblood"], films["Kate"]])
    view = service.films_of_list(chosen.id)
    assert [f.id for f in view.films] == list(view.list.film_ids)
    assert [f.title for f in view.films] == ["Lady Snowblood", "Kate"]
