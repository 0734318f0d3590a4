"""The year in review as a PNG for sharing, painted with QPainter from a ``YearReview``.

The same content as the HTML page (interchange/year_review.py), laid out for a
fixed-width picture: the title, the totals, the month-by-month bars, the
highest-rated films with their posters and the top names. Works without a
window (a QGuiApplication on the offscreen platform is enough), so the CLI
imports this lazily for ``year-in-review --png``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

from watchjournal.interchange.files import write_atomic
from watchjournal.interchange.year_review import (
    MONTH_NAMES,
    TOP_RANKED,
    YearReview,
)

WIDTH = 1200
MARGIN = 48
BG, FG, MUTED, ACCENT, CARD = "#fbfaf7", "#1d1d1f", "#6b6b70", "#c2410c", "#ece9e2"


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (for the CLI)."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def render_year_review(review: YearReview) -> QImage:
    stats = review.stats
    height = 1500 if review.top_films else 1060
    image = QImage(WIDTH, height, QImage.Format.Format_RGB32)
    image.fill(QColor(BG))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    inner = WIDTH - 2 * MARGIN
    y: float = MARGIN
    p.setPen(QColor(FG))
    p.setFont(_font(52, bold=True))
    p.drawText(QRectF(MARGIN, y, inner, 64), f"{stats.period.label} in review")
    y += 70
    p.setPen(QColor(MUTED))
    p.setFont(_font(20))
    only = f"  ·  only {stats.query}" if stats.query else ""
    p.drawText(QRectF(MARGIN, y, inner, 28), f"Made by WatchJournal{only}")
    y += 50
    totals = (
        (stats.films.value, "films"),
        (stats.viewings.value, "viewings"),
        (stats.rewatches.value, "rewatches"),
        (round(stats.minutes / 60), "hours"),
        (stats.reviews.value, "reviews"),
        (stats.words, "words"),
    )
    box_w = (inner - 5 * 16) / 6
    for i, (value, what) in enumerate(totals):
        x = MARGIN + i * (box_w + 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(CARD))
        p.drawRoundedRect(QRectF(x, y, box_w, 110), 12, 12)
        p.setPen(QColor(ACCENT))
        p.setFont(_font(36, bold=True))
        p.drawText(QRectF(x, y + 14, box_w, 48), Qt.AlignmentFlag.AlignHCenter, f"{value:,}")
        p.setPen(QColor(MUTED))
        p.setFont(_font(18))
        p.drawText(QRectF(x, y + 68, box_w, 28), Qt.AlignmentFlag.AlignHCenter, what)
    y += 150
    y = _month_bars(p, review, y, inner)
    if review.top_films:
        y = _posters(p, review, y, inner)
    _tops(p, review, y, inner)
    p.end()
    return image


def _month_bars(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    by_month = review.stats.by_month
    months = sorted(by_month)
    p.setPen(QColor(FG))
    p.setFont(_font(26, bold=True))
    p.drawText(QRectF(MARGIN, y, inner, 34), "Month by month")
    y += 44
    chart_h, top = 220.0, float(max([*by_month.values(), 1]))
    step = inner / max(len(months), 1)
    for i, month in enumerate(months):
        n = by_month[month]
        h = chart_h * n / top
        x = MARGIN + i * step + step * 0.15
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(ACCENT))
        p.drawRoundedRect(QRectF(x, y + 24 + chart_h - h, step * 0.7, h), 4, 4)
        p.setPen(QColor(MUTED))
        p.setFont(_font(16))
        center = Qt.AlignmentFlag.AlignHCenter
        p.drawText(QRectF(x - 10, y + chart_h - h, step * 0.7 + 20, 22), center, str(n))
        name = MONTH_NAMES[int(month[5:7]) - 1] if len(months) <= 12 else month[2:]
        p.drawText(QRectF(x - 10, y + 30 + chart_h, step * 0.7 + 20, 22), center, name)
    return y + chart_h + 80


def _posters(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    p.setPen(QColor(FG))
    p.setFont(_font(26, bold=True))
    p.drawText(QRectF(MARGIN, y, inner, 34), "Highest rated")
    y += 44
    films = review.top_films[:8]
    w = (inner - 7 * 16) / 8
    h = w * 1.5
    for i, film in enumerate(films):
        x = MARGIN + i * (w + 16)
        target = QRectF(x, y, w, h)
        poster = QImage.fromData(film.poster) if film.poster else QImage()
        if poster.isNull():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(CARD))
            p.drawRoundedRect(target, 8, 8)
        else:
            p.drawImage(target, poster)
        p.setPen(QColor(FG))
        p.setFont(_font(15))
        rating = "" if film.rating is None else f"  {film.rating:.1f}"
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter
        p.drawText(QRectF(x, y + h + 6, w, 44), flags, f"{film.label}{rating}")
    return y + h + 80


def _tops(p: QPainter, review: YearReview, y: float, inner: float) -> None:
    stats = review.stats
    columns = (("Directors", stats.directors), ("Countries", stats.countries),
               ("Genres", stats.genres))  # fmt: skip
    w = (inner - 2 * 24) / 3
    for i, (title, ranked) in enumerate(columns):
        x = MARGIN + i * (w + 24)
        p.setPen(QColor(FG))
        p.setFont(_font(24, bold=True))
        p.drawText(QRectF(x, y, w, 32), title)
        p.setFont(_font(18))
        top = sorted(ranked, key=lambda r: (-r.films, r.name))[:TOP_RANKED]
        for row, item in enumerate(top):
            line = QRectF(x, y + 44 + row * 30, w, 28)
            p.setPen(QColor(FG))
            name = p.fontMetrics().elidedText(item.name, Qt.TextElideMode.ElideRight, int(w - 80))
            p.drawText(line, name)
            p.setPen(QColor(MUTED))
            p.drawText(line, Qt.AlignmentFlag.AlignRight, f"{item.films}")


def year_review_png(review: YearReview) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str at run time; its stubs say bytes.
    render_year_review(review).save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def save_year_review_png(review: YearReview, target: Path) -> None:
    write_atomic(target, year_review_png(review), replace=True)
