"""The journal service API on a real SQLite file: films, watchlist, diary, reviews."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from watchjournal.journal import (
    AmbiguousFilmError,
    DuplicateFilmError,
    FilmFields,
    JournalService,
    NotFoundError,
    ReviewFields,
    StreamingInfo,
    ValidationError,
)

BALLERINA_2023 = FilmFields(
    "Ballerina",
    year=2023,
    directors=("Lee Chung-hyun",),
    cast=("Jeon Jong-seo", "Kim Ji-hoon"),
    genres=("Action",),
    countries=("South Korea",),
    runtime=93,
    where_to_watch=(StreamingInfo("Netflix", date(2025, 6, 1)),),
    imdb_id="tt15510846",
)
BALLERINA_2025 = FilmFields("Ballerina", year=2025, directors=("Len Wiseman",))


def test_same_titled_films_coexist_and_resolve(service: JournalService) -> None:
    first = service.add_film(BALLERINA_2023)
    second = service.add_film(BALLERINA_2025)
    assert first.id != second.id
    assert service.resolve_film("Ballerina (2023)").id == first.id
    assert service.resolve_film("ballerina (2025)").id == second.id
    assert service.resolve_film(f"#{second.id}").id == second.id
    with pytest.raises(AmbiguousFilmError) as caught:
        service.resolve_film("Ballerina")
    message = str(caught.value)
    assert "Ballerina (2023, Lee Chung-hyun)" in message
    assert "Ballerina (2025, Len Wiseman)" in message


def test_fields_round_trip(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023)
    assert service.get_film(film.id).fields == BALLERINA_2023


def test_duplicate_needs_permission(service: JournalService) -> None:
    service.add_film(BALLERINA_2023)
    with pytest.raises(DuplicateFilmError, match=r"Ballerina \(2023\) is already in your journal"):
        service.add_film(FilmFields("ballerina", year=2023))
    assert service.count_films() == 1
    service.add_film(FilmFields("ballerina", year=2023), allow_duplicate=True)
    assert service.count_films() == 2


def test_imdb_id_belongs_to_one_film(service: JournalService) -> None:
    service.add_film(BALLERINA_2023)
    with pytest.raises(ValidationError, match="already belongs to Ballerina"):
        service.add_film(replace(BALLERINA_2025, imdb_id="tt15510846"))


def test_resolving_by_title_is_accent_insensitive(service: JournalService) -> None:
    film = service.add_film(FilmFields("Huracán", year=2024))
    assert service.resolve_film("huracan").id == film.id
    with pytest.raises(NotFoundError, match=r"did you mean: Huracán \(2024\)"):
        service.resolve_film("hura")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (FilmFields("  "), "title cannot be empty"),
        (FilmFields("X", year=1700), "year 1700"),
        (FilmFields("X", runtime=0), "runtime 0"),
        (FilmFields("X", imdb_id="123"), "tt1234567"),
        (FilmFields("X\x00"), "control characters"),
    ],
)
def test_bad_film_input_changes_nothing(
    service: JournalService, fields: FilmFields, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        service.add_film(fields)
    assert service.count_films() == 0


def test_watchlist_keeps_the_users_order(service: JournalService) -> None:
    ids = [service.add_film(FilmFields(t), watchlist=True).id for t in ("A", "B", "C", "D")]
    service.move_in_watchlist(ids[3], 0)
    assert [f.title for f in service.watchlist()] == ["D", "A", "B", "C"]
    service.move_in_watchlist(ids[0], 99)
    assert [f.title for f in service.watchlist()] == ["D", "B", "C", "A"]
    service.remove_from_watchlist(ids[1])
    assert [f.title for f in service.watchlist()] == ["D", "C", "A"]
    service.add_to_watchlist(ids[1], "from Min")
    watchlist = service.watchlist()
    assert [f.title for f in watchlist] == ["D", "C", "A", "B"]
    assert watchlist[-1].watchlist is not None and watchlist[-1].watchlist.note == "from Min"


def test_mark_watched_logs_a_viewing_and_leaves_the_watchlist(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023, watchlist=True)
    first = service.mark_watched(film.id, date(2025, 6, 1), where="Netflix")
    assert not first.rewatch
    assert not service.get_film(film.id).on_watchlist
    second = service.mark_watched(film.id, date(2025, 7, 1))
    assert second.rewatch
    earlier = service.mark_watched(film.id, date(2024, 1, 1))
    viewings = service.get_film(film.id).viewings
    assert [(v.watched_on, v.rewatch) for v in viewings] == [
        (date(2024, 1, 1), False),
        (date(2025, 6, 1), True),
        (date(2025, 7, 1), True),
    ]
    assert earlier.id == viewings[0].id
    overridden = service.mark_watched(film.id, date(2025, 8, 1), rewatch=False)
    assert not overridden.rewatch
    assert service.get_film(film.id).last_watched == date(2025, 8, 1)


def test_watch_date_in_the_future_is_refused(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023)
    with pytest.raises(ValidationError, match="in the future"):
        service.mark_watched(film.id, date.today() + timedelta(days=30))
    assert service.get_film(film.id).viewings == ()


def test_review_with_rating_tags_and_viewing(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023)
    viewing = service.mark_watched(film.id, date(2025, 6, 1))
    review = service.write_review(
        film.id,
        ReviewFields(
            64,
            "stream it",
            "Flamethrowers.\n\nWhat works: the fights.",
            ("action", "Korean", "action"),
            spoilers=True,
            viewing_id=viewing.id,
        ),
    )
    assert review.rating == 6.4
    assert review.tags == ("action", "Korean")
    assert review.viewing_id == viewing.id
    assert service.all_tags() == ["action", "Korean"]
    other = service.add_film(BALLERINA_2025)
    with pytest.raises(ValidationError, match="not a viewing of this film"):
        service.write_review(other.id, ReviewFields(viewing_id=viewing.id))


@pytest.mark.parametrize("tenths", [4, 101, 0, -5])
def test_out_of_range_rating_is_refused(service: JournalService, tenths: int) -> None:
    film = service.add_film(BALLERINA_2023)
    with pytest.raises(ValidationError, match="out of range"):
        service.write_review(film.id, ReviewFields(rating_tenths=tenths))
    assert service.get_film(film.id).reviews == ()


def test_editing_a_review_keeps_every_earlier_version(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023)
    review = service.write_review(film.id, ReviewFields(64, "stream it", "first words"))
    service.update_review(review.id, ReviewFields(70, "stream it", "second words"))
    service.update_review(review.id, ReviewFields(70, "stream it", "third words"))
    history = service.review_revisions(review.id)
    assert [(r.rating_tenths, r.body) for r in history] == [
        (70, "second words"),
        (64, "first words"),
    ]
    restored = service.restore_revision(review.id, history[1].id)
    assert restored.body == "first words"
    assert service.review_revisions(review.id)[0].body == "third words"


def test_delete_then_undo_restores_everything(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2023, watchlist=True, watchlist_note="from Min")
    review = service.write_review(film.id, ReviewFields(64, "stream it", "v1", ("action",)))
    service.update_review(review.id, ReviewFields(66, "stream it", "v2", ("action",)))
    service.mark_watched(film.id, date(2025, 6, 1))
    before = service.get_film(film.id)
    history = service.review_revisions(review.id)

    deleted = service.delete_film(film.id)
    assert service.count_films() == 0
    with pytest.raises(NotFoundError):
        service.get_film(film.id)
    service.add_film(FilmFields("Another film"))  # ids are not reused meanwhile

    service.restore_film(deleted)
    assert service.get_film(film.id) == before
    assert service.review_revisions(review.id) == history


def test_list_kinds(service: JournalService) -> None:
    a = service.add_film(FilmFields("Alpha"), watchlist=True)
    b = service.add_film(FilmFields("Beta"))
    service.mark_watched(b.id, None)
    assert [f.id for f in service.list_films()] == [a.id, b.id]
    assert [f.id for f in service.list_films("watched")] == [b.id]
    assert [f.id for f in service.list_films("watchlist")] == [a.id]


def test_edit_film_and_watchlist_in_one_step(service: JournalService) -> None:
    film = service.add_film(BALLERINA_2025)
    edited = service.edit_film(
        film.id, replace(film.fields, runtime=125), watchlist=True, watchlist_note="cinema"
    )
    assert edited.fields.runtime == 125
    assert edited.watchlist is not None and edited.watchlist.note == "cinema"
    with pytest.raises(ValidationError):
        service.edit_film(film.id, replace(film.fields, runtime=-1), watchlist=False)
    assert service.get_film(film.id) == edited
