"""Generated journals (Unicode titles, quotes, commas and newlines in reviews,
same-titled films) survive export -> import -> export unchanged, in every format
that can carry them: JSON (everything), Letterboxd CSV and IMDb CSV."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.interchange_helpers import export_bytes, import_path, new_service
from watchjournal.interchange.exporting import ExportFormat, NothingToExportError
from watchjournal.interchange.importing import ImportKind
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportReview,
    ImportViewing,
    Origin,
)
from watchjournal.journal.validate import fold_key

# Titles and other one-line fields refuse control and bidi control characters
# (journal.validate); review bodies keep them, and they round-trip there.
BIDI_CONTROLS = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
TEXT = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=BIDI_CONTROLS)
MULTILINE = st.one_of(TEXT, st.sampled_from(['"', ",", "\n", "'", ";"]))
TITLES = st.one_of(
    st.sampled_from(["Ballerina", 'Say "Cheese", Please', "Amélie", "東京物語", "O'Brien, Part 2"]),
    st.text(TEXT, min_size=1, max_size=24),
).filter(lambda t: bool(t.strip()))
NAMES = st.sampled_from(
    ["Lee Chung-hyun", "Len Wiseman", "Agnès Varda", "Bong Joon-ho", "是枝裕和"]
)
GENRES = st.sampled_from(["Action", "Drama", "Science Fiction", "Comédie"])
TAGS = st.sampled_from(["action", "Netflix", "rainy day", "日本", "café", "o'clock"])
NOTES = st.sampled_from(["animal harm", "flashing lights", "violence sexuelle"])


@dataclass(frozen=True)
class ReviewSpec:
    rating: int
    headline: str
    body: str
    tags: tuple[str, ...]
    viewing: int | None


@dataclass(frozen=True)
class FilmSpec:
    title: str
    year: int | None
    directors: tuple[str, ...]
    genres: tuple[str, ...]
    runtime: int | None
    with_imdb: bool
    viewings: tuple[tuple[date | None, bool | None], ...]
    reviews: tuple[ReviewSpec, ...]
    # Only the JSON backup carries these (``build(..., everything=True)``).
    with_trakt: bool = False
    content_notes: tuple[str, ...] = ()
    viewing_tags: tuple[tuple[str, ...], ...] = ()


@st.composite
def film_specs(draw: st.DrawFn) -> FilmSpec:
    viewings = tuple(
        draw(
            st.lists(
                st.tuples(
                    st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2025, 1, 1))),
                    st.sampled_from([None, True, False]),
                ),
                max_size=3,
            )
        )
    )
    linkable = draw(st.permutations([*range(len(viewings)), None, None]))
    reviews = tuple(
        ReviewSpec(
            rating=draw(st.integers(5, 100)),
            headline=draw(st.text(TEXT, max_size=15)).replace("\n", " "),
            body=draw(st.text(MULTILINE, max_size=60)),
            tags=tuple(draw(st.lists(TAGS, max_size=2))),
            viewing=linkable[n],
        )
        for n in range(draw(st.integers(0, 2)))
    )
    return FilmSpec(
        title=draw(TITLES),
        year=draw(st.one_of(st.none(), st.sampled_from([2023, 2025]), st.integers(1900, 2025))),
        directors=tuple(draw(st.lists(NAMES, max_size=2, unique=True))),
        genres=tuple(draw(st.lists(GENRES, max_size=2, unique=True))),
        runtime=draw(st.one_of(st.none(), st.integers(1, 300))),
        with_imdb=draw(st.booleans()),
        viewings=viewings,
        reviews=reviews,
        with_trakt=draw(st.booleans()),
        content_notes=tuple(draw(st.lists(NOTES, max_size=2, unique=True))),
        viewing_tags=tuple(tuple(draw(st.lists(TAGS, max_size=2))) for _ in viewings),
    )


JOURNALS = st.lists(
    film_specs(), min_size=1, max_size=5, unique_by=lambda f: (fold_key(f.title), f.year)
)


def build(
    service: JournalService,
    films: list[FilmSpec],
    *,
    everything: bool = False,
    tags_of_entries: bool = False,
) -> None:
    """Write the generated films in one transaction (an fsync per call would make
    every example slow); the import cleans fields exactly as the service calls do.

    ``everything``: with what only the JSON backup carries (Trakt ids, content
    notes) and diary-entry tags; ``tags_of_entries``: with diary-entry tags only."""
    batch = ImportBatch(kind="generated")
    for number, spec in enumerate(films):
        fields = FilmFields(
            title=spec.title,
            year=spec.year,
            directors=spec.directors,
            genres=spec.genres,
            runtime=spec.runtime,
            imdb_id=f"tt{1000000 + number:07d}" if spec.with_imdb else None,
            trakt_id=100 + number if everything and spec.with_trakt else None,
            content_notes=spec.content_notes if everything else (),
        )
        film = ImportFilm(fields, Origin("generated", number))
        film.viewings = [ImportViewing(day, rewatch_override=again) for day, again in spec.viewings]
        if everything or tags_of_entries:
            for viewing, tags in zip(film.viewings, spec.viewing_tags, strict=True):
                viewing.tags = tags
        film.reviews = [
            ImportReview(r.rating, r.headline, r.body, r.tags, viewing=r.viewing)
            for r in spec.reviews
        ]
        batch.films.append(film)
    report = service.import_batch(batch)
    assert report.films_added == len(films)


def round_trip(films: list[FilmSpec], fmt: ExportFormat, kind: ImportKind) -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        original = new_service(folder, "original")
        build(original, films, everything=fmt == "json", tags_of_entries=fmt == "letterboxd")
        suffix = ".json" if fmt == "json" else ".csv"
        try:
            first = export_bytes(original, fmt, folder / f"first{suffix}")
        except NothingToExportError:
            # Nothing this format carries (no rated film with an IMDb id, say): the
            # export refuses rather than writing a header alone, so there is no trip.
            original.close()
            return b"", b""
        copy = new_service(folder, "copy")
        import_path(copy, kind, folder / f"first{suffix}")
        second = export_bytes(copy, fmt, folder / f"second{suffix}")
        original.close()
        copy.close()
        return first, second


SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(JOURNALS)
def test_json_round_trip(films: list[FilmSpec]) -> None:
    first, second = round_trip(films, "json", "json")
    assert first == second
    # What only the backup carries is in it (not lost on both sides alike).
    entries = json.loads(first)["films"]
    assert {e["trakt_id"] for e in entries} - {None} == {
        100 + n for n, spec in enumerate(films) if spec.with_trakt
    }
    assert {note for e in entries for note in e["content_notes"]} == {
        note for spec in films for note in spec.content_notes
    }
    assert {tag for e in entries for v in e["viewings"] for tag in v["tags"]} == {
        tag for spec in films for tags in spec.viewing_tags for tag in tags
    }


@SETTINGS
@given(JOURNALS)
def test_letterboxd_csv_round_trip(films: list[FilmSpec]) -> None:
    first, second = round_trip(films, "letterboxd", "letterboxd")
    assert first == second


@SETTINGS
@given(JOURNALS)
def test_imdb_csv_round_trip(films: list[FilmSpec]) -> None:
    first, second = round_trip(films, "imdb", "imdb")
    assert first == second
