"""The film records read from plain rows (``journal.records``, a search page on
either backend) equal those built from ORM films (``convert.film_record``,
everywhere else), on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.journal.base import FILM_PARTS
from watchjournal.journal.convert import film_record
from watchjournal.journal.records import film_records
from watchjournal.storage import models


@pytest.fixture
def service(journal_db: str, tmp_path: Path) -> Iterator[JournalService]:
    service = JournalService.open(journal_db, tmp_path / "backups")
    yield service
    service.close()


def _fill(service: JournalService) -> list[int]:
    """Films with every part a record has: streaming options, a watchlist note,
    viewings (rewatches, an unknown date, an override, tags) and tagged reviews."""
    plain = service.add_film(FilmFields("Plain"))
    full = service.add_film(
        FilmFields(
            "Full",
            original_title="Voll",
            year=1999,
            directors=("A. Director", "B. Director"),
            cast=("C. Actor",),
            genres=("Drama",),
            countries=("France",),
            content_notes=("violence",),
            where_to_watch=(StreamingInfo("MUBI", date(2024, 1, 2)), StreamingInfo("Netflix")),
        )
    )
    service.mark_watched(full.id, date(2024, 5, 1), where="Cinema", tags=("b", "a"))
    service.mark_watched(full.id, None, note="long ago")
    service.mark_watched(full.id, date(2024, 5, 1), rewatch=False, did_not_finish=True)
    service.write_review(full.id, ReviewFields(80, "Headline", "Body", ("z", "y"), True))
    service.write_review(full.id, ReviewFields(body="Draft", draft=True))
    listed = service.add_film(FilmFields("Listed", year=2020))
    service.add_to_watchlist(listed.id, "see it")
    service.add_to_watchlist(plain.id)
    return [full.id, plain.id, listed.id]


def test_records_from_rows_equal_records_from_orm_films(service: JournalService) -> None:
    film_ids = _fill(service)
    with service._reading() as session:
        films = session.scalars(select(models.Film).options(*FILM_PARTS))
        expected = {film.id: film_record(film) for film in films}
        found = film_records(session, [*film_ids, 999])  # an unknown id is left out
    assert found == expected
    full = found[film_ids[0]]
    # the parts this is about are really there (so the comparison means something)
    assert [v.tags for v in full.viewings] == [(), ("b", "a"), ()]
    assert [v.rewatch for v in full.viewings] == [False, True, False]
    assert [r.tags for r in full.reviews] == [("z", "y"), ()]
    assert full.rating_review_id == full.reviews[0].id
    assert [w.service for w in full.fields.where_to_watch] == ["MUBI", "Netflix"]
    assert found[film_ids[2]].watchlist is not None


def test_no_films_no_queries(service: JournalService) -> None:
    with service._reading() as session:
        assert film_records(session, []) == {}
