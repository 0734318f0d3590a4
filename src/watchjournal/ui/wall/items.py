"""What one tile of the wall shows, as plain data, and the words for it.

Every wall model answers ``WALL_ITEM_ROLE`` with a ``WallItem``; the delegate
paints only from it, so the films, diary and search walls look alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from watchjournal.journal.rows import DiaryRow, FilmRow
from watchjournal.ui.common.formatting import day_text, names_text, rating_text
from watchjournal.ui.common.rating_display import describe_rating
from watchjournal.ui.common.widgets import shown

# A role number clear of the list models' (models.py, diary_model.py, search_results.py).
WALL_ITEM_ROLE = Qt.ItemDataRole.UserRole + 20


@dataclass(frozen=True)
class WallItem:
    film_id: int
    title: str
    year: int | None
    directors: tuple[str, ...]
    poster_ref: str | None
    rating_tenths: int | None  # your rating (films) or this viewing's (diary)
    liked: bool
    rewatch: bool  # a rewatch viewing (diary), or a film you have rewatched
    watched_on: str = ""  # the diary day, already in the user's locale

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year else ""

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def identity(self) -> str:
        """What a generated card's colour comes from: the film itself, stable across runs.

        Title, year and directors tell apart two films that share a title; the id
        is only a last resort for two films identical in all three.
        """
        return "\x1f".join((self.title, self.year_text, *self.directors, str(self.film_id)))


def film_item(row: FilmRow) -> WallItem:
    return WallItem(
        film_id=row.id,
        title=row.title,
        year=row.year,
        directors=row.directors,
        poster_ref=row.poster_ref,
        rating_tenths=row.rating_tenths,
        liked=row.liked,
        rewatch=row.rewatched,
    )


def diary_item(viewing: DiaryRow, film: FilmRow | None) -> WallItem:
    """A diary tile: the viewing's day, rating and rewatch; the film's poster and credits."""
    return WallItem(
        film_id=viewing.film_id,
        title=viewing.title,
        year=viewing.year,
        directors=film.directors if film else (),
        poster_ref=film.poster_ref if film else None,
        rating_tenths=viewing.rating_tenths,
        liked=film.liked if film else False,
        rewatch=viewing.rewatch,
        watched_on=day_text(viewing.watched_on),
    )


def status_parts(item: WallItem, *, as_stars: bool = False) -> list[str]:
    """What hover or selection reveals: your rating, liked, rewatch (empty: nothing to say)."""
    parts = []
    rating = rating_text(item.rating_tenths, as_stars=as_stars)
    if rating:
        parts.append(rating if as_stars else f"★ {rating}")
    if item.liked:
        parts.append("♥")
    if item.rewatch:
        parts.append("↻")
    return parts


def tooltip_text(item: WallItem) -> str:
    """The full title and year (the tile elides them), with the director and diary day."""
    lines = [shown(item.label)]
    if item.directors:
        lines.append("Directed by " + names_text(item.directors, 3))
    if item.watched_on:
        lines.append("Watched " + item.watched_on + (" (rewatch)" if item.rewatch else ""))
    return "\n".join(lines)


def spoken_text(item: WallItem) -> str:
    """One line for screen readers: title, year and the hover details in words."""
    words = [item.label]
    if item.rating_tenths is not None:
        words.append("rated " + describe_rating(item.rating_tenths))
    if item.liked:
        words.append("liked")
    if item.rewatch:
        words.append("rewatch")
    if item.watched_on:
        words.append("watched " + item.watched_on)
    return ", ".join(words)
