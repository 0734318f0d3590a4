"""Reading IMDb exports (ratings, watchlist and list CSVs; one file, a folder or a zip).

A file is recognised by its columns: ``Position`` makes it a list (the
watchlist when its name says so), ``Your Rating`` without ``Position`` the
ratings. Every generation of the format is read: 2011's quoted lowercase
``position,const,created,...,Title type,...,You rated`` with ctime dates
("Sat Jan 22 00:00:00 2011"), 2017-2019's Windows-1252 files without Original
Title, 2021's, and 2025's fully quoted files with Original Title. Column names
are matched without regard to case.

Films are feature films, TV movies, shorts, videos and documentaries, with
their title types recognised in the languages IMDb exports in (an Italian
export says ``Film``, ``Corto``, ``Serie TV``). Series, episodes, specials and
games are skipped and counted in the report; an export in which no film at all
is recognised is refused with the count of each title type, never imported as
"nothing new".
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from pathlib import PurePosixPath

from watchjournal.errors import ValidationError
from watchjournal.interchange.tables import (
    Row,
    Table,
    check_header,
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
WHAT = "an IMDb export"

# The column names used here; a file's names are matched to them whatever their case.
_COLUMNS = (
    "Position",
    "Const",
    "Created",
    "Modified",
    "Description",
    "Title",
    "Original Title",
    "URL",
    "Title Type",
    "IMDb Rating",
    "Runtime (mins)",
    "Year",
    "Genres",
    "Num Votes",
    "Release Date",
    "Directors",
    "Your Rating",
    "Date Rated",
)
# Names the 2011-2016 exports used for the same columns.
_OLD_NAMES = {
    "you rated": "Your Rating",
    "num. votes": "Num Votes",
    "release date (month/day/year)": "Release Date",
}
_COLUMN_NAMES = {name.lower(): name for name in _COLUMNS} | _OLD_NAMES


def _type_key(text: str) -> str:
    """A title type reduced for matching: case, accents, hyphens and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def _keys(*types: str) -> frozenset[str]:
    return frozenset(_type_key(t) for t in types)


# Title types that are films, as IMDb writes them: its own codes (2017-2021), the
# English labels (2011, 2025) and the labels of its Italian, German, French,
# Spanish and Portuguese sites. A film journal takes TV movies, shorts and videos.
FILM_TYPES = _keys(
    # IMDb's codes and English labels
    "movie", "Feature Film", "Film", "tvMovie", "TV Movie", "short",
    "Short Film", "tvShort", "TV Short", "video", "Video Movie", "Documentary",
    # Italian
    "Film TV", "Film per la TV", "Film per la televisione", "Corto", "Cortometraggio",
    "Documentario",
    # German
    "Spielfilm", "Fernsehfilm", "TV-Film", "Kurzfilm", "Dokumentarfilm", "Dokumentation",
    # French
    "Téléfilm", "Film TV", "Court métrage", "Court-métrage", "Vidéo", "Documentaire",
    # Spanish
    "Película", "Película de TV", "Película para televisión", "Película para TV",
    "Telefilme", "Cortometraje", "Documental",
    # Portuguese
    "Filme", "Filme para TV", "Filme de TV", "Filme para televisão", "Curta-metragem",
    "Curta", "Documentário",
)  # fmt: skip

# Title types known not to be films (series, episodes, specials, games), so a
# skipped row says "not a film" rather than "unknown title type".
NOT_FILM_TYPES = _keys(
    "tvSeries", "TV Series", "tvMiniSeries", "TV Mini Series", "TV Mini-Series",
    "Mini-Series", "Miniseries", "tvEpisode", "TV Episode", "Episode", "tvSpecial",
    "TV Special", "videoGame", "Video Game", "podcastSeries", "Podcast Series",
    "podcastEpisode", "Podcast Episode", "musicVideo", "Music Video",
    # Italian
    "Serie TV", "Mini serie TV", "Miniserie TV", "Episodio TV", "Speciale TV",
    "Videogioco", "Video musicale",
    # German
    "Fernsehserie", "TV-Serie", "Miniserie", "TV-Miniserie", "Fernseh-Miniserie",
    "Folge", "TV-Folge", "TV-Episode", "TV-Special", "Fernsehspecial", "Videospiel",
    "Musikvideo",
    # French
    "Série TV", "Série télévisée", "Mini-série", "Mini-série TV", "Épisode",
    "Épisode TV", "Spécial TV", "Émission spéciale", "Jeu vidéo", "Clip vidéo",
    # Spanish
    "Serie de TV", "Serie de televisión", "Miniserie de TV", "Episodio",
    "Episodio de TV", "Especial de TV", "Videojuego", "Vídeo musical",
    # Portuguese
    "Série de TV", "Minissérie", "Minissérie de TV", "Episódio", "Episódio de TV",
    "Especial de TV", "Jogo", "Videogame", "Jogo eletrônico", "Videoclipe",
)  # fmt: skip

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def parse_imdb_day(text: str, origin: Origin, what: str) -> date | None:
    """A date as any IMDb export wrote it: ISO, or 2011's ctime "Sat Jan 22 00:00:00 2011"."""
    parts = text.split()
    if len(parts) == 5 and parts[1][:3].lower() in _MONTHS:
        # Read by hand, not with strptime, whose month names follow the locale.
        try:
            return date(int(parts[4]), _MONTHS[parts[1][:3].lower()], int(parts[2]))
        except ValueError:
            pass  # a day 31 of February, say: refused below with the usual message
    return parse_day(text, origin, what)


def _skip_reason(title_type: str) -> str | None:
    """Why a row of this title type is no film, or None when it is one."""
    key = _type_key(title_type)
    if key in FILM_TYPES:
        return None
    if key in NOT_FILM_TYPES:
        return f"not a film ({title_type})"
    if not key:
        return "not a film (no title type)"
    return f"unknown title type ({title_type})"


class ImdbReader:
    def __init__(self) -> None:
        self.batch = ImportBatch(kind="imdb")
        self._films: dict[str, int] = {}

    def film(self, row: Row) -> int | None:
        """The film of a row (index in the batch), or None if the title is no film."""
        title_type = row.get("Title Type")
        title = row.get("Title")
        reason = _skip_reason(title_type)
        if reason is not None:
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
            directors=tuple(dict.fromkeys(split_names(row.get("Directors")))),
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
        rated = parse_imdb_day(row.get("Date Rated"), row.origin, "Date Rated")
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
                added = parse_imdb_day(row.get("Created"), row.origin, "Created")
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


def _column_name(name: str) -> str:
    return _COLUMN_NAMES.get(" ".join(name.split()).lower(), name)


def _imdb_table(text: str, name: str) -> Table:
    """The file's table with its column names as used here, whatever their case or age."""
    raw = read_table(text, name, (), WHAT)
    header = tuple(_column_name(column) for column in raw.header)
    check_header(header, ("Const", "Title"), Origin(name, 1), WHAT)
    renamed = dict(zip(raw.header, header, strict=True))
    rows = [Row(r.origin, {renamed[k]: v for k, v in r.values.items()}) for r in raw.rows]
    return Table(name, header, rows)


def _no_film(batch: ImportBatch) -> ImportFormatError:
    counts = Counter(skip.reason for skip in batch.skipped)
    found = "; ".join(f"{n} {reason}" for reason, n in counts.most_common(8))
    return ImportFormatError(
        f"no film was recognised in this IMDb export: all {len(batch.skipped)} titles were"
        f" skipped ({found}). Nothing was imported."
    )


def read_imdb(files: ExportFiles) -> ImportBatch:
    """Turn IMDb export CSVs into an ImportBatch (nothing is written)."""
    reader = ImdbReader()
    csvs = sorted(name for name in files if name.lower().endswith(".csv"))
    if not csvs:
        found = ", ".join(sorted(files)[:5]) or "no files"
        raise ImportFormatError(f"this is not an IMDb export: no CSV files ({found})")
    for name in csvs:
        text = decode_text(files[name], name, reader.batch.notes)
        table = _imdb_table(text, name)
        origin = Origin(name, 1)
        if "Position" in table.header:
            check_header(table.header, LIST_COLUMNS, origin, "an IMDb list or watchlist")
            is_watchlist = "watchlist" in PurePosixPath(name).stem.lower()
            reader.read_list(name, table.rows, is_watchlist)
        else:
            check_header(table.header, RATINGS_COLUMNS, origin, "IMDb ratings")
            reader.read_ratings(table.rows)
    if not reader.batch.films and reader.batch.skipped:
        raise _no_film(reader.batch)
    return reader.batch
