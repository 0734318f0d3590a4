"""A simple search: every word must appear in a film's titles, people or reviews.

Case- and accent-insensitive substring matching. Results are films, each with
the review it matched in (if any) and a snippet with the match in [brackets].
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from watchjournal.journal.base import FILM_PARTS
from watchjournal.journal.convert import film_record
from watchjournal.journal.types import FilmRecord
from watchjournal.journal.validate import fold_key
from watchjournal.storage import models

SNIPPET_RADIUS = 40


def _film_text(film: models.Film) -> str:
    parts = [film.title, film.original_title or "", *film.directors, *film.cast, *film.genres]
    return fold_key(" ".join(parts))


def snippet(text: str, word: str) -> str:
    """Text around the first match of ``word``, the match marked with [brackets]."""
    folded = fold_key(text)
    flat = " ".join(text.split())
    # fold_key keeps one character per character of the flattened text for most
    # scripts; where it does not (ligatures), fall back to the start of the text.
    start = folded.find(word) if len(folded) == len(flat) else -1
    if start < 0:
        return flat[: 2 * SNIPPET_RADIUS]
    end = start + len(word)
    left = max(0, start - SNIPPET_RADIUS)
    right = min(len(flat), end + SNIPPET_RADIUS)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(flat) else ""
    return f"{prefix}{flat[left:start]}[{flat[start:end]}]{flat[end:right]}{suffix}"


def search_journal(
    session: Session, text: str, limit: int
) -> list[tuple[FilmRecord, int | None, str]]:
    words = fold_key(text).split()
    if not words:
        return []
    results: list[tuple[FilmRecord, int | None, str]] = []
    films = session.scalars(
        select(models.Film).order_by(models.Film.title_key).options(*FILM_PARTS)
    )
    for film in films:
        film_text = _film_text(film)
        if all(word in film_text for word in words):
            results.append((film_record(film), None, ""))
        else:
            for review in film.reviews:
                review_text = fold_key(f"{review.headline} {review.body}")
                if all(word in film_text or word in review_text for word in words):
                    hit = next(w for w in words if w in review_text)
                    body = review.body if hit in fold_key(review.body) else review.headline
                    results.append((film_record(film), review.id, snippet(body, hit)))
                    break
        if len(results) >= limit:
            break
    return results
