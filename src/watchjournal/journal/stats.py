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
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from watchjournal.errors import ReadOnlyJournalError
from watchjournal.journal import stats_sql
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.stats_compute import Computation, Rankings, keeps_some, watched_films
from watchjournal.journal.stats_sql import (
    film_filter,
)
from watchjournal.journal.stats_types import Stats, StatsPeriod
from watchjournal.storage.stats_tables import (
    stats_dirty,
)

DEFAULT_MIN_FILMS = 3  # films a name needs to be ranked by its average rating
DEFAULT_TOP = 50  # names kept in each ranking
# Computed statistics kept per service, reused until the journal changes (the
# Stats view switching between years and back): a Stats is a few hundred kB at most.
CACHED_PERIODS = 16


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
            stats = Computation(session, period, query, films, key[2], top).stats(rankings)
        with lock:
            cache[key] = (version, stats)
            while len(cache) > CACHED_PERIODS:
                cache.popitem(last=False)
        return stats

    def _rankings_beside(
        self, period: StatsPeriod, query: str | None, min_films: int, top: int
    ) -> Callable[[], Rankings]:
        """Start working out the rankings on a connection of their own, in a thread
        (SQLite and psycopg leave Python's lock while a query runs, so they run
        beside the other queries: the largest of them); the answer waits for them.

        A read transaction of its own: a write landing between the two may show
        in one and not the other, as between two calls; ``stats`` then computes
        again next time (its journal version was taken before both).
        """
        answer: list[Rankings] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                with self._reading() as session:
                    films = film_filter(session, query)
                    watched = watched_films(period, films, keeps_some(query, films))
                    answer.append(stats_sql.ranked(session, watched, min_films, top))
            except BaseException as exc:  # handed to the caller, which raises it
                failure.append(exc)

        thread = threading.Thread(target=work, name="stats-rankings", daemon=True)
        thread.start()

        def wait() -> Rankings:
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
            watched = watched_films(period, films, keeps_some(query, films))
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
