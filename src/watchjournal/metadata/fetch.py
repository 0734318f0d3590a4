"""MetadataFetcher: the one door to the network, shut unless the user opened it.

Every method that would go online first checks ``network.enabled`` and raises
NetworkDisabledError (which says how to turn it on) before any HTTP machinery
is even built. Posters are downloaded whole, validated by decoding, and only
then stored in the PosterCache; the journal is changed last, in one call, so a
failure anywhere changes nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

from watchjournal.config import ENABLE_HINT, Config, ConfigError
from watchjournal.errors import JournalError, NotFoundError
from watchjournal.journal.types import FilmFields, FilmRecord
from watchjournal.journal.validate import fold_key
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.http import HttpClient, NetworkError
from watchjournal.metadata.images import validate_image
from watchjournal.metadata.providers.base import Candidate, Provider
from watchjournal.metadata.providers.omdb import OmdbProvider
from watchjournal.metadata.providers.tmdb import TmdbProvider
from watchjournal.metadata.providers.wikipedia import WikipediaProvider

PROVIDERS: dict[str, type[Provider]] = {  # keyed by name, in PROVIDER_NAMES order
    p.name: p for p in (WikipediaProvider, TmdbProvider, OmdbProvider)
}


class PosterService(Protocol):
    """The part of JournalService the fetcher needs."""

    def get_film(self, film_id: int) -> FilmRecord: ...

    def set_poster(self, film_id: int, poster_ref: str | None) -> FilmRecord: ...


class NetworkDisabledError(JournalError):
    """Fetching is off, so nothing was fetched."""

    def __init__(self) -> None:
        super().__init__(f"fetching from the internet is off; {ENABLE_HINT}")


class MetadataFetcher:
    """Looks films up and fetches posters with the user's settings; not thread-bound."""

    def __init__(self, config: Config, cache: PosterCache, http: HttpClient | None = None) -> None:
        self._config = config
        self.cache = cache
        self._http = http
        self._providers: dict[str, Provider] = {}  # kept so TMDB's image settings are asked once
        self._lock = threading.Lock()

    @property
    def config(self) -> Config:
        return self._config

    @config.setter
    def config(self, config: Config) -> None:
        with self._lock:
            self._config = config
            self._providers.clear()

    @property
    def enabled(self) -> bool:
        return self.config.network_enabled

    def _client(self) -> HttpClient:
        if not self.enabled:
            raise NetworkDisabledError
        with self._lock:
            if self._http is None:
                self._http = HttpClient()
            return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def provider_names(self) -> list[str]:
        """The providers the settings allow, best first: keyed ones, then Wikipedia."""
        ready = [n for n, p in PROVIDERS.items() if p.missing_setting(self.config) is None]
        return sorted(ready, key=lambda n: ("tmdb", "omdb", "wikipedia").index(n))

    def provider(self, name: str) -> Provider:
        cls = PROVIDERS.get(name)
        if cls is None:
            raise ConfigError(f"there is no provider {name!r}; use one of {', '.join(PROVIDERS)}")
        missing = cls.missing_setting(self.config)
        if missing:
            raise ConfigError(missing)
        client = self._client()
        with self._lock:
            if name not in self._providers:
                self._providers[name] = cls(self._config, client)
            return self._providers[name]

    def _chosen(self, name: str | None) -> list[Provider]:
        self._client()  # refuse before anything else when fetching is off
        return [self.provider(n) for n in ([name] if name else self.provider_names())]

    def lookup(self, title: str, year: int | None, provider: str | None = None) -> list[Candidate]:
        """Candidates from the chosen (or the first usable) provider, best first."""
        return self._chosen(provider)[0].search(title, year)

    def details(self, candidate: Candidate) -> Candidate:
        return self.provider(candidate.provider).details(candidate)

    def match(self, fields: FilmFields, provider: str) -> Candidate:
        """The provider's film that is this one: by a known id, else by title and year."""
        source = self.provider(provider)
        by_id = source.find_by_ids(fields.imdb_id, fields.tmdb_id)
        if by_id is not None:
            return by_id
        names = {fold_key(fields.title)} | (
            {fold_key(fields.original_title)} if fields.original_title else set()
        )
        for candidate in source.search(fields.title, fields.year):
            same_title = fold_key(candidate.title) in names or (
                candidate.fields.original_title is not None
                and fold_key(candidate.fields.original_title) in names
            )
            if same_title and (fields.year is None or candidate.year == fields.year):
                return source.details(candidate)
        label = f"{fields.title} ({fields.year})" if fields.year else fields.title
        raise NotFoundError(f"{source.label} has no film matching {label}")

    def download_image(self, url: str) -> bytes:
        """The image at ``url``, complete and decodable, or an error; nothing is stored."""
        data = self._client().get_image(url)
        validate_image(data)
        return data

    def thumbnail(self, candidate: Candidate) -> bytes | None:
        url = candidate.thumbnail_url or candidate.poster_url
        return self.download_image(url) if url else None

    def fetch_poster(self, fields: FilmFields, provider: str | None = None) -> str:
        """Find this film's poster, store it in the cache, and return its reference."""
        errors: list[JournalError] = []
        for source in self._chosen(provider):
            try:
                candidate = self.match(fields, source.name)
                if candidate.poster_url is None:
                    raise NotFoundError(f"{source.label} has no poster for {candidate.label}")
                return self.cache.store(self.download_image(candidate.poster_url))
            except (NotFoundError, NetworkError) as exc:
                errors.append(exc)
        if not errors:
            raise ConfigError("no provider is set up; see: watchjournal config list")
        raise (
            errors[0]
            if len(errors) == 1
            else NotFoundError("no poster found: " + "; ".join(str(e) for e in errors))
        )

    def fetch_poster_for(
        self, service: PosterService, film_id: int, provider: str | None = None
    ) -> FilmRecord:
        """Fetch and store a film's poster, then point the journal at it."""
        film = service.get_film(film_id)
        ref = self.fetch_poster(film.fields, provider)
        return service.set_poster(film_id, ref)

    def poster_file(self, service: PosterService, film: FilmRecord) -> Path | None:
        """The film's cached poster; refetched if the file went missing and fetching is on.

        None means "show the placeholder": no poster, or it is gone and cannot be
        fetched now. A failed refetch changes nothing.
        """
        ref = film.fields.poster_ref
        if not ref:
            return None
        found = self.cache.path(ref)
        if found is not None or not self.enabled:
            return found
        try:
            updated = self.fetch_poster_for(service, film.id)
        except JournalError:
            return None
        return self.cache.path(updated.fields.poster_ref or "")
