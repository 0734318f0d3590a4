"""The journal's statistics for a period, optionally only over the films a query finds.

Every count is worked out by SQL (``JournalService.stats``) over the derived
tables of ``storage.stats_tables``, which hold, per film, viewing and review,
the values of the journal's rules worked out when it was written
(``journal.stats_derived``): the film's rating is
``storage.models.film_rating_tenths`` and a rewatch is
``storage.models.is_rewatch``, the same rules the lists, search and exports
read. Python only regroups what SQL counted (diary days into months, weeks
and weekdays; a streak over the days) and picks the top names of each ranking
(``stats_sql.ranked``). A computed period is kept and handed back again until
the journal may have changed (``_journal_version``).

The rules of a period (a ``StatsPeriod``; both ends are diary days, included):
a viewing belongs to it by ``watched_on``, so an undated viewing counts only in
all time; films watched are the distinct films with a viewing in it (a
did-not-finish viewing too); minutes add each viewing's film runtime; a review
belongs to it by the local day it was written (``created_at``), a watchlist
entry by the local day it was added. Milestones (the 100th, 500th, 1000th,
2000th... film) number the films the statistics cover (those the query finds)
by their first viewing in diary order, an undated first viewing counting as the
earliest.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from watchjournal.errors import ReadOnlyJournalError
from watchjournal.journal import stats_sql
from watchjournal.journal.base import ServiceBase
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
    film_filter,
    local_day_between,
    raw_rows,
)
from watchjournal.journal.stats_types import Count, FilmMoment, Ranked, Stats, StatsPeriod
from watchjournal.storage import models
from watchjournal.storage.stats_tables import (
    stats_dirty,
    stats_films,
    stats_reviews,
    stats_viewings,
)

DEFAULT_MIN_FILMS = 3  # films a name needs to be ranked by its average rating
DEFAULT_TOP = 50  # names kept in each ranking
# Computed statistics kept per service, reused until the journal changes (the
# Stats view switching between years and back): a Stats is a few hundred kB at most.
CACHED_PERIODS = 16
_CHUNK = 5000  # film ids per IN list: well under SQLite's (32,766) and psycopg's limits

Film = models.Film
_Statement = TypeVar("_Statement", bound="Select[*tuple[Any, ...]]")
_Rankings = dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]
Viewing = models.Viewing
Summary = stats_films.c


class StatsQueries(ServiceBase):
    def _journal_version(self) -> tuple[object, ...]:
        """Changes when the journal may have changed: this service's writes, and the
        journal file's and its write-ahead log's size and time (another program's).

        Taken before the computation, so a write during it makes the next call
        compute again. No schema and no cost on writes (a counter bumped by
        triggers would add an UPDATE to every row an import writes).
        """
        files: list[object] = [self.writes]
        if self.is_file_journal:
            for path in (self._journal_path, Path(f"{self._journal_path}-wal")):
                try:
                    state = path.stat()
                except OSError:
                    files.append(None)
                else:
                    files.append((state.st_mtime_ns, state.st_size))
        return tuple(files)

    def stats(
        self,
        period: StatsPeriod,
        query: str | None = None,
        *,
        min_films: int = DEFAULT_MIN_FILMS,
        top: int = DEFAULT_TOP,
    ) -> Stats:
        """The statistics of ``period`` over the films ``query`` finds (None or blank: all).

        Rankings keep the ``top`` names by films watched and, among names with at
        least ``min_films`` films and a rating, the ``top`` by average rating.
        Raises QuerySyntaxError (a ValidationError) for a query that does not parse.
        The answer is kept: asked again with nothing changed in the journal, the
        same record comes back at once (do not change its dicts).
        """
        key = (period, query, max(1, min_films), top)
        cache: OrderedDict[tuple[Any, ...], tuple[tuple[object, ...], Stats]]
        cache = self.__dict__.setdefault("_stats_cache", OrderedDict())
        # The GUI computes on a worker thread while the CLI or a test may not.
        lock: threading.Lock = self.__dict__.setdefault("_stats_lock", threading.Lock())
        self.refresh_derived_stats()
        version = self._journal_version()
        with self._reading() as session:
            with lock:
                kept = cache.get(key)
                if kept is not None and kept[0] == version:
                    cache.move_to_end(key)
                    return kept[1]
            films = film_filter(session, query)
            rankings = self._rankings_beside(period, query, key[2], top)
            stats = _Computation(session, period, query, films, key[2], top).stats(rankings)
        with lock:
            cache[key] = (version, stats)
            while len(cache) > CACHED_PERIODS:
                cache.popitem(last=False)
        return stats

    def _rankings_beside(
        self, period: StatsPeriod, query: str | None, min_films: int, top: int
    ) -> Callable[[], _Rankings]:
        """Start working out the rankings on a connection of their own, in a thread
        (SQLite and psycopg leave Python's lock while a query runs, so they run
        beside the other queries: the largest of them); the answer waits for them.

        A read transaction of its own: a write landing between the two may show
        in one and not the other, as between two calls; ``stats`` then computes
        again next time (its journal version was taken before both).
        """
        answer: list[_Rankings] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                with self._reading() as session:
                    films = film_filter(session, query)
                    watched = _watched(period, films, _filters(query, films))
                    answer.append(stats_sql.ranked(session, watched, min_films, top))
            except BaseException as exc:  # handed to the caller, which raises it
                failure.append(exc)

        thread = threading.Thread(target=work, name="stats-rankings", daemon=True)
        thread.start()

        def wait() -> _Rankings:
            thread.join()
            if failure:
                raise failure[0]
            return answer[0]

        return wait

    def stats_name_films(
        self, period: StatsPeriod, query: str | None, names: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, ...]]:
        """The films behind ranked names of ``stats(period, query)``: for each
        (kind, name) of ``names`` (kind one of ``stats_sql.RANKED_KINDS``, e.g.
        ``("directors", "Lee Chung-hyun")``), the ids of its films watched in the
        period among those ``query`` finds, in id order (``()`` for none)."""
        self.refresh_derived_stats()
        with self._reading() as session:
            films = film_filter(session, query)
            watched = _watched(period, films, _filters(query, films))
            return stats_sql.name_films(session, watched, names)

    def refresh_derived_stats(self) -> None:
        """Bring the statistics' derived tables up to date if something wrote without
        the service (another program's plain SQL): a write transaction refreshes them
        on its way out. A read-only journal is read as it is."""
        with self._reading() as session:
            left = session.scalar(select(stats_dirty.c.film_id).limit(1))
        if left is None:
            return
        try:
            with self._writing():
                pass
        except ReadOnlyJournalError:
            return


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


class _Computation:
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
        self.filtered = _filters(query, films)
        self.watched = _watched(period, films, self.filtered)

    def _of_films(self, statement: _Statement, film_id: Any) -> _Statement:
        return _of_films(statement, film_id, self.films if self.filtered else None)

    def stats(self, rankings: Callable[[], _Rankings]) -> Stats:
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


def _filters(query: str | None, films: ColumnElement[bool]) -> bool:
    """Whether ``query``'s film condition (``films``) keeps only some films."""
    return query is not None and films is not ALL_FILMS


def _watched(period: StatsPeriod, films: ColumnElement[bool], filtered: bool) -> Select[Any] | None:
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


__all__ = ["StatsQueries", "milestone_numbers", "ordinal"]
