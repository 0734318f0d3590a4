"""Draw the demo journal's posters (original artwork made by this script, no photos).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_sample_posters.py

Each poster is 400x600: a two-colour gradient chosen from the title, a few
geometric shapes, and the title, year and director set in type. Output goes to
resources/sample/posters/<file named in sample_journal.json>.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

ROOT = Path(__file__).resolve().parent.parent / "resources" / "sample"
WIDTH, HEIGHT = 400, 600


def _rng(title: str, year: int | None) -> random.Random:
    seed = hashlib.sha256(f"{title}/{year}".encode()).hexdigest()
    return random.Random(int(seed[:12], 16))


def _background(painter: QPainter, rng: random.Random) -> tuple[QColor, QColor]:
    hue = rng.randrange(360)
    top = QColor.fromHsl(hue, 120 + rng.randrange(80), 60 + rng.randrange(40))
    bottom = QColor.fromHsl((hue + 140 + rng.randrange(80)) % 360, 140, 30 + rng.randrange(30))
    gradient = QLinearGradient(0, 0, WIDTH * 0.3, HEIGHT)
    gradient.setColorAt(0, top)
    gradient.setColorAt(1, bottom)
    painter.fillRect(QRectF(0, 0, WIDTH, HEIGHT), gradient)
    return top, bottom


def _shapes(painter: QPainter, rng: random.Random, accent: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    kind = rng.randrange(3)
    for _ in range(3 + rng.randrange(4)):
        colour = QColor(accent)
        colour.setAlpha(40 + rng.randrange(90))
        painter.setBrush(colour)
        x, y = rng.uniform(-60, WIDTH), rng.uniform(40, HEIGHT * 0.7)
        size = rng.uniform(60, 260)
        if kind == 0:
            painter.drawEllipse(QRectF(x, y, size, size))
        elif kind == 1:
            painter.drawRect(QRectF(x, y, size * 0.4, size * 1.3))
        else:
            painter.drawPolygon(
                [
                    QPointF(x, y),
                    QPointF(x + size, y + size * 0.2),
                    QPointF(x + size * 0.3, y + size),
                ]
            )
    painter.setPen(QPen(QColor(255, 255, 255, 90), 2))
    painter.drawLine(QPointF(32, HEIGHT * 0.74), QPointF(WIDTH - 32, HEIGHT * 0.74))


def _type(painter: QPainter, film: dict[str, object]) -> None:
    title = str(film["title"])
    painter.setPen(QColor(255, 255, 255))
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(54 if len(title) < 12 else 40 if len(title) < 20 else 32)
    painter.setFont(font)
    box = QRectF(30, HEIGHT * 0.74 + 12, WIDTH - 60, 120)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(box, int(flags), title.upper())
    small = QFont("DejaVu Sans")
    small.setPixelSize(16)
    small.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
    painter.setFont(small)
    directors = ", ".join(film.get("directors", []))  # type: ignore[arg-type]
    painter.drawText(
        QRectF(30, 28, WIDTH - 60, 24),
        int(Qt.AlignmentFlag.AlignLeft),
        f"A FILM BY {directors.upper()}",
    )
    painter.drawText(
        QRectF(30, HEIGHT - 40, WIDTH - 60, 24),
        int(Qt.AlignmentFlag.AlignRight),
        str(film.get("year", "")),
    )


def draw(film: dict[str, object]) -> QImage:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rng = _rng(str(film["title"]), film.get("year"))  # type: ignore[arg-type]
    top, _bottom = _background(painter, rng)
    _shapes(painter, rng, top.lighter(150))
    _type(painter, film)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    films = json.loads((ROOT / "sample_journal.json").read_text(encoding="utf-8"))["films"]
    (ROOT / "posters").mkdir(exist_ok=True)
    for film in films:
        target = ROOT / "posters" / film["poster"]
        if not draw(film).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(f"{target.name}: {target.stat().st_size // 1024} KB")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
