"""Working out one period's statistics (``JournalService.stats``, ``journal.stats``).

``Computation`` runs the queries of one call over the derived tables of
``storage.stats_tables`` in the caller's read transaction and adds up what SQL
counted; the rankings are worked out beside it on another connection
(``StatsQueries._rankings_beside``) and handed in. The rules of a period are in
``journal.stats``' docstring.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from watchjournal.journal.stats_shapes import (
    by_month,
    by_week,
    by_weekday,
    histogram_of_counts,
    longest_streak,
    milestone_numbers,
    ordinal,
)
from watchjournal.journal.stats_sql import (
    ALL_FILMS,
    between,
    local_day_between,
    raw_rows,
)
from watchjournal.journal.stats_types import Count, FilmMoment, Ranked, Stats, StatsPeriod
from watchjournal.storage import models
from watchjournal.storage.stats_tables import (
    stats_films,
    stats_reviews,
    stats_viewings,
)

_CHUNK = 5000  # film ids per IN list: well under SQLite's (32,766) and psycopg's limits

Film = models.Film
_Statement = TypeVar("_Statement", bound="Select[*tuple[Any, ...]]")
Rankings = dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]
Viewing = models.Viewing
Summary = stats_films.c


class _Totals:
    """The per-film rows of a period (``_per_film``) added up (tens of thousands of
    rows: column by column, in C where it can)."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        # One list per column (zip(*rows) would pass 86,000 arguments around).
        film_ids, viewings, rewatches, unfinished, runtimes, ratings = (
            list(map(itemgetter(column), rows)) for column in range(6)
        )
        self.ids = _ids(film_ids)
        self.viewings = sum(viewings)
        self.rewatches = sum(rewatches)
        self.did_not_finish = sum(unfinished)
        self.rewatched = [film for film, n in zip(film_ids, rewatches, strict=True) if n]
        self.unfinished = [film for film, n in zip(film_ids, unfinished, strict=True) if n]
        pairs = list(zip(runtimes, viewings, strict=True))
        self.minutes = sum(runtime * n for runtime, n in pairs if runtime is not None)
        self.without_runtime = sum(n for runtime, n in pairs if runtime is None)
        # Films per rating in tenths.
        self.ratings: Counter[int] = Counter(rating for rating in ratings if rating is not None)
        # Films whose rating changed across rewatches.
        self.stepped = [row[0] for row in rows if row[6]]


class Computation:
    """One run of ``stats``: the queries share the session, the period and the film filter."""

    def __init__(
        self,
        session: Session,
        period: StatsPeriod,
        query: str | None,
        films: ColumnElement[bool],
        min_films: int,
        top: int,
    ) -> None:
        self.session = session
        self.period = period
        self.query = query
        self.films = films
        self.min_films = min_films
        self.top = top
        self.all_time = period.start is None and period.end is None
        self.filtered = keeps_some(query, films)
        self.watched = watched_films(period, films, self.filtered)

    def _of_films(self, statement: _Statement, film_id: Any) -> _Statement:
        return _of_films(statement, film_id, self.films if self.filtered else None)

    def stats(self, rankings: Callable[[], Rankings]) -> Stats:
        """Every number; ``rankings()`` hands over the rankings, worked out meanwhile
        on another connection (``StatsQueries._rankings_beside``)."""
        films = _Totals(self._per_film())
        by_day = self._by_day()
        reviews, words = self._reviews()
        streak = longest_streak(by_day)
        milestones = self._milestones()
        rating_changes = self._rating_changes(films.stepped)
        first_film, last_film = self._end_film(first=True), self._end_film(first=False)
        watchlist_added, watchlist_removed = self._watchlist_added(), self._watchlist_removed()
        notes = self._notes()
        ranked = rankings()
        return Stats(
            period=self.period,
            query=self.query,
            films=Count(len(films.ids), films.ids),
            viewings=Count(films.viewings, films.ids),
            rewatches=Count(films.rewatches, _ids(films.rewatched)),
            did_not_finish=Count(films.did_not_finish, _ids(films.unfinished)),
            minutes=films.minutes,
            viewings_without_runtime=films.without_runtime,
            reviews=reviews,
            words=words,
            watchlist_added=watchlist_added,
            watchlist_removed=watchlist_removed,
            by_month=by_month(by_day, self.period),
            by_week=by_week(by_day, self.period),
            by_weekday=by_weekday(by_day),
            by_day=by_day,
            longest_streak_days=0 if streak is None else (streak[1] - streak[0]).days + 1,
            longest_streak=streak,
            busiest_day=min(by_day.items(), key=lambda item: (-item[1], item[0]), default=None),
            ratings=histogram_of_counts(films.ratings),
            average_rating=_average(films.ratings),
            rating_changes=rating_changes,
            directors=ranked["directors"][0],
            cast=ranked["cast"][0],
            genres=ranked["genres"][0],
            countries=ranked["countries"][0],
            decades=ranked["decades"][0],
            milestones=milestones,
            first_film=first_film,
            last_film=last_film,
            notes=notes,
            directors_by_rating=ranked["directors"][1],
            cast_by_rating=ranked["cast"][1],
            genres_by_rating=ranked["genres"][1],
            countries_by_rating=ranked["countries"][1],
            decades_by_rating=ranked["decades"][1],
            min_films=self.min_films,
        )

    # Totals -----------------------------------------------------------------------------

    def _per_film(self) -> list[tuple[Any, ...]]:
        """Per film watched in the period: (film id, viewings, rewatches, DNFs, runtime,
        rating, whether its rating changed across rewatches).

        All time reads the films' summaries alone; a period counts its viewings
        over ``ix_stats_viewings_period`` and joins each film's summary once.
        """
        if self.all_time:
            statement = select(
                Summary.film_id, Summary.viewings, Summary.rewatches, Summary.did_not_finish,
                Summary.runtime, Summary.rating_tenths, Summary.rating_steps.is_not(None),
            ).where(Summary.viewings > 0)  # fmt: skip
            return raw_rows(self.session, self._of_films(statement, Summary.film_id))
        counted = stats_viewings.c
        counts = (
            self._of_films(
                select(
                    counted.film_id.label("film_id"),
                    func.count().label("viewings"),
                    func.sum(cast(counted.rewatch, Integer)).label("rewatches"),
                    func.sum(cast(counted.did_not_finish, Integer)).label("dnf"),
                ),
                counted.film_id,
            )
            .where(*between(counted.watched_on, self.period))
            .group_by(counted.film_id)
            .subquery("counts")
        )
        statement = select(
            counts.c.film_id, counts.c.viewings, counts.c.rewatches, counts.c.dnf,
            Summary.runtime, Summary.rating_tenths, Summary.rating_steps.is_not(None),
        ).join(stats_films, Summary.film_id == counts.c.film_id)  # fmt: skip
        return raw_rows(self.session, statement)

    def _by_day(self) -> dict[date, int]:
        statement = (
            self._of_films(select(Viewing.watched_on, func.count()), Viewing.film_id)
            .where(Viewing.watched_on.is_not(None), *between(Viewing.watched_on, self.period))
            .group_by(Viewing.watched_on)
            .order_by(Viewing.watched_on)
        )
        return {day: int(n) for day, n in self.session.execute(statement) if day is not None}

    def _reviews(self) -> tuple[Count, int]:
        """Reviews written in the period, and their words (counted when written)."""
        written = stats_reviews.c
        period = local_day_between(written.created_at, self.period)
        totals = self._of_films(
            select(func.count(), func.coalesce(func.sum(written.words), 0)), written.film_id
        ).select_from(stats_reviews)
        count, words = self.session.execute(totals.where(*period)).one()
        films = self._of_films(select(written.film_id), written.film_id).where(*period)
        film_ids = [film_id for (film_id,) in raw_rows(self.session, films.distinct())]
        return Count(int(count), _ids(film_ids)), int(words)

    def _watchlist_added(self) -> Count:
        entry = models.WatchlistEntry
        statement = (self._of_films(select(entry.film_id), entry.film_id)).where(
            *local_day_between(entry.added_at, self.period)
        )
        film_ids = list(self.session.scalars(statement))
        return Count(len(film_ids), _ids(film_ids))

    def _watchlist_removed(self) -> Count:
        """Films taken off the watchlist (removed, or watched) on a day of the period."""
        event = models.WatchlistEvent
        statement = (
            self._of_films(select(event.film_id), event.film_id)
            .where(
                event.event.in_(("removed", "watched")),
                *local_day_between(event.at, self.period),
            )
            .distinct()
        )
        film_ids = list(self.session.scalars(statement))
        return Count(len(film_ids), _ids(film_ids))

    def _notes(self) -> tuple[str, ...]:
        statement = (
            self._of_films(select(func.count()).select_from(Viewing), Viewing.film_id)
        ).where(Viewing.watched_on.is_(None))
        undated = int(self.session.scalar(statement) or 0)
        notes = []
        if undated:
            where = "counted here" if self.all_time else "counted in all time only"
            have = "viewings have" if undated != 1 else "viewing has"
            notes.append(f"{undated} {have} no date ({where})")
        notes.append(
            "Films taken off the watchlist are counted since this version of WatchJournal:"
            " earlier removals were not recorded."
        )
        return tuple(notes)

    # Moments ----------------------------------------------------------------------------

    def _end_film(self, *, first: bool) -> FilmMoment | None:
        order = (
            (Viewing.watched_on, Viewing.id)
            if first
            else (
                Viewing.watched_on.desc(),
                Viewing.id.desc(),
            )
        )
        statement = (
            select(Film.id, Film.title, Film.year, Viewing.watched_on)
            .join(Film, Film.id == Viewing.film_id)
            .where(
                Viewing.watched_on.is_not(None),
                *between(Viewing.watched_on, self.period),
                self.films,
            )
            .order_by(*order)
            .limit(1)
        )
        row = self.session.execute(statement).first()
        if row is None:
            return None
        what = f"{'first' if first else 'last'} film of {self.period.label}"
        if self.all_time:
            what = f"{'first' if first else 'last'} film in the diary"
        return FilmMoment(row.id, row.title, row.year, row.watched_on, what)

    def _first_in_period(self) -> list[ColumnElement[bool]]:
        """A film (its summary) first seen in the period: every watched film in all
        time; else its first viewing has a day in the period (an undated first
        viewing is the earliest of all, so before every dated period)."""
        if self.all_time:
            return [Summary.first_viewing_id.is_not(None)]
        return [Summary.first_on.is_not(None), *between(Summary.first_on, self.period)]

    def _milestones(self) -> tuple[FilmMoment, ...]:
        """The films numbered 100, 500, 1000... by first viewing, first viewed in the period.

        The films first seen in the period are numbered in the order of their
        first viewings (day, then id) over ``ix_stats_films_first``, after the
        films seen before it (counted).
        """
        films_ever = int(self.session.scalar(select(func.count()).select_from(Film)) or 0)
        wanted = milestone_numbers(films_ever)
        if not wanted:
            return ()
        earlier = 0
        if not self.all_time:
            # Two counts over the index, not one with OR (which SQLite walks twice over).
            before: list[list[ColumnElement[bool]]] = [
                [Summary.first_on.is_(None), Summary.first_viewing_id.is_not(None)]
            ]
            if self.period.start is not None:
                before.append([Summary.first_on < self.period.start])
            seen = self._of_films(select(func.count()).select_from(stats_films), Summary.film_id)
            earlier = sum(int(self.session.scalar(seen.where(*part)) or 0) for part in before)
        # The period's films in the order of their first viewings, read from the
        # index alone (cheaper than numbering them all with a window function).
        order = (Summary.first_on.nulls_first(), Summary.first_viewing_id)
        firsts = self._of_films(select(Summary.film_id), Summary.film_id)
        firsts = firsts.where(*self._first_in_period()).order_by(*order)
        ids = [film_id for (film_id,) in raw_rows(self.session, firsts)]
        numbered = {ids[n - earlier - 1]: n for n in wanted if earlier < n <= earlier + len(ids)}
        if not numbered:
            return ()
        statement = (
            select(Film.id, Film.title, Film.year, Summary.first_on)
            .join(stats_films, Summary.film_id == Film.id)
            .where(Film.id.in_(sorted(numbered)))
        )
        rows = sorted(raw_rows(self.session, statement), key=lambda row: numbered[row[0]])
        return tuple(
            FilmMoment(film_id, title, year, date.fromisoformat(day) if day else None,
                       f"{ordinal(numbered[film_id])} film")
            for film_id, title, year, day in rows
        )  # fmt: skip

    def _rating_changes(self, stepped: list[int]) -> tuple[FilmMoment, ...]:
        """Films watched in the period whose rated reviews of two or more viewings differ
        (their steps were worked out on write: ``stats_films.rating_steps``), by title.

        ``stepped``: those films (``_per_film`` found them); all time reads every
        such film in one go, a period reads them by id. Sorted here: asked to,
        SQLite would walk every film in title order.
        """
        statement = (
            select(
                Film.title_key, Film.id, Film.title, Film.year, Summary.rating_steps_on,
                Summary.rating_steps,
            )
            .join(stats_films, Summary.film_id == Film.id)
            .where(Summary.rating_steps.is_not(None))
        )  # fmt: skip
        if self.watched is None:
            rows = raw_rows(self.session, statement)
        else:
            rows = []
            for start in range(0, len(stepped), _CHUNK):
                chunk = stepped[start : start + _CHUNK]
                rows += raw_rows(self.session, statement.where(Film.id.in_(chunk)))
        return tuple(
            FilmMoment(film_id, title, year, date.fromisoformat(day) if day else None, steps)
            for _, film_id, title, year, day, steps in sorted(rows)
        )


def _of_films(statement: _Statement, film_id: Any, films: ColumnElement[bool] | None) -> _Statement:
    """``statement`` kept to the films the query finds (``films``; None: no join)."""
    if films is None:
        return statement
    return statement.join(Film, Film.id == film_id).where(films)


def keeps_some(query: str | None, films: ColumnElement[bool]) -> bool:
    """Whether ``query``'s film condition (``films``) keeps only some films."""
    return query is not None and films is not ALL_FILMS


def watched_films(
    period: StatsPeriod, films: ColumnElement[bool], filtered: bool
) -> Select[Any] | None:
    """The ids of the films watched in ``period`` (of the query's ``films`` when
    ``filtered``), as a statement; None for every watched film (all time, no
    query: nothing to filter)."""
    kept = films if filtered else None
    if period.start is not None or period.end is not None:
        counted = stats_viewings.c
        statement = select(counted.film_id).where(*between(counted.watched_on, period))
        return _of_films(statement, counted.film_id, kept)
    if filtered:
        return _of_films(select(Summary.film_id), Summary.film_id, kept).where(Summary.viewings > 0)
    return None


def _ids(values: Iterable[int]) -> tuple[int, ...]:
    """Distinct film ids, in order (each film is one row of ``_per_film`` already)."""
    return tuple(sorted(values))


def _average(counts: Counter[int]) -> float | None:
    """The average of the films' ratings (``counts``: films per rating in tenths)."""
    films = sum(counts.values())
    return round(sum(t * n for t, n in counts.items()) / films / 10, 2) if films else None


__all__ = ["Computation", "Rankings", "keeps_some", "milestone_numbers", "ordinal", "watched_films"]
