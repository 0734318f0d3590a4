"""Turning journal records into JSON objects and readable text for the terminal."""

from __future__ import annotations

from typing import Any

from watchjournal.journal import FilmRecord, ReviewRecord, ViewingRecord
from watchjournal.journal.facts import film_facts
from watchjournal.journal.jsonable import film_fields_json
from watchjournal.journal.jsonable import iso as _iso


def format_rating(tenths: int | None) -> str:
    return "unrated" if tenths is None else f"{tenths / 10:g}/10"


def viewing_json(viewing: ViewingRecord) -> dict[str, Any]:
    return {
        "id": viewing.id,
        "watched_on": _iso(viewing.watched_on),
        "where": viewing.where,
        "rewatch": viewing.rewatch,
        "did_not_finish": viewing.did_not_finish,
        "note": viewing.note,
        "tags": list(viewing.tags),
    }


def review_json(review: ReviewRecord) -> dict[str, Any]:
    return {
        "id": review.id,
        "rating": review.rating,
        "headline": review.headline,
        "body": review.body,
        "tags": list(review.tags),
        "spoilers": review.spoilers,
        "draft": review.draft,
        "viewing_id": review.viewing_id,
        "created_at": _iso(review.created_at),
        "updated_at": _iso(review.updated_at),
    }


def film_json(film: FilmRecord) -> dict[str, Any]:
    f = film.fields
    return {
        "id": film.id,
        **film_fields_json(f),
        # "Your rating" by the one rating rule (docs/rules.md), 6.4 or null.
        "rating": film.rating,
        "on_watchlist": film.on_watchlist,
        "watchlist": (
            {
                "added_at": _iso(film.watchlist.added_at),
                "position": film.watchlist.position,
                "note": film.watchlist.note,
            }
            if film.watchlist
            else None
        ),
        "viewings": [viewing_json(v) for v in film.viewings],
        "reviews": [review_json(r) for r in film.reviews],
        "created_at": _iso(film.created_at),
        "updated_at": _iso(film.updated_at),
    }


def film_line(film: FilmRecord) -> str:
    """One line per film for lists: id, title (year), directors, state."""
    parts = [f"{film.id:>5}  {film.label}"]
    if film.fields.directors:
        parts.append(", ".join(film.fields.directors))
    if film.rating_tenths is not None:
        parts.append(format_rating(film.rating_tenths))
    if film.last_watched:
        parts.append(f"watched {film.last_watched.isoformat()}")
    elif film.viewings:
        parts.append("watched")
    if film.on_watchlist:
        parts.append("on watchlist")
    if film.fields.liked:
        parts.append("♥")
    return "  ·  ".join(parts)


def _details(film: FilmRecord) -> list[str]:
    rows = film_facts(film.fields)
    if film.fields.synopsis:
        rows.append(("Synopsis", film.fields.synopsis))
    return [f"  {label}: {value}" for label, value in rows]


def film_text(film: FilmRecord) -> str:
    lines = [film.label + ("  ♥" if film.fields.liked else ""), *_details(film)]
    if film.rating_tenths is not None:
        lines.append(f"  Your rating: {format_rating(film.rating_tenths)}")
    if film.watchlist:
        note = f" — {film.watchlist.note}" if film.watchlist.note else ""
        added = film.watchlist.added_at.date().isoformat()
        lines.append(f"  On your watchlist since {added}{note}")
    if film.viewings:
        lines.append("Diary:")
        for v in reversed(film.viewings):
            day = v.watched_on.isoformat() if v.watched_on else "date unknown"
            extra = [x for x in (v.where, "rewatch" if v.rewatch else None) if x]
            if v.did_not_finish:
                extra.append("did not finish")
            extra.append(f"viewing #{v.id}")
            lines.append(f"  {day}  ({', '.join(extra)})")
            if v.tags:
                lines.append("    Tags: " + ", ".join(v.tags))
            if v.note:
                lines.append(f"    {v.note}")
    for r in film.reviews:
        lines.append(
            f"Review #{r.id}: {format_rating(r.rating_tenths)}"
            + (f" — {r.headline}" if r.headline else "")
            + ("  [draft]" if r.draft else "")
            + ("  [spoilers]" if r.spoilers else "")
        )
        if r.tags:
            lines.append("  Tags: " + ", ".join(r.tags))
        lines.extend("  " + line for line in r.body.splitlines())
    return "\n".join(lines)
