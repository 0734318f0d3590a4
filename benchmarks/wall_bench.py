"""Poster wall benchmark: frame time per scroll step over 100,000 films, offscreen.

A generated journal of 100,000 films (``generate.py``), two films in three with
a poster (a few hundred distinct 500×750 JPEGs in a real poster cache, so the
wall decodes, scales and caches thumbnails as it goes; the rest get generated
cards). The Films wall (``WallView`` over the Films list's own paged model) is
scrolled programmatically; a frame is one scroll step plus everything the event
loop then does on the GUI thread (painting the exposed strip, asking for the
posters now on screen, turning arrived thumbnails into pixmaps, reading the next
page of rows). The baseline, measured in the same run on the same journal and
viewport, is the plain Films list (a QTableView over the same model class)
scrolled the same way.

Passes: "wheel" scrolls 120 px a step from the top (a fast wheel or trackpad
flick) for ``--steps`` steps, the wall first with no thumbnail made yet (each
poster decoded and scaled as it comes on screen), then again with the
thumbnails on disk but none in memory (the next session); "page" goes a whole
viewport a step (Page Down) through all 100,000 films, reading every page of
rows on the way.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/wall_bench.py [--films 100000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_journal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.thumbnails import ThumbnailCache
from watchjournal.ui.wall.models import FilmWallModel
from watchjournal.ui.wall.thumbs import ThumbnailLoader
from watchjournal.ui.wall.view import WallView
from watchjournal.ui.window.models import FilmTableModel

VIEWPORT = QSize(1280, 800)
WHEEL_PX = 120
FRAME_BUDGET_MS = 16.0


def poster_bytes(number: int, rng: random.Random) -> bytes:
    """A 500×750 JPEG with a gradient and shapes, about as heavy as a real poster."""
    top = tuple(rng.randrange(256) for _ in range(3))
    image = Image.new("RGB", (500, 750), top)
    draw = ImageDraw.Draw(image)
    for y in range(0, 750, 6):
        shade = tuple(max(0, c - y // 6) for c in top)
        draw.rectangle((0, y, 500, y + 6), fill=shade)
    for _ in range(12):
        x, y, r = rng.randrange(500), rng.randrange(750), rng.randrange(20, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.text((30, 40), f"Poster {number}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def add_posters(journal: Path, cache: PosterCache, films: int, distinct: int) -> None:
    """Two films in three point at one of ``distinct`` cached posters."""
    rng = random.Random(5)
    refs = [cache.store(poster_bytes(n, rng)) for n in range(distinct)]
    connection = sqlite3.connect(journal)
    with connection:
        connection.executemany(
            "UPDATE films SET poster_ref = ? WHERE id = ?",
            [(refs[n % distinct], n) for n in range(1, films + 1) if n % 3],
        )
    connection.close()


@dataclass
class Frames:
    name: str
    times_ms: list[float]

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def over_budget(self) -> int:
        return sum(t > FRAME_BUDGET_MS for t in self.times_ms)


def scroll(
    app: QApplication,
    view: QAbstractItemView,
    step_px: Callable[[], int],
    max_steps: int,
    done: Callable[[], bool] = lambda: False,
) -> list[float]:
    """Scroll ``view`` step by step from the top; the GUI thread's time for each step."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    times = []
    for _ in range(max_steps):
        start = time.perf_counter()
        bar.setValue(bar.value() + step_px())
        app.processEvents()  # paint, the wall's look at the screen, arrived thumbnails
        times.append((time.perf_counter() - start) * 1000)
        if done() or (
            bar.value() >= bar.maximum() and not view.model().canFetchMore(view.rootIndex())
        ):
            break
    return times


def make_table(service: JournalService) -> tuple[QTableView, FilmTableModel]:
    """The Films list as the window builds it (ui/window/library_views._table)."""
    model = FilmTableModel(service)
    model.reload()
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    # Pixel steps, so both views move the same distance per frame.
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table, model


def make_wall(service: JournalService, cache: PosterCache) -> tuple[WallView, FilmTableModel]:
    model = FilmTableModel(service)
    model.reload()
    view = WallView(ThumbnailLoader(ThumbnailCache(cache)))
    view.setModel(FilmWallModel(model))
    return view, model


def show(app: QApplication, view: QAbstractItemView) -> float:
    """Show ``view`` at the benchmark's size; the milliseconds to its first paint."""
    start = time.perf_counter()
    view.resize(VIEWPORT)
    view.show()
    view.viewport().repaint()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--posters", type=int, default=300, help="distinct poster files")
    parser.add_argument("--steps", type=int, default=1500, help="wheel steps per pass")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        journal = generate_journal(root / "journal.sqlite", args.films)
        cache = PosterCache(root / "cache")
        add_posters(journal, cache, args.films, args.posters)
        service = JournalService.open(journal, root / "backups")

        table, table_model = make_table(service)
        list_first = show(app, table)
        list_wheel = scroll(app, table, lambda: WHEEL_PX, args.steps)
        list_page = scroll(app, table, lambda: table.viewport().height(), 10**7)
        list_rows = table_model.rowCount()
        table.close()

        wall, wall_model = make_wall(service, cache)
        wall_first = show(app, wall)
        wall_wheel = scroll(app, wall, lambda: WHEEL_PX, args.steps)
        wall.loader.wait()
        app.processEvents()
        wall.loader.clear()  # as in a new session: thumbnails on disk, none in memory
        wall_wheel_disk = scroll(app, wall, lambda: WHEEL_PX, args.steps)
        wall_page = scroll(app, wall, lambda: wall.viewport().height(), 10**7)
        wall_rows = wall_model.rowCount()
        loads = wall.loader.loads
        wall.loader.wait()
        thumbnails = sum(1 for p in (cache.root / "wall").rglob("*.jpg"))
        wall.close()
        service.close()

    results = [
        Frames("list, wheel (baseline)", list_wheel),
        Frames("wall, wheel", wall_wheel),
        Frames("wall, wheel, thumbs on disk", wall_wheel_disk),
        Frames("list, page down", list_page),
        Frames("wall, page down", wall_page),
    ]
    baseline = results[0].median
    print(
        f"{args.films:,} films ({args.posters} distinct posters on two in three), viewport"
        f" {VIEWPORT.width()}x{VIEWPORT.height()}, offscreen; a frame = one scroll step +"
        " the event loop's work\n"
    )
    print(f"| {'pass':<28} | steps | median ms | p95 ms | worst ms | > 16 ms | x baseline |")
    print(f"| {'-' * 28} | ----: | --------: | -----: | -------: | ------: | ---------: |")
    for frames in results:
        print(
            f"| {frames.name:<28} | {len(frames.times_ms):5} | {frames.median:9.2f} |"
            f" {frames.quantile(0.95):6.2f} | {max(frames.times_ms):8.2f} |"
            f" {frames.over_budget:7} | {frames.median / baseline:10.2f} |"
        )
    print(
        f"\nfirst paint: list {list_first:.0f} ms, wall {wall_first:.0f} ms; rows read by the"
        f" end: list {list_rows:,}, wall {wall_rows:,}; thumbnails decoded {loads:,}, kept on"
        f" disk {thumbnails:,}"
    )


if __name__ == "__main__":
    main()
