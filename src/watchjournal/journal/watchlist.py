"""Watchlist operations: add, change the note, remove, reorder, list in the user's order."""

from __future__ import annotations

from sqlalchemy import select

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import film_record
from watchjournal.journal.types import FilmRecord
from watchjournal.storage import models


class WatchlistOperations(ServiceBase):
    def watchlist(self) -> list[FilmRecord]:
        """The watchlist in the user's order."""
        statement = (
            select(models.Film)
            .join(models.Film.watchlist_entry)
            .order_by(models.WatchlistEntry.position, models.WatchlistEntry.id)
        )
        with self._reading() as session:
            return [film_record(film) for film in self._films(session, statement)]

    def add_to_watchlist(self, film_id: int, note: str | None = None) -> FilmRecord:
        """Put a film at the end of the watchlist (or update its note if already there)."""
        clean_note = validate.clean_text(note, what="the watchlist note")
        with self._writing() as session:
            film = self._film(session, film_id)
            if film.watchlist_entry is None:
                self._append_to_watchlist(session, film, clean_note)
            elif note is not None:
                film.watchlist_entry.note = clean_note
            session.flush()
            return film_record(film)

    def set_watchlist_note(self, film_id: int, note: str | None) -> FilmRecord:
        """Change the note of a film on the watchlist (blank or None removes it)."""
        clean_note = validate.clean_text(note, what="the watchlist note")
        with self._writing() as session:
            film = self._film(session, film_id)
            if film.watchlist_entry is None:
                label = film_record(film).label
                raise ValidationError(f"{label} is not on your watchlist")
            film.watchlist_entry.note = clean_note
            session.flush()
            return film_record(film)

    def remove_from_watchlist(self, film_id: int) -> FilmRecord:
        with self._writing() as session:
            film = self._film(session, film_id)
            self._take_off_watchlist(session, film, "removed")
            session.flush()
            return film_record(film)

    def move_in_watchlist(self, film_id: int, index: int) -> list[FilmRecord]:
        """Move a film to ``index`` (0-based, clamped) in the watchlist order."""
        with self._writing() as session:
            entries = list(
                session.scalars(
                    select(models.WatchlistEntry).order_by(
                        models.WatchlistEntry.position, models.WatchlistEntry.id
                    )
                )
            )
            moving = next((e for e in entries if e.film_id == film_id), None)
            if moving is None:
                raise ValidationError(f"film {film_id} is not on the watchlist")
            entries.remove(moving)
            entries.insert(max(0, min(index, len(entries))), moving)
            for position, entry in enumerate(entries):
                entry.position = position
        return self.watchlist()
