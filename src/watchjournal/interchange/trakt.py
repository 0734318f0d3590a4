"""Reading a Trakt data export (the zip trakt.tv gives, or its folder) into an ImportBatch.

Movies only. The files read, found by name in any folder of the export, with
long ones split into numbered pages (``watched-history-1.json``, ``-2``...):

- core: ``watched-history.json`` (every play: a viewing on its day; a play in
  two files, by Trakt's id of the play, once),
  ``watched-movies.json`` (films marked watched: a viewing without a date, kept
  only for a film with no dated one), ``ratings-movies.json`` (Trakt's 1-10,
  a rating-only review) and ``lists-watchlist.json`` (rank, date and note); the
  older API-style ``history.json``, ``watched_movies.json``, ``ratings_movies.json``
  and ``watchlist_movies.json`` (``watchlist.json`` in older exports' lists/
  folder) the same way;
- optional: ``lists-favorites.json`` (liked films), ``lists-lists.json`` and
  ``lists-collaborations.json`` (the lists' names and descriptions) and each
  list's items, ``lists-list-<id>-<slug>.json`` (entries in rank order, with notes).

One file given on its own under a name of its own is recognised by its first
item (a play, a rating or a watched mark).

A play's day is the date of its ``watched_at`` in UTC, as Trakt gives it: the
export does not say where each play happened (the profile's time zone is the
account's today, not the one of a play years ago), and reading it the same way
on every machine keeps a second import of the same export a no-op.

Films are identified across files by their Trakt id, else their IMDb id, else
their TMDB id, else title and year; an item with any id that matches no film so
far is a new film, even if another film has its title and year. Shows, seasons,
episodes and persons in these files are skipped and counted; files about TV
only, comments, the collection, the profile and the settings are left out
unread, with a note. Every file is checked in one pass: problems in core files
refuse the import, all named at once with file and line; an optional file with
a problem is left out with a warning and the rest imports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from watchjournal.errors import ValidationError
from watchjournal.interchange.problems import left_out_warning, refuse, short_list
from watchjournal.interchange.trakt_items import (
    Item,
    TraktMovie,
    classify,
    item_problem,
    load_items,
    notes,
    parse_stamp,
    rank,
    rating,
    stamp,
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
from watchjournal.journal.types import FilmFields
from watchjournal.journal.validate import fold_key

WHAT = "a Trakt export"
# What each file (its name without folder, page number and .json) holds.
CORE_FILES = {
    "watched-history": "history",
    "history": "history",
    "watched-movies": "watched",
    "watched_movies": "watched",
    "ratings-movies": "ratings",
    "ratings_movies": "ratings",
    "lists-watchlist": "watchlist",
    "watchlist_movies": "watchlist",
    "watchlist": "watchlist",
}
OPTIONAL_FILES = {
    "lists-favorites": "favorites",
    "lists-lists": "lists",
    "lists-collaborations": "lists",
}
_PAGED = re.compile(r"(?P<base>[a-z_-]+?)(?:-(?P<page>\d{1,6}))?\.json")
_LIST_ITEMS = re.compile(r"lists-list-(?P<id>\d{1,18})(?:-(?P<slug>.*))?\.json", re.IGNORECASE)
# The order files are applied in: plays first, so a watched mark knows about them.
_ORDER = ("history", "watched", "ratings", "watchlist", "favorites", "lists", "list")

Problems = list[ImportFormatError]


@dataclass(frozen=True)
class ListDetails:
    """A list as lists-lists.json describes it; its items are in their own file."""

    trakt_id: int
    name: str
    description: str | None
    created_at: datetime | None
    updated_at: datetime | None


@dataclass
class TraktFile:
    """One file of the export: what it holds, and what reading it found."""

    name: str
    kind: str
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    lists: list[ListDetails] = field(default_factory=list)  # lists-lists.json only
    problems: Problems = field(default_factory=list)

    @property
    def optional(self) -> bool:
        return self.kind not in CORE_FILES.values()


def file_kind(name: str) -> tuple[str, int] | None:
    """What a file holds and its page number, from its name; None for other files."""
    base = PurePosixPath(name).name.lower()
    if _LIST_ITEMS.fullmatch(base):
        return "list", 0
    match = _PAGED.fullmatch(base)
    if match is None:
        return None
    kind = CORE_FILES.get(match["base"]) or OPTIONAL_FILES.get(match["base"])
    return (kind, int(match["page"] or 0)) if kind else None


def sniff_kind(data: bytes, name: str) -> str | None:
    """What a JSON file of Trakt items holds, from its first item (for a single file
    saved under a name of its own); None if it does not look like one."""
    try:
        first = next((v for _o, v in load_items(data, name) if isinstance(v, dict)), None)
    except ImportFormatError:
        return None
    if first is None or not any(isinstance(first.get(k), dict) for k in ("movie", "show")):
        return None
    for key, kind in (("watched_at", "history"), ("rated_at", "ratings"), ("plays", "watched")):
        if key in first:
            return kind
    return None


def read_file(name: str, data: bytes, kind: str) -> TraktFile:
    """Parse and check one file; its problems are gathered, not raised."""
    read = TraktFile(name, kind)
    try:
        values = load_items(data, name)
    except ImportFormatError as exc:
        read.problems.append(exc)
        return read
    for number, (origin, value) in enumerate(values, start=1):
        try:
            if kind == "lists":
                read.lists.append(_list_details(value, origin, number))
                continue
            item = classify(value, origin, number)
            if isinstance(item, Skipped):
                read.skipped.append(item)
            else:
                _check(item, kind)
                read.items.append(item)
        except ImportFormatError as exc:
            read.problems.append(exc)
    return read


def _check(item: Item, kind: str) -> None:
    """Everything the reader will ask of an item, asked now, so that all of a file's
    problems are known before any of it is used."""
    if kind == "history":
        stamp(item, "watched_at", required=True)
    elif kind == "ratings":
        rating(item)
        stamp(item, "rated_at")
    elif kind != "watched":
        rank(item)
        stamp(item, "listed_at")
        notes(item)


def _list_details(value: object, origin: Origin, number: int) -> ListDetails:
    """A list's name, description and times from lists-lists.json, checked."""
    if not isinstance(value, dict) or not isinstance(value.get("ids"), dict):
        raise item_problem("is not a list's details", origin, number)
    list_id, name = value["ids"].get("trakt"), value.get("name")
    if isinstance(list_id, bool) or not isinstance(list_id, int):
        raise item_problem("the list has no Trakt id", origin, number)
    if not isinstance(name, str) or not name.strip():
        raise item_problem("the list has no name", origin, number)
    description = value.get("description")
    if description is not None and not isinstance(description, str):
        raise item_problem("the list's description is not text", origin, number)
    try:
        created, updated = (parse_stamp(value.get(k), k) for k in ("created_at", "updated_at"))
    except ValidationError as exc:
        raise item_problem(str(exc), origin, number) from None
    return ListDetails(list_id, name.strip(), (description or "").strip() or None, created, updated)


class TraktReader:
    """One film per Trakt film across all the files of an export."""

    def __init__(self) -> None:
        self.batch = ImportBatch(kind="trakt")
        self._ids: dict[str, dict[object, int]] = {"trakt": {}, "imdb": {}, "tmdb": {}}
        self._titles: dict[tuple[str, int | None], int] = {}
        self._lists: dict[int, ListDetails] = {}
        # Trakt's ids of the plays read: the same play in two files (an export's
        # watched-history.json beside an older backup's history.json) is one viewing.
        self._plays: set[int] = set()

    def film_index(self, movie: TraktMovie, origin: Origin) -> int:
        """The film's index in the batch, added if it is new; ids it brings are kept."""
        ids = {"trakt": movie.trakt, "imdb": movie.imdb, "tmdb": movie.tmdb}
        index = next(
            (self._ids[k][v] for k, v in ids.items() if v is not None and v in self._ids[k]),
            None,
        )
        title_key = (fold_key(movie.title), movie.year)
        if index is None and not any(v is not None for v in ids.values()):
            index = self._titles.get(title_key)  # no id at all: title and year decide
        if index is None:
            index = len(self.batch.films)
            fields = FilmFields(title=movie.title, year=movie.year)
            self.batch.films.append(ImportFilm(fields, origin))
            self._titles.setdefault(title_key, index)
        film, fields = self.batch.films[index], self.batch.films[index].fields
        # The ids this item brings lead here from now on; the film keeps the ones it has.
        trakt, imdb, tmdb = (self._claim(k, v, index) for k, v in ids.items())
        film.fields = replace(
            fields,
            trakt_id=fields.trakt_id if fields.trakt_id is not None else _int(trakt),
            imdb_id=fields.imdb_id or (imdb if isinstance(imdb, str) else None),
            tmdb_id=fields.tmdb_id if fields.tmdb_id is not None else _int(tmdb),
        )
        return index

    def _claim(self, key: str, value: object, index: int) -> object:
        """``value`` if it now belongs to the film at ``index`` (None if another has it)."""
        if value is None:
            return None
        return value if self._ids[key].setdefault(value, index) == index else None

    def film(self, item: Item) -> ImportFilm:
        return self.batch.films[self.film_index(item.movie, item.origin)]

    def apply(self, read: TraktFile) -> None:
        self.batch.skipped.extend(read.skipped)
        handlers: dict[str, Callable[[Item], None]] = {
            "history": self._play,
            "watched": self._watched,
            "ratings": self._rating,
            "watchlist": self._watchlist,
            "favorites": self._favorite,
        }
        if read.kind == "lists":
            self._lists.update((details.trakt_id, details) for details in read.lists)
        elif read.kind == "list":
            self._list(read)
        else:
            for item in read.items:
                handlers[read.kind](item)

    def _play(self, item: Item) -> None:
        play_id = item.fields.get("id")
        if isinstance(play_id, int) and not isinstance(play_id, bool):
            if play_id in self._plays:
                return
            self._plays.add(play_id)
        watched = stamp(item, "watched_at", required=True)
        assert watched is not None  # checked when the file was read
        self.film(item).viewings.append(ImportViewing(watched.date(), created_at=watched))

    def _watched(self, item: Item) -> None:
        film = self.film(item)
        if not film.viewings:
            film.viewings.append(ImportViewing(None, implied=True))

    def _rating(self, item: Item) -> None:
        film = self.film(item)
        if not any(review.rating_tenths is not None for review in film.reviews):
            film.reviews.append(
                ImportReview(
                    rating_tenths=rating(item) * 10,
                    created_at=stamp(item, "rated_at"),
                    implied=True,
                )
            )

    def _watchlist(self, item: Item) -> None:
        film = self.film(item)
        if film.watchlist is None:
            film.watchlist = ImportWatchlist(
                added_at=stamp(item, "listed_at"), note=notes(item), position=rank(item)
            )

    def _favorite(self, item: Item) -> None:
        film = self.film(item)
        film.fields = replace(film.fields, liked=True)

    def _list(self, read: TraktFile) -> None:
        """A list's items in rank order; a list with no film in it (only shows) is left out."""
        match = _LIST_ITEMS.fullmatch(PurePosixPath(read.name).name)
        assert match is not None  # only such files are read as lists
        details = self._lists.get(int(match["id"]))
        slug_name = " ".join((match["slug"] or "").replace("-", " ").split())
        name = details.name if details else slug_name or f"Trakt list {match['id']}"
        ordered = sorted(read.items, key=lambda item: (rank(item) is None, rank(item) or 0))
        entries: dict[int, ImportListEntry] = {}
        for item in ordered:
            index = self.film_index(item.movie, item.origin)
            entries.setdefault(index, ImportListEntry(index, notes(item)))
        if not entries:
            self.batch.notes.append(f'{read.name}: the list "{name}" holds no film; left out')
            return
        self.batch.lists.append(
            ImportList(
                name=name,
                origin=Origin(read.name, 0),
                description=details.description if details else None,
                entries=list(entries.values()),
                created_at=details.created_at if details else None,
                updated_at=details.updated_at if details else None,
            )
        )

    def finish(self) -> ImportBatch:
        """A watched mark is only kept for a film with no dated play."""
        for film in self.batch.films:
            if any(not viewing.implied for viewing in film.viewings):
                film.viewings = [viewing for viewing in film.viewings if not viewing.implied]
        return self.batch


def _no_film(batch: ImportBatch) -> ImportFormatError:
    if not batch.skipped:
        return ImportFormatError(
            "no film was found in this Trakt export: its files hold no items. Nothing was imported."
        )
    counts = Counter(skip.reason for skip in batch.skipped)
    found = "; ".join(f"{n} {reason}" for reason, n in counts.most_common())
    return ImportFormatError(
        f"no film was found in this Trakt export: all {len(batch.skipped)} items were"
        f" left out ({found}); WatchJournal keeps films only. Nothing was imported."
    )


def _files_to_read(files: ExportFiles) -> list[tuple[str, str, int]]:
    found = []
    for name in files:
        kind = file_kind(name)
        if kind is not None:
            found.append((name, *kind))
    if not found and len(files) == 1:
        [(name, data)] = files.items()
        sniffed = sniff_kind(data, name) if name.lower().endswith(".json") else None
        if sniffed is not None:
            found.append((name, sniffed, 0))
    if not found:
        shown = short_list(sorted(files), 5) or "no files"
        raise ImportFormatError(
            "this is not a Trakt export: none of watched-history.json, watched-movies.json,"
            f" ratings-movies.json, lists-watchlist.json or their older names found ({shown})"
        )
    # Pages in order (2 before 10), each kind after the ones it builds on.
    return sorted(found, key=lambda f: (_ORDER.index(f[1]), _folder(f[0]), f[2], f[0]))


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _folder(name: str) -> str:
    return str(PurePosixPath(name).parent)


def read_trakt(files: ExportFiles) -> ImportBatch:
    """Turn the files of a Trakt export into an ImportBatch (nothing is written)."""
    reads = [read_file(name, files[name], kind) for name, kind, _page in _files_to_read(files)]
    refuse([problem for read in reads if not read.optional for problem in read.problems], WHAT)
    reader = TraktReader()
    left_out: Problems = []
    for read in reads:
        if read.problems:  # an optional file: left out whole, with a warning
            left_out.extend(read.problems)
            reader.batch.warnings.append(left_out_warning(read.name, read.problems))
        else:
            reader.apply(read)
    read_names = {read.name for read in reads}
    unread = sorted(name for name in files if name not in read_names)
    if unread:
        reader.batch.notes.append(
            "left out, as a film journal has no place for them (TV shows, comments,"
            " the collection, the profile and settings): " + short_list(unread)
        )
    if not reader.batch.films:
        refuse(left_out, WHAT)  # nothing readable but the optional files that were left out
        raise _no_film(reader.batch)
    return reader.finish()
