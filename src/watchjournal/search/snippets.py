"""Cutting a short, highlighted snippet out of a film's index row.

FTS5's ``highlight()`` returns each column with the matched words wrapped in
two control characters the journal never stores. From those columns this
picks the piece (one review, one note, one name...) with the most matches,
preferring what the film's title line does not already show (reviews and
notes first), and trims it to a window around the first match. A snippet cut
from a review with spoilers is flagged so front ends can hide it; which piece
is chosen does not depend on that, so revealing it shows the best match.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from watchjournal.search.index import COLUMN_FIELDS, SEPARATOR
from watchjournal.search.results import Snippet

OPEN_MARK = "\x02"
CLOSE_MARK = "\x03"
CONTEXT_BEFORE = 50  # characters of context kept before the first match
SNIPPET_LENGTH = 160  # characters after which the snippet is cut (at a word boundary)
ELLIPSIS = "…"
PREFERENCE = (
    "reviews",
    "notes",
    "tags",
    "title",
    "directors",
    "cast_members",
    "streaming",
    "genres",
    "countries",
)
_MARKED_RE = re.compile(f"{OPEN_MARK}(.*?){CLOSE_MARK}", re.DOTALL)

Segments = list[tuple[str, bool]]


def parse_marked(text: str) -> Segments:
    """(text, is_match) segments of one highlighted piece, whitespace collapsed."""
    flat = " ".join(text.split())
    segments: Segments = []
    last = 0
    for match in _MARKED_RE.finditer(flat):
        if match.start() > last:
            segments.append((flat[last : match.start()], False))
        segments.append((match[1], True))
        last = match.end()
    if last < len(flat):
        segments.append((flat[last:], False))
    return segments


def _trim_start(text: str) -> str:
    if len(text) <= CONTEXT_BEFORE:
        return text
    tail = text[-CONTEXT_BEFORE:]
    space = tail.find(" ")
    return ELLIPSIS + (tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail)


def _trim_end(text: str, room: int) -> str:
    cut = text[:room]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut) + ELLIPSIS


def window(segments: Segments) -> Segments:
    """The segments from a little before the first match up to about SNIPPET_LENGTH."""
    first = next((i for i, (_, hit) in enumerate(segments) if hit), 0)
    result: Segments = []
    if first > 0:
        result.append((_trim_start("".join(text for text, _ in segments[:first])), False))
    length = sum(len(text) for text, _ in result)
    for text, hit in segments[first:]:
        if length >= SNIPPET_LENGTH:
            result.append((ELLIPSIS, False))
            break
        if not hit and length + len(text) > SNIPPET_LENGTH:
            result.append((_trim_end(text, SNIPPET_LENGTH - length), False))
            break
        result.append((text, hit))
        length += len(text)
    return [(text, hit) for text, hit in result if text]


def best_snippet(
    highlighted: Mapping[str, str | None],
    review_ids: str | None,
    spoiler_reviews: Collection[int] = (),
) -> tuple[Snippet | None, int | None]:
    """The snippet to show for one film, and the id of the review it is from (if any).

    ``spoiler_reviews`` are the ids of the film's reviews flagged as having
    spoilers: a snippet from one of them comes back with ``spoiler`` set.
    """
    best: tuple[int, str, int, str] | None = None  # (matches, column, piece index, piece)
    for column in PREFERENCE:
        marked = highlighted.get(column) or ""
        if OPEN_MARK not in marked:  # most columns: no match, nothing to split
            continue
        for index, piece in enumerate(marked.split(SEPARATOR)):
            count = piece.count(OPEN_MARK)
            if count and (best is None or count > best[0]):
                best = (count, column, index, piece)
    if best is None:
        return None, None
    _, column, index, piece = best
    review_id = None
    if column == "reviews" and review_ids:
        ids = review_ids.split()
        review_id = int(ids[index]) if index < len(ids) else None
    spoiler = review_id is not None and review_id in spoiler_reviews
    snippet = Snippet(COLUMN_FIELDS[column], tuple(window(parse_marked(piece))), spoiler)
    return snippet, review_id
