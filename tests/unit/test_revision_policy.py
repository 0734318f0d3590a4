"""Which earlier versions of a review are kept: the policy in journal/reviews.py, driven
with explicit times (no sleeping): before each editing session, after each pause of a
minute or more, on every one-off edit; never the in-between states of one session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.reviews import REVISION_PAUSE, EditingSession

T0 = datetime(2025, 6, 1, 20, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


class Typist:
    """An editor's saves, one session at a time, at the times the test says."""

    def __init__(self, service: JournalService, review_id: int) -> None:
        self.service = service
        self.review_id = review_id
        self.editing = EditingSession()

    def save(self, seconds: float, body: str, rating: int | None = None) -> None:
        record = self.service.update_review(
            self.review_id,
            ReviewFields(rating_tenths=rating, body=body),
            editing=self.editing,
            now=at(seconds),
        )
        self.editing = self.editing.after(record)


@pytest.fixture
def review_id(service: JournalService) -> int:
    film = service.add_film(FilmFields("Paterson", year=2016))
    return service.write_review(
        film.id, ReviewFields(64, "", "Yesterday's words"), now=at(-86400)
    ).id


def kept(service: JournalService, review_id: int) -> list[str]:
    """Bodies of the kept versions, oldest first."""
    return [r.body for r in reversed(service.review_revisions(review_id))]


def test_a_session_keeps_the_text_from_before_it_and_none_of_its_steps(
    service: JournalService, review_id: int
) -> None:
    typist = Typist(service, review_id)
    for step in range(1, 40):  # a save every second: typing without a pause
        typist.save(step, "Today " + "word " * step)
    assert kept(service, review_id) == ["Yesterday's words"]
    assert service.get_review(review_id).body == ("Today " + "word " * 39).strip()


def test_a_pause_of_a_minute_keeps_the_text_as_it_stood(
    service: JournalService, review_id: int
) -> None:
    typist = Typist(service, review_id)
    typist.save(1, "First thoughts")
    typist.save(2, "First thoughts, done")
    pause = 2 + REVISION_PAUSE.total_seconds()
    typist.save(pause - 1, "First thoughts, done.")  # 59 s later: still the same stretch
    typist.save(pause - 1 + 61, "Second thoughts")  # after a pause of 61 s
    typist.save(pause + 61, "Second thoughts, later")
    assert kept(service, review_id) == ["Yesterday's words", "First thoughts, done."]


def test_a_slider_stepped_through_ten_with_an_empty_body_is_never_kept(
    service: JournalService,
) -> None:
    film = service.add_film(FilmFields("Ballerina", year=2023))
    created = service.write_review(film.id, ReviewFields(), now=at(0))
    typist = Typist(service, created.id)
    typist.editing = EditingSession().after(created)  # the session that created it
    for tenths in (5, 50, 90, 100, 70):
        typist.save(tenths / 100, "", rating=tenths)
    assert service.review_revisions(created.id) == []
    assert service.get_review(created.id).rating_tenths == 70


def test_every_new_session_keeps_what_the_previous_one_left(
    service: JournalService, review_id: int
) -> None:
    for number in range(3):
        typist = Typist(service, review_id)  # the editor opened the review again
        typist.save(100 * number + 1, f"Session {number} a")
        typist.save(100 * number + 2, f"Session {number} b")
    assert kept(service, review_id) == ["Yesterday's words", "Session 0 b", "Session 1 b"]


def test_a_change_from_elsewhere_mid_session_is_kept(
    service: JournalService, review_id: int
) -> None:
    typist = Typist(service, review_id)
    typist.save(1, "From the app")
    service.update_review(review_id, ReviewFields(body="From the command line"), now=at(2))
    typist.save(3, "From the app again")
    assert kept(service, review_id) == [
        "Yesterday's words",
        "From the app",
        "From the command line",
    ]


def test_one_off_edits_always_keep_the_previous_text(
    service: JournalService, review_id: int
) -> None:
    for second, body in enumerate(("v2", "v3", "v4")):
        service.update_review(review_id, ReviewFields(body=body), now=at(second))
    assert kept(service, review_id) == ["Yesterday's words", "v2", "v3"]


def test_unchanged_or_empty_text_is_not_kept(service: JournalService) -> None:
    film = service.add_film(FilmFields("Ballerina", year=2023))
    review = service.write_review(film.id, ReviewFields(), now=at(0))
    service.update_review(review.id, ReviewFields(body="first"), now=at(1))
    assert service.review_revisions(review.id) == []  # the empty draft was not worth keeping
    service.update_review(review.id, ReviewFields(body="first", tags=("x",)), now=at(2))
    assert service.review_revisions(review.id) == []  # the text did not change
