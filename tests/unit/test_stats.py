"""JournalService.stats on a small hand-counted journal: every number checked by hand.

The journal (built by ``small_journal``): two films called "Ballerina" (2023 and
2025), Paterson with an undated first viewing, Cléo from 5 to 7 without a
runtime, Parasite only on the watchlist; rewatches, a did-not-finish, reviews on
viewings whose ratings change, a review written the day after its viewing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from watchjournal.journal import FilmFields, JournalService, ReviewFields, ValidationError
from watchjournal.journal.import_types import ImportBatch, ImportFilm, ImportViewing, Origin
from watchjournal.journal.stats_shapes import half_step, milestone_numbers, ordinal
from watchjournal.journal.stats_types import Ranked, StatsPeriod
from watchjournal.paths import AppPaths


@pytest.fixture
def service(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """The journal on each backend (``journal_db``): the same counts on SQLite and PostgreSQL."""
    opened = JournalService.open(journal_db, app_dirs.backup_dir)
    yield opened
    opened.close()


@dataclass
class Ids:
    korean: int  # Ballerina (2023)
    american: int  # Ballerina (2025)
    paterson: int
    cleo: int
    parasite: int


def noon(day: str) -> datetime:
    # Midday UTC falls on the same local day in (almost) every time zone.
    return datetime.fromisoformat(f"{day} 12:00:00")


def small_journal(service: JournalService) -> Ids:
    korean = service.add_film(
        FilmFields(
            "Ballerina",
            year=2023,
            directors=("Lee Chung-hyun",),
            cast=("Jeon Jong-seo", "Kim Ji-hoon"),
            genres=("Action",),
            countries=("South Korea",),
            runtime=93,
        )
    ).id
    american = service.add_film(
        FilmFields(
            "Ballerina",
            year=2025,
            directors=("Len Wiseman",),
            cast=("Ana de Armas", "Keanu Reeves"),
            genres=("Action", "Thriller"),
            countries=("United States",),
            runtime=125,
        ),
        allow_duplicate=True,
    ).id
    paterson = service.add_film(
        FilmFields(
            "Paterson",
            year=2016,
            directors=("Jim Jarmusch",),
            cast=("Adam Driver",),
            genres=("Drama",),
            countries=("United States",),
            runtime=118,
        )
    ).id
    cleo = service.add_film(
        FilmFields(
            "Cléo from 5 to 7",
            year=1962,
            directors=("Agnès Varda",),
            genres=("Drama",),
            countries=("France",),
        )
    ).id
    parasite = service.add_film(
        FilmFields("Parasite", year=2019, countries=("South Korea",), runtime=132), watchlist=True
    ).id

    first = service.mark_watched(korean, date(2025, 6, 2))
    second = service.mark_watched(korean, date(2025, 6, 3))
    service.write_review(
        korean,
        ReviewFields(rating_tenths=60, body="Cold and sharp", viewing_id=first.id),
        now=noon("2025-06-02"),
    )
    service.write_review(
        korean,
        ReviewFields(
            rating_tenths=85,
            headline="Better",
            body="much better second time",
            viewing_id=second.id,
        ),
        now=noon("2025-06-03"),
    )
    eve = service.mark_watched(american, date(2024, 12, 31))
    service.write_review(
        american,
        ReviewFields(rating_tenths=70, body="Fun", viewing_id=eve.id),
        now=noon("2025-01-01"),
    )
    service.mark_watched(american, date(2025, 6, 4), did_not_finish=True)
    service.mark_watched(paterson, None)
    again = service.mark_watched(paterson, date(2025, 6, 10))
    service.write_review(
        paterson,
        ReviewFields(headline="Poems", body="a bus driver writes poems", viewing_id=again.id),
        now=noon("2025-06-10"),
    )
    service.mark_watched(cleo, date(2025, 1, 1))
    service.write_review(cleo, ReviewFields(rating_tenths=90, body="Paris"), now=noon("2023-01-01"))
    return Ids(korean, american, paterson, cleo, parasite)


@pytest.fixture
def ids(service: JournalService) -> Ids:
    return small_journal(service)


def names(ranked: tuple[Ranked, ...]) -> list[tuple[str, int, float | None]]:
    return [(r.name, r.films, r.average_rating) for r in ranked]


def test_totals_of_a_year(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(2025))
    watched = (ids.korean, ids.american, ids.paterson, ids.cleo)
    assert stats.films.value == 4
    assert stats.films.film_ids == watched
    assert stats.viewings.value == 5
    # Every viewing of 2025 but Cléo's is a rewatch: Paterson's undated viewing
    # counts as the earliest, the American Ballerina was first seen on 31 Dec 2024.
    assert stats.rewatches.value == 3
    assert stats.rewatches.film_ids == (ids.korean, ids.american, ids.paterson)
    assert (stats.did_not_finish.value, stats.did_not_finish.film_ids) == (1, (ids.american,))
    assert stats.minutes == 93 * 2 + 125 + 118
    assert stats.viewings_without_runtime == 1
    # Written in 2025: both Korean reviews, the American one (1 Jan), Paterson's.
    assert (stats.reviews.value, stats.reviews.film_ids) == (
        4,
        (ids.korean, ids.american, ids.paterson),
    )
    assert stats.words == 3 + 5 + 1 + 6
    assert stats.watchlist_added.value == 0
    assert stats.watchlist_removed.value == 0
    assert any("1 viewing has no date (counted in all time only)" in n for n in stats.notes)
    assert any("taken off the watchlist" in n for n in stats.notes)


def test_time_of_a_year(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(2025))
    assert list(stats.by_month) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert stats.by_month["2025-01"] == 1
    assert stats.by_month["2025-06"] == 4
    assert sum(stats.by_month.values()) == 5
    assert stats.by_weekday == {
        "Monday": 1,
        "Tuesday": 2,
        "Wednesday": 2,
        "Thursday": 0,
        "Friday": 0,
        "Saturday": 0,
        "Sunday": 0,
    }
    assert stats.by_day == {
        date(2025, 1, 1): 1,
        date(2025, 6, 2): 1,
        date(2025, 6, 3): 1,
        date(2025, 6, 4): 1,
        date(2025, 6, 10): 1,
    }
    assert stats.by_week["2025-W23"] == 3  # 2..4 June
    assert stats.by_week["2025-W24"] == 1
    assert stats.by_week["2025-W01"] == 1
    assert sum(stats.by_week.values()) == 5
    assert stats.longest_streak_days == 3
    assert stats.longest_streak == (date(2025, 6, 2), date(2025, 6, 4))
    assert stats.busiest_day == (date(2025, 1, 1), 1)  # ties: the earliest


def test_ratings_of_a_year(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(2025))
    # The films' ratings: Korean 8.5 (its latest viewing's review), American 7.0,
    # Cléo 9.0 (its only rated review), Paterson unrated.
    assert {k: v for k, v in stats.ratings.items() if v} == {7.0: 1, 8.5: 1, 9.0: 1}
    assert len(stats.ratings) == 20 and min(stats.ratings) == 0.5 and max(stats.ratings) == 10.0
    assert stats.average_rating == round((8.5 + 7.0 + 9.0) / 3, 2)
    [change] = stats.rating_changes
    assert (change.film_id, change.what, change.on) == (ids.korean, "6.0 → 8.5", date(2025, 6, 3))


def test_rankings_of_a_year(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(2025), min_films=2)
    assert names(stats.directors) == [
        ("Agnès Varda", 1, 9.0),
        ("Jim Jarmusch", 1, None),
        ("Lee Chung-hyun", 1, 8.5),
        ("Len Wiseman", 1, 7.0),
    ]
    assert names(stats.countries) == [
        ("United States", 2, 7.0),  # Paterson has no rating
        ("France", 1, 9.0),
        ("South Korea", 1, 8.5),
    ]
    films = service.stats_name_films(
        StatsPeriod.year(2025),
        None,
        [("countries", "United States"), ("directors", "Agnès Varda"), ("genres", "Nowhere")],
    )
    assert films == {
        ("countries", "United States"): (ids.american, ids.paterson),
        ("directors", "Agnès Varda"): (ids.cleo,),
        ("genres", "Nowhere"): (),  # no such name: no films, no error
    }
    assert names(stats.genres) == [("Action", 2, 7.75), ("Drama", 2, 9.0), ("Thriller", 1, 7.0)]
    assert names(stats.genres_by_rating) == [("Drama", 2, 9.0), ("Action", 2, 7.75)]
    assert names(stats.decades) == [("2020s", 2, 7.75), ("1960s", 1, 9.0), ("2010s", 1, None)]
    assert [r.name for r in stats.cast] == [
        "Adam Driver",
        "Ana de Armas",
        "Jeon Jong-seo",
        "Keanu Reeves",
        "Kim Ji-hoon",
    ]
    assert stats.directors_by_rating == ()  # nobody has two films
    assert service.stats(StatsPeriod.year(2025)).genres_by_rating == ()  # min 3 films
    assert names(service.stats(StatsPeriod.year(2025), top=1).genres) == [("Action", 2, 7.75)]


def test_first_and_last_film(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(2025))
    assert stats.first_film is not None and stats.last_film is not None
    assert (stats.first_film.film_id, stats.first_film.on) == (ids.cleo, date(2025, 1, 1))
    assert stats.first_film.what == "first film of 2025"
    assert (stats.last_film.film_id, stats.last_film.on) == (ids.paterson, date(2025, 6, 10))
    assert stats.milestones == ()


def test_all_time_counts_undated_viewings(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod())
    assert stats.films.value == 4  # Parasite was never watched
    assert stats.viewings.value == 7
    assert stats.rewatches.value == 3
    assert stats.reviews.value == 5
    assert (stats.watchlist_added.value, stats.watchlist_added.film_ids) == (1, (ids.parasite,))
    assert list(stats.by_month) == ["2024-12"] + [f"2025-{m:02d}" for m in range(1, 7)]
    assert sum(stats.by_month.values()) == 6  # the undated viewing has no month
    assert stats.by_week == {}
    assert any("1 viewing has no date (counted here)" in n for n in stats.notes)


def test_a_month_and_a_range(service: JournalService, ids: Ids) -> None:
    june = service.stats(StatsPeriod.month(2025, 6))
    assert (june.films.value, june.viewings.value, june.reviews.value) == (3, 4, 3)
    assert list(june.by_month) == ["2025-06"]
    turn = service.stats(StatsPeriod(date(2024, 12, 31), date(2025, 1, 1), "New Year"))
    assert turn.films.film_ids == (ids.american, ids.cleo)
    assert turn.rewatches.value == 0
    assert turn.longest_streak_days == 2
    assert turn.first_film is not None and turn.first_film.what == "first film of New Year"


def test_a_query_filters_the_films(service: JournalService, ids: Ids) -> None:
    korean = service.stats(StatsPeriod.year(2025), 'country:"South Korea"')
    assert (korean.films.film_ids, korean.viewings.value, korean.rewatches.value) == (
        (ids.korean,),
        2,
        1,
    )
    assert korean.reviews.value == 2 and korean.words == 8
    assert names(korean.countries) == [("South Korea", 1, 8.5)]
    rewatched = service.stats(StatsPeriod.year(2025), "is:rewatch")
    assert rewatched.films.film_ids == (ids.korean, ids.american, ids.paterson)
    sixties = service.stats(StatsPeriod(), "year:1960..1969")
    assert sixties.films.film_ids == (ids.cleo,)
    assert service.stats(StatsPeriod(), "   ").films.value == 4
    with pytest.raises(ValidationError):
        service.stats(StatsPeriod(), 'country:"South')


def test_an_empty_period(service: JournalService, ids: Ids) -> None:
    stats = service.stats(StatsPeriod.year(1999))
    assert (stats.films.value, stats.viewings.value, stats.minutes) == (0, 0, 0)
    assert stats.average_rating is None and stats.busiest_day is None
    assert stats.longest_streak_days == 0 and stats.longest_streak is None
    assert stats.first_film is None and stats.directors == ()
    assert sum(stats.by_month.values()) == 0 and len(stats.by_month) == 12


def test_the_hundredth_film(service: JournalService) -> None:
    # One write for the 101 films and their viewings (two hundred writes took seconds).
    films = [
        ImportFilm(
            FilmFields(f"Film {number}", year=2000),
            Origin("generated", number),
            viewings=[
                ImportViewing(date(2024, 12, 31) if number < 90 else date(2025, 1, number - 88))
            ],
        )
        for number in range(1, 102)
    ]
    service.import_batch(ImportBatch("generated", films))
    titles = {film.id: film.title for film in service.list_films()}
    film_ids = sorted(titles)
    assert [titles[i] for i in film_ids] == [f"Film {number}" for number in range(1, 102)]
    service.mark_watched(film_ids[0], date(2025, 1, 5))  # a rewatch is not a new film
    [hundredth] = service.stats(StatsPeriod.year(2025)).milestones
    assert (hundredth.film_id, hundredth.what) == (film_ids[99], "100th film")
    assert hundredth.on == date(2025, 1, 12)
    assert service.stats(StatsPeriod.year(2024)).milestones == ()
    assert [m.film_id for m in service.stats(StatsPeriod()).milestones] == [film_ids[99]]


def test_small_helpers() -> None:
    assert milestone_numbers(2500) == [100, 500, 1000, 2000]
    assert milestone_numbers(99) == []
    assert [ordinal(n) for n in (1, 2, 3, 11, 12, 100, 1000, 2001)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "100th",
        "1,000th",
        "2,001st",
    ]
    assert [half_step(t) for t in (5, 62, 63, 64, 67, 68, 100)] == [
        0.5,
        6.0,
        6.5,
        6.5,
        6.5,
        7.0,
        10.0,
    ]
