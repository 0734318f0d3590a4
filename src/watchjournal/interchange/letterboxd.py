"""Reading a Letterboxd export (the zip or its unpacked folder) into an ImportBatch.

Films: a row's film link decides which film it is about (see
``letterboxd_films``): two films with the same title and year but different
links stay two films. ``diary.csv`` and ``reviews.csv`` rows have no film link
(their ``Letterboxd URI`` is the diary entry's), so they are read last and
matched by title and year; a row that could be any of several films is left
out and reported (``ImportBatch.skipped``), never guessed. Films only in lists
or likes keep the link their row gives.

Diary entries, reviews and tags:

- A ``diary.csv`` row is a viewing on its watched date, carrying the entry's
  tags (``ImportViewing.tags``). A rating on it becomes a rating-only review of
  that viewing, without the tags. Tags alone make no review.
- A ``reviews.csv`` row is the review of the diary entry with the same watched
  date (filling in the text of that entry's rating, if it has one); its tags
  go on the review. An entry that is only in ``reviews.csv`` becomes a viewing
  too, with those tags, as a diary row would. A review with no watched date
  makes no viewing: it is a review of the film, dated the day it was posted.
- ``ratings.csv`` and ``watched.csv`` only add what the diary does not say (a
  rating, a viewing without a date). So the same export read twice builds the
  same batch, and importing it again changes nothing.

Every file is read in one pass and every problem is gathered, with its file
and line. A core file (diary, ratings, reviews, watched, watchlist) with a
problem refuses the import, naming all of them at once; an optional file (a
list, liked films) with a problem is left out with a warning and the rest
imports. Files a film journal has no place for (profile, comments, liked lists
and reviews, deleted/ and orphaned/ entries) are left out knowingly, with a note.
Core files are handled row by row as the CSV reader yields them (only the
batch is kept), so a 100,000-row diary is not held twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import partial

from watchjournal.interchange.letterboxd_csv import (
    # Re-exported: the list's columns are part of this reader's format too.
    LIST_ENTRY_COLUMNS as LIST_ENTRY_COLUMNS,
)
from watchjournal.interchange.letterboxd_csv import LIST_HEADER as LIST_HEADER
from watchjournal.interchange.letterboxd_csv import LIST_MAGIC as LIST_MAGIC
from watchjournal.interchange.letterboxd_csv import (
    Problems,
    check_film_rows,
    looks_like_import_csv,
    looks_like_list,
    read_import_csv,
    read_list_file,
    read_rows,
    rows_of,
)
from watchjournal.interchange.letterboxd_films import AMBIGUOUS, FilmIndex
from watchjournal.interchange.problems import ExportProblemsError as ExportProblemsError
from watchjournal.interchange.problems import left_out_warning, refuse, short_list
from watchjournal.interchange.tables import (
    Row,
    day_start,
    decode_text,
    parse_day,
    parse_stars,
    read_table,
    records,
    split_names,
)
from watchjournal.interchange.zipsafe import ExportFiles
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportList,
    ImportListEntry,
    ImportReview,
    ImportViewing,
    ImportWatchlist,
    Origin,
    Skipped,
)

FILM_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI")
RATING_COLUMNS = (*FILM_COLUMNS, "Rating")
DIARY_COLUMNS = (*RATING_COLUMNS, "Rewatch", "Tags", "Watched Date")
REVIEW_COLUMNS = (*RATING_COLUMNS, "Rewatch", "Review", "Tags", "Watched Date")
KNOWN_FILES = ("watched.csv", "diary.csv", "reviews.csv", "ratings.csv", "watchlist.csv")
# Files of an export a film journal has no place for: read only to say they are fine.
IGNORED_FILES = ("profile.csv", "comments.csv", "likes/lists.csv", "likes/reviews.csv")
# Entries the user deleted, and entries of films Letterboxd no longer has.
IGNORED_FOLDERS = ("deleted/", "orphaned/")
WHAT = "a Letterboxd export"


class LetterboxdReader:
    """Builds one batch from an export's rows: films by link, diary entries as viewings."""

    def __init__(self) -> None:
        self.batch = ImportBatch(kind="letterboxd")
        self.films = FilmIndex(self.batch.films)

    def _film_index(self, row: Row, *, linked: bool) -> int | None:
        """The row's film; None (and the row reported as skipped) if it cannot be told."""
        if linked and (uri := row.get("Letterboxd URI") or row.get("URL")):
            index = self.films.linked(row, uri)
        else:
            index = self.films.unlinked(row, row.get("Letterboxd URI"))
        if index is None:
            year = row.get("Year")
            what = f"{row.get('Name')} ({year})" if year else row.get("Name")
            self.batch.skipped.append(Skipped(row.origin, what, AMBIGUOUS))
        return index

    def _film(self, row: Row, *, linked: bool) -> ImportFilm | None:
        index = self._film_index(row, linked=linked)
        return None if index is None else self.batch.films[index]

    def watched_row(self, row: Row) -> None:
        film = self._film(row, linked=True)
        if film is not None:
            film.viewings.append(ImportViewing(None, implied=True))

    def rating_row(self, row: Row) -> None:
        rating = parse_stars(row.get("Rating"), row.origin)
        day = parse_day(row.get("Date"), row.origin, "Date")
        film = self._film(row, linked=True)
        if film is not None and rating is not None:
            film.reviews.append(
                ImportReview(rating_tenths=rating, created_at=day_start(day), implied=True)
            )

    def watchlist_row(self, row: Row) -> None:
        day = parse_day(row.get("Date"), row.origin, "Date")
        film = self._film(row, linked=True)
        if film is not None:
            film.watchlist = ImportWatchlist(added_at=day_start(day))

    def like_row(self, row: Row) -> None:
        film = self._film(row, linked=True)
        if film is not None:
            film.fields = replace(film.fields, liked=True)

    def diary_row(self, row: Row) -> None:
        """A diary entry is a viewing with the entry's tags; a rating on it is a review of
        that viewing (tags alone make no review)."""
        rating = parse_stars(row.get("Rating"), row.origin)
        watched = parse_day(row.get("Watched Date"), row.origin, "Watched Date", watched=True)
        logged = parse_day(row.get("Date"), row.origin, "Date")
        viewing = self._entry_viewing(row, watched or logged)
        film = self._film(row, linked=False)
        if film is None:
            return
        film.viewings.append(viewing)
        if rating is not None:
            film.reviews.append(
                ImportReview(
                    rating_tenths=rating,
                    viewing=len(film.viewings) - 1,
                    created_at=day_start(logged),
                )
            )

    @staticmethod
    def _entry_viewing(row: Row, day: date | None) -> ImportViewing:
        rewatch = row.get("Rewatch")
        if rewatch not in ("", "Yes"):
            raise ImportFormatError(
                f'Rewatch "{rewatch[:20]}" should be "Yes" or empty', row.origin
            )
        return ImportViewing(
            watched_on=day,
            rewatch_override=True if rewatch == "Yes" else None,
            tags=split_names(row.get("Tags")),
        )

    def review_row(self, row: Row) -> None:
        """A review joins the diary entry of its watched date; with no watched date it
        stays a review of the film, on the day it was posted, and makes no viewing."""
        watched = parse_day(row.get("Watched Date"), row.origin, "Watched Date", watched=True)
        logged = parse_day(row.get("Date"), row.origin, "Date")
        rating = parse_stars(row.get("Rating"), row.origin)
        entry = self._entry_viewing(row, watched)  # checked even when unused: every problem
        film = self._film(row, linked=False)
        if film is None or not (entry.tags or rating is not None or row.get("Review")):
            return
        body = row.values["Review"].strip()
        viewing: int | None = None
        if watched is not None:
            rated = self._diary_rating(film, watched)
            if rated is not None:
                rated.body, rated.tags = body, entry.tags
                rated.rating_tenths = rated.rating_tenths or rating
                return
            viewing = self._free_viewing(film, watched)
            if viewing is None:  # an entry diary.csv does not have: the review row has it
                film.viewings.append(entry)
                viewing = len(film.viewings) - 1
        film.reviews.append(
            ImportReview(
                rating_tenths=rating,
                body=body,
                tags=entry.tags,
                viewing=viewing,
                created_at=day_start(logged),
            )
        )

    @staticmethod
    def _free_viewing(film: ImportFilm, day: date) -> int | None:
        """A diary viewing of that day no review has claimed yet."""
        claimed = {r.viewing for r in film.reviews}
        for index, viewing in enumerate(film.viewings):
            if viewing.watched_on == day and not viewing.implied and index not in claimed:
                return index
        return None

    @staticmethod
    def _diary_rating(film: ImportFilm, day: date) -> ImportReview | None:
        """The rating-only review a diary row of that day made, not yet given its text."""
        for review in film.reviews:
            if review.viewing is None or review.body or review.implied:
                continue
            if film.viewings[review.viewing].watched_on == day:
                return review
        return None

    def read_list(self, name: str, text: str, problems: Problems) -> None:
        """One list file; with any problem (added to ``problems``) none of it is kept."""
        found: Problems = []
        try:
            listing = read_list_file(text, name)
            created = parse_day(listing.details.get("Date", ""), listing.origin, "Date")
            rows = list(rows_of(listing.entries, listing.columns, name, found))
        except ImportFormatError as exc:
            problems.append(exc)
            return
        check_film_rows(rows, found)
        if found:
            problems.extend(found)
            return
        film_list = ImportList(
            name=listing.details["Name"].strip() or name.rsplit("/", 1)[-1].removesuffix(".csv"),
            origin=listing.origin,
            description=listing.details.get("Description", "").strip() or None,
            created_at=day_start(created),
        )
        for row in rows:
            index = self._film_index(row, linked=True)  # a list row's URL is the film's link
            if index is not None:
                note = row.values.get("Description", "").strip() or None
                film_list.entries.append(ImportListEntry(index, note))
        self.batch.lists.append(film_list)

    def finish(self) -> ImportBatch:
        """Drop what is implied but already said: a watched mark for a film with diary
        entries, a bare rating for a film whose diary entry carries one."""
        for film in self.batch.films:
            if any(not v.implied for v in film.viewings):
                self._drop_implied_viewings(film)
            elif len(film.viewings) > 1:
                del film.viewings[1:]
            if any(r.rating_tenths is not None and not r.implied for r in film.reviews):
                film.reviews = [r for r in film.reviews if not r.implied]
        return self.batch

    @staticmethod
    def _drop_implied_viewings(film: ImportFilm) -> None:
        keep = [i for i, v in enumerate(film.viewings) if not v.implied]
        renumber = {old: new for new, old in enumerate(keep)}
        film.viewings = [film.viewings[i] for i in keep]
        for review in film.reviews:
            if review.viewing is not None:
                review.viewing = renumber[review.viewing]


class _ExportRead:
    """One pass over an export's files, gathering problems and warnings as it goes."""

    def __init__(self, files: ExportFiles) -> None:
        self.files = files
        self.names = {name.lower(): name for name in files}
        self.reader = LetterboxdReader()
        self.errors: Problems = []
        # The problems of the optional files left out: the refusal if nothing else is there.
        self.skipped: Problems = []

    def text(self, name: str, found: Problems) -> str | None:
        try:
            return decode_text(self.files[name], name, self.reader.batch.notes)
        except ImportFormatError as exc:
            found.append(exc)
            return None

    def table(
        self, file: str, columns: tuple[str, ...], handler: Callable[[Row], None], found: Problems
    ) -> None:
        name = self.names[file]
        text = self.text(name, found)
        if text is None:
            return
        try:
            rows: Iterable[Row] = read_rows(text, name, columns, found)
            if found is not self.errors:  # an optional file is checked before it is applied
                rows = list(rows)
                check_film_rows(rows, found)
                if found:
                    return
            for row in rows:  # a core file: each row is handled as the CSV reader yields it
                try:
                    handler(row)
                except ImportFormatError as exc:
                    found.append(exc)
        except ImportFormatError as exc:  # the header, or CSV that cannot be read on
            found.append(exc)

    def core(self, *tables: tuple[str, tuple[str, ...], Callable[[Row], None]]) -> None:
        """Core files, those of ``tables`` the export has: their problems refuse the import."""
        for file, columns, handler in tables:
            if file in self.names:
                self.table(file, columns, handler, self.errors)

    def optional(self, name: str, read: Callable[[Problems], None]) -> None:
        found: Problems = []
        read(found)
        if found:
            self.skipped.extend(found)
            self.reader.batch.warnings.append(left_out_warning(name, found))

    def looked_at(self, name: str) -> None:
        """A file left out knowingly: an unreadable one is still worth a warning."""
        found: Problems = []
        text = self.text(name, found)
        try:
            if text is not None and not any(
                any(v.strip() for v in vs) for _n, vs in records(text, name)
            ):
                found.append(ImportFormatError("is empty", Origin(name, 1)))
        except ImportFormatError as exc:
            found.append(exc)
        if found:
            self.reader.batch.warnings.append(left_out_warning(name, found))


def read_letterboxd(files: ExportFiles) -> ImportBatch:
    """Turn the files of a Letterboxd export into an ImportBatch (nothing is written)."""
    names = {name.lower(): name for name in files}
    single = len(files) == 1 and "/" not in next(iter(files))
    if single and not any(known in names for known in KNOWN_FILES):
        return _read_single_csv(files)
    if not any(known in names for known in KNOWN_FILES) and not any(
        n.startswith("lists/") for n in names
    ):
        found = ", ".join(sorted(files)[:5]) or "no files"
        raise ImportFormatError(
            f"this is not a Letterboxd export: none of {', '.join(KNOWN_FILES)} found ({found})"
        )
    run = _ExportRead(files)
    reader = run.reader
    # Files that give film links first, so that diary and reviews rows (which have
    # none) are matched against every film of the export.
    run.core(
        ("watched.csv", FILM_COLUMNS, reader.watched_row),
        ("ratings.csv", RATING_COLUMNS, reader.rating_row),
        ("watchlist.csv", FILM_COLUMNS, reader.watchlist_row),
    )
    if "likes/films.csv" in names:
        run.optional(
            names["likes/films.csv"],
            lambda found: run.table("likes/films.csv", FILM_COLUMNS, reader.like_row, found),
        )
    left_out: list[str] = []
    for lower, name in sorted(names.items()):
        if lower.startswith(IGNORED_FOLDERS) or lower in IGNORED_FILES:
            left_out.append(name)
            run.looked_at(name)
        elif lower.startswith("lists/") and lower.endswith(".csv"):
            run.optional(name, partial(_read_list, run, name))
    run.core(
        ("diary.csv", DIARY_COLUMNS, reader.diary_row),
        ("reviews.csv", REVIEW_COLUMNS, reader.review_row),
    )
    refuse(run.errors, WHAT)
    if not any(known in names for known in KNOWN_FILES) and not reader.batch.lists:
        refuse(run.skipped, WHAT)  # only lists, none of them readable: nothing would be imported
    if left_out:
        reader.batch.notes.append(
            "left out, as a film journal has no place for them: " + short_list(left_out)
        )
    return reader.finish()


def _read_list(run: _ExportRead, name: str, found: Problems) -> None:
    text = run.text(name, found)
    if text is not None:
        run.reader.read_list(name, text, found)


def _read_single_csv(files: ExportFiles) -> ImportBatch:
    """One CSV: Letterboxd's import format, a list file, or one file of an export."""
    [(name, data)] = files.items()
    notes: list[str] = []
    text = decode_text(data, name, notes)
    if looks_like_list(text, name):
        reader = LetterboxdReader()
        problems: Problems = []
        reader.read_list(name, text, problems)
        refuse(problems, WHAT)
        reader.batch.notes.extend(notes)
        return reader.finish()
    header = read_table(text, name, (), WHAT).header
    if looks_like_import_csv(header):
        batch = read_import_csv(read_table(text, name, ("Title",), WHAT).rows)
        batch.notes.extend(notes)
        return batch
    raise ImportFormatError(
        "is not a Letterboxd export: give the export's zip or folder, a list file,"
        " or a CSV with a Title column",
        Origin(name, 1),
    )
