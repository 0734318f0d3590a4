"""Benchmark: writing one year in review (the HTML page and the PNG) at 100,000 films.

Target (issue 16): the year in review written in under 2 s on a journal of
100,000 films and 200,000 viewings (the journal of benchmarks/stats_bench.py,
made by its ``generate``), with posters in the cache for the year's
highest-rated films (real small JPEG and PNG files, made with Pillow). Each
run is cold: the service's kept statistics are dropped first. Figures are
also given as a ratio to a bare ``SELECT count(*) FROM viewings`` in the same
run, so machines (and loads) can be compared. The parts are timed one by one:
``stats`` (``JournalService.stats`` of the year, the share another part of the
code owns), the rest of gathering the review (the top films, their posters,
the longest review), making and writing the page, drawing and writing the PNG.

    PYTHONPATH=src python benchmarks/year_review_bench.py [--films N] [--viewings N]
        [--year 2024] [--runs 3] [--db PATH]   (--db keeps the generated journal)
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw
from stats_bench import generate

from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.interchange.year_review import (
    TOP_FILMS,
    gather_year_review,
    write_year_review,
    year_review_html,
)
from watchjournal.journal import JournalService
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.metadata.cache import PosterCache


def poster_bytes(seed: int, kind: str) -> bytes:
    """A 300x450 poster-like picture (a gradient, a circle, noise) as JPEG or PNG."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    image = Image.new("RGB", (300, 450))
    draw = ImageDraw.Draw(image)
    for y in range(450):
        mix = y / 449
        draw.line(
            [(0, y), (299, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    x, y = rng.randrange(40, 200), rng.randrange(60, 300)
    draw.ellipse([x, y, x + 100, y + 100], outline=(255, 255, 255), width=4)
    noise = Image.effect_noise((300, 450), 24).convert("RGB")
    image = Image.blend(image, noise, 0.08)
    out = io.BytesIO()
    image.save(out, "JPEG" if kind == "jpeg" else "PNG", quality=85)
    return out.getvalue()


def add_posters(path: Path, service: JournalService, cache: PosterCache, year: int) -> int:
    """Posters for the films the year's review shows; returns their total size in bytes."""
    review = gather_year_review(service, year, None, None)
    total = 0
    connection = sqlite3.connect(path)
    with connection:
        for number, film in enumerate(review.top_films):
            data = poster_bytes(film.film_id, "jpeg" if number % 2 == 0 else "png")
            total += len(data)
            ref = cache.store(data)
            connection.execute("UPDATE films SET poster_ref = ? WHERE id = ?", (ref, film.film_id))
    connection.close()
    return total


def median_ms(action: Callable[[], object], runs: int) -> float:
    walls = []
    for _ in range(runs):
        begin = time.perf_counter()
        action()
        walls.append((time.perf_counter() - begin) * 1000)
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--viewings", type=int, default=200_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, help="keep the generated journal here (reused)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Lazy: Qt loads after the platform is chosen (the PNG is drawn offscreen).
    from watchjournal.ui.stats.review_png import ensure_gui_application, save_year_review_png

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "journal.sqlite"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            generate(path, args.films, args.viewings)
        service = JournalService.open(path, path.parent / "backups")
        cache = PosterCache(path.parent / "cache")
        poster_total = add_posters(path, service, cache, args.year)
        protected = ProtectedFiles.of(service)
        out = Path(folder) / "review.html"
        connection = sqlite3.connect(path)
        baseline = median_ms(  # many runs: a single one is mostly noise at ~2 ms
            lambda: connection.execute("SELECT count(*) FROM viewings").fetchone(), 31
        )

        def drop() -> None:
            service.__dict__.pop("_stats_cache", None)  # cold: computed again

        def stats() -> object:
            drop()
            return service.stats(StatsPeriod.year(args.year), None)

        def gather() -> object:
            drop()
            return gather_year_review(service, args.year, None, cache)

        review = gather_year_review(service, args.year, None, cache)
        html = year_review_html(review)
        kept = review.stats

        def top_films() -> object:
            return service.top_rated_film_ids(kept.films.film_ids, TOP_FILMS)

        def longest() -> object:
            period = kept.period
            return service.longest_review(period.start, period.end, kept.reviews.film_ids)

        def html_only() -> None:
            write_year_review(year_review_html(review), out, protected, overwrite=True)

        def png_only() -> None:
            save_year_review_png(review, out.with_suffix(".png"))

        def both(cold: bool = True) -> None:
            if cold:
                drop()
            whole = gather_year_review(service, args.year, None, cache)
            write_year_review(year_review_html(whole), out, protected, overwrite=True)
            save_year_review_png(whole, out.with_suffix(".png"))

        figures = {
            "stats (the year, cold)": median_ms(stats, args.runs),
            "gather the review (stats included)": median_ms(gather, args.runs),
            "  of which the top films": median_ms(top_films, args.runs),
            "  of which the longest review": median_ms(longest, args.runs),
            "make and write the HTML": median_ms(html_only, args.runs),
            "draw and write the PNG": median_ms(png_only, args.runs),
            "the whole year in review, HTML and PNG (cold)": median_ms(both, args.runs),
            "the same with the stats kept (all but stats)": median_ms(
                lambda: both(cold=False), args.runs
            ),
        }
        load = os.getloadavg()
        print(
            f"{args.films:,} films, {args.viewings:,} viewings, year {args.year}:"
            f" {review.stats.films.value:,} films, {review.stats.viewings.value:,} viewings,"
            f" {review.stats.reviews.value:,} reviews; {len(review.top_films)} of {TOP_FILMS}"
            f" top films with posters ({poster_total / 1024:.0f} KiB);"
            f" page {len(html.encode()) / 1024:.0f} KiB,"
            f" PNG {out.with_suffix('.png').stat().st_size / 1024:.0f} KiB"
        )
        print(f"median of {args.runs} runs; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
        print(f"SELECT count(*) FROM viewings: {baseline:.2f} ms")
        for name, ms in figures.items():
            print(f"{name}: {ms:,.0f} ms ({ms / baseline:,.0f}x the count)")
        connection.close()
        service.close()


if __name__ == "__main__":
    main()
