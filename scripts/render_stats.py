"""The Stats view and the year in review, as scenes of scripts/render-windows.

Imported by render-windows (this folder is on its path). The view scenes put
the window's Stats view in a state: a year, all time, all time with a query,
and the page scrolled to its calendar, its top tables and its moments; the
Year in Review scenes draw the save box it opens and the window once it has
saved, and ``render_year_reviews`` writes the review's PNG (drawn for sharing,
the same in both tones) and its HTML page beside the pictures.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from watchjournal.ui.stats.view import StatsView

YEAR = "2025"  # the demo's busiest year
QUERY = "-tag:korean"  # leaves films out, as a user keeping some private would


def settle(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def wait_for(app: QApplication, done: Callable[[], bool], what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"render-windows: {what} did not happen")
        settle(app, 0.05)


def show_stats(studio: Any, mode: str, query: str = "") -> StatsView:
    """The Stats view on ``mode`` ("Year": YEAR), with ``query``, loaded."""
    studio.show("stats")
    view: StatsView = studio.window.stats_view
    wait_for(studio.app, lambda: view.year.count() > 0, "loading the years")
    view.query.setText(query)
    view.mode.setCurrentText(mode)
    if mode == "Year":
        view.year.setCurrentText(YEAR)
    view.stats = None  # the journal keeps computed stats: the same record may come back
    view.reload()
    wait_for(studio.app, lambda: view.stats is not None, "loading the stats")
    settle(studio.app, 0.4)
    view.page_scroll.verticalScrollBar().setValue(0)
    return view


def stats(mode: str, query: str = "", part: str | None = None) -> Callable[[Any], None]:
    """The view on a period; ``part`` scrolls the page to "calendar", "tops" or "moments"."""

    def scene(studio: Any) -> None:
        view = show_stats(studio, mode, query)
        if part is not None:
            target = {"calendar": view.heatmap, "tops": view.rank_by, "moments": view.moments_title}
            widget = target[part]
            view.page_scroll.ensureWidgetVisible(widget, 0, 0)
            bar = view.page_scroll.verticalScrollBar()
            bar.setValue(
                min(
                    bar.maximum(),
                    widget.mapTo(view.page_scroll.widget(), widget.rect().topLeft()).y() - 8,
                )
            )
            settle(studio.app, 0.3)

    return scene


def review_box(studio: Any) -> QPixmap:
    """Year in Review… asks where to save: the box, drawn as it opens, then cancelled."""
    from PySide6.QtCore import QTimer

    view = show_stats(studio, "Year")
    pictures: list[QPixmap] = []

    def grab() -> None:
        modal = studio.app.activeModalWidget()
        if modal is None or modal is studio.window:
            QTimer.singleShot(50, grab)
            return
        settle(studio.app, 0.3)
        pictures.append(modal.grab())
        modal.close()

    QTimer.singleShot(100, grab)
    view.review_button.click()  # blocks until the box closes
    wait_for(studio.app, lambda: bool(pictures), "the save box")
    return pictures[0]


def review_saved(studio: Any) -> QPixmap:
    """After saving: the status bar names the page and the picture."""
    from PySide6.QtWidgets import QFileDialog

    view = show_stats(studio, "Year")
    target = studio.home / "year-review" / f"{YEAR}-in-review.html"
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    target.with_suffix(".png").unlink(missing_ok=True)
    asked = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = lambda *_a, **_k: (str(target), "")  # type: ignore[method-assign]
    try:
        view.review_button.click()
        status = studio.window.statusBar()
        wait_for(studio.app, lambda: "Saved" in status.currentMessage(), "saving the review")
    finally:
        QFileDialog.getSaveFileName = asked  # type: ignore[method-assign]
    settle(studio.app, 0.2)
    return studio.window.grab()


VIEWS: tuple[tuple[str, Callable[[Any], QPixmap | None]], ...] = (
    ("stats-year", stats("Year")),
    ("stats-all", stats("All time")),
    ("stats-query", stats("All time", QUERY)),
    ("stats-calendar", stats("Year", part="calendar")),
    ("stats-tops", stats("All time", part="tops")),
    ("stats-moments", stats("All time", part="moments")),
    ("stats-review-box", review_box),
    ("stats-review-saved", review_saved),
)


def render_year_reviews(studio: Any, tone: str) -> None:
    """The year in review of YEAR (and with QUERY) as PNG and HTML, once (not per tone:
    the picture has its own colours; the page follows the reader's light or dark)."""
    from watchjournal.interchange.targets import ProtectedFiles
    from watchjournal.interchange.year_review import (
        gather_year_review,
        write_year_review,
        year_review_html,
    )
    from watchjournal.metadata.cache import PosterCache
    from watchjournal.ui.stats.review_png import year_review_png

    if tone != "light":
        return
    service = studio.window.service
    cache = PosterCache(studio.session.paths.cache_dir)
    for name, query in (("stats-year-review", None), ("stats-year-review-query", QUERY)):
        if not studio.wanted(name):
            continue
        review = gather_year_review(service, int(YEAR), query, cache)
        png = studio.out / f"{name}.png"
        png.write_bytes(year_review_png(review))
        html = png.with_suffix(".html")
        write_year_review(
            year_review_html(review), html, ProtectedFiles.of(service), overwrite=True
        )
        studio.written.append(png)
        print(png)
        print(html)
