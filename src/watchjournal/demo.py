"""The demo journal: a temporary journal filled from the sample shipped with the app.

The sample (``resources/sample/sample_journal.json``) lists films; each film has
the FilmFields keys (``title``, ``original_title``, ``year``, ``directors``,
``cast``, ``genres``, ``countries``, ``runtime``, ``synopsis``, ``liked``),
``where_to_watch`` as ``[{"service", "checked_on"}]``, ``poster`` (a PNG in
``resources/sample/posters/``), an optional ``watchlist`` ``{"note"}``,
``viewings`` (``watched_on`` ISO date or null, ``where``, ``note``,
``did_not_finish``) and ``reviews`` (``rating`` on the 10-point scale or null,
``headline``, ``body``, ``tags``, ``spoilers``, ``draft``, and ``viewing``: the
index of the viewing it is about). Everything goes in through JournalService,
exactly as a user's own entries would.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.metadata.cache import PosterCache
from watchjournal.resource_files import resource_path

DEMO_FILE_NAME = "demo.sqlite"


def load_sample() -> list[dict[str, Any]]:
    data = json.loads(resource_path("sample", "sample_journal.json").read_text(encoding="utf-8"))
    films: list[dict[str, Any]] = data["films"]
    return films


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _fields(film: dict[str, Any], poster_ref: str | None) -> FilmFields:
    return FilmFields(
        title=film["title"],
        original_title=film.get("original_title"),
        year=film.get("year"),
        directors=tuple(film.get("directors", ())),
        cast=tuple(film.get("cast", ())),
        genres=tuple(film.get("genres", ())),
        countries=tuple(film.get("countries", ())),
        runtime=film.get("runtime"),
        synopsis=film.get("synopsis"),
        where_to_watch=tuple(
            StreamingInfo(w["service"], _day(w.get("checked_on")))
            for w in film.get("where_to_watch", ())
        ),
        poster_ref=poster_ref,
        liked=bool(film.get("liked", False)),
    )


def _poster(film: dict[str, Any], cache: PosterCache | None) -> str | None:
    if cache is None or not film.get("poster"):
        return None
    return cache.store(resource_path("sample", "posters", film["poster"]).read_bytes())


def _add_film(service: JournalService, film: dict[str, Any], cache: PosterCache | None) -> None:
    record = service.add_film(_fields(film, _poster(film, cache)), allow_duplicate=True)
    viewing_ids = [
        service.mark_watched(
            record.id,
            _day(v.get("watched_on")),
            where=v.get("where"),
            note=v.get("note"),
            did_not_finish=bool(v.get("did_not_finish", False)),
        ).id
        for v in film.get("viewings", ())
    ]
    for review in film.get("reviews", ()):
        rating = review.get("rating")
        index = review.get("viewing")
        service.write_review(
            record.id,
            ReviewFields(
                rating_tenths=None if rating is None else round(rating * 10),
                headline=review.get("headline", ""),
                body=review.get("body", ""),
                tags=tuple(review.get("tags", ())),
                spoilers=bool(review.get("spoilers", False)),
                draft=bool(review.get("draft", False)),
                viewing_id=viewing_ids[index] if index is not None else None,
            ),
        )
    if film.get("watchlist") is not None:
        service.add_to_watchlist(record.id, film["watchlist"].get("note"))


def create_demo_journal(folder: Path, cache: PosterCache | None) -> Path:
    """Create ``folder/demo.sqlite`` filled with the sample; posters go into ``cache``.

    Raises FileExistsError rather than adding the sample a second time to an
    existing demo journal.
    """
    path = folder / DEMO_FILE_NAME
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    service = JournalService.open(path, folder / "backups")
    try:
        for film in load_sample():
            _add_film(service, film, cache)
    finally:
        service.close()
    return path
