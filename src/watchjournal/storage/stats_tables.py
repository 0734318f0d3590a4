"""The statistics' derived tables (migration 0011): kept up to date on write, never edited.

Everything in them is worked out from the journal's own rows by
``journal.stats_derived.refresh``, with the one definition of each rule (the
film's rating: ``models.film_rating_tenths``; a rewatch: ``models.is_rewatch``;
words: ``stats_shapes.count_words``). Triggers (migration 0011) put the id of
every film whose film, viewing or review rows a write touches into
``stats_dirty``; the refresh recomputes those films' rows at the end of the
write transaction, so a committed journal has none left over.

- ``stats_films``: one row per film: its rating, runtime, its viewings,
  rewatches and did-not-finish viewings (all time), its first viewing in diary
  order, and how its rating changed across its viewings' reviews.
- ``stats_viewings``: one row per viewing: its day, whether it is a rewatch and
  whether it was finished (an index covers a period's per-film counts).
- ``stats_reviews``: one row per review: when it was written and its words.
- ``stats_names`` / ``stats_film_names``: the directors, cast, genres,
  countries and decade of every watched film as rows (film id, name id) with
  the film's rating beside it, so a period's ranking is one GROUP BY; each
  name also keeps its all-time totals (films, rated films, ratings' sum).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table

from watchjournal.storage.declarative import Base

_metadata = Base.metadata

stats_dirty = Table(
    "stats_dirty",
    _metadata,
    Column("film_id", Integer, primary_key=True, autoincrement=False),
)

stats_films = Table(
    "stats_films",
    _metadata,
    Column("film_id", Integer, primary_key=True, autoincrement=False),
    Column("rating_tenths", Integer),  # models.film_rating_tenths
    Column("runtime", Integer),
    Column("viewings", Integer, nullable=False),
    Column("rewatches", Integer, nullable=False),
    Column("did_not_finish", Integer, nullable=False),
    # The first viewing in diary order (an undated one first): its day and id.
    Column("first_on", Date),
    Column("first_viewing_id", Integer),
    # The film's rating across its viewings' rated reviews, in diary order, when it
    # changed: its steps as shown ("6.0 → 8.5"), and the last such viewing's day.
    Column("rating_steps", String),
    Column("rating_steps_on", Date),
)

# Milestones: the films in the order of their first viewings, read from the index alone.
Index(
    "ix_stats_films_first",
    stats_films.c.first_on,
    stats_films.c.first_viewing_id,
    stats_films.c.film_id,
)

stats_viewings = Table(
    "stats_viewings",
    _metadata,
    Column("viewing_id", Integer, primary_key=True, autoincrement=False),
    Column("film_id", Integer, nullable=False),
    Column("watched_on", Date),
    Column("rewatch", Boolean, nullable=False),  # models.is_rewatch
    Column("did_not_finish", Boolean, nullable=False),
)
# A period's viewings per film without reading the table; the film's rows to replace.
Index(
    "ix_stats_viewings_period",
    stats_viewings.c.watched_on,
    stats_viewings.c.film_id,
    stats_viewings.c.rewatch,
    stats_viewings.c.did_not_finish,
)
Index("ix_stats_viewings_film", stats_viewings.c.film_id)

stats_reviews = Table(
    "stats_reviews",
    _metadata,
    Column("review_id", Integer, primary_key=True, autoincrement=False),
    Column("film_id", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("words", Integer, nullable=False),  # stats_shapes.count_words
)
Index(
    "ix_stats_reviews_written",
    stats_reviews.c.created_at,
    stats_reviews.c.film_id,
    stats_reviews.c.words,
)
Index("ix_stats_reviews_film", stats_reviews.c.film_id)

stats_names = Table(
    "stats_names",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),  # stats_sql.RANKED_KINDS
    Column("name", String, nullable=False),
    # All time: the watched films of the name, how many are rated, their ratings' sum.
    Column("films", Integer, nullable=False, server_default="0"),
    Column("rated", Integer, nullable=False, server_default="0"),
    Column("total", Integer, nullable=False, server_default="0"),
)
Index("uq_stats_names_kind_name", stats_names.c.kind, stats_names.c.name, unique=True)

# Only watched films have rows: no period ranks a film without a viewing. A period
# reads its films' rows by the key; all time a name's films by the index, in order.
stats_film_names = Table(
    "stats_film_names",
    _metadata,
    Column("film_id", Integer, primary_key=True, autoincrement=False),
    Column("name_id", Integer, primary_key=True, autoincrement=False),
    Column("rating_tenths", Integer),
    sqlite_with_rowid=False,
)
Index("ix_stats_film_names_name", stats_film_names.c.name_id, stats_film_names.c.film_id)

DERIVED_TABLES = (stats_films, stats_viewings, stats_reviews, stats_film_names, stats_names)

__all__ = [
    "DERIVED_TABLES",
    "stats_dirty",
    "stats_film_names",
    "stats_films",
    "stats_names",
    "stats_reviews",
    "stats_viewings",
]
