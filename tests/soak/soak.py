"""Soak test: thousands of random operations through JournalService on a real journal
file, with the invariants of tests/soak/invariants.py checked after every batch.

Operations: add, edit, review, revise, watch, delete, undo (restore_film), search,
import (a small generated WatchJournal JSON or Letterboxd diary) and export (JSON,
Letterboxd CSV, IMDb CSV, Markdown). Everything is drawn from one seeded Random, so a
run is reproducible with ``--seed``; ``--seconds`` bounds it in time. An operation
the service refuses with a JournalError (a duplicate film, an id clash on import) is
counted as refused; any other exception, or a broken invariant, ends the run with the
seed and the operation's number.

    .venv/bin/python -m tests.soak.soak --ops 10000 --seed 1 --seconds 1800

A short run is part of the default test suite (tests/unit/test_soak_short.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event

from tests.soak import data
from tests.soak.invariants import (
    check_json_round_trip,
    check_records,
    check_references,
    check_search,
    random_query,
)
from watchjournal.interchange.exporting import EXPORT_FORMATS, export_journal
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmRecord, JournalError, JournalService, ReviewRecord
from watchjournal.journal.rows import FilmQuery
from watchjournal.storage.engine import create_journal_engine

OPERATIONS: dict[str, int] = {  # name: weight
    "add": 18,
    "edit": 10,
    "review": 14,
    "revise": 9,
    "watch": 12,
    "delete": 6,
    "undo": 4,
    "search": 17,
    "import": 6,
    "export": 4,
}


@dataclass
class SoakResult:
    seed: int
    ops: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    checks: Counter[str] = field(default_factory=Counter)
    batches: int = 0
    seconds: float = 0.0
    films: int = 0
    stopped_by_time: bool = False

    @property
    def total(self) -> int:
        return sum(self.ops.values())

    def table(self) -> str:
        lines = [f"soak: seed {self.seed}, {self.total} operations in {self.seconds:.1f} s"]
        lines.append(f"{'operation':<12}{'done':>8}{'refused':>9}")
        for name in OPERATIONS:
            lines.append(f"{name:<12}{self.ops[name]:>8}{self.refused[name]:>9}")
        lines.append(f"{'invariant':<32}{'passed':>8}")
        for name, count in sorted(self.checks.items()):
            lines.append(f"{name:<32}{count:>8}")
        rate = self.total / self.seconds if self.seconds else 0.0
        lines.append(
            f"{self.batches} batches checked, {self.films} films at the end, {rate:.0f} ops/s"
            + (" (stopped by --seconds)" if self.stopped_by_time else "")
        )
        return "\n".join(lines)


class Soak:
    """Random operations on one journal; ``run`` checks the invariants between batches."""

    def __init__(
        self, service: JournalService, folder: Path, rng: random.Random, max_films: int
    ) -> None:
        self.service = service
        self.max_films = max_films
        self.folder = folder
        self.rng = rng
        self.deleted: list[FilmRecord] = []  # the undo stack
        self.empty_journal = folder / "empty.sqlite"
        JournalService.open(self.empty_journal, folder / "empty-backups").close()
        self.actions: dict[str, Callable[[], object]] = {
            name: getattr(self, f"_{name}") for name in OPERATIONS
        }

    def _film_ids(self) -> list[int]:
        return sorted(self.service.film_ids(FilmQuery()))

    def _film(self) -> FilmRecord | None:
        """A random film, read alone (reading every film per operation would be slow)."""
        ids = self._film_ids()
        return self.service.get_film(self.rng.choice(ids)) if ids else None

    def _add(self) -> object:
        return self.service.add_film(
            data.film_fields(self.rng),
            watchlist=self.rng.random() < 0.4,
            watchlist_note=data.maybe(self.rng, data.text(self.rng, 4), 0.3),
            allow_duplicate=self.rng.random() < 0.5,
        )

    def _edit(self) -> object:
        film = self._film()
        if film is None:
            return None
        fields = data.film_fields(self.rng) if self.rng.random() < 0.5 else film.fields
        return self.service.edit_film(
            film.id,
            fields,
            allow_duplicate=self.rng.random() < 0.5,
            watchlist=self.rng.choice((None, True, False)),
            watchlist_note=data.maybe(self.rng, data.text(self.rng, 3), 0.2),
        )

    def _review(self) -> object:
        film = self._film()
        if film is None:
            return None
        viewing = self.rng.choice(film.viewings).id if film.viewings else None
        return self.service.write_review(
            film.id, data.review_fields(self.rng, data.maybe(self.rng, viewing))
        )

    def _revise(self) -> object:
        reviews: tuple[ReviewRecord, ...] = ()
        for _ in range(5):  # most films have a review
            film = self._film()
            reviews = film.reviews if film else ()
            if reviews:
                break
        if not reviews:
            return None
        review = self.rng.choice(reviews)
        return self.service.update_review(
            review.id, data.review_fields(self.rng, review.viewing_id)
        )

    def _watch(self) -> object:
        film = self._film()
        if film is None:
            return None
        day = data.maybe(self.rng, data.day(self.rng), 0.9)
        return self.service.mark_watched(film.id, day, **data.viewing(self.rng))

    def _delete(self) -> object:
        film = self._film()
        if film is None:
            return None
        self.deleted.append(self.service.delete_film(film.id))
        return film

    def _undo(self) -> object:
        if not self.deleted:
            return None
        return self.service.restore_film(self.deleted.pop())

    def _search(self) -> object:
        """A search as the app runs one; whether it finds the right films is checked
        against a scan after each batch (a scan needs every film)."""
        query, _scan = random_query(self.rng)
        hits = self.service.search(query, limit=self.rng.randint(1, 50))
        if not {hit.film.id for hit in hits} <= set(self._film_ids()):
            raise AssertionError(f"search {query!r} found films that are not in the journal")
        return hits

    def _import(self) -> object:
        if self.rng.random() < 0.5:
            path = self.folder / "import.json"
            path.write_bytes(data.json_export(self.rng, self.rng.randint(1, 5)))
            kind = "json"
        else:
            path = self.folder / "export" / "diary.csv"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data.letterboxd_diary(self.rng, self.rng.randint(1, 6)))
            path, kind = path.parent, "letterboxd"
        return self.service.import_batch(read_import(kind, path))  # type: ignore[arg-type]

    def _export(self) -> object:
        fmt = self.rng.choice(EXPORT_FORMATS)
        target = self.folder / "exports" / f"journal.{ {'markdown': 'md'}.get(fmt, fmt) }"
        if fmt in ("letterboxd", "imdb"):
            target = target.with_suffix(".csv")
        result = export_journal(
            self.service.journal_snapshot(),
            fmt,
            target,
            protected=ProtectedFiles.of(self.service),
            overwrite=True,
        )
        if not all(path.exists() for path in result.files):
            raise AssertionError(f"export {fmt} did not write {result.files}")
        return result

    def step(self, result: SoakResult) -> None:
        name = self.rng.choices(list(OPERATIONS), weights=list(OPERATIONS.values()))[0]
        if name in ("add", "import") and self.service.count_films() >= self.max_films:
            name = "delete"  # keeps each batch's checks (a scan, a round trip) quick
        try:
            self.actions[name]()
        except JournalError:
            result.refused[name] += 1
        result.ops[name] += 1

    def check(self, result: SoakResult) -> None:
        path = self.service.path
        assert path is not None
        films = self.service.list_films()
        result.checks["references and integrity"] += check_references(path)
        result.checks["records belong to their film"] += check_records(films)
        result.checks["search equals a scan"] += check_search(
            self.service, films, self.rng, queries=12
        )
        result.checks["JSON re-imports identically"] += check_json_round_trip(
            self.service, self.folder, self.empty_journal
        )
        result.batches += 1
        result.films = len(films)


def open_service(path: Path, *, durable: bool) -> JournalService:
    """The journal at ``path``, created at the newest schema; without ``durable`` its
    writes skip the fsyncs that make them survive a power cut (quicker short runs)."""
    JournalService.open(path, path.parent / "backups").close()
    engine = create_journal_engine(path)
    if not durable:
        event.listen(engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA synchronous=OFF"))
    return JournalService(engine, path)


def run_soak(
    folder: Path,
    *,
    ops: int,
    seed: int,
    seconds: float,
    batch: int = 100,
    max_films: int = 400,
    durable: bool = True,
) -> SoakResult:
    """Run the soak on a new journal in ``folder``; raises on the first broken invariant."""
    rng = random.Random(seed)
    result = SoakResult(seed)
    start = time.monotonic()
    service = open_service(folder / "journal.sqlite", durable=durable)
    try:
        soak = Soak(service, folder, rng, max_films)
        for number in range(1, ops + 1):
            try:
                soak.step(result)
                if number % batch == 0 or number == ops:
                    soak.check(result)
            except BaseException as error:
                error.add_note(f"soak seed {seed}, operation {number}")
                raise
            if time.monotonic() - start > seconds:
                result.stopped_by_time = True
                soak.check(result)
                break
    finally:
        service.close()
    result.seconds = time.monotonic() - start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=10_000, help="operations (10,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--seconds", type=float, default=1800, help="stop after this long")
    parser.add_argument("--batch", type=int, default=100, help="check after this many ops")
    parser.add_argument("--max-films", type=int, default=400, help="delete instead of adding")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep the journal")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="watchjournal-soak-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        result = run_soak(
            folder,
            ops=args.ops,
            seed=args.seed,
            seconds=args.seconds,
            batch=args.batch,
            max_films=args.max_films,
        )
    print(result.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
