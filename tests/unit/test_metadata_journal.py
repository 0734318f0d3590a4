"""The journal side of posters and refreshed details: set_poster, missing posters, merging."""

from __future__ import annotations

from datetime import date

import pytest

from watchjournal.errors import NotFoundError
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields, StreamingInfo
from watchjournal.metadata.merge import apply_changes, detail_changes, fill_empty

REF = "sha256:" + "ab" * 32


def test_set_poster_changes_only_the_poster(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016, synopsis="bus driver"))
    updated = service.set_poster(film.id, REF)
    assert updated.fields.poster_ref == REF
    assert updated.fields.synopsis == "bus driver"
    assert service.get_film(film.id).fields.poster_ref == REF
    assert service.set_poster(film.id, None).fields.poster_ref is None


def test_set_poster_on_a_missing_film(service: JournalService) -> None:
    with pytest.raises(NotFoundError):
        service.set_poster(999, REF)


def test_films_without_posters(service: JournalService) -> None:
    a = service.add_film(FilmFields("A"))
    b = service.add_film(FilmFields("B", poster_ref=REF))
    c = service.add_film(FilmFields("C"))
    assert [f.id for f in service.films_without_posters()] == [a.id, c.id]
    service.set_poster(a.id, REF)
    assert [f.id for f in service.films_without_posters()] == [c.id]
    assert b.id not in [f.id for f in service.films_without_posters()]


def test_changes_fill_empties_and_flag_overwrites() -> None:
    mine = FilmFields("Paterson", year=2016, synopsis="mine", genres=())
    fetched = FilmFields(
        "PATERSON",  # the title is the user's and never offered
        year=2016,
        synopsis="theirs",
        genres=("Drama",),
        where_to_watch=(StreamingInfo("MUBI", date(2025, 1, 2)),),
        liked=True,
    )
    changes = {c.name: c for c in detail_changes(mine, fetched)}
    assert set(changes) == {"synopsis", "genres", "where_to_watch"}
    assert changes["synopsis"].overwrites and not changes["genres"].overwrites
    assert changes["where_to_watch"].fetched == "MUBI (checked 2025-01-02)"
    safe = fill_empty(mine, fetched)
    assert (safe.title, safe.synopsis, safe.genres, safe.liked) == (
        "Paterson",
        "mine",
        ("Drama",),
        False,
    )
    assert apply_changes(mine, fetched, ["synopsis", "title"]).synopsis == "theirs"
    assert apply_changes(mine, fetched, ["title"]).title == "Paterson"
