"""A readable Markdown copy of the journal: one file, or a folder with a file per film.

Review bodies are already Markdown and are written as they are; titles, names
and notes are escaped so that a film called ``*batteries not included`` stays
plain text.
"""

from __future__ import annotations

import re

from watchjournal.interchange.csv_export import ordered_films
from watchjournal.interchange.files import NAME_MAX_BYTES, safe_file_name
from watchjournal.journal.facts import film_facts
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.types import FilmRecord, ReviewRecord

_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _rating(tenths: int | None) -> str:
    return "unrated" if tenths is None else f"{tenths / 10:g}/10"


def _facts(film: FilmRecord) -> list[str]:
    f = film.fields
    lines = [f"- **{label}:** {escape(value)}" for label, value in film_facts(f)]
    if film.rating_tenths is not None:  # the film's rating, by the one rating rule
        lines.append(f"- **Your rating:** {_rating(film.rating_tenths)}")
    if f.liked:
        lines.append("- **Liked** ♥")
    if film.watchlist:
        note = f" — {escape(film.watchlist.note)}" if film.watchlist.note else ""
        lines.append(f"- **On the watchlist** since {film.watchlist.added_at.date()}{note}")
    if f.synopsis:
        lines += ["", escape(f.synopsis)]
    return lines


def _review(review: ReviewRecord, level: str) -> list[str]:
    title = f"{level} Review: {_rating(review.rating_tenths)}"
    if review.headline:
        title += f" — {escape(review.headline)}"
    lines = [title, ""]
    flags = [name for name, on in (("draft", review.draft), ("spoilers", review.spoilers)) if on]
    if review.tags or flags:
        lines += [
            "Tags: " + escape(", ".join(review.tags)) + (f" ({', '.join(flags)})" if flags else ""),
            "",
        ]
    if review.body:
        lines += [review.body, ""]
    return lines


def film_markdown(film: FilmRecord, level: int = 1) -> str:
    head, sub = "#" * level, "#" * (level + 1)
    lines = [f"{head} {escape(film.label)}", "", *_facts(film), ""]
    if film.viewings:
        lines += [f"{sub} Diary", ""]
        for v in film.viewings:
            day = v.watched_on.isoformat() if v.watched_on else "date unknown"
            extra = [x for x in (v.where, "rewatch" if v.rewatch else None) if x]
            if v.did_not_finish:
                extra.append("did not finish")
            line = f"- {day}" + (f" ({escape(', '.join(extra))})" if extra else "")
            lines.append(line + (f": {escape(v.note)}" if v.note else ""))
        lines.append("")
    for review in film.reviews:
        lines += _review(review, sub)
    return "\n".join(lines).rstrip() + "\n"


def journal_markdown(snapshot: JournalSnapshot) -> str:
    """The whole journal as one Markdown document."""
    films = ordered_films(snapshot)
    parts = ["# WatchJournal", "", f"{len(films)} films.", ""]
    parts += [film_markdown(film, level=2) for film in films]
    by_id = {film.id: film for film in films}
    for item in snapshot.lists:
        parts += [f"## List: {escape(item.name)}", ""]
        if item.description:
            parts += [escape(item.description), ""]
        parts += [
            f"{n}. {escape(by_id[e.film_id].label)}" + (f" — {escape(e.note)}" if e.note else "")
            for n, e in enumerate(item.entries, start=1)
        ]
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def journal_markdown_files(
    snapshot: JournalSnapshot, max_name_bytes: int = NAME_MAX_BYTES
) -> dict[str, str]:
    """One Markdown file per film plus an ``index.md``.

    Names are safe, unique and at most ``max_name_bytes`` long in UTF-8 (the
    file system's limit); the same film gets the same name in every export.
    """
    used = {"index.md"}
    files: dict[str, str] = {}
    index = ["# WatchJournal", ""]
    for film in ordered_films(snapshot):
        name = safe_file_name(film.label, used, max_bytes=max_name_bytes)
        files[name] = film_markdown(film)
        link = name.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        index.append(f"- [{escape(film.label)}]({link})")
    files["index.md"] = "\n".join(index) + "\n"
    return files
