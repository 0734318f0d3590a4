"""A journal with some of everything, copied afresh for every hypothesis example, and
the checks the fuzz tests share: the journal's dump, its integrity, the files in a tree."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import event

from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.storage.engine import create_journal_engine


def dump(path: Path) -> list[str]:
    """The whole database as SQL text: equal dumps mean nothing changed."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def tree(root: Path) -> set[str]:
    """Every file and folder under ``root``, as relative paths."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


def fill(service: JournalService) -> None:
    """Films (same titles, accents, quotes), watchlist, viewings, reviews with revisions
    and tags, a liked film and a list: what an import could collide with."""
    paterson = service.add_film(
        FilmFields(
            "Paterson",
            year=2016,
            directors=("Jim Jarmusch",),
            imdb_id="tt5247022",
            where_to_watch=(StreamingInfo("MUBI", date(2024, 1, 2)),),
        )
    )
    viewing = service.mark_watched(paterson.id, date(2023, 5, 2), where="Cinema")
    review = service.write_review(
        paterson.id,
        ReviewFields(rating_tenths=80, body='"Poems", he said,\nevery day', viewing_id=viewing.id),
    )
    service.update_review(review.id, ReviewFields(rating_tenths=85, body="revised", tags=("poem",)))
    for year, director in ((2023, "Lee Chung-hyun"), (2025, "Len Wiseman")):
        service.add_film(
            FilmFields("Ballerina", year=year, directors=(director,)),
            watchlist=True,
            watchlist_note="from Min",
        )
    amelie = service.add_film(FilmFields("Amélie", year=2001, tmdb_id=194, liked=True))
    service.mark_watched(amelie.id, None)
    service.write_review(amelie.id, ReviewFields(rating_tenths=64, tags=("café", "paris")))
    listing = service.create_list("Quiet films", "loud hearts")
    service.add_to_list(listing.id, paterson.id, note="first")
    service.add_to_list(listing.id, amelie.id)


class Sandbox:
    """A filled template journal under ``root``; ``journal()`` gives a fresh copy."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template.sqlite"
        service = JournalService.open(self.template, root / "backups")
        fill(service)
        service.close()
        self._counter = itertools.count()

    @contextmanager
    def journal(self) -> Iterator[tuple[JournalService, Path]]:
        """A copy of the template journal and an empty folder beside it for input files."""
        folder = self.root / f"example-{next(self._counter)}"
        (folder / "input").mkdir(parents=True)
        path = folder / "journal.sqlite"
        shutil.copyfile(self.template, path)
        engine = create_journal_engine(path)
        # These journals are thrown away: skip the fsyncs that make every write durable.
        event.listen(
            engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=OFF")
        )
        service = JournalService(engine, path)
        try:
            yield service, folder / "input"
        finally:
            service.close()
            shutil.rmtree(folder)
