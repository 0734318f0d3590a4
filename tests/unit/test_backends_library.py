"""The app's long lists (films sorted every way, the diary by month, reviews) give the
same rows on a journal file and on a journal on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import get_args

import pytest

from watchjournal.journal import JournalService
from watchjournal.journal.rows import FilmQuery, FilmSort
from watchjournal.journal.types import FilmFields, ReviewFields
from watchjournal.paths import AppPaths


@pytest.fixture
def library(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    a = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    b = service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    c = service.add_film(FilmFields("Paterson", year=2016, directors=("Jim Jarmusch",)))
    service.add_film(FilmFields("Untitled"), watchlist=True)
    service.add_film(FilmFields("Columbus", year=2017), watchlist=True)
    service.mark_watched(a.id, date(2025, 6, 1))
    service.mark_watched(a.id, date(2025, 7, 1))
    service.mark_watched(c.id, None)
    service.mark_watched(b.id, date(2025, 6, 20))
    service.write_review(a.id, ReviewFields(rating_tenths=64, headline="stream it"))
    service.write_review(c.id, ReviewFields(rating_tenths=90, body="poems " * 100))
    yield service
    service.close()


def titles(service: JournalService, ids: list[int]) -> list[str]:
    rows = service.film_rows_by_ids(ids)
    return [f"{row.title} {row.year}" for row in rows]


EXPECTED = {
    "title": [
        "Ballerina 2023",
        "Ballerina 2025",
        "Columbus 2017",
        "Paterson 2016",
        "Untitled None",
    ],
    "year": ["Paterson 2016", "Columbus 2017", "Ballerina 2023", "Ballerina 2025", "Untitled None"],
    "director": [
        "Paterson 2016",
        "Ballerina 2023",
        "Ballerina 2025",
        "Columbus 2017",
        "Untitled None",
    ],
    "rating": [
        "Ballerina 2023",
        "Paterson 2016",
        "Ballerina 2025",
        "Columbus 2017",
        "Untitled None",
    ],
    "last_watched": [
        "Ballerina 2025",
        "Ballerina 2023",
        "Columbus 2017",
        "Paterson 2016",
        "Untitled None",
    ],
    "added": [
        "Ballerina 2023",
        "Ballerina 2025",
        "Paterson 2016",
        "Untitled None",
        "Columbus 2017",
    ],
    "watchlist": [],
}


@pytest.mark.parametrize("sort", get_args(FilmSort))
def test_films_sort_alike(library: JournalService, sort: FilmSort) -> None:
    found = titles(library, library.film_ids(FilmQuery("all", sort)))
    if sort == "watchlist":  # the films on the watchlist first, in its order
        assert found[:2] == ["Untitled None", "Columbus 2017"]
    elif sort == "last_watched":  # Paterson's only viewing has no date: "no value"
        assert found[:2] == ["Ballerina 2025", "Ballerina 2023"]
        assert set(found[2:]) == {"Columbus 2017", "Paterson 2016", "Untitled None"}
    else:
        assert found == EXPECTED[sort]


def test_watched_and_watchlist_kinds(library: JournalService) -> None:
    watched = titles(library, library.film_ids(FilmQuery("watched", "title")))
    assert watched == ["Ballerina 2023", "Ballerina 2025", "Paterson 2016"]
    wanted = titles(library, library.film_ids(FilmQuery("watchlist", "watchlist")))
    assert wanted == ["Untitled None", "Columbus 2017"]


def test_the_diary_by_month(library: JournalService) -> None:
    months = [(m.month, m.count) for m in library.diary_months()]
    assert months == [("2025-07", 1), ("2025-06", 2), (None, 1)]
    june = library.diary_rows("2025-06", 0, 10)
    assert [(r.title, r.year, r.watched_on, r.rewatch) for r in june] == [
        ("Ballerina", 2025, date(2025, 6, 20), False),
        ("Ballerina", 2023, date(2025, 6, 1), False),
    ]
    july = library.diary_rows("2025-07", 0, 10)
    assert [(r.year, r.rewatch, r.rating_tenths) for r in july] == [(2023, True, None)]
    assert [r.title for r in library.diary_rows(None, 0, 10)] == ["Paterson"]


def test_the_reviews_list(library: JournalService) -> None:
    assert library.count_reviews() == 2
    rows = library.review_rows(0, 10)
    assert [(r.title, r.rating_tenths) for r in rows] == [("Paterson", 90), ("Ballerina", 64)]
    assert len(rows[0].excerpt) <= 160
