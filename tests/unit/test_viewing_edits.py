"""Editing, deleting and restoring diary entries, logging a viewing with its review in
one write, and the watchlist note, through the service.

What undo needs: a deleted diary entry comes back under its id with its tags and
the reviews that were about it, so the film's rating is what it was. The rewatch
flag stays the one rule's: an edit stores only the user's override, and
``implied_rewatch`` answers what the rule says of a viewing not logged yet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.journal_helpers import dump
from watchjournal.journal import (
    FilmFields,
    JournalService,
    LogEntry,
    NotFoundError,
    ReviewFields,
    ValidationError,
    ViewingFields,
)

JUNE, JULY, AUGUST = date(2025, 6, 1), date(2025, 7, 1), date(2025, 8, 1)


@pytest.fixture
def paterson(service: JournalService) -> int:
    return service.add_film(FilmFields("Paterson", year=2016)).id


def test_edit_changes_only_what_is_given(service: JournalService, paterson: int) -> None:
    viewing = service.mark_watched(paterson, JUNE, where="Cinema", note="with Min")
    edited = service.edit_viewing(viewing.id, where="Netflix", did_not_finish=True)
    assert (edited.id, edited.watched_on, edited.where, edited.note) == (
        viewing.id,
        JUNE,
        "Netflix",
        "with Min",
    )
    assert edited.did_not_finish and edited == service.get_viewing(viewing.id)
    cleared = service.edit_viewing(viewing.id, on=None, where="  ", note=None)
    assert (cleared.watched_on, cleared.where, cleared.note) == (None, None, None)
    assert cleared.did_not_finish  # not given: kept


def test_moving_a_viewing_moves_the_rewatch_flags_by_the_one_rule(
    service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, JUNE)
    second = service.mark_watched(paterson, JULY)
    assert [v.rewatch for v in service.get_film(paterson).viewings] == [False, True]
    moved = service.edit_viewing(second.id, on=date(2025, 5, 1))
    assert not moved.rewatch  # now the earlier of the two
    assert service.get_viewing(first.id).rewatch
    # An override wins over the dates, and handing it back to the rule undoes it.
    assert not service.edit_viewing(first.id, rewatch=False).rewatch
    assert service.edit_viewing(first.id, rewatch=None).rewatch


def test_tags_of_a_diary_entry_keep_their_order_and_are_searchable(
    service: JournalService, paterson: int
) -> None:
    viewing = service.mark_watched(paterson, JUNE)
    tagged = service.edit_viewing(viewing.id, tags=["zebra", "Apple", "zebra", " mango "])
    assert tagged.tags == ("zebra", "Apple", "mango")
    assert service.get_film(paterson).viewings[0].tags == ("zebra", "Apple", "mango")
    assert service.search_film_ids("tag:mango") == [paterson]
    assert service.edit_viewing(viewing.id, tags=()).tags == ()
    assert service.search_film_ids("tag:mango") == []


def test_a_refused_edit_changes_nothing(
    service: JournalService, paterson: int, journal_path: Path
) -> None:
    viewing = service.mark_watched(paterson, JUNE, where="Cinema")
    before = dump(journal_path)
    with pytest.raises(ValidationError, match="in the future"):
        service.edit_viewing(viewing.id, on=date(2999, 1, 1), where="Netflix")
    with pytest.raises(ValidationError, match="commas"):
        service.edit_viewing(viewing.id, tags=["a,b"])
    with pytest.raises(ValidationError, match="where you watched it"):
        service.edit_viewing(viewing.id, where="two\nlines")
    with pytest.raises(NotFoundError, match="no viewing with id 99"):
        service.edit_viewing(99, where="Netflix")
    assert dump(service.path) == before  # type: ignore[arg-type]


def test_delete_and_restore_puts_back_the_same_entry(
    service: JournalService, paterson: int
) -> None:
    service.mark_watched(paterson, JUNE)
    second = service.mark_watched(paterson, JULY, where="Cinema", note="rain", rewatch=True)
    second = service.edit_viewing(second.id, tags=["bus", "poems"])
    review = service.write_review(paterson, ReviewFields(rating_tenths=90, viewing_id=second.id))
    service.write_review(paterson, ReviewFields(rating_tenths=40))  # about no viewing
    assert service.get_film(paterson).rating_tenths == 90
    deleted = service.delete_viewing(second.id)
    film = service.get_film(paterson)
    # Its review now counts as one of no viewing: the most recently written rated one.
    assert film.rating_tenths == 40 and len(film.viewings) == 1
    restored = service.restore_viewing(deleted)
    assert restored == second  # same id, date, place, note, override, tags, created_at
    film = service.get_film(paterson)
    assert [v.id for v in film.viewings][-1] == second.id
    assert next(r for r in film.reviews if r.id == review.id).viewing_id == second.id
    assert film.rating_tenths == 90
    with pytest.raises(ValidationError, match="already in the journal"):
        service.restore_viewing(deleted)


def test_restore_leaves_a_review_linked_elsewhere_meanwhile(
    service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, JUNE)
    second = service.mark_watched(paterson, JULY)
    review = service.write_review(paterson, ReviewFields(rating_tenths=70, viewing_id=second.id))
    deleted = service.delete_viewing(second.id)
    service.update_review(review.id, ReviewFields(rating_tenths=70, viewing_id=first.id))
    service.restore_viewing(deleted)
    assert service.get_review(review.id).viewing_id == first.id  # the user's later choice


def test_restore_after_the_film_went_is_refused(service: JournalService, paterson: int) -> None:
    deleted = service.delete_viewing(service.mark_watched(paterson, JUNE).id)
    service.delete_film(paterson)
    with pytest.raises(NotFoundError, match="no longer in the journal"):
        service.restore_viewing(deleted)


def test_undoing_a_film_delete_keeps_its_diary_tags(service: JournalService, paterson: int) -> None:
    viewing = service.mark_watched(paterson, JUNE)
    service.edit_viewing(viewing.id, tags=["night", "bus"])
    service.restore_film(service.delete_film(paterson))
    assert service.get_viewing(viewing.id).tags == ("night", "bus")


@pytest.mark.parametrize(
    ("logged", "day", "expected"),
    [
        ([], JUNE, False),
        ([JUNE], JUNE, True),  # a second viewing the same day comes after the first
        ([JUNE], date(2025, 5, 1), False),  # logged later, but watched before
        ([JUNE], None, False),  # an unknown date is the earliest
        ([None], JUNE, True),
        ([None], None, True),
    ],
)
def test_implied_rewatch_of_a_new_viewing_agrees_with_logging_it(
    service: JournalService,
    paterson: int,
    logged: list[date | None],
    day: date | None,
    expected: bool,
) -> None:
    for earlier in logged:
        service.mark_watched(paterson, earlier)
    assert service.implied_rewatch(paterson, day) is expected
    assert service.mark_watched(paterson, day).rewatch is expected


def test_implied_rewatch_of_a_moved_viewing_ignores_where_it_was(
    service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, JUNE)
    # Its own June date is not an earlier viewing of August.
    assert not service.implied_rewatch(paterson, AUGUST, first.id)
    second = service.mark_watched(paterson, JULY)
    assert service.implied_rewatch(paterson, AUGUST, first.id)  # after the July one
    assert not service.implied_rewatch(paterson, date(2025, 5, 1), second.id)
    assert service.implied_rewatch(paterson, AUGUST)  # a third viewing: a rewatch


def test_log_writes_the_viewing_review_and_like_at_once(
    service: JournalService, paterson: int
) -> None:
    service.add_to_watchlist(paterson, "from Min")
    entry = LogEntry(
        ViewingFields(JUNE, where="Cinema", tags=("bus",)),
        review=ReviewFields(rating_tenths=85, body="Poems.", spoilers=True, viewing_id=None),
        liked=True,
    )
    viewing = service.log_viewing(paterson, entry)
    film = service.get_film(paterson)
    (review,) = film.reviews
    assert (review.viewing_id, review.rating_tenths, review.body, review.spoilers) == (
        viewing.id,
        85,
        "Poems.",
        True,
    )
    assert film.fields.liked and film.watchlist is None and viewing.tags == ("bus",)
    assert film.rating_tenths == 85


def test_a_log_that_fails_writes_nothing(
    service: JournalService, paterson: int, journal_path: Path
) -> None:
    before = dump(journal_path)
    bad_rating = LogEntry(ViewingFields(JUNE), review=ReviewFields(rating_tenths=200))
    with pytest.raises(ValidationError, match="out of range"):
        service.log_viewing(paterson, bad_rating)
    assert dump(service.path) == before  # type: ignore[arg-type]


def test_edit_log_revises_the_review_of_the_entry(service: JournalService, paterson: int) -> None:
    viewing = service.mark_watched(paterson, JUNE)
    review = service.write_review(
        paterson, ReviewFields(rating_tenths=60, headline="ok", body="Fine.", viewing_id=viewing.id)
    )
    changed = ReviewFields(rating_tenths=75, headline="ok", body="Better the second time.")
    entry = LogEntry(ViewingFields(JULY, note="again"), review=changed, review_id=review.id)
    edited = service.edit_log(viewing.id, entry)
    assert (edited.watched_on, edited.note) == (JULY, "again")
    after = service.get_review(review.id)
    assert (after.rating_tenths, after.body, after.viewing_id) == (75, changed.body, viewing.id)
    assert [r.body for r in service.review_revisions(review.id)] == ["Fine."]  # kept
    other = service.add_film(FilmFields("Okja", year=2017))
    with pytest.raises(ValidationError, match="not about this film"):
        service.edit_log(
            service.mark_watched(other.id, JUNE).id,
            LogEntry(ViewingFields(JUNE), review=changed, review_id=review.id),
        )


def test_watchlist_note_is_set_and_cleared(service: JournalService, paterson: int) -> None:
    with pytest.raises(ValidationError, match="Paterson \\(2016\\) is not on your watchlist"):
        service.set_watchlist_note(paterson, "from Min")
    service.add_to_watchlist(paterson)
    film = service.set_watchlist_note(paterson, "  from Min ")
    assert film.watchlist is not None and film.watchlist.note == "from Min"
    film = service.set_watchlist_note(paterson, "")
    assert film.watchlist is not None and film.watchlist.note is None


def test_last_where_is_the_latest_logged_place(service: JournalService, paterson: int) -> None:
    assert service.last_where() is None
    service.mark_watched(paterson, JULY, where="Cinema")
    service.mark_watched(paterson, JUNE, where="Netflix")  # logged last, watched earlier
    service.mark_watched(paterson, AUGUST)
    assert service.last_where() == "Netflix"
