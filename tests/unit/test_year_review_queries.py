"""The year in review's own reads: its best films and its longest review, checked
against a brute-force pass over every film record (random journals, seeded)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal import year_review_queries as queries
from watchjournal.journal.validate import fold_key

TITLES = ("Ballerina", "ballerina", "Paterson", "Past Lives", "Éclair", "Aftersun", "Ran")
START, END = date(2025, 1, 1), date(2025, 12, 31)


def _journal(service: JournalService, rng: random.Random) -> list[int]:
    ids = []
    for number in range(25):
        film = service.add_film(
            FilmFields(rng.choice(TITLES), year=2000 + number), allow_duplicate=True
        )
        ids.append(film.id)
        for _ in range(rng.randint(0, 3)):
            day = date(2024, 12, 25) + timedelta(days=rng.randint(0, 400))
            # Around local midnight too: the period is in the user's days, stored in UTC.
            local = datetime(day.year, day.month, day.day, rng.choice((0, 12, 23)), 30)
            now = local.astimezone().astimezone(UTC).replace(tzinfo=None)
            words = rng.randint(0, 30)
            spaces = rng.choice((" ", "   \n\t "))  # long blanks: many characters, few words
            body = spaces.join(rng.choice(("a", "film", "longer")) for _ in range(words))
            rating = rng.choice((None, 55, 80, 80, 95, 100))
            fields = ReviewFields(rating_tenths=rating, body=body, draft=rng.random() < 0.2)
            service.write_review(film.id, fields, now=now)
    return ids


def _local_day(stamp: datetime) -> date:
    return stamp.replace(tzinfo=UTC).astimezone().date()


@pytest.mark.parametrize("seed", range(6))
def test_the_best_films_are_the_highest_rated_in_the_films_list_order(
    service: JournalService, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    ids = _journal(service, rng)
    monkeypatch.setattr(queries, "_CHUNK", 4)  # several statements, merged
    among = rng.sample(ids, 15)
    films = [service.get_film(film_id) for film_id in among]
    rated = [f for f in films if f.rating_tenths is not None]
    expected = sorted(rated, key=lambda f: (-(f.rating_tenths or 0), fold_key(f.title), f.id))
    assert service.top_rated_film_ids(among, 5) == [f.id for f in expected[:5]]
    assert service.top_rated_film_ids([], 5) == []


@pytest.mark.parametrize("seed", range(6))
def test_the_longest_review_is_the_one_with_most_words_in_the_period(
    service: JournalService, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    ids = _journal(service, rng)
    monkeypatch.setattr(queries, "_BATCH", 3)  # the early stop between batches
    among = set(rng.sample(ids, 18))
    candidates = [
        (len(review.body.split()), -review.id, film, review)
        for film in service.list_films()
        if film.id in among
        for review in service.get_film(film.id).reviews
        if not review.draft and START <= _local_day(review.created_at) <= END
    ]
    found = service.longest_review(START, END, among)
    if not candidates:
        assert found is None
        return
    words, _, film, review = max(candidates, key=lambda c: (c[0], c[1]))
    assert found is not None
    assert (found.film_id, found.words, found.title, found.headline) == (
        film.id,
        words,
        film.title,
        review.headline,
    )


def test_no_period_end_means_every_review(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    service.write_review(film.id, ReviewFields(body="one two three"))
    found = service.longest_review(None, None, {film.id})
    assert found is not None and found.words == 3
    assert service.longest_review(None, None, set()) is None
