"""Applying an ImportBatch to the journal, and reading the whole journal for export.

An import runs in ONE write transaction: films are matched (IMDb id, then
Letterboxd URI, then title + year, checking directors when both sides have
them), missing details are filled in, and only viewings, reviews, watchlist
entries and list entries not already there are added, so importing the same
file twice changes nothing. Any error (or a cancel raised by the progress
callback) rolls everything back. A dry run does the same work and rolls back,
so its report is exactly what the import would do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from watchjournal.journal.base import FILM_PARTS, ServiceBase
from watchjournal.journal.convert import film_record
from watchjournal.journal.import_types import ImportBatch, ImportReport, ProgressCallback
from watchjournal.journal.import_writer import BatchWriter
from watchjournal.journal.lists import FilmListRecord, list_record
from watchjournal.journal.types import FilmRecord
from watchjournal.storage import models


@dataclass(frozen=True)
class JournalSnapshot:
    """Everything in a journal, as plain records (what exports are written from)."""

    films: tuple[FilmRecord, ...]
    lists: tuple[FilmListRecord, ...]
    tags: tuple[str, ...]


BULK_ROWS = 2_000


@contextmanager
def _bulk_search_sync(session: Session, rows: int) -> Iterator[list[bool]]:
    """For a large import, turn the search index's per-row triggers off and rebuild
    the index once at the end, in the same transaction (as ``search.index.bulk_load``
    does for its own transactions): re-composing a film's search row for each of
    thousands of inserted viewings and reviews would take most of the import's time.
    """
    changed: list[bool] = []  # the import says whether it changed anything
    if rows < BULK_ROWS:
        yield changed
        return
    from watchjournal.search import index

    connection = session.connection()
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": index.TRIGGER_PREFIX + "%"},
    ).all()
    for name, _sql in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield changed
    session.flush()
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
    if triggers and any(changed):
        index.rebuild(connection)


class _DryRunDoneError(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


class ImportOperations(ServiceBase):
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
            return JournalSnapshot(films, tuple(list_record(x) for x in lists), tuple(tags))

    def import_batch(
        self, batch: ImportBatch, *, dry_run: bool = False, progress: ProgressCallback | None = None
    ) -> ImportReport:
        """Apply ``batch`` all or nothing; with ``dry_run`` report what it would do."""
        try:
            with self._writing() as session, _bulk_search_sync(session, batch.row_count) as changed:
                report = BatchWriter(session, batch, progress).run()
                changed.append(report.changed_anything)
                report.dry_run = dry_run
                if dry_run:
                    raise _DryRunDoneError(report)
                return report
        except _DryRunDoneError as done:
            return done.report
