"""OMDb (the Open Movie Database): lookup by IMDb id or by title and year, with the user's key.

OMDb answers HTTP 200 even when nothing matched (``"Response": "False"``
with an ``Error`` text) and writes "N/A" for unknown values; both are turned
into plain absence here.
"""

from __future__ import annotations

import re
from typing import Any

from watchjournal.config import Config
from watchjournal.journal.types import FilmFields
from watchjournal.metadata.http import NetworkError, NotFoundOnlineError
from watchjournal.metadata.providers.base import (
    Candidate,
    Provider,
    first_year,
    rank_by_year,
)

DETAILED_CANDIDATES = 5
_RUNTIME_RE = re.compile(r"(\d+)\s*min")


def _value(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or value.strip() == "N/A":
        return None
    return value.strip()


def _list(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (_value(data, key) or "").split(",") if p.strip())


class OmdbProvider(Provider):
    name = "omdb"
    label = "OMDb"

    @classmethod
    def missing_setting(cls, config: Config) -> str | None:
        if not config.omdb_api_key:
            return "OMDb needs an API key: watchjournal config set omdb.api_key KEY"
        return None

    def _get(self, **params: str | int) -> dict[str, Any] | None:
        """The reply, or None when OMDb says it found nothing."""
        data = self.http.get_json(
            self.config.omdb_base_url + "/", params={**params, "apikey": self.config.omdb_api_key}
        )
        if not isinstance(data, dict):
            raise NetworkError("OMDb sent a reply WatchJournal does not understand")
        if data.get("Response") == "False":
            error = str(data.get("Error") or "")
            if "not found" in error.lower():
                return None
            if "api key" in error.lower():  # the text never includes the key itself
                raise NetworkError("OMDb refused the API key")
            raise NetworkError("OMDb could not answer that request")
        return data

    def search(self, title: str, year: int | None) -> list[Candidate]:
        params: dict[str, str | int] = {"s": title, "type": "movie"}
        if year is not None:
            params["y"] = year
        data = self._get(**params)
        results = data.get("Search") if data else None
        found = [
            self._from_json(r)
            for r in (results if isinstance(results, list) else [])
            if isinstance(r, dict) and _value(r, "imdbID")
        ]
        ranked = rank_by_year(found, year)
        detailed = [self.details(c) for c in ranked[:DETAILED_CANDIDATES]]
        return detailed + ranked[DETAILED_CANDIDATES:]

    def find_by_ids(self, imdb_id: str | None, tmdb_id: int | None) -> Candidate | None:
        if imdb_id is None:
            return None
        data = self._get(i=imdb_id, plot="short")
        return self._from_json(data) if data else None

    def details(self, candidate: Candidate) -> Candidate:
        data = self._get(i=candidate.key, plot="short")
        if data is None:
            raise NotFoundOnlineError(f"OMDb has no film {candidate.key}")
        return self._from_json(data)

    def _from_json(self, data: dict[str, Any]) -> Candidate:
        imdb_id = _value(data, "imdbID") or ""
        runtime = _RUNTIME_RE.match(_value(data, "Runtime") or "")
        poster = _value(data, "Poster")
        fields = FilmFields(
            title=_value(data, "Title") or "",
            year=first_year(_value(data, "Year")),
            directors=_list(data, "Director"),
            cast=_list(data, "Actors"),
            genres=_list(data, "Genre"),
            countries=_list(data, "Country"),
            runtime=int(runtime.group(1)) if runtime else None,
            synopsis=_value(data, "Plot"),
            imdb_id=imdb_id if imdb_id.startswith("tt") else None,
        )
        return Candidate(self.name, imdb_id, fields, poster_url=poster, thumbnail_url=poster)
