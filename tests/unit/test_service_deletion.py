"""Deleting one review or one diary entry through the service (what the CLI's
``review-delete`` and ``diary-delete`` call): the record comes back as it was,
an unknown id changes nothing, and a viewing's review outlives it."""

from __future__ import annotations

from datetime import date

import pytest

from watchjournal.journal import FilmFields, JournalService, NotFoundError, ReviewFields


def test_delete_review_returns_it_and_removes_its_revisions(service: JournalService) -> None:
    film = service.add_film(FilmFields(title="Paterson", year=2016))
    review = service.write_review(film.id, ReviewFields(rating_tenths=80, body="poems"))
    service.update_review(review.id, ReviewFields(rating_tenths=90, body="more poems"))
    deleted = service.delete_review(review.id)
    assert (deleted.id, deleted.rating_tenths, deleted.body) == (review.id, 90, "more poems")
    assert service.get_film(film.id).reviews == ()
    with pytest.raises(NotFoundError):
        service.review_revisions(review.id)
    with pytest.raises(NotFoundError):
        service.delete_review(review.id)


def test_delete_viewing_returns_it_and_keeps_the_review_about_it(
    service: JournalService,
) -> None:
    film = service.add_film(FilmFields(title="Paterson", year=2016))
    first = service.mark_watched(film.id, date(2025, 6, 1))
    second = service.mark_watched(film.id, date(2025, 7, 1), where="Cinema")
    review = service.write_review(film.id, ReviewFields(rating_tenths=80, viewing_id=second.id))
    assert service.get_viewing(second.id) == second and second.rewatch
    deleted = service.delete_viewing(second.id)
    assert deleted.viewing == second and deleted.review_ids == (review.id,)
    after = service.get_film(film.id)
    assert [v.id for v in after.viewings] == [first.id]
    assert after.reviews[0].id == review.id and after.reviews[0].viewing_id is None


def test_unknown_viewing_is_not_found(service: JournalService) -> None:
    with pytest.raises(NotFoundError, match="no viewing with id 42"):
        service.get_viewing(42)
    with pytest.raises(NotFoundError, match="no viewing with id 42"):
        service.delete_viewing(42)
