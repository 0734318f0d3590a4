"""The app's SVG icons, drawn in the palette's text colour and crisp at any screen scale.

The line icons in ``resources/icons`` are written with ``currentColor``, which
Qt's SVG renderer does not understand, so the SVG text is loaded once and the
colour is substituted before rendering: the palette's button text for normal
icons, its disabled text for disabled ones and its highlighted text for icons
in selected rows. Icons are vector-rendered for the exact size and device pixel
ratio asked for, so they stay sharp on high-DPI screens. ``app`` keeps its own
colours.

Icons are cached per palette colours; call ``clear_icon_cache()`` when the
palette changes (e.g. on ``QEvent.ApplicationPaletteChange``) and set the icons
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from watchjournal.resource_files import resource_path

ICON_NAMES: tuple[str, ...] = (
    "app",
    "add",
    "watchlist",
    "watchlist-remove",
    "watched",
    "review",
    "edit",
    "like",
    "liked",
    "delete",
    "search",
    "import",
    "export",
    "films",
    "diary",
    "reviews",
    "lists",
    "stats",
    "settings",
    "poster",
    "wall",
    "undo",
    "back",
    "forward",
    "star",
    "star-half",
    "star-empty",
    "help",
)

_COLOR_TOKEN = "currentColor"


@dataclass(frozen=True)
class IconColors:
    """The colours one themed icon is drawn in, per icon mode."""

    normal: str
    disabled: str
    selected: str

    @classmethod
    def from_palette(cls, palette: QPalette) -> IconColors:
        group = QPalette.ColorGroup
        role = QPalette.ColorRole
        return cls(
            normal=_hex(palette.color(group.Active, role.ButtonText)),
            disabled=_hex(palette.color(group.Disabled, role.ButtonText)),
            selected=_hex(palette.color(group.Active, role.HighlightedText)),
        )

    @classmethod
    def single(cls, color: QColor) -> IconColors:
        name = _hex(color)
        return cls(normal=name, disabled=name, selected=name)

    def for_mode(self, mode: QIcon.Mode) -> str:
        if mode == QIcon.Mode.Disabled:
            return self.disabled
        if mode == QIcon.Mode.Selected:
            return self.selected
        return self.normal


def _hex(color: QColor) -> str:
    # #rrggbb plus a separate opacity: SVG Tiny has no #aarrggbb colours.
    return color.name(QColor.NameFormat.HexRgb)


@cache
def _svg_text(name: str) -> str:
    path = resource_path("icons", f"{name}.svg")
    if name not in ICON_NAMES or not path.is_file():
        raise KeyError(f"there is no icon named {name!r}")
    return path.read_text(encoding="utf-8")


class _SvgIconEngine(QIconEngine):
    """Renders one SVG, recoloured per icon mode, at whatever size and scale is asked."""

    def __init__(self, name: str, colors: IconColors) -> None:
        super().__init__()
        self._name = name
        self._colors = colors
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        color = self._colors.for_mode(mode)
        renderer = self._renderers.get(color)
        if renderer is None:
            text = _svg_text(self._name).replace(_COLOR_TOKEN, color)
            renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
            self._renderers[color] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self._renderer(mode)
        # Keep the icon's own aspect ratio, centred in the rect it is given.
        size = renderer.defaultSize().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(rect.center())
        renderer.render(painter, target.toRectF())

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        device_size = QSize(round(size.width() * scale), round(size.height() * scale))
        pixmap = QPixmap(device_size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, device_size.width(), device_size.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._name, self._colors)

    def key(self) -> str:
        return "watchjournal-svg"

    def iconName(self) -> str:
        return self._name


_icon_cache: dict[tuple[str, IconColors], QIcon] = {}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``name`` (one of ICON_NAMES) in the current palette's colours.

    ``color`` draws it in one fixed colour instead, e.g. gold rating stars.
    Raises KeyError for an unknown name (a programming error, not a user one).
    """
    _svg_text(name)  # fail early and loudly on a misspelt name
    colors = (
        IconColors.single(color)
        if color is not None
        else IconColors.from_palette(QGuiApplication.palette())
    )
    key = (name, colors)
    found = _icon_cache.get(key)
    if found is None:
        found = QIcon(_SvgIconEngine(name, colors))
        _icon_cache[key] = found
    return found


def app_icon() -> QIcon:
    """The full-colour application icon (window icon, About dialog, desktop file)."""
    return icon("app")


def clear_icon_cache() -> None:
    """Forget icons drawn for an earlier palette; call on a palette change."""
    _icon_cache.clear()
