"""What the year in review asks beyond the statistics: its best films and longest review.

Two bounded reads instead of loading every film of the year (a year of a big
journal has 20,000 films; ``get_film`` for each reviewed film took minutes):
the highest-rated films among the year's, in the Films list's order by
rating, and the longest review written in the period, read in one query.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from watchjournal.journal.base import ServiceBase
from watchjournal.storage import models

# Ids per statement: under SQLite's limit on bound parameters (32,766) with room to spare.
_CHUNK = 10_000
_BATCH = 500  # reviews whose text is read at once


@dataclass(frozen=True)
class ReviewLength:
    """The longest review of a period: its film, headline and number of words."""

    film_id: int
    title: str
    year: int | None
    headline: str
    words: int


def _stored_time(day: date) -> datetime:
    """Local midnight at the start of ``day`` as the journal stores times (naive UTC)."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC).replace(tzinfo=None)


class YearReviewQueries(ServiceBase):
    def top_rated_film_ids(self, film_ids: Sequence[int], limit: int) -> list[int]:
        """The ``limit`` highest-rated of these films, best first (unrated ones never),
        ties by title as the Films list sorted by rating orders them."""
        film = models.Film
        rating = models.film_rating_tenths(film.id)
        best: list[tuple[int, str, int]] = []
        with self._reading() as session:
            for start in range(0, len(film_ids), _CHUNK):
                chunk = list(film_ids[start : start + _CHUNK])
                statement = (
                    select(rating.label("rating"), film.title_key, film.id)
                    .where(film.id.in_(chunk))
                    .order_by(rating.desc(), film.title_key, film.id)
                    .limit(limit)
                )
                best.extend(
                    (int(row.rating), row.title_key, row.id)
                    for row in session.execute(statement)
                    if row.rating is not None
                )
        top = heapq.nsmallest(limit, best, key=lambda r: (-r[0], r[1], r[2]))
        return [film_id for _, _, film_id in top]

    def longest_review(
        self, start: date | None, end: date | None, film_ids: Collection[int]
    ) -> ReviewLength | None:
        """The review with the most words written on a day from ``start`` to ``end`` (where
        the user lives; None: open) about one of ``film_ids``; drafts are not counted."""
        review = models.Review
        # Longest text first, and only the lengths: a review of n characters has at most
        # (n + 1) // 2 words, so the bodies are read (a batch at a time) only while a
        # review left may have more words than the longest found.
        length = func.length(review.body)
        lengths = (
            select(review.id, review.film_id, length)
            .where(review.draft.is_(False))
            .order_by(length.desc(), review.id)
            .execution_options(yield_per=_BATCH)
        )
        if start is not None:
            lengths = lengths.where(review.created_at >= _stored_time(start))
        if end is not None:
            lengths = lengths.where(review.created_at < _stored_time(end + timedelta(1)))
        wanted = set(film_ids)
        best: tuple[int, int] | None = None  # (words, review id)
        with self._reading() as session:
            rows = session.execute(lengths)
            while batch := rows.fetchmany(_BATCH):
                if best is not None and (batch[0][2] + 1) // 2 <= best[0]:
                    break
                ids = [review_id for review_id, film_id, _ in batch if film_id in wanted]
                bodies = select(review.id, review.body).where(review.id.in_(ids))
                for review_id, body in session.execute(bodies) if ids else ():
                    words = len(body.split())
                    if best is None or (words, -review_id) > (best[0], -best[1]):
                        best = (words, review_id)
            rows.close()
            if best is None:
                return None
            film = models.Film
            found = session.execute(
                select(film.id, film.title, film.year, review.headline)
                .join(review, review.film_id == film.id)
                .where(review.id == best[1])
            ).one()
        return ReviewLength(found.id, found.title, found.year, found.headline, best[0])
