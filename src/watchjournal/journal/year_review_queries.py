"""What the year in review asks beyond the statistics: its best films and longest review.

Two bounded reads instead of loading every film of the year (a year of a big
journal has 20,000 films; ``get_film`` for each reviewed film took minutes):
the highest-rated films among the year's, in the Films list's order by
rating, and the longest review written in the period, read in one query.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watchjournal.journal.base import ServiceBase
from watchjournal.storage import models

# Ids per statement: under SQLite's limit on bound parameters (32,766) with room to spare.
_CHUNK = 10_000
_BATCH = 500  # reviews whose text is read at once
_FLOORS = (90, 60, 0)  # the best films are looked for among those rated this high, in turn


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
        review = models.Review
        wanted = set(film_ids)
        # A film's rating (the rating rule) is one of its reviews' ratings, so at most
        # their highest: read those bounds (index only; the high ones first, as a
        # big journal has ~50,000), then apply the rule to the films of the highest
        # bounds until no film left can reach the top.
        best: list[tuple[int, str, int]] = []  # (-rating, title key, id)
        with self._reading() as session:
            for floor in _FLOORS:
                bounds = (
                    select(review.film_id, func.max(review.rating_tenths))
                    .where(review.rating_tenths.is_not(None))
                    .group_by(review.film_id)
                    .having(func.max(review.rating_tenths) >= floor)
                )
                levels: dict[int, list[int]] = {}
                for film_id, bound in session.execute(bounds):
                    if film_id in wanted and bound is not None:
                        levels.setdefault(int(bound), []).append(film_id)
                best = []
                for level in sorted(levels, reverse=True):
                    if len(best) >= limit and -best[limit - 1][0] > level:
                        break  # the rest are rated at most ``level``: below the top
                    best = sorted(best + self._rated(session, levels[level]))[:limit]
                if len(best) >= limit and -best[limit - 1][0] >= floor:
                    break  # the films not read are rated below ``floor``
        return [film_id for _, _, film_id in best]

    @staticmethod
    def _rated(session: Session, film_ids: list[int]) -> list[tuple[int, str, int]]:
        film = models.Film
        rating = models.film_rating_tenths(film.id)
        rated: list[tuple[int, str, int]] = []
        for start in range(0, len(film_ids), _CHUNK):
            statement = select(rating, film.title_key, film.id).where(
                film.id.in_(film_ids[start : start + _CHUNK])
            )
            rows = session.execute(statement)
            rated += [(-value, key, i) for value, key, i in rows if value is not None]
        return rated

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
