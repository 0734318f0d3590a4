"""The journal service: the one API every front end (CLI, GUI) calls. No Qt here."""

from watchjournal.errors import (
    AmbiguousFilmError,
    DuplicateFilmError,
    JournalError,
    NotFoundError,
    ValidationError,
)
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.lists import FilmListRecord, ListEntryRecord
from watchjournal.journal.service import JournalService
from watchjournal.journal.types import (
    DeletedViewing,
    FilmFields,
    FilmLinkRecord,
    FilmRecord,
    FilmSummary,
    LogEntry,
    ReviewFields,
    ReviewRecord,
    RevisionRecord,
    StreamingInfo,
    ViewingFields,
    ViewingRecord,
    WatchlistInfo,
)

__all__ = [
    "AmbiguousFilmError",
    "DeletedViewing",
    "DuplicateFilmError",
    "FilmFields",
    "FilmLinkRecord",
    "FilmListRecord",
    "FilmRecord",
    "FilmSummary",
    "JournalError",
    "JournalService",
    "JournalSnapshot",
    "ListEntryRecord",
    "LogEntry",
    "NotFoundError",
    "ReviewFields",
    "ReviewRecord",
    "RevisionRecord",
    "StreamingInfo",
    "ValidationError",
    "ViewingFields",
    "ViewingRecord",
    "WatchlistInfo",
]
