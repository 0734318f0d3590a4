"""Reading Letterboxd's single CSV files: the *import* CSV (what ``export letterboxd``
writes, and what tools like it produce: ``Title,Year,imdbID,tmdbID,Directors,Rating,
Rating10,WatchedDate,Rewatch,Tags,Review``; only Title is required, as in
Letterboxd's own importer), and a list file of an export. A row with a
WatchedDate (or Rewatch) is a diary entry holding the row's tags, and a review of
it when it has a rating or text; a row without one is a review of the film.

A list file is a details table (``Date,Name,Tags,URL,Description``), a blank
line and the films (``Position,Name,Year,URL,Description``). Current exports
put a ``Letterboxd list export v7`` line first; older ones start with a blank
line instead. A description may run over many lines (with HTML), so the parts
are found by CSV record, never by line number.

Also the table reading the export's other files share: rows with their
lines, yielded as read, each bad row a problem of its own (not the end)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from watchjournal.errors import ValidationError
from watchjournal.interchange.letterboxd_films import canonical_link
from watchjournal.interchange.tables import (
    Row,
    check_header,
    parse_day,
    parse_number,
    parse_stars,
    parse_ten,
    parse_year,
    records,
    split_names,
)
from watchjournal.journal import validate
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportReview,
    ImportViewing,
    Origin,
)
from watchjournal.journal.types import FilmFields

LIST_MAGIC = "Letterboxd list export"
LIST_HEADER = ("Date", "Name", "Tags", "URL", "Description")
LIST_ENTRY_COLUMNS = ("Position", "Name", "Year", "URL")
WHAT_LIST = "a Letterboxd list"

_REWATCH = {"true": True, "yes": True, "false": False, "no": False, "": None}


def looks_like_import_csv(header: tuple[str, ...]) -> bool:
    return "Title" in header and "Letterboxd URI" not in header


def _film_fields(row: Row) -> FilmFields:
    tmdb = parse_number(row.get("tmdbID"), row.origin, "tmdbID")
    try:
        imdb_id = validate.check_imdb_id(row.get("imdbID"))
    except ValidationError as exc:
        raise ImportFormatError(str(exc), row.origin) from None
    return FilmFields(
        title=row.get("Title"),
        year=parse_year(row.get("Year"), row.origin),
        directors=split_names(row.get("Directors")),
        imdb_id=imdb_id,
        tmdb_id=int(tmdb) if tmdb is not None else None,
        letterboxd_uri=row.get("LetterboxdURI").strip() or None,
    )


def _rating(row: Row) -> int | None:
    if row.get("Rating10"):
        return parse_ten(row.get("Rating10"), row.origin)
    return parse_stars(row.get("Rating"), row.origin)


def read_import_csv(rows: list[Row]) -> ImportBatch:
    batch = ImportBatch(kind="letterboxd")
    films: dict[tuple[str, int | None, str | None, int | None, str | None], ImportFilm] = {}
    for row in rows:
        if not row.get("Title"):
            raise ImportFormatError("the film has no Title", row.origin)
        fields = _film_fields(row)
        # Two films of one title and year with different links stay two films.
        link = canonical_link(fields.letterboxd_uri) if fields.letterboxd_uri else None
        key = (validate.fold_key(fields.title), fields.year, fields.imdb_id, fields.tmdb_id, link)
        film = films.get(key)
        if film is None:
            film = films[key] = ImportFilm(fields, row.origin)
            batch.films.append(film)
        rewatch = row.get("Rewatch").lower()
        if rewatch not in _REWATCH:
            raise ImportFormatError(
                f"Rewatch {validate.quote(rewatch)} should be true or false", row.origin
            )
        watched = parse_day(row.get("WatchedDate"), row.origin, "WatchedDate", watched=True)
        rating, tags = _rating(row), split_names(row.get("Tags"))
        body = row.values.get("Review", "").strip()
        viewing = None
        if watched is not None or rewatch:
            # A diary entry: its tags are the entry's; as in a Letterboxd export, a
            # review with text carries them too, a rating alone does not, and tags
            # alone make no review.
            film.viewings.append(
                ImportViewing(watched, rewatch_override=_REWATCH[rewatch], tags=tags)
            )
            viewing = len(film.viewings) - 1
            if rating is not None or body:
                film.reviews.append(
                    ImportReview(
                        rating_tenths=rating, body=body, tags=tags if body else (), viewing=viewing
                    )
                )
        elif rating is not None or tags or body:
            film.reviews.append(ImportReview(rating_tenths=rating, body=body, tags=tags))
    return batch


Records = Iterator[tuple[int, list[str]]]


def _filled(numbered: Records) -> Records:
    """The records that hold something: blank lines (and rows of empty cells) are layout."""
    return ((line, values) for line, values in numbered if any(v.strip() for v in values))


def looks_like_list(text: str, name: str) -> bool:
    """True for a Letterboxd list file, with or without its "Letterboxd list export" line."""
    try:
        first = next(_filled(records(text, name)), None)
    except ImportFormatError:
        return False
    if first is None:
        return False
    cells = tuple(v.strip() for v in first[1])
    return cells[0].startswith(LIST_MAGIC) or (
        cells[:2] == LIST_HEADER[:2] and "URL" in cells and "Year" not in cells
    )


@dataclass(frozen=True)
class ListFile:
    """A list file read but not yet matched to films: its details and its rows."""

    details: dict[str, str]
    origin: Origin  # of the details row
    entries: Records  # the film rows, read as they are asked for
    columns: tuple[str, ...]


def read_list_file(text: str, name: str) -> ListFile:
    """The details and film table of a list file; raises ImportFormatError naming the line."""
    filled = _filled(records(text, name))
    line, values = next(filled, (1, []))
    if not values:
        raise ImportFormatError(f"is empty; expected {WHAT_LIST}", Origin(name, 1))
    if values[0].strip().startswith(LIST_MAGIC):
        line, values = next(filled, (line + 1, []))
    header = check_header(values, LIST_HEADER[:2], Origin(name, line), WHAT_LIST)
    line, values = next(filled, (line + 1, []))
    if len(values) != len(header) or values[0].strip() == LIST_ENTRY_COLUMNS[0]:
        raise ImportFormatError("the list's details row is missing", Origin(name, line))
    details = dict(zip(header, values, strict=True))
    origin = Origin(name, line)
    line, values = next(filled, (line + 1, []))
    columns = check_header(values, LIST_ENTRY_COLUMNS, Origin(name, line), WHAT_LIST)
    return ListFile(details, origin, filled, columns)


Problems = list[ImportFormatError]


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


def read_rows(text: str, name: str, columns: tuple[str, ...], found: Problems) -> Iterator[Row]:
    """The well-formed rows of one table, as they are read; the problems of the others go
    to ``found``. A missing or wrong header raises at once, before any row."""
    numbered = records(text, name)
    first = next(((n, v) for n, v in numbered if any(c.strip() for c in v)), None)
    what = f"Letterboxd's {name.rsplit('/', 1)[-1]}"
    if first is None:
        raise ImportFormatError(f"is empty; expected {what}", Origin(name, 1))
    header = check_header(first[1], columns, Origin(name, first[0]), what)
    return rows_of(numbered, header, name, found)
