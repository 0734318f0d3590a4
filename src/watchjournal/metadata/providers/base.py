"""The one small interface every metadata provider implements.

Like Picard's cover-art providers: a provider has a name, says whether the
user's settings let it run, and answers three questions — which films match a
title (and year), what are the details of one of them, and where is its poster.
Providers only talk to the network through the HttpClient they are given.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchjournal.config import Config
from watchjournal.journal.types import FilmFields

if TYPE_CHECKING:  # keeps requests out of importers that only need Candidate
    from watchjournal.metadata.http import HttpClient

_YEAR_RE = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


@dataclass(frozen=True)
class Candidate:
    """One film a provider found: enough to list it, pick it and fetch its poster."""

    provider: str
    key: str  # the provider's own id: a TMDB id, an IMDb id, a Wikipedia page title
    fields: FilmFields
    poster_url: str | None = None
    thumbnail_url: str | None = None
    description: str | None = None

    @property
    def title(self) -> str:
        return self.fields.title

    @property
    def year(self) -> int | None:
        return self.fields.year

    @property
    def directors(self) -> tuple[str, ...]:
        return self.fields.directors

    @property
    def label(self) -> str:
        details = [str(self.year)] if self.year else []
        if self.directors:
            details.append(", ".join(self.directors))
        return f"{self.title} ({', '.join(details)})" if details else self.title


class Provider(ABC):
    """A source of film details and posters."""

    name: str  # used on the command line: --provider NAME
    label: str  # shown to people

    def __init__(self, config: Config, http: HttpClient) -> None:
        self.config = config
        self.http = http

    @classmethod
    def missing_setting(cls, config: Config) -> str | None:
        """What the user still has to set up (e.g. an API key), or None when ready."""
        return None

    @abstractmethod
    def search(self, title: str, year: int | None) -> list[Candidate]:
        """Films matching ``title`` (best first); an empty list when there are none."""

    @abstractmethod
    def details(self, candidate: Candidate) -> Candidate:
        """The candidate with everything this provider knows filled in."""

    def find_by_ids(self, imdb_id: str | None, tmdb_id: int | None) -> Candidate | None:
        """A film by an id the journal already has, when this provider can use one."""
        return None


def first_year(text: str | None) -> int | None:
    """The first plausible year in ``text`` ("2023-10-06", "2023–2024", "2023 film")."""
    if not text:
        return None
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None


def rank_by_year(candidates: list[Candidate], year: int | None) -> list[Candidate]:
    """Exact year first, then near years, keeping the provider's order otherwise."""
    if year is None:
        return candidates

    def distance(c: Candidate) -> int:
        return abs(c.year - year) if c.year is not None else 1000

    return sorted(candidates, key=distance)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if the provider sent an object there, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if the provider sent a list there, else an empty one."""
    return value if isinstance(value, list) else []
