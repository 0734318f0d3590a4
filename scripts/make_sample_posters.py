"""Draw the demo journal's posters: original artwork made by this script, no photos.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_sample_posters.py

Each poster is 400x600 (2:3). A film in the sample gets its own motif (a clock
for Cléo, a storm spiral for Huracán, a night road for Night Bus...), drawn
with QPainter shapes and gradients, then the title, year and director are set
in type. Films without a motif of their own get a generic gradient design, so
the script keeps working when the sample grows. Output goes to
resources/sample/posters/<the "poster" file named in sample_journal.json>;
keep each file under ~60 KB (flat shapes compress well, noise does not).
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import json
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

ROOT = Path(__file__).resolve().parent.parent / "resources" / "sample"
WIDTH, HEIGHT = 400, 600
MAX_BYTES = 60 * 1024

# PySide6 6.12 on Python 3.11 drops a reference to None on every call of a
# void Qt method (None is only immortal from 3.12 on). Drawing a dozen posters
# makes a few thousand such calls, enough to free None and abort the
# interpreter at exit, so this short-lived script gives None spare references
# that nothing will ever release.
if sys.version_info < (3, 12):
    ctypes.c_ssize_t.from_address(id(None)).value += 1_000_000


@dataclass(frozen=True)
class Style:
    """How a poster sets its type: colours, face and where the title goes."""

    ink: str = "#ffffff"
    muted: str = "#ffffffb0"
    serif: bool = False
    title_at_top: bool = False
    title_size: int = 54
    footer: str | None = None  # the year's colour, when the bottom differs from the top


def _c(spec: str) -> QColor:
    """A colour from ``#rrggbb`` or ``#rrggbbaa`` (alpha last, as designers write it)."""
    if len(spec) == 9:
        colour = QColor(spec[:7])
        colour.setAlpha(int(spec[7:], 16))
        return colour
    return QColor(spec)


def _vertical(painter: QPainter, stops: list[tuple[float, str]], top: float = 0) -> None:
    gradient = QLinearGradient(0, top, 0, HEIGHT)
    for at, colour in stops:
        gradient.setColorAt(at, _c(colour))
    painter.fillRect(QRectF(0, top, WIDTH, HEIGHT - top), gradient)


def _glow(painter: QPainter, centre: QPointF, radius: float, colour: str) -> None:
    gradient = QRadialGradient(centre, radius)
    gradient.setColorAt(0, _c(colour))
    transparent = _c(colour)
    transparent.setAlpha(0)
    gradient.setColorAt(1, transparent)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawEllipse(centre, radius, radius)


def _fill(painter: QPainter, path: QPainterPath, colour: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_c(colour))
    painter.drawPath(path)


def _round_pen(colour: str, width: float) -> QPen:
    pen = QPen(_c(colour), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for point in points[1:]:
        path.lineTo(QPointF(*point))
    path.closeSubpath()
    return path


def _flame(x: float, base: float, width: float, height: float) -> QPainterPath:
    """A candle-like flame standing on ``base``, centred on ``x``."""
    path = QPainterPath(QPointF(x, base - height))
    path.cubicTo(x + width * 0.2, base - height * 0.6, x + width * 0.6, base - height * 0.45,
                 x + width * 0.5, base - height * 0.15)  # fmt: skip
    path.cubicTo(x + width * 0.45, base, x - width * 0.45, base, x - width * 0.5,
                 base - height * 0.15)  # fmt: skip
    path.cubicTo(x - width * 0.55, base - height * 0.4, x - width * 0.1, base - height * 0.55,
                 x, base - height)  # fmt: skip
    return path


# --- one motif per sample film ------------------------------------------------------


def ballerina_2023(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#12061c"), (0.6, "#2a0b33"), (1, "#0b0410")])
    _glow(p, QPointF(200, 250), 190, "#ff3fa4aa")
    p.setPen(QPen(_c("#ff7ac8"), 5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(200, 250), 120, 120)
    p.setPen(QPen(_c("#ffe3f3"), 3))
    p.drawLine(QPointF(110, 390), QPointF(300, 110))  # the cut through the spotlight
    p.setPen(QPen(_c("#8fd8ff55"), 1.5))
    for _ in range(70):  # rain
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT * 0.8)
        p.drawLine(QPointF(x, y), QPointF(x - 4, y + 18))
    return Style(ink="#ffe3f3", muted="#ff9ad3")


def ballerina_2025(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#0e1a2e"), (0.55, "#1d2e4a"), (1, "#2a1208")])
    for x, h, w in ((200, 330, 190), (120, 210, 110), (285, 240, 120)):
        gradient = QLinearGradient(0, 560 - h, 0, 560)
        gradient.setColorAt(0, _c("#ffd36e"))
        gradient.setColorAt(0.5, _c("#ff7a1f"))
        gradient.setColorAt(1, _c("#b8240f"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(gradient))
        p.drawPath(_flame(x, 560, w, h))
    _glow(p, QPointF(200, 480), 230, "#ff6a1a66")
    p.setBrush(_c("#ffffffcc"))
    for _ in range(90):  # snow falling into the fire
        r = rng.uniform(1, 3)
        p.drawEllipse(QPointF(rng.uniform(0, WIDTH), rng.uniform(0, 400)), r, r)
    return Style(muted="#ffd7a8", title_at_top=True)


def cleo_1962(p: QPainter, rng: random.Random) -> Style:
    p.fillRect(QRectF(0, 0, WIDTH, HEIGHT), _c("#f1ede4"))
    centre, radius = QPointF(200, 250), 130.0
    dial = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_c("#c0262d"))
    # The two hours of the film, from 5 to 7, as a red sector of the dial
    # (Qt counts angles anticlockwise from three o'clock, in 1/16 degree).
    p.drawPie(dial, (90 - 150) * 16, -60 * 16)
    p.setPen(QPen(_c("#111111"), 4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(centre, radius, radius)
    for hour in range(12):
        direction = _clock(hour * 30)
        inner = radius - (20 if hour % 3 == 0 else 11)
        p.drawLine(centre + direction * inner, centre + direction * (radius - 4))
    p.setPen(_round_pen("#111111", 9))
    p.drawLine(centre, centre + _clock(150 + 15) * 68)  # the hour hand, half past five
    p.setPen(_round_pen("#111111", 5))
    p.drawLine(centre, centre + _clock(180) * 108)  # the minute hand
    p.setBrush(_c("#111111"))
    p.drawEllipse(centre, 7, 7)
    return Style(ink="#111111", muted="#555555", serif=True, title_size=46)


def _clock(degrees: float) -> QPointF:
    """A unit vector pointing like a clock hand ``degrees`` clockwise from twelve."""
    angle = math.radians(degrees - 90)
    return QPointF(math.cos(angle), math.sin(angle))


def decision_to_leave_2022(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#d9ecea"), (0.5, "#7fb1b4"), (1, "#1f4a57")])
    ridges = [(150, "#5d8f98"), (230, "#3f7280"), (320, "#275766"), (400, "#173b48")]
    for index, (height, colour) in enumerate(ridges):
        points = [(0.0, HEIGHT * 1.0)]
        for step in range(9):
            x = step * WIDTH / 8
            peak = 60 if step == 4 - index % 2 else 0
            points.append((x, height + rng.uniform(-18, 18) - peak + index * 20))
        points.append((WIDTH, HEIGHT))
        _fill(p, _polygon(points), colour)
        p.fillRect(QRectF(0, height + 40 + index * 20, WIDTH, 28), _c("#e8f4f322"))  # mist
    return Style(ink="#0f2530", muted="#2c5563", title_at_top=True, title_size=44, footer="#d9ecea")


def first_cow_2019(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#efe2c4"), (1, "#c9a972")])
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_c("#fff6e2"))
    p.drawEllipse(QPointF(270, 150), 48, 48)
    for row, colour in enumerate(("#6f7a55", "#4f5a3b", "#333d27")):
        for _ in range(9):
            x, h = rng.uniform(-20, WIDTH + 20), rng.uniform(140, 260) + row * 40
            base = 380 + row * 50
            _fill(p, _polygon([(x, base - h), (x + h * 0.22, base), (x - h * 0.22, base)]), colour)
    p.fillRect(QRectF(0, 470, WIDTH, HEIGHT - 470), _c("#2a2f1f"))
    return Style(ink="#fff6e2", muted="#6b5a35", serif=True, footer="#e4d3ad")


def huracan_2024(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#0c3b43"), (1, "#061a1f")])
    centre = QPointF(200, 260)
    for arm in range(3):
        path = QPainterPath()
        for step in range(160):
            t = step / 159
            angle = t * 4.2 * math.pi + arm * 2 * math.pi / 3
            radius = 8 + t * 230
            point = centre + QPointF(math.cos(angle), math.sin(angle) * 0.82) * radius
            if step == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        p.setPen(_round_pen(("#7fe0d8", "#3fb3b0", "#1e7f86")[arm], 14 - arm * 3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    _glow(p, centre, 40, "#e9fffcdd")
    return Style(muted="#9fe8e0")


def night_bus_2022(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#070b1e"), (0.45, "#15204a"), (0.46, "#0a0a12"), (1, "#17171f")])
    horizon = HEIGHT * 0.45
    p.setBrush(_c("#ffffff"))
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(40):
        p.drawEllipse(QPointF(rng.uniform(0, WIDTH), rng.uniform(0, horizon - 20)), 1, 1)
    _fill(p, _polygon([(190, horizon), (210, horizon), (360, HEIGHT), (40, HEIGHT)]), "#2a2a36")
    p.setPen(QPen(_c("#f4d35e"), 4))
    for step in range(6):  # centre line dashes, longer as they come closer
        y0 = horizon + (HEIGHT - horizon) * (step / 6) ** 1.6
        y1 = horizon + (HEIGHT - horizon) * ((step + 0.5) / 6) ** 1.6
        p.drawLine(QPointF(200, y0), QPointF(200, y1))
    for x in (176, 224):  # the bus coming towards us
        _glow(p, QPointF(x, horizon + 30), 36, "#fff2b0ee")
    return Style(muted="#f4d35e", title_at_top=True)


def parasite_2019(p: QPainter, rng: random.Random) -> Style:
    p.fillRect(QRectF(0, 0, WIDTH, HEIGHT), _c("#dfe3d8"))
    steps = 9
    for step in range(steps):  # a staircase going down into the dark
        x = 40 + step * 36
        y = 190 + step * 40
        shade = QColor.fromHsl(100, 18, max(10, 180 - step * 19))
        p.fillRect(QRectF(x, y, WIDTH - x, 40), shade)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_c("#8a8172"))
    p.drawEllipse(QPointF(100, 330), 34, 28)  # the stone
    return Style(ink="#1b1f18", muted="#4b5243", title_at_top=True, footer="#dfe3d8")


def past_lives_2023(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#f7e6da"), (0.62, "#f1c7b4"), (0.63, "#9bb7d4"), (1, "#5f7fa6")])
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_c("#e2798599"))
    p.drawEllipse(QPointF(155, 290), 88, 88)
    p.setBrush(_c("#4d7fb899"))
    p.drawEllipse(QPointF(245, 290), 88, 88)
    p.setPen(QPen(_c("#ffffff99"), 2))
    for row in range(5):  # the reflection on the water
        y = 395 + row * 14
        p.drawLine(QPointF(150 - row * 8, y), QPointF(250 + row * 8, y))
    return Style(ink="#2b3550", muted="#5c6f96", serif=True, title_at_top=True, footer="#ffffff")


def paterson_2016(p: QPainter, rng: random.Random) -> Style:
    p.fillRect(QRectF(0, 0, WIDTH, HEIGHT), _c("#f8f4e8"))
    p.setPen(QPen(_c("#9cc3e4"), 1.5))
    for y in range(90, HEIGHT, 28):  # a notebook page
        p.drawLine(QPointF(0, y), QPointF(WIDTH, y))
    p.setPen(QPen(_c("#e08a8a"), 2))
    p.drawLine(QPointF(56, 0), QPointF(56, HEIGHT))
    p.save()
    p.translate(230, 250)
    p.rotate(-12)
    p.fillRect(QRectF(-80, -48, 160, 96), _c("#2358a8"))  # a matchbox
    p.fillRect(QRectF(-80, -48, 160, 14), _c("#f2f2f2"))
    p.fillRect(QRectF(-80, 34, 160, 14), _c("#f2f2f2"))
    _fill(p, _flame(0, 20, 34, 62), "#f6a623")
    _fill(p, _flame(0, 16, 16, 32), "#fff1b8")
    p.restore()
    p.setPen(_round_pen("#3b5b85", 2.5))
    for index, length in enumerate((190, 240, 150)):  # lines of a poem, not words
        y = 90 + 28 * (11 + index) - 6
        p.drawLine(QPointF(76, y), QPointF(76 + length, y))
    return Style(ink="#1d3557", muted="#3b5b85", serif=True)


def portrait_2019(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#0f1b2d"), (0.7, "#1b3350"), (1, "#0a111c")])
    p.setPen(QPen(_c("#c8a45a"), 10))
    p.setBrush(_c("#243f5e"))
    p.drawRect(QRectF(70, 60, 260, 340))  # the canvas in its frame
    gradient = QLinearGradient(0, 150, 0, 380)
    gradient.setColorAt(0, _c("#ffd27a"))
    gradient.setColorAt(1, _c("#e0431f"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawPath(_flame(200, 385, 120, 240))  # the dress that catches fire
    _glow(p, QPointF(200, 330), 120, "#ff8a3c55")
    return Style(ink="#f6e7c8", muted="#c8a45a", serif=True, title_size=40)


def spirited_away_2001(p: QPainter, rng: random.Random) -> Style:
    _vertical(p, [(0, "#8fd0e8"), (0.55, "#e8f4f2"), (0.56, "#6fb8c8"), (1, "#2b7f96")])
    horizon = HEIGHT * 0.55
    p.setPen(Qt.PenStyle.NoPen)
    for car in range(4):  # the train crossing the water
        x = 30 + car * 88
        p.setBrush(_c("#b3262d"))
        p.drawRect(QRectF(x, horizon - 46, 82, 40))
        p.setBrush(_c("#fbe7a1"))
        for window in range(3):
            p.drawRect(QRectF(x + 8 + window * 25, horizon - 38, 17, 14))
        p.setBrush(_c("#b3262d55"))
        p.drawRect(QRectF(x, horizon + 8, 82, 34))  # its reflection
    p.setBrush(_c("#ffffffcc"))
    for _ in range(6):
        x, y = rng.uniform(30, 370), rng.uniform(40, 180)
        p.drawEllipse(QPointF(x, y), rng.uniform(30, 55), rng.uniform(10, 16))  # clouds
    return Style(ink="#12394a", muted="#2b7f96", title_at_top=True, title_size=48, footer="#ffffff")


def generic(p: QPainter, rng: random.Random) -> Style:
    hue = rng.randrange(360)
    _vertical(p, [(0, QColor.fromHsl(hue, 140, 90).name()),
                  (1, QColor.fromHsl((hue + 150) % 360, 120, 30).name())])  # fmt: skip
    p.setPen(Qt.PenStyle.NoPen)
    for ring in range(5, 0, -1):
        p.setBrush(QColor.fromHsl((hue + ring * 12) % 360, 160, 60 + ring * 18, 120))
        p.drawEllipse(QPointF(200, 250), ring * 34, ring * 34)
    return Style()


MOTIFS: dict[str, Callable[[QPainter, random.Random], Style]] = {
    "ballerina-2023": ballerina_2023,
    "ballerina-2025": ballerina_2025,
    "cleo-1962": cleo_1962,
    "decision-to-leave-2022": decision_to_leave_2022,
    "first-cow-2019": first_cow_2019,
    "huracan-2024": huracan_2024,
    "night-bus-2022": night_bus_2022,
    "parasite-2019": parasite_2019,
    "past-lives-2023": past_lives_2023,
    "paterson-2016": paterson_2016,
    "portrait-2019": portrait_2019,
    "spirited-away-2001": spirited_away_2001,
}


# --- type ------------------------------------------------------------------------------


def _font(style: Style, pixels: int, *, bold: bool = False, spacing: float = 0) -> QFont:
    font = QFont("DejaVu Serif" if style.serif else "DejaVu Sans")
    font.setPixelSize(pixels)
    font.setBold(bold)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing)
    return font


def _title_size(title: str, style: Style) -> int:
    """The largest size up to the style's that sets the title in at most two lines."""
    size = style.title_size
    while size > 24:
        metrics = QFontMetricsF(_font(style, size, bold=True))
        box = metrics.boundingRect(QRectF(0, 0, WIDTH - 64, 1000),
                                   int(Qt.TextFlag.TextWordWrap), title)  # fmt: skip
        if box.height() <= metrics.lineSpacing() * 2.2:
            return size
        size -= 2
    return size


def _set_type(painter: QPainter, film: dict[str, Any], style: Style) -> None:
    title = str(film["title"]).upper()
    directors = ", ".join(film.get("directors", [])).upper()
    size = _title_size(title, style)
    top = 70.0 if style.title_at_top else HEIGHT * 0.72
    painter.setPen(_c(style.ink))
    painter.setFont(_font(style, size, bold=True))
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    painter.drawText(QRectF(32, top, WIDTH - 64, size * 2.8), flags, title)
    painter.setPen(_c(style.muted))
    painter.setFont(_font(style, 14, spacing=2.5))
    painter.drawText(QRectF(32, 30, WIDTH - 64, 24), int(Qt.AlignmentFlag.AlignLeft),
                     f"A FILM BY {directors}")  # fmt: skip
    painter.setPen(_c(style.footer or style.muted))
    painter.setFont(_font(style, 18, bold=True, spacing=3))
    painter.drawText(QRectF(32, HEIGHT - 48, WIDTH - 64, 26), int(Qt.AlignmentFlag.AlignRight),
                     str(film.get("year", "")))  # fmt: skip


def draw(film: dict[str, Any]) -> QImage:
    slug = Path(str(film["poster"])).stem
    seed = hashlib.sha256(slug.encode()).hexdigest()
    rng = random.Random(int(seed[:12], 16))  # the same poster on every run
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    style = MOTIFS.get(slug, generic)(painter, rng)
    _set_type(painter, film, style)
    painter.end()
    return image


def save(image: QImage, target: Path) -> int:
    """Write ``image`` as PNG; over the budget, as a 256-colour PNG. Returns the size."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"could not encode {target.name}")
    data = bytes(buffer.data().data())
    if len(data) > MAX_BYTES:
        # Glows and rain make big true-colour files; 256 colours are plenty for them.
        with Image.open(io.BytesIO(data)) as full:
            reduced = full.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
            out = io.BytesIO()
            reduced.save(out, "PNG", optimize=True)
            data = out.getvalue()
    target.write_bytes(data)
    return len(data)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    films = json.loads((ROOT / "sample_journal.json").read_text(encoding="utf-8"))["films"]
    (ROOT / "posters").mkdir(exist_ok=True)
    over_budget = 0
    for film in films:
        target = ROOT / "posters" / film["poster"]
        size = save(draw(film), target)
        over_budget += size > MAX_BYTES
        warning = "  (over the 60 KB budget)" if size > MAX_BYTES else ""
        print(f"{target.name}: {size // 1024} KB{warning}")
    del app
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
