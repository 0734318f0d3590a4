""" "Reminds me of" links of an import (part of BatchWriter's plan).

A link of the batch joins the two journal films its films were matched to or
added as; one the journal already has (either way round) is left as it is,
note included, so importing the same file twice changes nothing. Two batch
films that turn out to be one journal film cannot be linked to each other,
and are not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.import_collections import naive
from watchjournal.journal.import_types import ImportFormatError
from watchjournal.journal.links import clean_link_note
from watchjournal.storage import models

if TYPE_CHECKING:
    from watchjournal.journal.import_writer import BatchWriter


def add_film_links(writer: BatchWriter) -> None:
    if not writer.batch.links:
        return
    link = models.FilmLink
    existing = {
        (row.film_id, row.other_id)
        for row in writer.session.execute(select(link.film_id, link.other_id))
    }
    rows: list[dict[str, Any]] = []
    for item in writer.batch.links:
        first, second = writer.film_ids[item.film], writer.film_ids[item.other]
        # No id: a film the import leaves out (one it could not match for sure).
        if not first or not second or first == second:
            continue
        pair = (min(first, second), max(first, second))
        if pair in existing:
            continue
        existing.add(pair)
        try:
            note = clean_link_note(item.note)
        except ValidationError as exc:
            films = writer.batch.films
            what = f"{films[item.film].label} and {films[item.other].label}"
            raise ImportFormatError(
                f"the link between {validate.shorten(what)}: {exc}", films[item.film].origin
            ) from None
        created = naive(item.created_at, writer.now)
        rows.append({"film_id": pair[0], "other_id": pair[1], "note": note, "created_at": created})
    # An ORM bulk insert: links are few, and their ids are nobody's concern.
    writer.writes.execute(insert(models.FilmLink), rows)
    writer.report.links_added += len(rows)
