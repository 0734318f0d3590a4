"""Reading IMDb exports (ratings, watchlist and list CSVs; one file, a folder or a zip).

A file is recognised by its columns: ``Position`` makes it a list (the
watchlist when its name says so), ``Your Rating`` without ``Position`` the
ratings. Only titles of type movie are imported; series, episodes, games and
the like are skipped and counted in the report.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from watchjournal.errors import ValidationError
from watchjournal.interchange.tables import (
    Row,
    day_start,
    decode_text,
    parse_day,
    parse_number,
    parse_ten,
    parse_year,
    read_table,
    split_names,
)
from watchjournal.interchange.zipsafe import ExportFiles
from watchjournal.journal import validate
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
from watchjournal.journal.types import FilmFields

RATINGS_COLUMNS = ("Const", "Your Rating", "Date Rated", "Title", "Title Type", "Year")
LIST_COLUMNS = ("Position", "Const", "Created", "Title", "Title Type", "Year")
FILM_TYPES = {"movie"}
WHAT = "an IMDb export"


class ImdbReader:
    def __init__(self) -> None:
        self.batch = ImportBatch(kind="imdb")
        self._films: dict[str, int] = {}

    def film(self, row: Row) -> int | None:
        """The film of a row (index in the batch), or None if the title is no film."""
        title_type = row.get("Title Type")
        title = row.get("Title")
        if title_type.lower() not in FILM_TYPES:
            reason = f"not a film ({title_type or 'no type'})"
            self.batch.skipped.append(Skipped(row.origin, title or row.get("Const"), reason))
            return None
        try:
            imdb_id = validate.check_imdb_id(row.get("Const"))
        except ValidationError as exc:
            raise ImportFormatError(str(exc), row.origin) from None
        if imdb_id is None or not title:
            raise ImportFormatError("the title has no IMDb id (Const) or no Title", row.origin)
        if imdb_id in self._films:
            return self._films[imdb_id]
        original = row.get("Original Title")
        runtime = parse_number(row.get("Runtime (mins)"), row.origin, "runtime")
        fields = FilmFields(
            title=title,
            original_title=original if original and original != title else None,
            year=parse_year(row.get("Year"), row.origin),
            directors=split_names(row.get("Directors")),
            genres=split_names(row.get("Genres")),
            runtime=int(runtime) if runtime and runtime > 0 else None,
            imdb_id=imdb_id,
        )
        self._films[imdb_id] = len(self.batch.films)
        self.batch.films.append(ImportFilm(fields, row.origin))
        return self._films[imdb_id]

    def rate(self, film: ImportFilm, row: Row) -> None:
        rating = parse_ten(row.get("Your Rating"), row.origin)
        if rating is None:
            return
        rated = parse_day(row.get("Date Rated"), row.origin, "Date Rated")
        if not any(r.rating_tenths is not None for r in film.reviews):
            film.reviews.append(
                ImportReview(rating_tenths=rating, created_at=day_start(rated), implied=True)
            )
        # A rated film was seen; when is not known.
        if not film.viewings:
            film.viewings.append(ImportViewing(None, implied=True))

    def read_ratings(self, rows: list[Row]) -> None:
        for row in rows:
            index = self.film(row)
            if index is not None:
                self.rate(self.batch.films[index], row)

    def read_list(self, name: str, rows: list[Row], watchlist: bool) -> None:
        title = PurePosixPath(name).stem
        film_list = ImportList(name=title, origin=Origin(name, 1))
        ordered = sorted(rows, key=lambda r: _position(r))
        for row in ordered:
            index = self.film(row)
            if index is None:
                continue
            film = self.batch.films[index]
            note = row.values.get("Description", "").strip() or None
            if "Your Rating" in row.values:
                self.rate(film, row)
            if watchlist:
                added = parse_day(row.get("Created"), row.origin, "Created")
                film.watchlist = ImportWatchlist(added_at=day_start(added), note=note)
            else:
                film_list.entries.append(ImportListEntry(index, note))
        if not watchlist:
            self.batch.lists.append(film_list)


def _position(row: Row) -> int:
    number = parse_number(row.get("Position"), row.origin, "Position")
    if number is None or number != number.to_integral_value():
        raise ImportFormatError(
            f'Position "{row.get("Position")}" is not a whole number', row.origin
        )
    return int(number)


def read_imdb(files: ExportFiles) -> ImportBatch:
    """Turn IMDb export CSVs into an ImportBatch (nothing is written)."""
    reader = ImdbReader()
    csvs = sorted(name for name in files if name.lower().endswith(".csv"))
    if not csvs:
        found = ", ".join(sorted(files)[:5]) or "no files"
        raise ImportFormatError(f"this is not an IMDb export: no CSV files ({found})")
    for name in csvs:
        text = decode_text(files[name], name, reader.batch.notes)
        header = read_table(text, name, ("Const", "Title"), WHAT).header
        if "Position" in header:
            table = read_table(text, name, LIST_COLUMNS, "an IMDb list or watchlist")
            is_watchlist = "watchlist" in PurePosixPath(name).stem.lower()
            reader.read_list(name, table.rows, is_watchlist)
        else:
            table = read_table(text, name, RATINGS_COLUMNS, "IMDb ratings")
            reader.read_ratings(table.rows)
    return reader.batch
