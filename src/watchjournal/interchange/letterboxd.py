"""Reading a Letterboxd export (the zip or its unpacked folder) into an ImportBatch.

Films are keyed by name and year: in ``diary.csv`` and ``reviews.csv`` the
Letterboxd URI points at the diary entry, not the film, so only the other
files give a film its URI. A diary row and a reviews row for the same film
and watched date are one viewing, the review linked to it.

Every file is read in one pass and every problem is gathered, with its file
and line. A core file (diary, ratings, reviews, watched, watchlist) with a
problem refuses the import, naming all of them at once; an optional file (a
list, liked films) with a problem is left out with a warning and the rest
imports. Files a film journal has no place for (profile, comments, liked lists
and reviews, deleted/ and orphaned/ entries) are left out knowingly, with a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial

from watchjournal.interchange.letterboxd_csv import (
    # Re-exported: the list's columns are part of this reader's format too.
    LIST_ENTRY_COLUMNS as LIST_ENTRY_COLUMNS,
)
from watchjournal.interchange.letterboxd_csv import LIST_HEADER as LIST_HEADER
from watchjournal.interchange.letterboxd_csv import LIST_MAGIC as LIST_MAGIC
from watchjournal.interchange.letterboxd_csv import (
    Records,
    looks_like_import_csv,
    looks_like_list,
    read_import_csv,
    read_list_file,
)
from watchjournal.interchange.tables import (
    Row,
    check_header,
    day_start,
    decode_text,
    parse_day,
    parse_stars,
    parse_year,
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
    ImportWarning,
    ImportWatchlist,
    Origin,
)
from watchjournal.journal.types import FilmFields
from watchjournal.journal.validate import fold_key

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
# Problems named one by one in a refusal; a hostile file could have millions.
MAX_LISTED_PROBLEMS = 100

Problems = list[ImportFormatError]

FilmKey = tuple[str, int | None]


class LetterboxdReader:
    """Collects one film per name and year across all the export's files."""

    def __init__(self) -> None:
        self.batch = ImportBatch(kind="letterboxd")
        self._films: dict[FilmKey, int] = {}
        self._seen: dict[tuple[str, str], int] = {}

    def film(self, row: Row, *, film_uri: bool) -> ImportFilm:
        title = row.get("Name")
        raw = (title, row.get("Year"))
        index = self._seen.get(raw)  # a cache: folding titles is the slow part of parsing
        if index is None:
            if not title:
                raise ImportFormatError("the film has no name", row.origin)
            year = parse_year(raw[1], row.origin)
            key = (fold_key(title), year)
            index = self._films.get(key)
            if index is None:
                index = self._films[key] = len(self.batch.films)
                self.batch.films.append(ImportFilm(FilmFields(title=title, year=year), row.origin))
            self._seen[raw] = index
        film = self.batch.films[index]
        uri = row.get("Letterboxd URI") or row.get("URL")
        if film_uri and uri and film.fields.letterboxd_uri is None:
            film.fields = replace(film.fields, letterboxd_uri=uri)
        return film

    def film_index(self, film: ImportFilm) -> int:
        return self._films[(fold_key(film.fields.title), film.fields.year)]

    def watched_row(self, row: Row) -> None:
        film = self.film(row, film_uri=True)
        film.viewings.append(ImportViewing(None, implied=True))

    def rating_row(self, row: Row) -> None:
        film = self.film(row, film_uri=True)
        rating = parse_stars(row.get("Rating"), row.origin)
        day = parse_day(row.get("Date"), row.origin, "Date")
        if rating is not None:
            film.reviews.append(
                ImportReview(rating_tenths=rating, created_at=day_start(day), implied=True)
            )

    def watchlist_row(self, row: Row) -> None:
        film = self.film(row, film_uri=True)
        day = parse_day(row.get("Date"), row.origin, "Date")
        film.watchlist = ImportWatchlist(added_at=day_start(day))

    def like_row(self, row: Row) -> None:
        film = self.film(row, film_uri=True)
        film.fields = replace(film.fields, liked=True)

    def diary_row(self, row: Row) -> None:
        film = self.film(row, film_uri=False)
        viewing = self._viewing(film, row)
        rating = parse_stars(row.get("Rating"), row.origin)
        tags = split_names(row.get("Tags"))
        if rating is not None or tags:
            film.reviews.append(
                ImportReview(
                    rating_tenths=rating,
                    tags=tags,
                    viewing=viewing,
                    created_at=day_start(parse_day(row.get("Date"), row.origin, "Date")),
                )
            )

    def _viewing(self, film: ImportFilm, row: Row) -> int:
        watched = parse_day(row.get("Watched Date"), row.origin, "Watched Date", watched=True)
        logged = parse_day(row.get("Date"), row.origin, "Date")
        rewatch = row.get("Rewatch")
        if rewatch not in ("", "Yes"):
            raise ImportFormatError(
                f'Rewatch "{rewatch[:20]}" should be "Yes" or empty', row.origin
            )
        film.viewings.append(
            ImportViewing(
                watched_on=watched or logged,
                rewatch_override=True if rewatch == "Yes" else None,
            )
        )
        return len(film.viewings) - 1

    def review_row(self, row: Row) -> None:
        film = self.film(row, film_uri=False)
        watched = parse_day(row.get("Watched Date"), row.origin, "Watched Date", watched=True)
        logged = parse_day(row.get("Date"), row.origin, "Date")
        rating = parse_stars(row.get("Rating"), row.origin)
        tags = split_names(row.get("Tags"))
        body = row.values.get("Review", "").strip()
        existing = self._diary_review(film, watched or logged)
        if existing is not None:
            existing.body = body
            existing.rating_tenths = existing.rating_tenths or rating
            existing.tags = existing.tags or tags
            return
        viewing = self._same_day_viewing(film, watched or logged)
        if viewing is None:
            viewing = self._viewing(film, row)
        film.reviews.append(
            ImportReview(
                rating_tenths=rating,
                body=body,
                tags=tags,
                viewing=viewing,
                created_at=day_start(logged),
            )
        )

    @staticmethod
    def _same_day_viewing(film: ImportFilm, day: object) -> int | None:
        claimed = {r.viewing for r in film.reviews if r.body}
        for index, viewing in enumerate(film.viewings):
            if viewing.watched_on == day and not viewing.implied and index not in claimed:
                return index
        return None

    def _diary_review(self, film: ImportFilm, day: object) -> ImportReview | None:
        for review in film.reviews:
            viewing = film.viewings[review.viewing] if review.viewing is not None else None
            if viewing is not None and viewing.watched_on == day and not review.body:
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
            film = self.film(row, film_uri=False)
            note = row.values.get("Description", "").strip() or None
            film_list.entries.append(ImportListEntry(self.film_index(film), note))
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


def rows_of(
    numbered: Records, header: tuple[str, ...], name: str, found: Problems
) -> Iterator[Row]:
    """The rows of a table; a row with the wrong number of values is a problem, not the end."""
    for line, values in numbered:
        if not any(v.strip() for v in values):
            continue  # blank lines are harmless
        if len(values) != len(header):
            found.append(
                ImportFormatError(
                    f"has {len(values)} values but the header has {len(header)} columns",
                    Origin(name, line),
                )
            )
            continue
        yield Row(Origin(name, line), dict(zip(header, values, strict=True)))


def check_film_rows(rows: Iterable[Row], found: Problems) -> None:
    """What ``LetterboxdReader.film`` would refuse, found before any film is made."""
    for row in rows:
        if not row.get("Name"):
            found.append(ImportFormatError("the film has no name", row.origin))
            continue
        try:
            parse_year(row.get("Year"), row.origin)
        except ImportFormatError as exc:
            found.append(exc)


def read_rows(text: str, name: str, columns: tuple[str, ...], found: Problems) -> list[Row]:
    """Every well-formed row of one table; the problems of the others go to ``found``."""
    numbered = records(text, name)
    first = next(((n, v) for n, v in numbered if any(c.strip() for c in v)), None)
    what = f"Letterboxd's {name.rsplit('/', 1)[-1]}"
    if first is None:
        raise ImportFormatError(f"is empty; expected {what}", Origin(name, 1))
    header = check_header(first[1], columns, Origin(name, first[0]), what)
    return list(rows_of(numbered, header, name, found))


class ExportProblemsError(ImportFormatError):
    """Several problems in an export, every one named with its file and line."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        listed = [f"  {problem}" for problem in problems[:MAX_LISTED_PROBLEMS]]
        if len(problems) > MAX_LISTED_PROBLEMS:
            listed.append(f"  ... and {len(problems) - MAX_LISTED_PROBLEMS} more")
        super().__init__(
            f"{len(problems)} problems in {WHAT}; nothing was imported:\n" + "\n".join(listed)
        )


def refuse(problems: Problems) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ExportProblemsError(problems)


def _warning(name: str, found: Problems) -> ImportWarning:
    prefixes = (f"{name}, ", f"{name}: ")
    texts = []
    for problem in found[:3]:
        text = str(problem)
        for prefix in prefixes:
            text = text.removeprefix(prefix)
        texts.append(text)
    more = f" (and {len(found) - 3} more problems)" if len(found) > 3 else ""
    return ImportWarning(name, "; ".join(texts) + more)


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
            rows = read_rows(text, name, columns, found)
        except ImportFormatError as exc:
            found.append(exc)
            return
        if found is not self.errors:  # an optional file is checked before it is applied
            check_film_rows(rows, found)
            if found:
                return
        for row in rows:
            try:
                handler(row)
            except ImportFormatError as exc:
                found.append(exc)

    def optional(self, name: str, read: Callable[[Problems], None]) -> None:
        found: Problems = []
        read(found)
        if found:
            self.skipped.extend(found)
            self.reader.batch.warnings.append(_warning(name, found))

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
            self.reader.batch.warnings.append(_warning(name, found))


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
    for file, columns, handler in (
        ("watched.csv", FILM_COLUMNS, reader.watched_row),
        ("ratings.csv", RATING_COLUMNS, reader.rating_row),
        ("watchlist.csv", FILM_COLUMNS, reader.watchlist_row),
        ("diary.csv", DIARY_COLUMNS, reader.diary_row),
        ("reviews.csv", REVIEW_COLUMNS, reader.review_row),
    ):
        if file in names:
            run.table(file, columns, handler, run.errors)
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
    refuse(run.errors)
    if not any(known in names for known in KNOWN_FILES) and not reader.batch.lists:
        refuse(run.skipped)  # only lists, none of them readable: nothing would be imported
    if left_out:
        reader.batch.notes.append(
            "left out, as a film journal has no place for them: " + _short_list(left_out)
        )
    return reader.finish()


def _read_list(run: _ExportRead, name: str, found: Problems) -> None:
    text = run.text(name, found)
    if text is not None:
        run.reader.read_list(name, text, found)


def _short_list(names: list[str], most: int = 8) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _read_single_csv(files: ExportFiles) -> ImportBatch:
    """One CSV: Letterboxd's import format, a list file, or one file of an export."""
    [(name, data)] = files.items()
    notes: list[str] = []
    text = decode_text(data, name, notes)
    if looks_like_list(text, name):
        reader = LetterboxdReader()
        problems: Problems = []
        reader.read_list(name, text, problems)
        refuse(problems)
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
