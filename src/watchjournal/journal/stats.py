"""The journal's statistics for a period, optionally only over the films a query finds.

Every count is worked out by SQL over the diary (``JournalService.stats``): the
film's rating is ``storage.models.film_rating_tenths`` and a rewatch is
``storage.models.is_rewatch``, the same rules the lists, search and exports read.
Python only regroups what SQL counted (diary days into months, weeks and
weekdays; a streak over the days), groups the period's films by their people,
genres, countries and decades (``stats_sql.ranked``) and counts the words of
the period's reviews. A computed period is kept and handed back again until
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
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    String,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from watchjournal.journal import stats_sql
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.stats_shapes import (
    by_month,
    by_week,
    by_weekday,
    count_words,
    format_points,
    histogram,
    longest_streak,
    milestone_numbers,
    ordinal,
)
from watchjournal.journal.stats_sql import raw_rows
from watchjournal.journal.stats_types import Count, FilmMoment, Stats, StatsPeriod
from watchjournal.storage import models

DEFAULT_MIN_FILMS = 3  # films a name needs to be ranked by its average rating
DEFAULT_TOP = 50  # names kept in each ranking
# Computed statistics kept per service, reused until the journal changes (the
# Stats view switching between years and back): a Stats is a few hundred kB at most.
CACHED_PERIODS = 16

Film = models.Film
_Statement = TypeVar("_Statement", bound="Select[*tuple[Any, ...]]")
Viewing = models.Viewing


class _FilmRow(NamedTuple):
    film_id: int
    viewings: int
    rewatches: int
    dnf: int
    runtime: int | None
    rating: int | None
    first: str  # its first viewing of the period as a diary key (``_diary_key``)
    seen_before: int  # 1: a viewing comes before the period (or has no date)


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
        version = self._journal_version()
        with self._reading() as session:
            with lock:
                kept = cache.get(key)
                if kept is not None and kept[0] == version:
                    cache.move_to_end(key)
                    return kept[1]
            films = _film_filter(session, query)
            stats = _Computation(session, period, query, films, key[2], top).stats()
        with lock:
            cache[key] = (version, stats)
            while len(cache) > CACHED_PERIODS:
                cache.popitem(last=False)
        return stats


_ALL = true()  # the film filter of no query


def _film_filter(session: Session, query: str | None) -> ColumnElement[bool]:
    """A condition on ``films`` true for the films ``query`` finds (all films without one)."""
    if query is None or not query.strip():
        return _ALL
    # Lazy: the search package imports the journal package (a cycle at import time).
    from watchjournal.search.parser import parse_query

    node = parse_query(query)
    if node is None:
        return _ALL
    if session.connection().dialect.name != "sqlite":
        return _server_film_filter(node)
    from watchjournal.search.notes import register_functions
    from watchjournal.search.sql import condition

    register_functions(session)  # content: calls a Python function on the connection
    return condition(node)


def _server_film_filter(node: Any) -> ColumnElement[bool]:
    """``_film_filter`` on PostgreSQL: the films the query's search plan finds (the
    same conditions as the search engine's), as an uncorrelated subquery."""
    # Lazy: as in _film_filter (a cycle), and a journal file never needs these.
    from watchjournal.search.pg_engine import PgSearchPlan
    from watchjournal.search.pg_sql import compile_node, documents

    plan = PgSearchPlan(compile_node(node), (), reads_documents=True)
    found = (
        select(Film.id)
        .join(documents, documents.c.film_id == Film.id)
        .where(*plan.where())
        .correlate(None)
    )
    return Film.id.in_(found.scalar_subquery())


def _between(column: Any, period: StatsPeriod) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if period.start is not None:
        parts.append(column >= period.start)
    if period.end is not None:
        parts.append(column <= period.end)
    return parts


def _local_midnight(day: date) -> datetime:
    """The stored (naive UTC) time at which ``day`` begins where the user lives: the
    time zone of this program (as SQLite's ``'localtime'`` was), not the server's."""
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


def _local_day_between(stamp: Any, period: StatsPeriod) -> list[ColumnElement[bool]]:
    """A stored (naive UTC) time falling on a day of ``period`` where the user lives.

    The period's ends become UTC times in Python, so the condition is a plain
    range on the stored column on every backend (and can use an index).
    """
    parts: list[ColumnElement[bool]] = []
    if period.start is not None:
        parts.append(stamp >= _local_midnight(period.start))
    if period.end is not None:
        parts.append(stamp < _local_midnight(period.end + timedelta(days=1)))
    return parts


_ID_DIGITS = 13  # a viewing id plus ``_ID_OFFSET``, a fixed width of digits, ends a diary key
_ID_OFFSET = 10**12  # ids stay below it; the sum has 13 digits, so keys sort as text


def _diary_key(viewing: type[models.Viewing]) -> ColumnElement[str]:
    """A viewing's place in diary order as text that sorts: the day (empty when
    unknown, the earliest), then the id, so that ties on a day go by id."""
    day = func.coalesce(cast(viewing.watched_on, String), "")
    return day + cast(cast(viewing.id, BigInteger) + _ID_OFFSET, String)


def _ids(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))


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
        # The period's viewings of the films the query finds.
        self.in_period = [*_between(Viewing.watched_on, period), films]
        self.filtered = query is not None and films is not _ALL
        # The films watched in the period (the query's films), as a subquery.
        self.watched = (
            self._of_films(select(Viewing.film_id), Viewing.film_id)
            .where(*_between(Viewing.watched_on, period))
            .distinct()
        )

    def _of_films(self, statement: _Statement, film_id: Any) -> _Statement:
        """``statement`` kept to the films the query finds (no join without a query)."""
        if not self.filtered:
            return statement
        return statement.join(Film, Film.id == film_id).where(self.films)

    def stats(self) -> Stats:
        per_film = self._per_film()
        by_day = self._by_day()
        ratings = {row.film_id: row.rating for row in per_film if row.rating is not None}
        reviews, words = self._reviews()
        ranked = stats_sql.ranked(
            self.session, self.watched, {row.film_id: row.rating for row in per_film},
            self.min_films, self.top,
        )  # fmt: skip
        streak = longest_streak(by_day)
        busiest = min(by_day.items(), key=lambda item: (-item[1], item[0]), default=None)
        return Stats(
            period=self.period,
            query=self.query,
            films=Count(len(per_film), _ids(row.film_id for row in per_film)),
            viewings=Count(
                sum(row.viewings for row in per_film), _ids(row.film_id for row in per_film)
            ),
            rewatches=Count(
                sum(row.rewatches for row in per_film),
                _ids(row.film_id for row in per_film if row.rewatches),
            ),
            did_not_finish=Count(
                sum(row.dnf for row in per_film), _ids(row.film_id for row in per_film if row.dnf)
            ),
            minutes=sum((row.runtime or 0) * row.viewings for row in per_film),
            viewings_without_runtime=sum(row.viewings for row in per_film if row.runtime is None),
            reviews=reviews,
            words=words,
            watchlist_added=self._watchlist_added(),
            watchlist_removed=self._watchlist_removed(),
            by_month=by_month(by_day, self.period),
            by_week=by_week(by_day, self.period),
            by_weekday=by_weekday(by_day),
            by_day=by_day,
            longest_streak_days=0 if streak is None else (streak[1] - streak[0]).days + 1,
            longest_streak=streak,
            busiest_day=busiest,
            ratings=histogram(ratings.values()),
            average_rating=_average(ratings.values()),
            rating_changes=self._rating_changes(),
            directors=ranked["directors"][0],
            cast=ranked["cast"][0],
            genres=ranked["genres"][0],
            countries=ranked["countries"][0],
            decades=ranked["decades"][0],
            milestones=self._milestones(per_film),
            first_film=self._end_film(first=True),
            last_film=self._end_film(first=False),
            notes=self._notes(),
            directors_by_rating=ranked["directors"][1],
            cast_by_rating=ranked["cast"][1],
            genres_by_rating=ranked["genres"][1],
            countries_by_rating=ranked["countries"][1],
            decades_by_rating=ranked["decades"][1],
            min_films=self.min_films,
        )

    # Totals -----------------------------------------------------------------------------

    def _per_film(self) -> list[_FilmRow]:
        """Per film watched in the period: viewings, rewatches, DNFs, minutes, its rating.

        Grouped over the diary index (``ix_viewings_film_diary``), which also
        answers the rewatch rule's look-back; the film's runtime and rating are
        looked up once per film, not per viewing.
        """
        rewatch = case((models.is_rewatch(Viewing), 1), else_=0)
        own = aliased(Film, name="own_film")  # not the query's films join
        runtime = select(own.runtime).where(own.id == Viewing.film_id).scalar_subquery()
        statement = self._of_films(
            select(
                Viewing.film_id,
                func.count(),
                func.sum(rewatch),
                func.sum(case((Viewing.did_not_finish, 1), else_=0)),
                runtime,
                models.film_rating_tenths(Viewing.film_id),
                func.min(_diary_key(Viewing)),
                self._seen_before(),
            ),
            Viewing.film_id,
        )
        statement = statement.where(*_between(Viewing.watched_on, self.period)).group_by(
            Viewing.film_id
        )
        return [_FilmRow._make(row) for row in raw_rows(self.session, statement)]

    def _by_day(self) -> dict[date, int]:
        statement = (
            self._of_films(select(Viewing.watched_on, func.count()), Viewing.film_id)
            .where(Viewing.watched_on.is_not(None), *_between(Viewing.watched_on, self.period))
            .group_by(Viewing.watched_on)
            .order_by(Viewing.watched_on)
        )
        return {day: int(n) for day, n in self.session.execute(statement) if day is not None}

    def _reviews(self) -> tuple[Count, int]:
        review = models.Review
        statement = (
            self._of_films(select(review.film_id, review.headline, review.body), review.film_id)
        ).where(*_local_day_between(review.created_at, self.period))
        rows = raw_rows(self.session, statement)
        words = count_words([" ".join(f"{headline} {body}" for _, headline, body in rows)])
        return Count(len(rows), _ids(film_id for film_id, _, _ in rows)), words

    def _watchlist_added(self) -> Count:
        entry = models.WatchlistEntry
        statement = (self._of_films(select(entry.film_id), entry.film_id)).where(
            *_local_day_between(entry.added_at, self.period)
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
                *_local_day_between(event.at, self.period),
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
            .where(Viewing.watched_on.is_not(None), *self.in_period)
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

    def _before(self, day: Any) -> ColumnElement[bool]:
        """A diary day before the period's start (an unknown day: the earliest)."""
        if self.period.start is None:
            return day.is_(None)  # type: ignore[no-any-return]
        return or_(day.is_(None), day < self.period.start)

    def _seen_before(self) -> ColumnElement[Any]:
        """Per film of the period: whether it has a viewing before the period's start.

        An undated viewing counts as the earliest, so it comes before any dated
        period; in all time nothing comes before.
        """
        if self.all_time:
            return literal(0)
        earlier = aliased(Viewing, name="earlier_viewing")
        found = exists().where(earlier.film_id == Viewing.film_id, self._before(earlier.watched_on))
        return case((found, 1), else_=0)

    def _milestones(self, per_film: list[_FilmRow]) -> tuple[FilmMoment, ...]:
        """The films numbered 100, 500, 1000... by first viewing, first viewed in the period.

        Films first seen in the period are those of ``per_film`` with nothing
        before it; their numbers follow the films seen before (one index-only
        count), in the order of their first viewings' diary keys.
        """
        films_ever = int(self.session.scalar(select(func.count()).select_from(Film)) or 0)
        wanted = set(milestone_numbers(films_ever))
        firsts = sorted((row.first, row.film_id) for row in per_film if not row.seen_before)
        if not firsts or not wanted:
            return ()
        earlier = 0
        if not self.all_time:
            seen = self._of_films(select(Viewing.film_id), Viewing.film_id).where(
                self._before(Viewing.watched_on)
            )
            counted = select(func.count()).select_from(seen.group_by(Viewing.film_id).subquery())
            earlier = int(self.session.scalar(counted) or 0)
        numbered = {
            film_id: (n, key[:-_ID_DIGITS])
            for n, (key, film_id) in enumerate(firsts, start=earlier + 1)
            if n in wanted
        }
        if not numbered:
            return ()
        titles = select(Film.id, Film.title, Film.year).where(Film.id.in_(numbered))
        moments = []
        for film_id, title, year in raw_rows(self.session, titles):
            n, day = numbered[film_id]
            on = date.fromisoformat(day) if day else None
            moments.append(FilmMoment(film_id, title, year, on, f"{ordinal(n)} film"))
        return tuple(sorted(moments, key=lambda moment: int(numbered[moment.film_id][0])))

    def _rating_changes(self) -> tuple[FilmMoment, ...]:
        """Films watched in the period whose rated reviews of two or more viewings differ."""
        review = models.Review
        rated = (review.rating_tenths.is_not(None), review.viewing_id.is_not(None))
        # Few films qualify: find them from the period's films through the rated
        # reviews' covering index (ix_reviews_film_rating), then read the reviews,
        # viewings and titles of those films only.
        changed = (
            select(review.film_id)
            .where(review.film_id.in_(self.watched.scalar_subquery()), *rated)
            .group_by(review.film_id)
            .having(
                (func.count(review.viewing_id.distinct()) >= 2)
                & (func.min(review.rating_tenths) != func.max(review.rating_tenths))
            )
        )
        film_ids = [film_id for (film_id,) in raw_rows(self.session, changed)]
        if not film_ids:
            return ()
        statement = (
            select(Film.id, Film.title, Film.year, Viewing.watched_on, review.rating_tenths)
            .join(review, review.film_id == Film.id)
            .join(Viewing, Viewing.id == review.viewing_id)
            .where(Film.id.in_(film_ids), *rated)
            .order_by(
                Film.title_key,
                Film.id,
                Viewing.watched_on.is_(None).desc(),
                Viewing.watched_on,
                Viewing.id,
                review.id,
            )
        )
        moments: list[FilmMoment] = []
        chain: list[tuple[Any, ...]] = []
        for row in [*raw_rows(self.session, statement), None]:
            if chain and (row is None or row[0] != chain[0][0]):
                moments.append(_rating_change(chain))
                chain = []
            if row is not None:
                chain.append(row)
        return tuple(moments)


def _rating_change(rows: list[tuple[Any, ...]]) -> FilmMoment:
    """One film's rated reviews in diary order: (id, title, year, day as text, tenths)."""
    steps: list[int] = []
    for *_, tenths in rows:
        if not steps or steps[-1] != tenths:
            steps.append(tenths)
    film_id, title, year, day, _ = rows[-1]
    what = " → ".join(format_points(tenths) for tenths in steps)
    return FilmMoment(film_id, title, year, date.fromisoformat(day) if day else None, what)


def _average(tenths: Iterable[int]) -> float | None:
    values = list(tenths)
    return round(sum(values) / len(values) / 10, 2) if values else None


__all__ = ["StatsQueries", "milestone_numbers", "ordinal"]
