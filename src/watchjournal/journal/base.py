"""Shared plumbing of the service mixins: sessions and loading films with their parts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session, selectinload

from watchjournal.journal.convert import utcnow
from watchjournal.journal.errors import NotFoundError
from watchjournal.storage import models
from watchjournal.storage.engine import writer

FILM_PARTS = (
    selectinload(models.Film.where_to_watch),
    selectinload(models.Film.watchlist_entry),
    selectinload(models.Film.viewings),
    selectinload(models.Film.reviews).selectinload(models.Review.tags),
)


class ServiceBase:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = writer(engine)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self._engine) as session, session.begin():
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back whole on any error."""
        with Session(self._writer, autoflush=True) as session, session.begin():
            yield session

    @staticmethod
    def _film(session: Session, film_id: int) -> models.Film:
        statement = select(models.Film).where(models.Film.id == film_id).options(*FILM_PARTS)
        film = session.scalar(statement)
        if film is None:
            raise NotFoundError(f"there is no film with id {film_id}")
        return film

    @staticmethod
    def _films(session: Session, statement: Select[Any]) -> list[models.Film]:
        return list(session.scalars(statement.options(*FILM_PARTS)))

    @staticmethod
    def _append_to_watchlist(session: Session, film: models.Film, note: str | None) -> None:
        last = session.scalar(select(func.max(models.WatchlistEntry.position)))
        film.watchlist_entry = models.WatchlistEntry(
            added_at=utcnow(), position=(last + 1) if last is not None else 0, note=note
        )
