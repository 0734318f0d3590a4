"""Reading Letterboxd's *import* CSV (what ``export letterboxd`` writes, and what
tools like it produce): ``Title,Year,imdbID,tmdbID,Directors,Rating,Rating10,
WatchedDate,Rewatch,Tags,Review``. Only Title is required; the rest is optional
as in Letterboxd's own importer."""

from __future__ import annotations

from watchjournal.errors import ValidationError
from watchjournal.interchange.tables import (
    Row,
    parse_day,
    parse_number,
    parse_stars,
    parse_ten,
    parse_year,
    split_names,
)
from watchjournal.journal import validate
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportReview,
    ImportViewing,
)
from watchjournal.journal.types import FilmFields

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
    )


def _rating(row: Row) -> int | None:
    if row.get("Rating10"):
        return parse_ten(row.get("Rating10"), row.origin)
    return parse_stars(row.get("Rating"), row.origin)


def read_import_csv(rows: list[Row]) -> ImportBatch:
    batch = ImportBatch(kind="letterboxd")
    films: dict[tuple[str, int | None, str | None, int | None], ImportFilm] = {}
    for row in rows:
        if not row.get("Title"):
            raise ImportFormatError("the film has no Title", row.origin)
        fields = _film_fields(row)
        key = (validate.fold_key(fields.title), fields.year, fields.imdb_id, fields.tmdb_id)
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
        viewing = None
        if watched is not None or rewatch:
            film.viewings.append(ImportViewing(watched, rewatch_override=_REWATCH[rewatch]))
            viewing = len(film.viewings) - 1
        rating, tags = _rating(row), split_names(row.get("Tags"))
        body = row.values.get("Review", "").strip()
        if rating is not None or tags or body:
            film.reviews.append(
                ImportReview(rating_tenths=rating, body=body, tags=tags, viewing=viewing)
            )
    return batch
