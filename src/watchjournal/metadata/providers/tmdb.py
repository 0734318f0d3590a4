"""TMDB (The Movie Database) API v3: search, details with credits, images, where to watch.

Authentication is the user's v3 API key (sent as the ``api_key`` query
parameter) or a v4 read-access token (sent as a Bearer header); which one is
told apart by its shape. Image URLs are built from ``/configuration``, fetched
once per provider. Where-to-watch comes from ``/movie/{id}/watch/providers``
for the configured region, dated today, as TMDB's data changes often.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from watchjournal.config import Config
from watchjournal.journal.types import FilmFields, StreamingInfo
from watchjournal.metadata.http import HttpClient, NetworkError
from watchjournal.metadata.providers.base import (
    Candidate,
    Provider,
    as_dict,
    as_list,
    first_year,
    rank_by_year,
)

TMDB_NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB."
POSTER_SIZE = "w500"
THUMBNAIL_SIZE = "w92"
TOP_CAST = 8
DETAILED_CANDIDATES = 5  # search results get credits (for the director) only for the first few
_STREAMING_KINDS = ("flatrate", "free", "ads")


def _names(items: Any, key: str = "name") -> tuple[str, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(str(i[key]) for i in items if isinstance(i, dict) and i.get(key))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class TmdbProvider(Provider):
    name = "tmdb"
    label = "TMDB"

    def __init__(self, config: Config, http: HttpClient) -> None:
        super().__init__(config, http)
        self._image_base: str | None = None
        self._sizes: set[str] = set()

    @classmethod
    def missing_setting(cls, config: Config) -> str | None:
        if not config.tmdb_api_key:
            return "TMDB needs an API key: watchjournal config set tmdb.api_key KEY"
        return None

    def _auth(self) -> tuple[dict[str, str], dict[str, str]]:
        """(query params, headers): a v4 token is long and dotted, a v3 key is 32 hex digits."""
        key = self.config.tmdb_api_key
        if len(key) > 40 or "." in key:
            return {}, {"Authorization": f"Bearer {key}"}
        return {"api_key": key}, {}

    def _get(self, path: str, **params: str | int) -> Any:
        query, headers = self._auth()
        data = self.http.get_json(
            f"{self.config.tmdb_base_url}{path}", params={**params, **query}, headers=headers
        )
        if not isinstance(data, dict):
            raise NetworkError("TMDB sent a reply WatchJournal does not understand")
        return data

    def image_url(self, path: Any, size: str) -> str | None:
        if not isinstance(path, str) or not path.startswith("/"):
            return None
        if self._image_base is None:
            images = self._get("/configuration").get("images") or {}
            base = images.get("secure_base_url") or images.get("base_url")
            if not isinstance(base, str) or not base:
                raise NetworkError("TMDB did not say where its images are")
            sizes = images.get("poster_sizes") or []
            self._sizes = {s for s in sizes if isinstance(s, str)}
            self._image_base = base.rstrip("/") + "/"
        chosen = size if not self._sizes or size in self._sizes else "original"
        return f"{self._image_base}{chosen}{path}"

    def search(self, title: str, year: int | None) -> list[Candidate]:
        params: dict[str, str | int] = {"query": title, "include_adult": "false"}
        if year is not None:
            params["year"] = year
        results = self._get("/search/movie", **params).get("results")
        found = (
            [self._from_json(r) for r in results if isinstance(r, dict) and r.get("id")]
            if isinstance(results, list)
            else []
        )
        ranked = rank_by_year(found, year)
        detailed = [self._movie(int(c.key)) for c in ranked[:DETAILED_CANDIDATES]]
        return detailed + ranked[DETAILED_CANDIDATES:]

    def find_by_ids(self, imdb_id: str | None, tmdb_id: int | None) -> Candidate | None:
        if tmdb_id is not None:
            return self.details(Candidate(self.name, str(tmdb_id), FilmFields(title="")))
        return None

    def _from_json(self, movie: dict[str, Any]) -> Candidate:
        credits = as_dict(movie.get("credits"))
        crew = as_list(credits.get("crew"))
        cast = as_list(credits.get("cast"))
        cast = sorted((c for c in cast if isinstance(c, dict)), key=lambda c: c.get("order", 999))
        runtime = movie.get("runtime")
        imdb_id = _text(movie.get("imdb_id"))
        fields = FilmFields(
            title=_text(movie.get("title")) or _text(movie.get("original_title")) or "",
            original_title=_text(movie.get("original_title")),
            year=first_year(movie.get("release_date")),
            directors=_names(
                [c for c in crew if isinstance(c, dict) and c.get("job") == "Director"]
            ),
            cast=_names(cast[:TOP_CAST]),
            genres=_names(movie.get("genres")),
            countries=_names(movie.get("production_countries")),
            runtime=runtime if isinstance(runtime, int) and runtime > 0 else None,
            synopsis=_text(movie.get("overview")),
            imdb_id=imdb_id if imdb_id and imdb_id.startswith("tt") else None,
            tmdb_id=int(movie["id"]),
        )
        poster = movie.get("poster_path")
        return Candidate(
            provider=self.name,
            key=str(movie["id"]),
            fields=fields,
            poster_url=self.image_url(poster, POSTER_SIZE),
            thumbnail_url=self.image_url(poster, THUMBNAIL_SIZE),
            description=_text(movie.get("tagline")),
        )

    def _movie(self, tmdb_id: int) -> Candidate:
        movie = self._get(f"/movie/{tmdb_id}", append_to_response="credits")
        if not movie.get("id"):
            raise NetworkError("TMDB sent a film without an id")
        return self._from_json(movie)

    def details(self, candidate: Candidate) -> Candidate:
        found = self._movie(int(candidate.key))
        streaming = self.where_to_watch(int(candidate.key))
        return replace(found, fields=replace(found.fields, where_to_watch=streaming))

    def where_to_watch(self, tmdb_id: int) -> tuple[StreamingInfo, ...]:
        """Subscription and free services in the user's region, dated today."""
        results = self._get(f"/movie/{tmdb_id}/watch/providers").get("results")
        region = results.get(self.config.tmdb_region.upper()) if isinstance(results, dict) else None
        if not isinstance(region, dict):
            return ()
        today = date.today()
        names: list[str] = []
        for kind in _STREAMING_KINDS:
            offers = as_list(region.get(kind))
            offers = sorted(
                (o for o in offers if isinstance(o, dict)),
                key=lambda o: o.get("display_priority", 999),
            )
            names += [n for n in _names(offers, "provider_name") if n not in names]
        return tuple(StreamingInfo(n, today) for n in names)
