"""The film field map: it covers FilmFields and the films table, and every mapping built
from it carries a film's details through unchanged."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from sqlalchemy import inspect

from watchjournal.interchange.json_format import journal_to_json, read_json
from watchjournal.journal import FilmFields, JournalService, StreamingInfo
from watchjournal.journal.film_fields import (
    COLUMN_FIELDS,
    FILM_FIELDS,
    as_text,
    column_values,
    from_columns,
    from_text,
    to_json,
)
from watchjournal.storage import models

FULL = FilmFields(
    title="Ballerina",
    original_title="발레리나",
    year=2023,
    directors=("Lee Chung-hyun",),
    cast=("Jun Jong-seo", "Kim Ji-hoon"),
    genres=("Action",),
    countries=("South Korea",),
    runtime=93,
    synopsis="A bodyguard.\nRevenge.",
    imdb_id="tt15510846",
    tmdb_id=1014590,
    letterboxd_uri="https://letterboxd.com/film/ballerina-2023/",
    where_to_watch=(StreamingInfo("Netflix", date(2025, 6, 1)),),
    poster_ref="abc123.jpg",
    liked=True,
)


def test_the_map_covers_filmfields_and_the_films_columns() -> None:
    assert {f.name for f in FILM_FIELDS} == {f.name for f in dataclasses.fields(FilmFields)}
    table_columns = {column.key for column in inspect(models.Film).columns}
    assert {f.name for f in COLUMN_FIELDS} <= table_columns
    # Every column a user can set is in the map; the rest is bookkeeping or derived.
    bookkeeping = {"id", "title_key", "created_at", "updated_at", "rating_review_id"}
    assert table_columns - {f.name for f in COLUMN_FIELDS} == bookkeeping


def test_json_keys_and_order_are_the_exports() -> None:
    assert list(to_json(FULL)) == [
        "title", "original_title", "year", "directors", "cast", "genres", "countries",
        "runtime", "synopsis", "imdb_id", "tmdb_id", "letterboxd_uri", "trakt_id", "poster",
        "liked", "where_to_watch", "content_notes",
    ]  # fmt: skip
    assert to_json(FULL)["where_to_watch"] == [{"service": "Netflix", "checked_on": "2025-06-01"}]


def test_columns_round_trip() -> None:
    row = type("Row", (), column_values(FULL))()
    assert from_columns(row, FULL.where_to_watch) == FULL


def test_text_boxes_round_trip() -> None:
    for name in ("original_title", "directors", "cast", "imdb_id"):
        assert from_text(name, as_text(FULL, name)) == getattr(FULL, name)
    assert from_text("genres", " Action ,, Thriller ") == ("Action", "Thriller")
    assert from_text("original_title", "  ") is None


def test_every_field_survives_the_service_and_a_json_export(service: JournalService) -> None:
    film = service.add_film(FULL)
    assert film.fields == FULL
    exported = journal_to_json(service.journal_snapshot())
    (entry,) = exported["films"]
    assert {key: entry[key] for key in to_json(FULL)} == to_json(FULL)
    (read,) = read_json(json.dumps(exported).encode(), "backup.json").films
    assert read.fields == FULL
