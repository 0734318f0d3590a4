"""The journal service: the one API every front end (CLI, GUI) calls. No Qt here.

The names below are loaded on first use (PEP 562), so that importing a light
submodule (``journal.rows``, ``journal.validate``) does not import the service
and SQLAlchemy with it: the app reads and paints its first page before either
is needed (start-up time).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from watchjournal.errors import (
    AmbiguousFilmError,
    DuplicateFilmError,
    JournalError,
    NotFoundError,
    ValidationError,
)

if TYPE_CHECKING:
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

# Which submodule defines each name that is loaded on first use.
_LAZY = {
    "JournalSnapshot": "importing",
    "FilmListRecord": "lists",
    "ListEntryRecord": "lists",
    "JournalService": "service",
    **dict.fromkeys(
        (
            "DeletedViewing",
            "FilmFields",
            "FilmLinkRecord",
            "FilmRecord",
            "FilmSummary",
            "LogEntry",
            "ReviewFields",
            "ReviewRecord",
            "RevisionRecord",
            "StreamingInfo",
            "ViewingFields",
            "ViewingRecord",
            "WatchlistInfo",
        ),
        "types",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


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
