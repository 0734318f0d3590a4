"""Writing the CSV exports: Letterboxd's import format, one list as a Letterboxd
list file, and IMDb-shaped ratings.

Letterboxd's importer takes ``Title,Year,imdbID,tmdbID,Directors,Rating,
Rating10,WatchedDate,Rewatch,Tags,Review``, one row per viewing (with the
review written for it) or per review tied to no viewing. Letterboxd ratings
are whole points of 10 (half stars), so 6.4 is written as 6 (3 stars); a
review's headline goes before its body, as Letterboxd has no headlines.

A list is written as Letterboxd exports one (``lists/NAME.csv``): a ``Letterboxd
list export v7`` line, the details table (``Date,Name,Tags,URL,Description``),
a blank line and the films (``Position,Name,Year,URL,Description``), the
film's note as its description; WatchJournal's Letterboxd import reads it back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from watchjournal.interchange.letterboxd_csv import LIST_ENTRY_COLUMNS, LIST_HEADER
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.lists import ListWithFilms
from watchjournal.journal.types import FilmRecord, ReviewRecord
from watchjournal.journal.validate import fold_key

LETTERBOXD_COLUMNS = (
    "Title", "Year", "imdbID", "tmdbID", "Directors", "Rating", "Rating10",
    "WatchedDate", "Rewatch", "Tags", "Review",
)  # fmt: skip
IMDB_COLUMNS = (
    "Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL", "Title Type",
    "IMDb Rating", "Runtime (mins)", "Year", "Genres", "Num Votes", "Release Date", "Directors",
)  # fmt: skip


def to_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


LETTERBOXD_LIST_FIRST_LINE = "Letterboxd list export v7"


def whole_points(tenths: int) -> int:
    """A rating rounded to whole points of 10 (half up), at least 1."""
    points = (Decimal(tenths) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, int(points))


def ordered_films(snapshot: JournalSnapshot) -> list[FilmRecord]:
    return sorted(
        snapshot.films,
        key=lambda f: (
            fold_key(f.title),
            f.year is None,
            f.year or 0,
            f.fields.imdb_id or "",
            f.id,
        ),
    )


def _review_text(review: ReviewRecord) -> str:
    return "\n\n".join(part for part in (review.headline, review.body) if part)


def _letterboxd_row(
    film: FilmRecord, review: ReviewRecord | None, watched: str, rewatch: str
) -> list[object]:
    f = film.fields
    points = whole_points(review.rating_tenths) if review and review.rating_tenths else None
    return [
        f.title,
        f.year or "",
        f.imdb_id or "",
        f.tmdb_id or "",
        ", ".join(f.directors),
        "" if points is None else f"{points / 2:g}",
        "" if points is None else points,
        watched,
        rewatch,
        ", ".join(review.tags) if review else "",
        _review_text(review) if review else "",
    ]


def letterboxd_rows(film: FilmRecord) -> list[list[object]]:
    rows: list[list[object]] = []
    reviews_by_viewing: dict[int | None, list[ReviewRecord]] = {}
    for review in film.reviews:
        reviews_by_viewing.setdefault(review.viewing_id, []).append(review)
    for viewing in film.viewings:
        day = viewing.watched_on.isoformat() if viewing.watched_on else ""
        rewatch = "true" if viewing.rewatch else "false"
        linked: list[ReviewRecord | None] = [*reviews_by_viewing.get(viewing.id, [])] or [None]
        rows.extend(_letterboxd_row(film, review, day, rewatch) for review in linked)
    rows.extend(_letterboxd_row(film, r, "", "") for r in reviews_by_viewing.get(None, []))
    return rows


def letterboxd_csv(snapshot: JournalSnapshot) -> tuple[bytes, int]:
    """The Letterboxd import CSV and how many films were left out (never watched)."""
    rows, left_out = [], 0
    for film in ordered_films(snapshot):
        film_rows = letterboxd_rows(film)
        left_out += not film_rows
        rows.extend(film_rows)
    return to_csv(LETTERBOXD_COLUMNS, rows), left_out


def imdb_csv(snapshot: JournalSnapshot) -> tuple[bytes, int]:
    """IMDb-shaped ratings: one row per rated film with an IMDb id; and how many were
    left out for lacking an IMDb id or a rating.

    The rating is the film's rating (``FilmRecord.rating_review``, the one rating
    rule); "Date Rated" is the day that review was written.
    """
    rows, left_out = [], 0
    for film in ordered_films(snapshot):
        f, review = film.fields, film.rating_review
        if f.imdb_id is None or review is None or review.rating_tenths is None:
            left_out += 1
            continue
        rows.append(
            [
                f.imdb_id,
                whole_points(review.rating_tenths),
                review.created_at.date().isoformat(),
                f.title,
                f.original_title or f.title,
                f"https://www.imdb.com/title/{f.imdb_id}/",
                "Movie",
                "",
                f.runtime or "",
                f.year or "",
                ", ".join(f.genres),
                "",
                "",
                ", ".join(f.directors),
            ]
        )
    return to_csv(IMDB_COLUMNS, rows), left_out


def letterboxd_list_csv(view: ListWithFilms) -> bytes:
    """One list as a Letterboxd list file, its films in the list's order."""
    chosen = view.list
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([LETTERBOXD_LIST_FIRST_LINE])
    writer.writerow(LIST_HEADER)
    day = chosen.created_at.date().isoformat()
    writer.writerow([day, chosen.name, "", "", chosen.description or ""])
    writer.writerow([])
    writer.writerow([*LIST_ENTRY_COLUMNS, "Description"])
    for film, entry in zip(view.films, chosen.entries, strict=True):
        f = film.fields
        uri = f.letterboxd_uri or ""
        writer.writerow([entry.position + 1, f.title, f.year or "", uri, entry.note or ""])
    return buffer.getvalue().encode("utf-8")
