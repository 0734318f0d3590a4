"""The SVG icons: every one renders crisply at 2x, and line icons follow the palette."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from watchjournal.resource_files import resource_path
from watchjournal.ui.common import icons


@pytest.fixture
def palette_restored(qapp: QApplication) -> Iterator[QApplication]:
    original = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(original)
    icons.clear_icon_cache()


def _use_palette(app: QApplication, text: str, window: str) -> None:
    palette = QPalette(app.palette())
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Active, role, QColor(text))
        palette.setColor(QPalette.ColorGroup.Inactive, role, QColor(text))
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    app.setPalette(palette)
    icons.clear_icon_cache()


def _opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_every_icon_has_an_svg_file() -> None:
    for name in icons.ICON_NAMES:
        assert resource_path("icons", f"{name}.svg").is_file(), name


@pytest.mark.parametrize("name", icons.ICON_NAMES)
def test_icon_renders_at_2x_device_pixel_ratio(qapp: QApplication, name: str) -> None:
    pixmap = icons.icon(name).pixmap(QSize(24, 24), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (48, 48)
    image = pixmap.toImage()
    drawn = _opaque_pixels(image)
    # Something is drawn, and it is an icon, not a filled square.
    assert 40 < drawn < 48 * 48, f"{name}: {drawn} opaque pixels"


def test_line_icons_follow_a_dark_palette(palette_restored: QApplication) -> None:
    _use_palette(palette_restored, text="#f0f0f0", window="#202020")
    # The middle of the "add" icon is where its two strokes cross.
    centre = icons.icon("add").pixmap(QSize(24, 24), 2.0).toImage().pixelColor(24, 24)
    assert centre.alpha() == 255
    assert min(centre.red(), centre.green(), centre.blue()) > 220

    _use_palette(palette_restored, text="#151515", window="#fafafa")
    centre = icons.icon("add").pixmap(QSize(24, 24), 2.0).toImage().pixelColor(24, 24)
    assert max(centre.red(), centre.green(), centre.blue()) < 40


def test_icons_are_cached_per_palette(palette_restored: QApplication) -> None:
    _use_palette(palette_restored, text="#f0f0f0", window="#202020")
    first = icons.icon("search")
    assert icons.icon("search").cacheKey() == first.cacheKey()
    _use_palette(palette_restored, text="#151515", window="#fafafa")
    assert icons.icon("search").cacheKey() != first.cacheKey()


def test_fixed_colour_overrides_the_palette(qapp: QApplication) -> None:
    gold = QColor("#f0a21e")
    image = icons.icon("star", gold).pixmap(QSize(24, 24), 2.0).toImage()
    assert image.pixelColor(24, 26).name() == gold.name()


def test_app_icon_keeps_its_own_colours(palette_restored: QApplication) -> None:
    _use_palette(palette_restored, text="#f0f0f0", window="#202020")
    image = icons.app_icon().pixmap(QSize(64, 64), 1.0).toImage()
    corner_blue = image.pixelColor(12, 32)
    assert corner_blue.blue() > corner_blue.red()  # the night-blue tile, not palette text
    assert not icons.app_icon().isNull()


def test_disabled_icons_use_the_disabled_text_colour(palette_restored: QApplication) -> None:
    palette = QPalette(palette_restored.palette())
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText, QColor("#000000"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#909090"))
    palette_restored.setPalette(palette)
    icons.clear_icon_cache()
    image = icons.icon("add").pixmap(QSize(24, 24), 2.0, QIcon.Mode.Disabled).toImage()
    assert image.pixelColor(24, 24).name() == "#909090"


def test_unknown_icon_name_is_an_error(qapp: QApplication) -> None:
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")
