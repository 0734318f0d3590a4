"""Writing the CSV exports: Letterboxd's import format, one list as a Letterboxd
list file, and IMDb-shaped ratings.

Letterboxd's importer (https://letterboxd.com/about/importing-data/) takes
``LetterboxdURI,tmdbID,imdbID,Title,Year,Directors,WatchedDate,Rating,Rating10,
Rewatch,Tags,Review``; a row with a WatchedDate becomes a diary entry, a row
without one marks the film watched and gives it its rating and an undated
review. So the export writes:

- one row per dated diary entry (viewing), with the reviews tied to it, and
  the reviews tied to no viewing that were written on that day (the day of a
  review is the UTC day it was written, as imports store it): an IMDb rating
  and the viewing it implies are one row, never two;
- at most one undated row per film, for its undated viewings and the reviews
  that found no dated entry (tied to an undated viewing, or written on a day
  with no viewing), so a film rated or reviewed without a viewing has one row.

A row carries one rating, one review text and the tags: the rating of its
most recently written rated review, the text (headline, then body, as
Letterboxd has no headlines) of its most recently written review with text,
and the tags of the diary entry and of all its reviews. A review of which neither
went out is counted as left out. Letterboxd rates in half stars: a rating is
rounded to whole points of ten as the app shows it in stars, a tie going
down (``journal.half_stars``: 6.4 and 6.5 -> 6 -> 3 stars, 6.6 -> 7 -> 3.5
stars, 5.5 -> 5 -> 2.5 stars, at least half a star), and goes out as Rating
(stars) and Rating10 (points).

A list is written as Letterboxd exports one (``lists/NAME.csv``): a ``Letterboxd
list export v7`` line, the details table (``Date,Name,Tags,URL,Description``),
a blank line and the films (``Position,Name,Year,URL,Description``), the
film's note as its description; WatchJournal's Letterboxd import reads it back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from watchjournal.interchange.letterboxd_csv import LIST_ENTRY_COLUMNS, LIST_HEADER
from watchjournal.journal.half_stars import half_star_count
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.lists import ListWithFilms
from watchjournal.journal.types import FilmRecord, ReviewRecord, ViewingRecord
from watchjournal.journal.validate import fold_key

LETTERBOXD_COLUMNS = (
    "LetterboxdURI", "tmdbID", "imdbID", "Title", "Year", "Directors",
    "WatchedDate", "Rating", "Rating10", "Rewatch", "Tags", "Review",
)  # fmt: skip
IMDB_COLUMNS = (
    "Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL", "Title Type",
    "IMDb Rating", "Runtime (mins)", "Year", "Genres", "Num Votes", "Release Date", "Directors",
)  # fmt: skip


@dataclass(frozen=True)
class LeftOut:
    """Things an export could not carry: how many, what they are, and why (for the user)."""

    count: int
    one: str  # "film never watched, rated or reviewed"
    many: str  # "films never watched, rated or reviewed"
    why: str
    films: bool = True  # whole films (else parts of films that were written)

    @property
    def noun(self) -> str:
        return self.one if self.count == 1 else self.many

    @property
    def what(self) -> str:
        return f"{self.count} {self.noun}"

    def __str__(self) -> str:
        return f"{self.what}: {self.why}"


@dataclass(frozen=True)
class CsvExport:
    """A rendered CSV export: its bytes, what it holds and what it left out."""

    data: bytes
    films: int
    rows: int
    left_out: tuple[LeftOut, ...] = ()


def to_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


LETTERBOXD_LIST_FIRST_LINE = "Letterboxd list export v7"


def whole_points(tenths: int) -> int:
    """A rating in whole points of 10, as many as its half stars (a tie down), at least 1."""
    return half_star_count(tenths)


def half_stars(tenths: int) -> str:
    """A rating as Letterboxd's stars, 0.5 to 5 in half-star steps: "3", "3.5"."""
    return f"{whole_points(tenths) / 2:g}"


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


def _written(review: ReviewRecord) -> tuple[datetime, int]:
    return (review.created_at, review.id)


def _text(review: ReviewRecord) -> str:
    return "\n\n".join(part for part in (review.headline, review.body) if part)


@dataclass
class _Entry:
    """One row being put together: a diary entry (or the undated row) and its reviews."""

    watched: str
    rewatch: str
    reviews: list[ReviewRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # its viewings' own (diary entry) tags


@dataclass
class _Row:
    values: list[object]
    # The reviews none of whose rating or text went into the row.
    dropped: int


def _entries(film: FilmRecord) -> list[_Entry]:
    dated: dict[int, _Entry] = {}
    by_day: dict[date, list[_Entry]] = {}
    undated: list[ViewingRecord] = []
    for viewing in film.viewings:
        if viewing.watched_on is None:
            undated.append(viewing)
            continue
        entry = _Entry(
            viewing.watched_on.isoformat(),
            "true" if viewing.rewatch else "false",
            tags=list(viewing.tags),
        )
        dated[viewing.id] = entry
        by_day.setdefault(viewing.watched_on, []).append(entry)
    rewatch = "true" if any(v.rewatch for v in undated) else "false"
    rest = _Entry("", rewatch if undated else "", tags=[t for v in undated for t in v.tags])
    loose: list[ReviewRecord] = []
    for review in film.reviews:
        if review.viewing_id in dated:
            dated[review.viewing_id].reviews.append(review)
        elif review.viewing_id is None:
            loose.append(review)
        else:  # tied to an undated viewing
            rest.reviews.append(review)
    for review in loose:  # after the tied ones, so a free entry of the day is preferred
        same_day = by_day.get(review.created_at.date())
        if not same_day:
            rest.reviews.append(review)
            continue
        free = [entry for entry in same_day if not entry.reviews]
        (free or same_day)[-1].reviews.append(review)
    entries = list(dated.values())
    if undated or rest.reviews:
        entries.append(rest)
    return entries


def _letterboxd_row(film: FilmRecord, entry: _Entry) -> _Row:
    latest = sorted(entry.reviews, key=_written, reverse=True)
    rated = next((r for r in latest if r.rating_tenths is not None), None)
    texted = next((r for r in latest if _text(r)), None)
    # The diary entry's tags and its reviews' (Letterboxd has one Tags cell for both):
    # one tag per name ignoring case and accents, sorted, so the row reads the same
    # after a round trip.
    written = [tag for r in sorted(entry.reviews, key=_written) for tag in r.tags]
    tags = {fold_key(tag): tag for tag in [*entry.tags, *written]}
    dropped = sum(
        1
        for r in entry.reviews
        if r is not texted and (_text(r) or (r is not rated and r.rating_tenths is not None))
    )
    f = film.fields
    tenths = rated.rating_tenths if rated is not None else None
    values: list[object] = [
        f.letterboxd_uri or "",
        f.tmdb_id or "",
        f.imdb_id or "",
        f.title,
        f.year or "",
        ", ".join(f.directors),
        entry.watched,
        "" if tenths is None else half_stars(tenths),
        "" if tenths is None else whole_points(tenths),
        entry.rewatch,
        ", ".join(tags[key] for key in sorted(tags)),
        _text(texted) if texted is not None else "",
    ]
    return _Row(values, dropped)


def letterboxd_rows(film: FilmRecord) -> list[list[object]]:
    """The film's rows: one per dated diary entry, plus at most one undated row."""
    return [_letterboxd_row(film, entry).values for entry in _entries(film)]


def letterboxd_csv(snapshot: JournalSnapshot) -> CsvExport:
    """The Letterboxd import CSV, with what it left out and why."""
    rows: list[list[object]] = []
    films = never = dropped = 0
    for film in ordered_films(snapshot):
        film_rows = [_letterboxd_row(film, entry) for entry in _entries(film)]
        if not film_rows:
            never += 1
            continue
        films += 1
        rows.extend(row.values for row in film_rows)
        dropped += sum(row.dropped for row in film_rows)
    left_out = []
    if never:
        left_out.append(
            LeftOut(
                never,
                "film never watched, rated or reviewed",
                "films never watched, rated or reviewed",
                "Letterboxd's import file has rows for diary entries, ratings and reviews only",
            )
        )
    if dropped:
        left_out.append(
            LeftOut(
                dropped,
                "review sharing a diary entry with a later one",
                "reviews sharing a diary entry with a later one",
                "Letterboxd keeps one review per diary entry, so the latest was written",
                films=False,
            )
        )
    return CsvExport(to_csv(LETTERBOXD_COLUMNS, rows), films, len(rows), tuple(left_out))


def imdb_csv(snapshot: JournalSnapshot) -> CsvExport:
    """IMDb-shaped ratings: one row per rated film with an IMDb id, with what was left
    out (films without a rating, rated films without an IMDb id) and why.

    The rating is the film's rating (``FilmRecord.rating_review``, the one rating
    rule); "Date Rated" is the day that review was written.
    """
    rows, unrated, no_id = [], 0, 0
    for film in ordered_films(snapshot):
        f, review = film.fields, film.rating_review
        if review is None or review.rating_tenths is None:
            unrated += 1
            continue
        if f.imdb_id is None:
            no_id += 1
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
    left_out = []
    if unrated:
        left_out.append(
            LeftOut(
                unrated,
                "film without a rating",
                "films without a rating",
                "an IMDb ratings file holds rated films only",
            )
        )
    if no_id:
        left_out.append(
            LeftOut(
                no_id,
                "rated film without an IMDb id",
                "rated films without an IMDb id",
                "IMDb finds a film by its IMDb id, which these films do not have",
            )
        )
    return CsvExport(to_csv(IMDB_COLUMNS, rows), len(rows), len(rows), tuple(left_out))


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
