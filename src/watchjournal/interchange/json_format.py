"""WatchJournal JSON: a lossless backup of the whole journal, and reading it back.

The output depends only on the journal's content, never on its row ids, so
exporting, importing into an empty journal and exporting again gives the same
bytes. Films are sorted by title, year and then their full content; lists
refer to films by their 1-based ``ref`` (the position in ``films``), and so do
"reminds me of" links (``links``: the two refs, smaller first); a review
names its viewing by index in the film's ``viewings``; the watchlist order is
given as 0-based ranks. An export from before links has no ``links`` and
still reads.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from watchjournal.journal.film_fields import FILM_FIELDS, FilmField
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportLink,
    ImportList,
    ImportListEntry,
    ImportReview,
    ImportRevision,
    ImportViewing,
    ImportWatchlist,
    Origin,
)
from watchjournal.journal.importing import JournalSnapshot
from watchjournal.journal.jsonable import film_fields_json
from watchjournal.journal.jsonable import iso as _iso
from watchjournal.journal.types import FilmFields, FilmRecord, StreamingInfo
from watchjournal.journal.validate import MAX_ID, fold_key, quote

FORMAT = "watchjournal"
SCHEMA_VERSION = 1
Json = dict[str, Any]
# Fields added to schema version 1 after backups were first written, which such
# backups lack: read as empty (a viewing's ``tags`` likewise). ``trakt_id`` may be
# absent too: a missing value reads as None like any id.
_ADDED_LATER = frozenset({"content_notes"})
# Python refuses to read an integer of more than 4,300 digits (a ValueError);
# this finds it again to say on which line it is.
_HUGE_INTEGER = re.compile(r"-?\d{4300,}")


def _rating(tenths: int | None) -> float | None:
    return None if tenths is None else tenths / 10


def _film_entry(film: FilmRecord, watchlist_rank: dict[int, int]) -> Json:
    f = film.fields
    viewing_index = {v.id: i for i, v in enumerate(film.viewings)}
    return {
        **film_fields_json(f),
        "watchlist": None
        if film.watchlist is None
        else {
            "rank": watchlist_rank[film.id],
            "added_at": _iso(film.watchlist.added_at),
            "note": film.watchlist.note,
        },
        "created_at": _iso(film.created_at),
        "updated_at": _iso(film.updated_at),
        "viewings": [
            {
                "watched_on": _iso(v.watched_on),
                "rewatch_override": v.rewatch_override,
                "where": v.where,
                "did_not_finish": v.did_not_finish,
                "note": v.note,
                "tags": list(v.tags),
                "created_at": _iso(v.created_at),
            }
            for v in film.viewings
        ],
        "reviews": [
            {
                "viewing": None if r.viewing_id is None else viewing_index.get(r.viewing_id),
                "rating": _rating(r.rating_tenths),
                "headline": r.headline,
                "body": r.body,
                "tags": list(r.tags),
                "spoilers": r.spoilers,
                "draft": r.draft,
                "created_at": _iso(r.created_at),
                "updated_at": _iso(r.updated_at),
                "revisions": [
                    {
                        "rating": _rating(rev.rating_tenths),
                        "headline": rev.headline,
                        "body": rev.body,
                        "saved_at": _iso(rev.saved_at),
                    }
                    for rev in film.revisions
                    if rev.review_id == r.id
                ],
            }
            for r in film.reviews
        ],
    }


def _film_sort_key(entry: Json) -> tuple[str, bool, int, str]:
    year = entry["year"]
    content = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    return (fold_key(entry["title"]), year is None, year or 0, content)


def journal_to_json(snapshot: JournalSnapshot) -> Json:
    on_watchlist = sorted(
        (f for f in snapshot.films if f.watchlist is not None),
        key=lambda f: (f.watchlist.position if f.watchlist else 0, f.id),
    )
    rank = {film.id: index for index, film in enumerate(on_watchlist)}
    entries = [(_film_entry(film, rank), film.id) for film in snapshot.films]
    entries.sort(key=lambda pair: _film_sort_key(pair[0]))  # stable: ties keep id order
    ref = {film_id: index + 1 for index, (_, film_id) in enumerate(entries)}
    films = [{"ref": ref[film_id], **entry} for entry, film_id in entries]
    lists = [
        {
            "name": item.name,
            "description": item.description,
            "ranked": item.ranked,
            "created_at": _iso(item.created_at),
            "updated_at": _iso(item.updated_at),
            "films": [{"ref": ref[e.film_id], "note": e.note} for e in item.entries],
        }
        for item in snapshot.lists
    ]
    lists.sort(key=lambda x: (fold_key(str(x["name"])), json.dumps(x, sort_keys=True)))
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "films": films,
        "lists": lists,
        "links": _links_json(snapshot, ref),
        "tags": sorted(snapshot.tags, key=fold_key),
    }


def _links_json(snapshot: JournalSnapshot, ref: dict[int, int]) -> list[Json]:
    """The links by their films' refs (smaller first), in ref order: no row ids."""
    links = [
        {
            "refs": sorted((ref[pair.film_id], ref[pair.other_id])),
            "note": pair.note,
            "created_at": _iso(pair.created_at),
        }
        for pair in snapshot.links
    ]
    return sorted(links, key=lambda link: link["refs"])


def dumps(snapshot: JournalSnapshot) -> str:
    return json.dumps(journal_to_json(snapshot), ensure_ascii=False, indent=2) + "\n"


# Reading --------------------------------------------------------------------


class _Reader:
    """Typed access to the parsed JSON with errors that say where the bad value is."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> ImportFormatError:
        return ImportFormatError(f"{where}: {message}", Origin(self.name, 0))

    def get(self, obj: Json, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(where, "should be an object")
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            raise self.fail(f"{where}.{key}", "is a number too large for any field")
        if value is None and not isinstance(None, kind):
            raise self.fail(f"{where}.{key}", "is missing")
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
            raise self.fail(f"{where}.{key}", f"has the wrong type ({type(value).__name__})")
        return value

    def text(self, obj: Json, key: str, where: str) -> str | None:
        value: str | None = self.get(obj, key, (str, type(None)), where)
        return value

    def stamp(self, obj: Json, key: str, where: str) -> datetime | None:
        value = self.text(obj, key, where)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where}.{key}", f"{quote(value)} is not a date and time") from None

    def required_stamp(self, obj: Json, key: str, where: str) -> datetime:
        stamp = self.stamp(obj, key, where)
        if stamp is None:
            raise self.fail(f"{where}.{key}", "is missing")
        return stamp

    def day(self, obj: Json, key: str, where: str) -> date | None:
        value = self.text(obj, key, where)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where}.{key}", f"{quote(value)} is not a date") from None

    def rating(self, obj: Json, key: str, where: str) -> int | None:
        value = self.get(obj, key, (int, float, type(None)), where)
        if value is None:
            return None
        tenths = Decimal(str(value)) * 10
        if not tenths.is_finite():  # JSON's Infinity, NaN or 1e999
            raise self.fail(f"{where}.{key}", f"{value} is not a rating")
        if tenths != tenths.to_integral_value():
            raise self.fail(f"{where}.{key}", f"{value} has more than one decimal")
        return int(tenths)

    def names(self, obj: Json, key: str, where: str) -> tuple[str, ...]:
        values = self.get(obj, key, list, where)
        if not all(isinstance(v, str) for v in values):
            raise self.fail(f"{where}.{key}", "should be a list of texts")
        return tuple(values)

    def items(self, obj: Json, key: str, where: str) -> list[Json]:
        values: list[Json] = self.get(obj, key, list, where)
        for index, value in enumerate(values):
            if not isinstance(value, dict):
                raise self.fail(f"{where}.{key}[{index}]", "should be an object")
        return values


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _read_field(r: _Reader, raw: Json, field: FilmField, where: str) -> Any:
    """One film field under its JSON name, read as its kind says."""
    key = field.key
    if key in _ADDED_LATER and key not in raw:  # a backup from before the field existed
        return ()
    if field.name == "title":  # the one field a film cannot do without
        return r.get(raw, key, str, where)
    if field.kind in ("line", "text"):
        return r.text(raw, key, where)
    if field.kind == "int":
        return r.get(raw, key, (int, type(None)), where)
    if field.kind == "names":
        return r.names(raw, key, where)
    if field.kind == "bool":
        return r.get(raw, key, bool, where)
    return tuple(
        StreamingInfo(
            r.get(w, "service", str, f"{where}.{key}"), r.day(w, "checked_on", f"{where}.{key}")
        )
        for w in r.items(raw, key, where)
    )


def _read_film(r: _Reader, raw: Json, where: str) -> ImportFilm:
    fields = FilmFields(**{f.name: _read_field(r, raw, f, where) for f in FILM_FIELDS})
    film = ImportFilm(
        fields,
        Origin(r.name, 0),
        created_at=r.stamp(raw, "created_at", where),
        updated_at=r.stamp(raw, "updated_at", where),
    )
    watch = r.get(raw, "watchlist", (dict, type(None)), where)
    if watch is not None:
        film.watchlist = ImportWatchlist(
            added_at=r.stamp(watch, "added_at", f"{where}.watchlist"),
            note=r.text(watch, "note", f"{where}.watchlist"),
            position=r.get(watch, "rank", int, f"{where}.watchlist"),
        )
    for index, v in enumerate(r.items(raw, "viewings", where)):
        at = f"{where}.viewings[{index}]"
        film.viewings.append(
            ImportViewing(
                watched_on=r.day(v, "watched_on", at),
                rewatch_override=r.get(v, "rewatch_override", (bool, type(None)), at),
                where=r.text(v, "where", at),
                did_not_finish=r.get(v, "did_not_finish", bool, at),
                note=r.text(v, "note", at),
                created_at=r.stamp(v, "created_at", at),
                tags=r.names(v, "tags", at) if "tags" in v else (),
            )
        )
    for index, review in enumerate(r.items(raw, "reviews", where)):
        film.reviews.append(
            _read_review(r, review, f"{where}.reviews[{index}]", len(film.viewings))
        )
    return film


def _read_review(r: _Reader, raw: Json, where: str, viewings: int) -> ImportReview:
    viewing = r.get(raw, "viewing", (int, type(None)), where)
    if viewing is not None and not 0 <= viewing < viewings:
        raise r.fail(f"{where}.viewing", f"{viewing} is not one of the film's viewings")
    return ImportReview(
        rating_tenths=r.rating(raw, "rating", where),
        headline=r.get(raw, "headline", str, where),
        body=r.get(raw, "body", str, where),
        tags=r.names(raw, "tags", where),
        spoilers=r.get(raw, "spoilers", bool, where),
        draft=r.get(raw, "draft", bool, where),
        viewing=viewing,
        created_at=r.stamp(raw, "created_at", where),
        updated_at=r.stamp(raw, "updated_at", where),
        revisions=tuple(
            ImportRevision(
                rating_tenths=r.rating(rev, "rating", f"{where}.revisions[{i}]"),
                headline=r.get(rev, "headline", str, f"{where}.revisions[{i}]"),
                body=r.get(rev, "body", str, f"{where}.revisions[{i}]"),
                saved_at=r.required_stamp(rev, "saved_at", f"{where}.revisions[{i}]"),
            )
            for i, rev in enumerate(r.items(raw, "revisions", where))
        ),
    )


def _huge_integer(data: bytes, name: str) -> ImportFormatError:
    text = data.decode("utf-8-sig")
    found = _HUGE_INTEGER.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else 0
    return ImportFormatError(
        "holds a number thousands of digits long; no field holds a number that large",
        Origin(name, line),
    )


def read_json(data: bytes, name: str) -> ImportBatch:
    """Turn a WatchJournal JSON export into an ImportBatch (nothing is written)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFormatError(
            "is not UTF-8 text (a WatchJournal JSON export is)", Origin(name, 0)
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"is not valid JSON ({exc.msg})", Origin(name, exc.lineno)
        ) from None
    except RecursionError:  # thousands of nested brackets: no export looks like that
        raise ImportFormatError("is nested too deeply to be an export", Origin(name, 0)) from None
    except ValueError:  # only an integer over Python's 4,300-digit limit gets here
        raise _huge_integer(data, name) from None
    r = _Reader(name)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportFormatError("is not a WatchJournal JSON export", Origin(name, 0))
    version = doc.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
        raise ImportFormatError(
            f"has schema version {version!r}; this WatchJournal reads up to {SCHEMA_VERSION}",
            Origin(name, 0),
        )
    batch = ImportBatch(kind="json")
    batch.films = [
        _read_film(r, raw, f"films[{i}]") for i, raw in enumerate(r.items(doc, "films", "the file"))
    ]
    for index, raw in enumerate(r.items(doc, "lists", "the file")):
        where = f"lists[{index}]"
        item = ImportList(
            name=r.get(raw, "name", str, where),
            origin=Origin(name, 0),
            description=r.text(raw, "description", where),
            # Absent in files written before lists could be ranked.
            ranked=r.get(raw, "ranked", (bool, type(None)), where) or False,
            created_at=r.stamp(raw, "created_at", where),
            updated_at=r.stamp(raw, "updated_at", where),
        )
        for number, entry in enumerate(r.items(raw, "films", where)):
            ref = r.get(entry, "ref", int, f"{where}.films[{number}]")
            if not 1 <= ref <= len(batch.films):
                raise r.fail(f"{where}.films[{number}].ref", f"{ref} is not a film in the file")
            item.entries.append(
                ImportListEntry(ref - 1, r.text(entry, "note", f"{where}.films[{number}]"))
            )
        batch.lists.append(item)
    batch.links = _read_links(r, doc, len(batch.films)) if "links" in doc else []
    batch.tags = list(r.names(doc, "tags", "the file"))
    return batch


def _read_links(r: _Reader, doc: Json, films: int) -> list[ImportLink]:
    links = []
    for index, raw in enumerate(r.items(doc, "links", "the file")):
        where = f"links[{index}]"
        refs = r.get(raw, "refs", list, where)
        if len(refs) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) for x in refs):
            raise r.fail(f"{where}.refs", "should be the refs of two films")
        for ref in refs:
            if not 1 <= ref <= films:
                raise r.fail(f"{where}.refs", f"{ref} is not a film in the file")
        if refs[0] == refs[1]:
            raise r.fail(f"{where}.refs", "links a film to itself")
        links.append(
            ImportLink(
                refs[0] - 1,
                refs[1] - 1,
                note=r.text(raw, "note", where),
                created_at=r.stamp(raw, "created_at", where),
            )
        )
    return links
