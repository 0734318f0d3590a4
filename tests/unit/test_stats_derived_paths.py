"""The statistics' derived rows by each of the refresh's ways, on both backends.

``stats_derived.refresh`` works the names out in SQL (a film's lists: each
name once, blanks left out, malformed elements skipped; new names given ids in
(kind, name) order, code point by code point), and a big refresh runs with a
bigger SQLite page cache: both must give the rows the rules give
(``test_stats_derived_property.expected_tables``), and the cache must be the
connection's own again afterwards. A large import on SQLite marks the films of
the rows it inserted in one statement, its insert triggers off meanwhile
(``stats_derived.marking_in_bulk``): the same rows again, and the triggers back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select, text

from tests.unit.test_stats import small_journal
from tests.unit.test_stats_derived_property import _engine, expected_tables, stored_tables
from watchjournal.journal import FilmFields, JournalService, importing, stats_derived
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportReview,
    ImportViewing,
    Origin,
)
from watchjournal.paths import AppPaths
from watchjournal.storage.stats_tables import stats_film_names, stats_names


@pytest.fixture
def opened(journal_db: str, app_dirs: AppPaths) -> Iterator[tuple[JournalService, Engine]]:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    engine = _engine(journal_db)
    yield service, engine
    engine.dispose()
    service.close()


def _names_of_film(engine: Engine, film_id: int) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(stats_names.c.kind, stats_names.c.name)
            .join(stats_film_names, stats_film_names.c.name_id == stats_names.c.id)
            .where(stats_film_names.c.film_id == film_id)
        )
        return {(kind, name) for kind, name in rows}


def test_names_each_once_blanks_and_non_names_left_out(
    opened: tuple[JournalService, Engine],
) -> None:
    service, engine = opened
    film = service.add_film(FilmFields("Paterson", year=2016, genres=("Drama",))).id
    service.mark_watched(film, date(2025, 3, 1))
    # Plain SQL (another program) can store what the service never would.
    lists = {
        "genres": '["Drama", "Drama", " ", "", "  Noir ", 7, null, ["Nested"]]',
        "cast": '["Adam Driver", "Golshifteh Farahani", "Adam Driver"]',
    }
    if engine.dialect.name == "sqlite":  # (a server's search index refuses them)
        lists |= {"countries": '"not a list"', "directors": '{"name": "Jim Jarmusch"}'}
    with engine.begin() as connection:
        for column, value in lists.items():
            connection.execute(
                text(f'UPDATE films SET "{column}" = :value WHERE id = :id'),
                {"value": value, "id": film},
            )
    service.refresh_derived_stats()
    assert _names_of_film(engine, film) == {
        ("genres", "Drama"),
        ("genres", "  Noir "),
        ("cast", "Adam Driver"),
        ("cast", "Golshifteh Farahani"),
        ("decades", "2010s"),
    }


def test_new_names_are_numbered_in_code_point_order(
    opened: tuple[JournalService, Engine],
) -> None:
    service, engine = opened
    directors = ("Émile", "Zed", "apple", "Ça", "Zeb", "Ábel")
    film = service.add_film(FilmFields("Ballerina", year=1999, directors=directors)).id
    service.mark_watched(film, date(2025, 3, 1))
    with engine.connect() as connection:
        numbered = connection.execute(
            select(stats_names.c.kind, stats_names.c.name).order_by(stats_names.c.id)
        ).all()
    assert [tuple(row) for row in numbered] == sorted(
        [("directors", name) for name in directors] + [("decades", "1990s")]
    )


def test_a_big_refresh_gives_the_same_rows(
    opened: tuple[JournalService, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, engine = opened
    small_journal(service)
    films = service.list_films()
    assert stored_tables(engine) == expected_tables(films)  # the small refresh's rows
    monkeypatch.setattr(stats_derived, "BIG_REFRESH", 1)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA cache_size = -1000")
        connection.execute(text("INSERT INTO stats_dirty (film_id) SELECT id FROM films"))
        assert stats_derived.refresh(connection) == len(films)
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == -1000
    assert stored_tables(engine) == expected_tables(films)


def test_the_review_words_are_counted_as_the_rule_says(
    opened: tuple[JournalService, Engine],
) -> None:
    service, engine = opened
    film = service.add_film(FilmFields("Paterson", year=2016)).id
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reviews (film_id, headline, body, spoilers, draft, created_at,"
                " updated_at) VALUES (:film, :headline, :body, false, false,"
                " '2025-01-01 12:00:00', '2025-01-01 12:00:00')"
            ),
            {"film": film, "headline": "Bus\u00a0driver", "body": "poems\u2003in\x1cthe\nnotebook"},
        )
    service.refresh_derived_stats()
    assert stored_tables(engine) == expected_tables(service.list_films())
    with engine.connect() as connection:
        words = connection.execute(text("SELECT words FROM stats_reviews")).scalar_one()
    # Headline and body, split where Python's str.split splits (no-break and em
    # spaces, the file separator \x1c): Bus, driver, poems, in, the, notebook.
    assert words == 6


def _insert_triggers(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.scalars(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND name LIKE 'stats_dirty_%_insert' ORDER BY name"
                )
            )
        )


@pytest.mark.parametrize("bulk_rows", [1, 10**9], ids=["bulk", "row by row"])
def test_an_import_marks_every_film_it_wrote(
    opened: tuple[JournalService, Engine], monkeypatch: pytest.MonkeyPatch, bulk_rows: int
) -> None:
    service, engine = opened
    small_journal(service)
    monkeypatch.setattr(importing, "BULK_ROWS", bulk_rows)
    triggers = _insert_triggers(engine) if engine.dialect.name == "sqlite" else []
    batch = ImportBatch(
        "generated",
        [
            # A journal film: a new viewing and review.
            ImportFilm(
                FilmFields("Paterson", year=2016),
                Origin("generated", 1),
                viewings=[ImportViewing(date(2025, 9, 1))],
                reviews=[ImportReview(rating_tenths=90, body="again", viewing=0)],
            ),
            # A journal film's missing runtime filled in (an update).
            ImportFilm(
                FilmFields("Cléo from 5 to 7", year=1962, runtime=90), Origin("generated", 2)
            ),
            # New films: watched twice and reviewed; not watched.
            ImportFilm(
                FilmFields("Aftersun", year=2022, directors=("Charlotte Wells",)),
                Origin("generated", 3),
                viewings=[ImportViewing(date(2025, 9, 3)), ImportViewing(date(2025, 9, 2))],
                reviews=[ImportReview(rating_tenths=80, body="two words", viewing=0)],
            ),
            ImportFilm(FilmFields("Past Lives", year=2023), Origin("generated", 4)),
        ],
    )
    report = service.import_batch(batch)
    assert (report.films_added, report.viewings_added, report.reviews_added) == (2, 3, 2)
    assert stored_tables(engine) == expected_tables(service.list_films())
    if engine.dialect.name == "sqlite":
        assert _insert_triggers(engine) == triggers == [
            "stats_dirty_films_insert", "stats_dirty_reviews_insert", "stats_dirty_viewings_insert"
        ]  # fmt: skip
    # The triggers mark the next write's films again.
    aftersun = next(f for f in service.list_films() if f.fields.title == "Past Lives")
    service.mark_watched(aftersun.id, date(2025, 10, 1))
    assert stored_tables(engine) == expected_tables(service.list_films())
