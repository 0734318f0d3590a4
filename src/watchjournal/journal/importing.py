"""Applying an ImportBatch to the journal, and reading the whole journal for export.

An import is all or nothing and is written in ONE write transaction: films
are matched by their links first (IMDb id, Letterboxd URI, TMDB id, Trakt
id), then by title and year (``journal.import_identity``, docs/rules.md),
missing details are filled in, and only viewings, reviews, watchlist entries
and list entries not already there are added, so importing the same file
twice changes nothing. A film that matches several journal films is never
guessed: it is left out with its rows and reported (``ImportReport.ambiguous``)
unless ``choices`` names the journal film it is. Any error (or a cancel
raised by the progress callback) rolls everything back.

Other writers must not wait long for an import, so the write lock is held as
briefly as the data allows: matching and validation (the plan) run in a read
transaction, which in WAL mode blocks nobody; then, with the import marker
held (``storage.import_marker``: writers that meet it wait for the import and
say so), the write transaction checks with ``PRAGMA data_version`` on the same
connection that nobody wrote since the plan was read, makes the plan again
under the lock only if somebody did, and runs the planned inserts. A dry run
is the plan alone, and so is an import that brings nothing new: neither takes
the write lock.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from watchjournal.journal import stats_derived
from watchjournal.journal.base import FILM_PARTS, ServiceBase
from watchjournal.journal.convert import film_record
from watchjournal.journal.import_types import ImportBatch, ImportReport, ProgressCallback
from watchjournal.journal.import_writer import STEPS, BatchWriter
from watchjournal.journal.import_writes import ImportWrites
from watchjournal.journal.links import link_pairs
from watchjournal.journal.lists import FilmListRecord, list_record
from watchjournal.journal.types import FilmLinkPair, FilmRecord
from watchjournal.storage import import_marker, models


@dataclass(frozen=True)
class JournalSnapshot:
    """Everything in a journal, as plain records (what exports are written from)."""

    films: tuple[FilmRecord, ...]
    lists: tuple[FilmListRecord, ...]
    tags: tuple[str, ...]
    links: tuple[FilmLinkPair, ...] = ()


BULK_ROWS = 2_000


@contextmanager
def _bulk_search_sync(session: Session, writes: ImportWrites) -> Iterator[None]:
    """For a large import, turn the search index's per-row triggers off and re-compose
    the rows of the films the import touched once at the end, in the same transaction
    (as ``search.index.bulk_load`` does for its own transactions): re-composing a
    film's search row for each of thousands of inserted viewings and reviews would
    take most of the import's time. On a server the triggers idle for this
    transaction alone (``search.pg_rebuild.deferred``; other machines' writes meanwhile
    still index their rows).
    """
    if writes.rows < BULK_ROWS or session.bind is None:
        yield
        return
    if not _is_sqlite(session):
        # Lazy: search.pg_rebuild imports the search package, which imports the journal.
        from watchjournal.search import pg_rebuild

        with pg_rebuild.deferred(session.connection()):  # this transaction's triggers idle
            yield
            session.flush()
        pg_rebuild.refresh(session.connection(), sorted(writes.film_ids))
        return
    # Lazy: search.index imports the search package, which imports the journal (a cycle).
    from watchjournal.search import index

    connection = session.connection()
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": index.TRIGGER_PREFIX + "%"},
    ).all()
    for name, _sql in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    session.flush()
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
    if triggers:
        index.refresh_films(connection, writes.film_ids)


@contextmanager
def _bulk_stats_marks(session: Session, writes: ImportWrites) -> Iterator[None]:
    """For a large import, the films of the rows it inserts marked for the statistics'
    refresh in one statement at the end instead of by a trigger per row
    (``stats_derived.marking_in_bulk``; SQLite only, a server keeps its triggers)."""
    if writes.rows < BULK_ROWS:
        yield
        return
    with stats_derived.marking_in_bulk(session.connection()):
        yield


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector off while an import runs, as it was after.

    A plan makes hundreds of thousands of small objects (row tuples) next to
    the batch's own, and each collection of the oldest generation walks all of
    them: about 40% of a large plan's time. An import makes no reference cycles
    that must be freed before it ends; reference counting frees the rest.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _data_version(session: Session) -> int | None:
    """SQLite's count of other connections' commits; None where there is none (a
    server journal), which makes the import plan again under the write lock."""
    if not _is_sqlite(session):
        return None
    return int(session.execute(text("PRAGMA data_version")).scalar_one())


class ImportOperations(ServiceBase):
    def _import_marker(self) -> AbstractContextManager[None]:
        """The marker other writers of a journal file wait on (none for a server journal)."""
        if not self.is_file_journal:
            return nullcontext()
        return import_marker.holding(self._journal_path)

    def journal_snapshot(self) -> JournalSnapshot:
        with self._reading() as session:
            statement = (
                select(models.Film)
                .order_by(models.Film.id)
                .options(*FILM_PARTS)
                .options(selectinload(models.Film.reviews).selectinload(models.Review.revisions))
            )
            films = tuple(film_record(f, with_revisions=True) for f in session.scalars(statement))
            lists = session.scalars(
                select(models.FilmList)
                .options(selectinload(models.FilmList.entries))
                .order_by(models.FilmList.id)
            )
            tags = session.scalars(select(models.Tag.name).order_by(models.Tag.name_key))
            return JournalSnapshot(
                films, tuple(list_record(x) for x in lists), tuple(tags), link_pairs(session)
            )

    def import_batch(
        self,
        batch: ImportBatch,
        *,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        choices: Mapping[int, int] | None = None,
    ) -> ImportReport:
        """Apply ``batch`` all or nothing; with ``dry_run`` report what it would do.

        ``choices`` maps the index of a batch film that matches several journal
        films (``ImportReport.ambiguous``, from a dry run) to the id of the film
        the user chose among its candidates; a choice that is not one of them
        raises ValidationError.
        """
        with _no_collection(), self._one_connection() as connection:
            with self._reading(connection) as session:
                seen = _data_version(session)
                plan = BatchWriter(session, batch, progress, choices)
                report = plan.run()
            if dry_run:
                report.dry_run = True
                return report
            if not plan.writes:  # nothing new (a re-import): no lock needed
                return report
            with (
                self._import_marker(),
                self._writing(connection, importing=True) as session,
            ):
                if seen is None or _data_version(session) != seen:  # (maybe) written: match again
                    plan = BatchWriter(session, batch, progress, choices)
                    report = plan.run()
                plan.step(STEPS - 1, "Saving")
                with (
                    _bulk_search_sync(session, plan.writes),
                    _bulk_stats_marks(session, plan.writes),
                ):
                    plan.writes.apply(session)
                plan.step(STEPS, "Done")
                return report
