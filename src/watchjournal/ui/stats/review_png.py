"""The year in review as a PNG for sharing, painted with QPainter from a ``YearReview``.

The same content as the HTML page (interchange/year_review.py), laid out for a
fixed-width picture as tall as its content: the year, the totals, the
month-by-month bars, the highest-rated films with their posters, the top
names and the year's moments (first and last film, streak, longest review). Works without a
window (a QGuiApplication on the offscreen platform is enough), so the CLI
imports this lazily for ``year-in-review --png``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
)

from watchjournal.interchange.files import write_atomic
from watchjournal.interchange.year_review import (
    MONTH_NAMES,
    TOP_RANKED,
    YearReview,
    hours_text,
)
from watchjournal.ui.common.formatting import day_text

WIDTH = 1200
MARGIN = 56
TALLEST = 4000
PNG_QUALITY = 50  # drawn on this much, then cut to what was drawn
# A dark, warm design (a cinema, not a spreadsheet); fixed: the picture is shared as is.
BG, FG, MUTED, ACCENT, CARD, LINE = (
    "#15161a", "#f3efe8", "#a3a0a8", "#f59e0b", "#202228", "#2e3038"
)  # fmt: skip


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


def _text(p: QPainter, rect: QRectF, text: str, size: int, colour: str, *,
          bold: bool = False, flags: int = 0) -> None:  # fmt: skip
    p.setPen(QColor(colour))
    p.setFont(_font(size, bold))
    p.drawText(rect, flags, text)


def render_year_review(review: YearReview) -> QImage:
    """The whole picture, as tall as what it shows."""
    stats = review.stats
    image = QImage(WIDTH, TALLEST, QImage.Format.Format_RGB32)
    image.fill(QColor(BG))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    inner = WIDTH - 2 * MARGIN
    # A strip of film along the top: the one ornament.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(CARD))
    p.drawRect(QRectF(0, 0, WIDTH, 28))
    p.setBrush(QColor(BG))
    for x in range(14, WIDTH, 36):
        p.drawRoundedRect(QRectF(x, 8, 18, 12), 3, 3)
    y: float = 28 + MARGIN
    _text(p, QRectF(MARGIN, y, inner, 30), "MY YEAR IN FILM", 22, ACCENT, bold=True)
    y += 34
    _text(p, QRectF(MARGIN, y, inner, 110), stats.period.label, 96, FG, bold=True)
    y += 116
    only = f"  ·  only films matching {stats.query}" if stats.query else ""
    line = f"{_plural(stats.films.value, 'film')}, {_plural(stats.viewings.value, 'viewing')}{only}"
    elided = QFontMetrics(_font(22)).elidedText(line, Qt.TextElideMode.ElideRight, inner)
    _text(p, QRectF(MARGIN, y, inner, 30), elided, 22, MUTED)
    y += 60
    y = _totals(p, review, y, inner)
    if not stats.viewings.value:
        text = f"Nothing in the diary for {stats.period.label} (yet)."
        _text(p, QRectF(MARGIN, y, inner, 40), text, 26, MUTED)
        y += 80
    else:
        y = _month_bars(p, review, y, inner)
    if review.top_films:
        y = _posters(p, review, y, inner)
    y = _tops(p, review, y, inner)
    y = _moments(p, review, y, inner)
    _text(p, QRectF(MARGIN, y, inner, 24), "Made offline with WatchJournal, from my own diary",
          16, MUTED)  # fmt: skip
    p.end()
    return image.copy(0, 0, WIDTH, int(y + 24 + MARGIN))


def _plural(n: int, one: str) -> str:
    return f"{n:,} {one if n == 1 else one + 's'}"


def _heading(p: QPainter, title: str, y: float, inner: float) -> float:
    _text(p, QRectF(MARGIN, y, inner, 34), title, 26, FG, bold=True)
    return y + 48


def _totals(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    stats = review.stats
    average = "–" if stats.average_rating is None else f"{stats.average_rating:.1f}"
    totals = (
        (f"{stats.films.value:,}", "films"),
        (hours_text(stats), "hours"),
        (f"{stats.rewatches.value:,}", "rewatches"),
        (f"{stats.reviews.value:,}", "reviews"),
        (f"{stats.words:,}", "words written"),
        (average, "average rating"),
    )
    box_w = (inner - 5 * 16) / 6
    for i, (value, what) in enumerate(totals):
        x = MARGIN + i * (box_w + 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(CARD))
        p.drawRoundedRect(QRectF(x, y, box_w, 116), 14, 14)
        size = 40 if len(value) <= 6 else 30  # "123,456" words still fit
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        _text(p, QRectF(x, y + 14, box_w, 56), value, size, ACCENT, bold=True, flags=center)
        _text(p, QRectF(x, y + 72, box_w, 28), what, 17, MUTED, flags=center)
    return y + 116 + 56


def _month_bars(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    by_month = review.stats.by_month
    months = sorted(by_month)
    y = _heading(p, "Month by month", y, inner)
    chart_h, top = 200.0, float(max([*by_month.values(), 1]))
    step = inner / max(len(months), 1)
    base = y + 26 + chart_h
    p.setPen(QColor(LINE))
    p.drawLine(QPointF(MARGIN, base), QPointF(MARGIN + inner, base))
    center = Qt.AlignmentFlag.AlignHCenter
    for i, month in enumerate(months):
        n = by_month[month]
        x = MARGIN + i * step + step * 0.15
        if n:  # an empty month is the baseline alone, no "0" over it
            h = max(chart_h * n / top, 4)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(ACCENT))
            p.drawRoundedRect(QRectF(x, base - h, step * 0.7, h), 5, 5)
            label = QRectF(x - 10, base - h - 26, step * 0.7 + 20, 22)
            _text(p, label, f"{n:,}", 17, FG, bold=True, flags=center)
        name = MONTH_NAMES[int(month[5:7]) - 1] if len(months) <= 12 else month[2:]
        _text(p, QRectF(x - 10, base + 8, step * 0.7 + 20, 22), name, 16, MUTED, flags=center)
    return base + 72


def _posters(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    y = _heading(p, "My highest rated", y, inner)
    films = review.top_films[:8]
    w = (inner - 7 * 16) / 8
    h = w * 1.5
    for i, film in enumerate(films):
        x = MARGIN + i * (w + 16)
        target = QRectF(x, y, w, h)
        poster = QImage.fromData(film.poster) if film.poster else QImage()
        path = QPainterPath()
        path.addRoundedRect(target, 8, 8)
        if poster.isNull():
            p.fillPath(path, QColor(CARD))
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
            _text(p, target.adjusted(8, 8, -8, -8), film.title, 17, FG, bold=True, flags=flags)
        else:
            p.save()
            p.setClipPath(path)
            p.drawImage(target, poster)
            p.restore()
        name = QFontMetrics(_font(15)).elidedText(film.label, Qt.TextElideMode.ElideRight, int(w))
        center = Qt.AlignmentFlag.AlignHCenter
        _text(p, QRectF(x, y + h + 8, w, 22), name, 15, FG, flags=center)
        if film.rating is not None:
            rating = f"{film.rating:.1f}"
            _text(p, QRectF(x, y + h + 30, w, 24), rating, 18, ACCENT, bold=True, flags=center)
    return y + h + 90


def _tops(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    stats = review.stats
    kinds = (
        ("Directors", stats.directors),
        ("Countries", stats.countries),
        ("Genres", stats.genres),
        ("Cast", stats.cast),
        ("Decades", stats.decades),
    )
    # The first three the journal knows (an import from Letterboxd has no directors).
    columns = [(title, ranked) for title, ranked in kinds if ranked][:3]
    if not columns:
        return y
    w = (inner - 2 * 32) / 3
    rows = 0
    for i, (title, ranked) in enumerate(columns):
        x = MARGIN + i * (w + 32)
        _text(p, QRectF(x, y, w, 32), title, 24, FG, bold=True)
        top = sorted(ranked, key=lambda r: (-r.films, r.name))[:TOP_RANKED]
        rows = max(rows, len(top))
        metrics = QFontMetrics(_font(19))
        for row, item in enumerate(top):
            line = QRectF(x, y + 46 + row * 34, w, 30)
            count = _plural(item.films, "film")
            room = int(w - metrics.horizontalAdvance(count) - 16)
            name = metrics.elidedText(item.name, Qt.TextElideMode.ElideRight, room)
            _text(p, line, name, 19, FG)
            _text(p, line, count, 19, MUTED, flags=Qt.AlignmentFlag.AlignRight)
    return y + 46 + max(rows, 1) * 34 + 44


def _moments(p: QPainter, review: YearReview, y: float, inner: float) -> float:
    stats = review.stats
    lines: list[tuple[str, str]] = []
    first, last = stats.first_film, stats.last_film
    if (
        first is not None
        and last is not None
        and (first.film_id, first.on) == (last.film_id, last.on)
    ):
        lines.append(("The film", _label(first.title, first.year)))
    else:
        for moment, what in ((first, "First film"), (last, "Last film")):
            if moment is not None:
                lines.append((what, _label(moment.title, moment.year)))
    if stats.longest_streak_days > 1:
        lines.append(("Longest streak", f"{stats.longest_streak_days} days in a row"))
    if stats.busiest_day is not None and stats.busiest_day[1] > 1:
        day, n = stats.busiest_day
        lines.append(("Busiest day", f"{day_text(day)}: {n} viewings"))
    if review.longest_review is not None:
        longest = review.longest_review
        words = _plural(longest.words, "word")
        lines.append(("Longest review", f"{_label(longest.title, longest.year)}, {words}"))
    if not lines:
        return y
    y = _heading(p, "Moments", y, inner)
    metrics = QFontMetrics(_font(19))
    for what, text in lines:
        _text(p, QRectF(MARGIN, y, 220, 30), what, 19, MUTED)
        value = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner - 230))
        _text(p, QRectF(MARGIN + 230, y, inner - 230, 30), value, 19, FG)
        y += 34
    return y + 40


def _label(title: str, year: int | None) -> str:
    return title if year is None else f"{title} ({year})"


def year_review_png(review: YearReview) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str at run time; its stubs say bytes.
    # Quality 50 (zlib's middle level): a third faster than the default, 2 % larger.
    render_year_review(review).save(buffer, "PNG", PNG_QUALITY)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def save_year_review_png(review: YearReview, target: Path) -> None:
    write_atomic(target, year_review_png(review), replace=True)
