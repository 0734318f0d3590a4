"""Reading a Letterboxd export (the zip or its unpacked folder) into an ImportBatch.

Films are keyed by name and year: in ``diary.csv`` and ``reviews.csv`` the
Letterboxd URI points at the diary entry, not the film, so only the other
files give a film its URI. A diary row and a reviews row for the same film
and watched date are one viewing, the review linked to it.
"""

from __future__ import annotations

from dataclasses import replace

from watchjournal.interchange.letterboxd_csv import looks_like_import_csv, read_import_csv
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
    table_rows,
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
)
from watchjournal.journal.types import FilmFields
from watchjournal.journal.validate import fold_key

FILM_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI")
RATING_COLUMNS = (*FILM_COLUMNS, "Rating")
DIARY_COLUMNS = (*RATING_COLUMNS, "Rewatch", "Tags", "Watched Date")
REVIEW_COLUMNS = (*RATING_COLUMNS, "Rewatch", "Review", "Tags", "Watched Date")
LIST_MAGIC = "Letterboxd list export"
LIST_HEADER = ("Date", "Name", "Tags", "URL", "Description")
LIST_ENTRY_COLUMNS = ("Position", "Name", "Year", "URL")
KNOWN_FILES = ("watched.csv", "diary.csv", "reviews.csv", "ratings.csv", "watchlist.csv")
WHAT = "a Letterboxd export"

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

    def read_watched(self, rows: list[Row]) -> None:
        for row in rows:
            film = self.film(row, film_uri=True)
            film.viewings.append(ImportViewing(None, implied=True))

    def read_ratings(self, rows: list[Row]) -> None:
        for row in rows:
            film = self.film(row, film_uri=True)
            rating = parse_stars(row.get("Rating"), row.origin)
            day = parse_day(row.get("Date"), row.origin, "Date")
            if rating is not None:
                film.reviews.append(
                    ImportReview(rating_tenths=rating, created_at=day_start(day), implied=True)
                )

    def read_watchlist(self, rows: list[Row]) -> None:
        for row in rows:
            film = self.film(row, film_uri=True)
            day = parse_day(row.get("Date"), row.origin, "Date")
            film.watchlist = ImportWatchlist(added_at=day_start(day))

    def read_likes(self, rows: list[Row]) -> None:
        for row in rows:
            film = self.film(row, film_uri=True)
            film.fields = replace(film.fields, liked=True)

    def read_diary(self, rows: list[Row]) -> None:
        for row in rows:
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

    def read_reviews(self, rows: list[Row]) -> None:
        for row in rows:
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
                continue
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

    def read_list(self, name: str, text: str) -> None:
        numbered = records(text, name)
        first = next(numbered, None)
        if first is None or not first[1] or not first[1][0].startswith(LIST_MAGIC):
            raise ImportFormatError(
                f'is not a Letterboxd list (no "{LIST_MAGIC}" line)', Origin(name, 1)
            )
        line, header = next(numbered, (2, []))
        header = list(
            check_header(header, LIST_HEADER[:2], Origin(name, line), "a Letterboxd list")
        )
        line, values = next(numbered, (3, []))
        if len(values) != len(header):
            raise ImportFormatError("the list's details row is missing", Origin(name, line))
        details = dict(zip(header, values, strict=True))
        line, entry_header = next(numbered, (4, []))
        while not entry_header and line < 10:  # the blank line before the films
            line, entry_header = next(numbered, (line + 1, []))
        columns = check_header(
            entry_header, LIST_ENTRY_COLUMNS, Origin(name, line), "a Letterboxd list"
        )
        film_list = ImportList(
            name=details["Name"].strip() or name.rsplit("/", 1)[-1].removesuffix(".csv"),
            origin=Origin(name, 3),
            description=details.get("Description", "").strip() or None,
            created_at=day_start(parse_day(details.get("Date", ""), Origin(name, 3), "Date")),
        )
        for row in table_rows(numbered, columns, name):
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
    reader = LetterboxdReader()
    notes = reader.batch.notes

    def table(file: str, columns: tuple[str, ...]) -> list[Row] | None:
        if file not in names:
            return None
        name = names[file]
        return read_table(
            decode_text(files[name], name, notes), name, columns, f"Letterboxd's {file}"
        ).rows

    for file, columns, handler in (
        ("watched.csv", FILM_COLUMNS, reader.read_watched),
        ("ratings.csv", RATING_COLUMNS, reader.read_ratings),
        ("watchlist.csv", FILM_COLUMNS, reader.read_watchlist),
        ("likes/films.csv", FILM_COLUMNS, reader.read_likes),
        ("diary.csv", DIARY_COLUMNS, reader.read_diary),
        ("reviews.csv", REVIEW_COLUMNS, reader.read_reviews),
    ):
        rows = table(file, columns)
        if rows is not None:
            handler(rows)
    for lower, name in sorted(names.items()):
        if lower.startswith("lists/") and lower.endswith(".csv"):
            reader.read_list(name, decode_text(files[name], name, notes))
    return reader.finish()


def _read_single_csv(files: ExportFiles) -> ImportBatch:
    """One CSV: Letterboxd's import format, or one file of an export (like diary.csv)."""
    [(name, data)] = files.items()
    notes: list[str] = []
    text = decode_text(data, name, notes)
    header = read_table(text, name, (), WHAT).header
    if looks_like_import_csv(header):
        batch = read_import_csv(read_table(text, name, ("Title",), WHAT).rows)
        batch.notes.extend(notes)
        return batch
    raise ImportFormatError(
        "is not a Letterboxd export: give the export's zip or folder, or a CSV with a Title column",
        Origin(name, 1),
    )
