"""Light, dark or the system's colours: the app's palettes, and the one place colours come from.

Every widget takes its colours from palette roles (``QPalette.ColorRole``), so
switching the theme is one ``QApplication.setPalette``. ``apply_theme`` sets
the chosen palette; "system" keeps the desktop's palette and only makes it
legible where it is not: a role whose text is fainter than the WCAG ratio for
body text against its background (Fusion's 50 % grey placeholder text, white
on a light blue selection) is moved towards black or white until it reaches
4.5:1. The two palettes below are the only colour literals in ``ui/`` (besides
the poster placeholder, which paints on its own gradient); widgets needing a
colour with no role of its own (an error) derive it here from the palette.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[ThemeChoice, ...] = ("system", "light", "dark")
THEME_LABELS: dict[ThemeChoice, str] = {
    "system": "Same as the system",
    "light": "Light",
    "dark": "Dark",
}
BODY_TEXT_CONTRAST = 4.5  # WCAG 2 AA for normal-size text

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f2f2f2",
    Role.WindowText: "#1d1d1d",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f4f5f7",
    Role.Text: "#1d1d1d",
    Role.Button: "#ececec",
    Role.ButtonText: "#1d1d1d",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#2260b8",
    Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#5f5f5f",
    Role.ToolTipBase: "#fffbe0",
    Role.ToolTipText: "#1d1d1d",
    Role.Link: "#1a56a8",
    Role.LinkVisited: "#6b3fa8",
    Role.Light: "#ffffff",
    Role.Midlight: "#e2e2e2",
    Role.Mid: "#b4b4b4",
    Role.Dark: "#9c9c9c",
    Role.Shadow: "#6e6e6e",
    Role.Accent: "#2260b8",
}
_DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#2a2a2a",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1e1e1e",
    Role.AlternateBase: "#262729",
    Role.Text: "#e8e8e8",
    Role.Button: "#373737",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#2f63c0",
    Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#a8a8a8",
    Role.ToolTipBase: "#3a3a3a",
    Role.ToolTipText: "#e8e8e8",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c5a3f5",
    Role.Light: "#505050",
    Role.Midlight: "#434343",
    Role.Mid: "#6a6a6a",
    Role.Dark: "#181818",
    Role.Shadow: "#0a0a0a",
    Role.Accent: "#2f63c0",
}
# Disabled text: deliberately faint (WCAG exempts inactive controls), yet visible.
_DISABLED_TEXT = {"light": "#8c8c8c", "dark": "#7a7a7a"}

# (text role, background role): the pairs that carry words a user reads.
TEXT_PAIRS: tuple[tuple[QPalette.ColorRole, QPalette.ColorRole], ...] = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.PlaceholderText, Role.Window),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.AlternateBase),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.HighlightedText, Role.Highlight),
)


def fixed_palette(theme: Literal["light", "dark"]) -> QPalette:
    """The app's own light or dark palette (every role set, in every group)."""
    palette = QPalette()
    colours = _LIGHT if theme == "light" else _DARK
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(_DISABLED_TEXT[theme])
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(Group.Disabled, role, disabled)
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colours[Role.Mid]))
    return palette


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour (0 black .. 1 white)."""
    return (
        0.2126 * _channel(colour.redF())
        + 0.7152 * _channel(colour.greenF())
        + 0.0722 * _channel(colour.blueF())
    )


def composed(colour: QColor, background: QColor) -> QColor:
    """``colour`` as seen over ``background``: a translucent colour blended in."""
    alpha = colour.alphaF()
    if alpha >= 1.0:
        return QColor(colour)
    return QColor.fromRgbF(
        colour.redF() * alpha + background.redF() * (1 - alpha),
        colour.greenF() * alpha + background.greenF() * (1 - alpha),
        colour.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def contrast_ratio(text: QColor, background: QColor) -> float:
    """The WCAG contrast ratio (1..21) of text over an opaque background."""
    a = luminance(composed(text, background))
    b = luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one (light text on a dark window)."""
    return luminance(palette.color(Role.Window)) < luminance(palette.color(Role.WindowText))


def ensure_contrast(colour: QColor, against: QColor, target: float = BODY_TEXT_CONTRAST) -> QColor:
    """``colour``, moved towards black or white (whichever is further from ``against``)
    just enough to reach ``target``; unchanged if it already does."""
    start = composed(colour, against)
    if contrast_ratio(start, against) >= target:
        return start
    extreme = QColor("black") if luminance(against) > 0.18 else QColor("white")
    step = 0.0
    mixed = start
    while step < 1.0 and contrast_ratio(mixed, against) < target:
        step = min(1.0, step + 0.05)
        mixed = QColor.fromRgbF(
            start.redF() + (extreme.redF() - start.redF()) * step,
            start.greenF() + (extreme.greenF() - start.greenF()) * step,
            start.blueF() + (extreme.blueF() - start.blueF()) * step,
        )
    return mixed


def legible(palette: QPalette) -> QPalette:
    """A copy of ``palette`` whose text roles all reach body-text contrast.

    The selection colour is the one background that moves (darker or lighter
    behind its text): the others are the desktop's surfaces and stay as they are.
    """
    fixed = QPalette(palette)
    for group in (Group.Active, Group.Inactive):
        for text_role, background_role in TEXT_PAIRS:
            text = fixed.color(group, text_role)
            background = fixed.color(group, background_role)
            if text_role == Role.HighlightedText:
                fixed.setColor(group, background_role, ensure_contrast(background, text))
            else:
                fixed.setColor(group, text_role, ensure_contrast(text, background))
    return fixed


def error_color(palette: QPalette) -> QColor:
    """Red for error text, readable on the palette's window and base."""
    red = QColor("#f28b82") if is_dark(palette) else QColor("#b3261e")
    red = ensure_contrast(red, palette.color(Role.Window))
    return ensure_contrast(red, palette.color(Role.Base))


def muted_color(palette: QPalette) -> QColor:
    """Secondary text (a field's name before its value): the placeholder role."""
    return palette.color(Role.PlaceholderText)


class ThemeKeeper(QObject):
    """Applies the chosen theme to the application, and again when the desktop's changes."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._app = app
        self.choice: ThemeChoice = "system"
        self._system = QPalette(app.palette())  # the desktop's own, before any of ours
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, choice: str) -> None:
        self.choice = next((c for c in THEME_CHOICES if c == choice), "system")
        hints = self._app.styleHints()
        if self.choice == "system":
            hints.unsetColorScheme()
            self._app.setPalette(legible(self._system))
            return
        # Tell the platform too, so window frames and native dialogs follow where it can.
        dark = self.choice == "dark"
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        self._app.setPalette(fixed_palette("dark" if dark else "light"))

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice != "system":
            return
        # Forget our palette to read the desktop's new one, then make it legible again.
        self._app.setPalette(QPalette())
        self._system = QPalette(self._app.palette())
        self._app.setPalette(legible(self._system))


def theme_keeper(app: QGuiApplication) -> ThemeKeeper:
    """The application's one ThemeKeeper (made on first use, owned by the application)."""
    keeper = app.findChild(ThemeKeeper)
    if keeper is None:
        keeper = ThemeKeeper(app)
    return keeper
