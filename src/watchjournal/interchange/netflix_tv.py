"""Telling the TV episodes of a Netflix viewing history from its films.

Netflix names an episode ``Series: Season 1: Episode title``, its parts joined by
a colon and a space (a colon inside a title, as in French ``Les Couleurs du mal :
Noir`` or ``Re:Zero``, has no space after or one before, and does not split).
A title is a TV episode when a part after the first is:

- a season, in the languages Netflix writes (``Season 2``, ``Series 1``,
  ``Staffel 1``, ``Saison 3``, ``Temporada 2``, ``Stagione 1``, ``Seizoen 3``,
  ``6. Sezon``, ``シーズン1``, ``第2シリーズ``...), or a limited series
  (``Limited Series``, ``Miniserie``, ``Mini-série``, ``Minissérie``, ``Mini Dizi``...);
- an episode number (``Episode 3``, ``Episodio 6``, ``Épisode 5``, ``Episódio um``,
  ``Folge 2``, ``Aflevering 8``, ``1. Bölüm``, ``エピソード3``, ``(Odcinek 5)``),
  except a Roman numeral: ``Star Wars: Episode IV`` is a film;
- a part, volume, chapter, book or collection FOLLOWED BY another part
  (``Money Heist: Part 3: Episode 1``, ``Love, Death & Robots: Volume 3: ...``,
  ``Stranger Things: Chapter Two: ...``, ``Avatar: The Last Airbender: Book 1: ...``,
  ``Teil``, ``Partie``, ``Parte``, ``Capítulo``, ``Część``...). As the last part it
  names a film of a series of films: ``Kill Bill: Vol. 1``, ``Dune: Part Two``,
  ``Harry Potter and the Deathly Hallows: Part 2``, ``John Wick: Chapter 2``.

Many episodes name none of these (``The Night Agent: The Call``, ``FUBAR: Urine
Luck``). Those are taken for episodes too, as "probably a TV episode", when they
begin with the name of a series other rows mark as TV, or when at least
``SERIES_MIN_TITLES`` different titles begin with the same first part. A film
series watched in a row (``Pirates of the Caribbean: ...`` three times) is
taken for a TV series that way: the report names every such series so the user
sees it. A lone unmarked episode (``The Alienist: Silver Smile``) cannot be told
from a film with a subtitle and is imported as a film.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from watchjournal.journal.validate import fold_key

TV_EPISODE = "a TV episode"
PROBABLY_TV = "probably a TV episode"
# Different titles beginning with the same name before it is taken for a series.
SERIES_MIN_TITLES = 3

_SEPARATOR = re.compile(r"(?<=\S):\s+")


def _norm(text: str) -> str:
    """Case, accents, dots, hyphens and spacing do not count: "6. Sezon" is "6 sezon"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[.\-_·]", " ", plain).split())


def _alternation(*words: str) -> str:
    keys = sorted({_norm(word) for word in words}, key=len, reverse=True)
    return "|".join(re.escape(key) for key in keys)


# A season word with its number or name ("Season 2", "Saison deux"), or a number
# before it ("6. Sezon"); the last ones are words of their own too, so only a number
# after them counts ("Mùa 1", not "Mùa hè").
SEASON = _alternation(
    "Season", "Series", "Staffel", "Saison", "Temporada", "Stagione", "Seizoen",
    "Sezon", "Sezonul", "Sæson", "Sesong", "Säsong", "Kausi", "Évad", "Řada", "Séria",
    "Сезон", "Σεζόν", "シーズン", "시즌",
)  # fmt: skip
SEASON_NUMBERED = _alternation("Musim", "Mùa", "עונה", "الموسم", "シリーズ", "季", "Dizi")
LIMITED = _alternation(
    "Limited Series", "Miniseries", "Mini Series", "Mini-Series", "Miniserie",
    "Mini-serie", "Mini-série", "Minissérie", "Miniserial", "Mini Dizi", "Serie limitada",
    "Série limitée", "Serie limitata", "Limitierte Serie", "Minisarja", "Minisorozat",
    "Minisérie", "Мини-сериал", "リミテッドシリーズ", "リミテッド シリーズ", "리미티드 시리즈",
    "미니시리즈", "Dizi",
)  # fmt: skip
PART = _alternation(
    "Part", "Parte", "Partie", "Teil", "Deel", "Część", "Kısım", "Rész", "Часть",
    "Volume", "Vol", "Volumen", "Chapter", "Capítulo", "Capitolo", "Chapitre",
    "Kapitel", "Hoofdstuk", "Rozdział", "Book", "Libro", "Livre", "Buch", "Livro",
    "Boek", "Kitap", "Collection", "Colección", "Coleção", "Collezione", "Sammlung",
    "Kolekcja", "パート", "파트",
)  # fmt: skip
# Episode words with a number or a spelled one ("Episódio um"); those after them
# are words of their own too ("Folge mir"), so only a number counts.
EPISODE = _alternation(
    "Episode", "Episodio", "Episódio", "Épisode", "Epizod", "Epizoda", "Epizód",
    "Aflevering", "Odcinek", "Avsnitt", "Afsnit", "Jakso", "Эпизод", "Επεισόδιο",
    "エピソード", "에피소드",
)  # fmt: skip
EPISODE_NUMBERED = _alternation(
    "Folge", "Afl", "Bölüm", "Серия", "Tập", "פרק", "حلقة", "話", "集", "화"
)

_NUMBER_FIRST = r"(?:\d+|第\s*\d+|[ivxl]+)\s*"
_SEASON = re.compile(
    rf"(?:{SEASON})(?:\s+\S+|\s*\d+)?|(?:{SEASON_NUMBERED})\s*\d+"
    rf"|{_NUMBER_FIRST}(?:{SEASON}|{SEASON_NUMBERED})"
)
_LIMITED = re.compile(rf"(?:{LIMITED})")
_PART = re.compile(rf"(?:{PART})(?:\s+\S+|\s*\d+)|{_NUMBER_FIRST}(?:{PART})")
_EPISODE = re.compile(
    rf"(?:{EPISODE})(?:\s+(?P<token>\S+)|\s*\d+)|(?:{EPISODE_NUMBERED})\s*\d+"
    rf"|{_NUMBER_FIRST}(?:{EPISODE}|{EPISODE_NUMBERED})"
)
_EPISODE_IN_BRACKETS = re.compile(rf"\((?:{EPISODE}|{EPISODE_NUMBERED})\s*\d+\)$")
_ROMAN = re.compile(r"[ivxlcdm]+")


def title_parts(title: str) -> list[str]:
    """The parts of a title as Netflix joins them (colon, space)."""
    return [part.strip() for part in _SEPARATOR.split(title.strip())]


def _is_episode(key: str) -> bool:
    if _EPISODE_IN_BRACKETS.search(key):
        return True
    found = _EPISODE.fullmatch(key)
    if found is None:
        return False
    token = found["token"]
    return token is None or _ROMAN.fullmatch(token) is None  # "Episode IV" is a film's


def marker_at(parts: list[str]) -> int | None:
    """Where the first part marking a title as TV is (never the first part), or None."""
    for index in range(1, len(parts)):
        key = _norm(parts[index])
        if _SEASON.fullmatch(key) or _LIMITED.fullmatch(key) or _is_episode(key):
            return index
        if index < len(parts) - 1 and _PART.fullmatch(key):
            return index
    return None


@dataclass
class TvTitles:
    """What ``sort_titles`` found: the TV titles (keyed by ``fold_key``) with why, and
    the series whose titles were taken for TV without naming a season or episode."""

    reasons: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, int] = field(default_factory=dict)  # series name -> titles


def sort_titles(titles: Iterable[str]) -> TvTitles:
    """Sort every distinct title of a history into TV episodes and the rest."""
    found = TvTitles()
    unmarked: dict[str, list[str]] = {}
    series: set[str] = set()
    for title in titles:
        key = fold_key(title)
        if key in found.reasons or key in unmarked:
            continue
        parts = title_parts(title)
        marker = marker_at(parts)
        if marker is None:
            unmarked[key] = parts
        else:
            found.reasons[key] = TV_EPISODE
            series.add(fold_key(": ".join(parts[:marker])))
    named: dict[str, str] = {}
    for key, parts in unmarked.items():
        for length in range(1, len(parts)):
            prefix = ": ".join(parts[:length])
            if fold_key(prefix) in series:
                found.reasons[key] = PROBABLY_TV
                named[key] = prefix
                break
    _by_first_part(found, {k: p for k, p in unmarked.items() if k not in found.reasons}, named)
    counts: dict[str, int] = defaultdict(int)
    for name in named.values():
        counts[name] += 1
    found.inferred = dict(sorted(counts.items(), key=lambda item: fold_key(item[0])))
    return found


def _by_first_part(found: TvTitles, unmarked: dict[str, list[str]], named: dict[str, str]) -> None:
    """Titles whose first part begins ``SERIES_MIN_TITLES`` different titles."""
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for key, parts in unmarked.items():
        if len(parts) > 1:
            groups[fold_key(parts[0])][key] = parts[0]
    for members in groups.values():
        if len(members) >= SERIES_MIN_TITLES:
            for key, first in members.items():
                found.reasons[key] = PROBABLY_TV
                named[key] = first


def inferred_note(inferred: dict[str, int], limit: int = 12) -> str | None:
    """The report's word on titles taken for TV although they name no season or episode."""
    if not inferred:
        return None
    listed = [f"“{name}: …” ({count})" for name, count in list(inferred.items())[:limit]]
    more = f" and {len(inferred) - limit} more" if len(inferred) > limit else ""
    return (
        f"{sum(inferred.values())} titles were taken for TV episodes although they name no"
        " season or episode, because they begin with a series' name (other rows name its"
        f" seasons, or at least {SERIES_MIN_TITLES} titles begin with it): "
        + "; ".join(listed)
        + more
        + ". If one of them is a film, add it by hand."
    )
