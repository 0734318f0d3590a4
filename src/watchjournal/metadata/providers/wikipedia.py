"""Wikipedia: keyless posters and short descriptions from the REST page summary.

Film articles that share a title are disambiguated by Wikipedia itself as
"Ballerina (2023 film)" and "Ballerina (2025 film)", so the provider looks up
titles with the core REST title search, keeps the pages that are films (by
that suffix or by a short description that mentions a film), and ranks them
by year. The page summary (``/api/rest_v1/page/summary/{title}``) gives the
lead image — for a film article, its poster — and a description and extract.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urljoin

from watchjournal.journal.types import FilmFields
from watchjournal.metadata.http import NotFoundOnlineError
from watchjournal.metadata.providers.base import (
    Candidate,
    Provider,
    as_dict,
    first_year,
    rank_by_year,
)

_FILM_SUFFIX_RE = re.compile(r"^(?P<title>.*\S)\s+\((?:(?P<year>\d{4}) )?(?:[\w ]+ )?film\)$")
_DIRECTOR_RE = re.compile(r"\b(?:directed by|film by)\s+(?P<names>.+)$", re.IGNORECASE)
SEARCH_LIMIT = 20


def _directors(description: str | None) -> tuple[str, ...]:
    """ "2023 film directed by Lee Chung-hyun" → ("Lee Chung-hyun",)."""
    match = _DIRECTOR_RE.search(description or "")
    if not match:
        return ()
    names = re.split(r",\s*|\s+and\s+", match.group("names").strip().rstrip("."))
    return tuple(n for n in names if n)


def _is_film(title: str, description: str | None, wanted: str) -> bool:
    suffix = _FILM_SUFFIX_RE.match(title)
    if suffix:
        return suffix.group("title").casefold() == wanted.casefold()
    return title.casefold() == wanted.casefold() and "film" in (description or "").casefold()


class WikipediaProvider(Provider):
    name = "wikipedia"
    label = "Wikipedia"

    @property
    def _base(self) -> str:
        return self.config.wikipedia_base_url

    def _absolute(self, url: str | None) -> str | None:
        # Wikimedia thumbnails come protocol-relative ("//upload.wikimedia.org/...").
        return urljoin(self._base + "/", url) if url else None

    def search(self, title: str, year: int | None) -> list[Candidate]:
        found = self._search_titles(title)
        if not found:
            found = self._guess_pages(title, year)
        return rank_by_year(found, year)

    def _search_titles(self, title: str) -> list[Candidate]:
        data = self.http.get_json(
            f"{self._base}/w/rest.php/v1/search/title", params={"q": title, "limit": SEARCH_LIMIT}
        )
        pages = data.get("pages") if isinstance(data, dict) else None
        found = []
        for page in pages if isinstance(pages, list) else []:
            if not isinstance(page, dict) or not isinstance(page.get("title"), str):
                continue
            description = (
                page.get("description") if isinstance(page.get("description"), str) else None
            )
            if not _is_film(page["title"], description, title):
                continue
            thumb = as_dict(page.get("thumbnail"))
            found.append(
                self._candidate(page["title"], page.get("key"), description, thumb.get("url"))
            )
        return found

    def _guess_pages(self, title: str, year: int | None) -> list[Candidate]:
        """When search finds nothing, try the names Wikipedia gives film articles."""
        guesses = [f"{title} ({year} film)"] if year else []
        guesses += [f"{title} (film)", title]
        for guess in guesses:
            summary = self._summary(guess)
            if summary is None or summary.get("type") != "standard":
                continue
            candidate = self._from_summary(summary, guess)
            if _is_film(candidate.key.replace("_", " "), candidate.description, title):
                return [candidate]
        return []

    def _candidate(
        self, page_title: str, key: Any, description: str | None, thumbnail: Any
    ) -> Candidate:
        suffix = _FILM_SUFFIX_RE.match(page_title)
        year = int(suffix.group("year")) if suffix and suffix.group("year") else None
        fields = FilmFields(
            title=suffix.group("title") if suffix else page_title,
            year=year or first_year(description),
            directors=_directors(description),
        )
        return Candidate(
            provider=self.name,
            key=key if isinstance(key, str) and key else page_title.replace(" ", "_"),
            fields=fields,
            thumbnail_url=self._absolute(thumbnail if isinstance(thumbnail, str) else None),
            description=description,
        )

    def _summary(self, page: str) -> dict[str, Any] | None:
        path = quote(page.replace(" ", "_"), safe="")
        try:
            data = self.http.get_json(f"{self._base}/api/rest_v1/page/summary/{path}")
        except NotFoundOnlineError:
            return None
        return data if isinstance(data, dict) else None

    def _from_summary(self, summary: dict[str, Any], key: str) -> Candidate:
        titles = as_dict(summary.get("titles"))
        page_title = str(titles.get("normalized") or summary.get("title") or key)
        description = summary.get("description")
        description = description if isinstance(description, str) else None
        base = self._candidate(page_title, titles.get("canonical") or key, description, None)
        image = as_dict(summary.get("originalimage"))
        thumb = as_dict(summary.get("thumbnail"))
        extract = summary.get("extract")
        return Candidate(
            provider=self.name,
            key=base.key,
            fields=FilmFields(
                title=base.fields.title,
                year=base.fields.year,
                directors=base.fields.directors,
                synopsis=extract if isinstance(extract, str) and extract.strip() else None,
            ),
            poster_url=self._absolute(image.get("source") or thumb.get("source")),
            thumbnail_url=self._absolute(thumb.get("source")),
            description=description,
        )

    def details(self, candidate: Candidate) -> Candidate:
        summary = self._summary(candidate.key)
        if summary is None:
            raise NotFoundOnlineError(f"Wikipedia has no page {candidate.key.replace('_', ' ')!r}")
        found = self._from_summary(summary, candidate.key)
        fields = found.fields
        if fields.year is None and candidate.year is not None:
            fields = FilmFields(
                title=fields.title,
                year=candidate.year,
                directors=fields.directors or candidate.directors,
                synopsis=fields.synopsis,
            )
        return Candidate(
            provider=self.name,
            key=found.key,
            fields=fields,
            poster_url=found.poster_url,
            thumbnail_url=found.thumbnail_url or candidate.thumbnail_url,
            description=found.description or candidate.description,
        )
