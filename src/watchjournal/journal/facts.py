"""A film's facts as labelled lines, shared by the CLI's ``show`` and the Markdown export."""

from __future__ import annotations

from watchjournal.journal.types import FilmFields


def film_facts(f: FilmFields) -> list[tuple[str, str]]:
    """The film's non-empty facts as (label, text) pairs, in reading order."""
    where = "; ".join(
        w.service + (f" (checked {w.checked_on.isoformat()})" if w.checked_on else "")
        for w in f.where_to_watch
    )
    rows = [
        ("Original title", f.original_title or ""),
        ("Directed by", ", ".join(f.directors)),
        ("Cast", ", ".join(f.cast)),
        ("Genres", ", ".join(f.genres)),
        ("Countries", ", ".join(f.countries)),
        ("Runtime", f"{f.runtime} min" if f.runtime else ""),
        ("Where to watch", where),
        ("Content notes", "; ".join(f.content_notes)),
        ("IMDb", f.imdb_id or ""),
        ("Letterboxd", f.letterboxd_uri or ""),
    ]
    return [(label, value) for label, value in rows if value]
