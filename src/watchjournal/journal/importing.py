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

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from watchjournal.journal.base import FILM_PARTS, ServiceBase
from watchjournal.journal.convert import film_record
from watchjournal.journal.lists import FilmListRecord, list_record
from watchjournal.journal.types import FilmRecord
from watchjournal.storage import models

if TYPE_CHECKING:
    # interchange imports journal modules, so at run time it is imported lazily.
    from watchjournal.interchange.batch import ImportBatch
    from watchjournal.interchange.report import ImportReport

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JournalSnapshot:
    """Everything in a journal, as plain records (what exports are written from)."""

    films: tuple[FilmRecord, ...]
    lists: tuple[FilmListRecord, ...]
    tags: tuple[str, ...]


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
        from watchjournal.journal.import_writer import BatchWriter

        try:
            with self._writing() as session:
                report = BatchWriter(session, batch, progress).run()
                report.dry_run = dry_run
                if dry_run:
                    raise _DryRunDoneError(report)
                return report
        except _DryRunDoneError as done:
            return done.report
