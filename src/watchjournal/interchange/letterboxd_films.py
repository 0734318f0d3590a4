"""Which film of a Letterboxd export a row is about: its film link first, then title and year.

``watched.csv``, ``ratings.csv``, ``watchlist.csv``, ``likes/films.csv`` and the
list files give each row the film's own link (``Letterboxd URI`` or ``URL``).
Two rows with different links are two films, even with the same title and
year (Méliès made two "The Haunted Castle" in 1897; "Rain" and "rain", 2019,
fold to one key). Links are compared in one form only: current exports write
short links (``https://boxd.it/29Pq``), older ones ``letterboxd.com/film/<slug>/``,
and the two forms of one film cannot be told apart offline, so a link of the
other form neither joins nor splits films: the title and year decide, if they
point at exactly one film (or exactly one spelt the same), else the row is
left out and reported.

``diary.csv`` and ``reviews.csv`` rows carry the diary entry's link, not the
film's, so they are matched by title and year. When several films of the
export share both, the row goes to the one the export ties it to (an older
entry link ``letterboxd.com/<user>/film/<slug>/`` names the film's slug), else
to the one whose title is spelt exactly the same; otherwise it is left out and
reported (``AMBIGUOUS``), never guessed.
"""

from __future__ import annotations

from dataclasses import replace

from watchjournal.interchange.tables import Row, parse_year
from watchjournal.journal.import_types import ImportFilm, ImportFormatError
from watchjournal.journal.types import FilmFields
from watchjournal.journal.validate import fold_key

AMBIGUOUS = "matches several films with the same title and year"

FilmKey = tuple[str, int | None]

# The forms a Letterboxd film link comes in (bits: a film may have links of several).
SHORT_LINK = 1  # https://boxd.it/29Pq
SLUG_LINK = 2  # https://letterboxd.com/film/pulp-fiction/
OTHER_LINK = 4  # anything else (a hand-made file): compared as written


def _parts(uri: str) -> tuple[str, str] | None:
    """The host (lower case, no ``www.``) and path (no end slash) of a URL, or None."""
    _scheme, sep, rest = uri.partition("://")
    if not sep:
        return None
    host, _slash, path = rest.partition("/")
    return host.lower().removeprefix("www."), path.split("?", 1)[0].strip("/")


def canonical_link(uri: str) -> str:
    """A film link as compared: ``http``/``https``, ``www.`` and an end slash do not count."""
    parts = _parts(uri)
    if parts is None:
        return uri
    canonical = f"https://{parts[0]}/{parts[1]}"
    return uri if canonical == uri else canonical  # keeps one string, not two, per film


def link_form(link: str) -> int:
    parts = _parts(link)
    if parts is None:
        return OTHER_LINK
    host, path = parts
    if host == "boxd.it":
        return SHORT_LINK
    if host == "letterboxd.com" and path.startswith("film/"):
        return SLUG_LINK
    return OTHER_LINK


def entry_film_link(uri: str) -> str | None:
    """The film link an older diary entry link names (``letterboxd.com/<user>/film/<slug>/``)."""
    parts = _parts(uri)
    if parts is None or parts[0] != "letterboxd.com":
        return None
    path = parts[1].split("/")
    if len(path) >= 3 and path[1] == "film" and path[0] != "film" and path[2]:
        return f"https://letterboxd.com/film/{path[2]}"
    return None


class FilmIndex:
    """The films of one export (the batch's own list), found by link or by title and year."""

    def __init__(self, films: list[ImportFilm]) -> None:
        self.films = films
        self._by_key: dict[FilmKey, list[int]] = {}
        self._by_link: dict[str, int] = {}
        self._forms: dict[int, int] = {}  # film index -> link forms it has (bits)
        # A cache: folding titles is the slow part of reading a big diary.
        self._keys: dict[tuple[str, str], FilmKey] = {}

    def key(self, row: Row) -> FilmKey:
        title, year = row.get("Name"), row.get("Year")
        key = self._keys.get((title, year))
        if key is None:
            if not title:
                raise ImportFormatError("the film has no name", row.origin)
            key = self._keys[(title, year)] = (fold_key(title), parse_year(year, row.origin))
        return key

    def linked(self, row: Row, uri: str) -> int | None:
        """The film a row with a film link is about (made if new); None if ambiguous."""
        found = self._by_link.get(uri)  # the link as written: the common case, and quick
        if found is not None:
            return found
        link = canonical_link(uri)
        found = self._by_link.get(link)
        if found is None:
            key = self.key(row)
            form = link_form(link)
            # Films this link may be: a link of the same form would have been found above.
            fits = [i for i in self._by_key.get(key, ()) if not self._forms.get(i, 0) & form]
            if len(fits) > 1:
                fits = self._same_spelling(fits, row) or fits
            if len(fits) > 1:
                return None
            found = fits[0] if fits else self._new(row, key, uri)
            self._forms[found] = self._forms.get(found, 0) | form
            film = self.films[found]
            if film.fields.letterboxd_uri is None:
                film.fields = replace(film.fields, letterboxd_uri=uri)
        self._by_link[link] = self._by_link[uri] = found
        return found

    def unlinked(self, row: Row, entry_uri: str = "") -> int | None:
        """The film a row without a film link is about (made if new); None if ambiguous."""
        key = self.key(row)
        candidates = self._by_key.get(key)
        if not candidates:
            return self._new(row, key)
        if len(candidates) == 1:
            return candidates[0]
        named = entry_film_link(entry_uri) if entry_uri else None
        if named is not None and self._by_link.get(named) in candidates:
            return self._by_link[named]
        same = self._same_spelling(candidates, row)
        return same[0] if len(same) == 1 else None

    def _same_spelling(self, candidates: list[int], row: Row) -> list[int]:
        title = row.get("Name")
        return [i for i in candidates if self.films[i].fields.title == title]

    def _new(self, row: Row, key: FilmKey, link: str | None = None) -> int:
        index = len(self.films)
        fields = FilmFields(title=row.get("Name"), year=key[1], letterboxd_uri=link)
        self.films.append(ImportFilm(fields, row.origin))
        self._by_key.setdefault(key, []).append(index)
        return index
